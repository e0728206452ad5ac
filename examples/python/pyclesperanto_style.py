"""A pyclesperanto-style script on Fovea: only the import differs from pyclesperanto.

    ./fovea python examples/python/pyclesperanto_style.py [--shape Z Y X] [--seed N]

Blurs a synthetic stack of nuclei on the GPU, projects it, sums it, pulls the projection, and checks
every number against SciPy/numpy on the CPU (exit code 1 if they disagree beyond the op's documented
tolerance). Runs on any OpenCL device; without a GPU on the CPU through PoCL.
"""

import argparse
import sys
import time

import numpy as np
from scipy import ndimage as ndi

import fovea as cle


def synthetic_nuclei(shape, seed, n=40):
    """A float32 stack (z, y, x) of Gaussian nuclei on a noisy background."""
    rng = np.random.default_rng(seed)
    stack = np.zeros(shape, np.float32)
    zz, yy, xx = np.indices(shape, dtype=np.float32)
    for c in rng.random((n, 3)) * np.array(shape):
        stack += 300 * np.exp(-((zz - c[0]) ** 2 / 8 + (yy - c[1]) ** 2 / 18 + (xx - c[2]) ** 2 / 18))
    stack += rng.normal(100, 5, shape).astype(np.float32)
    return stack


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", type=int, nargs=3, default=(24, 96, 80), metavar=("Z", "Y", "X"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    stack = synthetic_nuclei(tuple(args.shape), args.seed)

    # --- the pyclesperanto part ---------------------------------------------------------------
    blurred = cle.gaussian_blur(stack, sigma_x=2, sigma_y=2, sigma_z=2)
    projection = cle.maximum_z_projection(blurred)
    total = cle.sum_of_all_pixels(projection)
    mip = cle.pull(projection)
    # -------------------------------------------------------------------------------------------

    # the same again, warm (the first calls build or load the kernels), for the time
    t0 = time.perf_counter()
    with cle.gaussian_blur(stack, sigma_x=2, sigma_y=2, sigma_z=2) as b2:
        with cle.maximum_z_projection(b2) as p2:
            cle.sum_of_all_pixels(p2)
            cle.pull(p2)
    gpu_ms = (time.perf_counter() - t0) * 1e3

    t0 = time.perf_counter()
    ref_blurred = ndi.gaussian_filter(stack, sigma=2, truncate=4, mode="nearest")
    ref_mip = ref_blurred.max(axis=0)
    ref_total = float(ref_mip.sum(dtype=np.float64))
    cpu_ms = (time.perf_counter() - t0) * 1e3

    # gaussianBlur3D's documented tolerance: |Δ| ≤ 1e-5·max|src|
    tol = 1e-5 * float(np.abs(stack).max())
    d_blur = float(np.abs(cle.pull(blurred) - ref_blurred).max())
    d_mip = float(np.abs(mip - ref_mip).max())
    d_sum = abs(total - ref_total) / abs(ref_total)
    print("device:            %s" % cle.get_device().device().describe())
    print("stack:             %s %s" % (stack.shape, stack.dtype))
    print("projection:        %s %s, sum of all pixels %.6g" % (mip.shape, mip.dtype, total))
    print("SciPy/numpy:       sum %.6g" % ref_total)
    print("max |Δ| blur %.3g, projection %.3g (tolerance %.3g); sum rel. Δ %.2g"
          % (d_blur, d_mip, tol, d_sum))
    print("time (warm):       Fovea %.1f ms (push, blur, projection, sum, pull), SciPy %.1f ms"
          % (gpu_ms, cpu_ms))
    if hasattr(cle, "voronoi_otsu_labeling"):  # label ops present in this Fovea?
        labels = cle.pull(cle.voronoi_otsu_labeling(mip, spot_sigma=2, outline_sigma=2))
        print("nuclei (voronoi_otsu_labeling of the projection): %d" % labels.max())
    ok = d_blur <= tol and d_mip <= tol and d_sum <= 1e-5
    print("agrees with SciPy/numpy: %s" % ("yes" if ok else "NO"))
    blurred.close()
    projection.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
