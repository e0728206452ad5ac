#!/usr/bin/env python3
"""CuPy peer for Fovea's benchmark table.

Times the ops of the CLIJ speedup table with CuPy / cupyx.scipy.ndimage on the GPU, on the same
shapes as `fovea bench table` (2D 2048x2048 and 3D 1024x1024x32 uint16 by default), and writes a
flat JSON object {"<op> 2D": ms, ...} that `fovea bench table --cupy FILE` merges as the CuPy column.

Timing: warm-up, then the median of N samples; a sample is k back-to-back calls followed by
cupy.cuda.Device().synchronize(), divided by k (k chosen so a sample takes >= 2 ms) -- the same
scheme the Java table generator uses for Fovea and CLIJ2. Transfers: NumPy (pageable) <-> device.

Neighbourhoods: "sphere" rows use a ball footprint x^2+y^2(+z^2) <= r^2 (as CLIJ2's *Sphere ops);
"box" rows use size=5 (uniform_filter / median_filter / minimum_filter). Element-wise chains are
one fused kernel (cp.ElementwiseKernel), filters work on the uint16 data directly (no float
copies), as a competent CuPy user writes them.

Usage: python3 cupy_peer.py [--quick] [--out cupy.json]
"""
import argparse
import json
import math
import sys
import time

import numpy as np

try:
    import cupy as cp
    import cupyx.scipy.ndimage as ndi
except Exception as e:  # pragma: no cover
    print("cupy_peer: CuPy is not available: %s" % e, file=sys.stderr)
    sys.exit(2)

SEED = 20261126
THRESHOLD = 2048
R = 2


def sync():
    cp.cuda.Device().synchronize()


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def time_op(fn, n, warm=3):
    """Median ms per call (see module doc)."""
    for _ in range(warm):
        fn()
    sync()
    t = []
    for _ in range(3):
        t0 = time.perf_counter()
        fn()
        sync()
        t.append((time.perf_counter() - t0) * 1e3)
    one = median(t)
    k = int(max(1, min(200, math.ceil(2.0 / max(one, 1e-3)))))
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        for _ in range(k):
            fn()
        sync()
        samples.append((time.perf_counter() - t0) * 1e3 / k)
    return median(samples)


def time_plain(fn, n, warm=2):
    for _ in range(warm):
        fn()
    sync()
    s = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        sync()
        s.append((time.perf_counter() - t0) * 1e3)
    return median(s)


def make_inputs(shape):
    rng = np.random.default_rng(SEED)
    d, h, w = shape
    x = np.arange(w, dtype=np.float64)[None, None, :]
    y = np.arange(h, dtype=np.float64)[None, :, None]
    ramp = (1024.0 * x / w + 512.0 * y / h).astype(np.int32)
    a = (rng.integers(0, 3072, size=shape, dtype=np.int32) + ramp).astype(np.uint16)
    b = (rng.integers(0, 3072, size=shape, dtype=np.int32) + 1024 - ramp // 2).astype(np.uint16)
    if d == 1:
        a, b = a[0], b[0]
    ma = (a > THRESHOLD).astype(np.uint8)
    mb = (b > THRESHOLD).astype(np.uint8)
    return [cp.asarray(v) for v in (a, b, ma, mb)]


def ball(ndim, r):
    g = np.mgrid[tuple(slice(-r, r + 1) for _ in range(ndim))]
    return (sum(c.astype(np.float64) ** 2 for c in g) <= r * r)


def ij_default(hist):
    """ImageJ's 'Default' threshold (IsoData variant), written from its published description."""
    data = [int(v) for v in hist]
    n = len(data)
    maxv = n - 1
    data[0] = 0
    data[maxv] = 0
    lo = 0
    while lo < maxv and data[lo] == 0:
        lo += 1
    hi = maxv
    while hi > 0 and data[hi] == 0:
        hi -= 1
    if lo >= hi:
        return n // 2
    # prefix sums make each step O(1); the loop below follows ImageJ's iteration
    idx = np.arange(n, dtype=np.float64)
    arr = np.asarray(data, dtype=np.float64)
    c1 = np.cumsum(idx * arr)
    c2 = np.cumsum(arr)
    base1 = c1[lo - 1] if lo > 0 else 0.0
    base2 = c2[lo - 1] if lo > 0 else 0.0
    moving = lo
    result = 0.0
    while True:
        s1 = c1[moving] - base1
        s2 = c2[moving] - base2
        s3 = c1[hi] - c1[moving]
        s4 = c2[hi] - c2[moving]
        result = (s1 / max(s2, 1) + s3 / max(s4, 1)) / 2.0
        moving += 1
        if not ((moving + 1) <= result and moving < hi - 1):
            break
    return int(round(result))


def auto_threshold_default(a):
    lo = float(a.min())
    hi = float(a.max())
    hist, _ = cp.histogram(a, bins=256, range=(lo, hi + 1))
    t = ij_default(cp.asnumpy(hist))
    level = lo + (t + 1) * (hi - lo + 1) / 256.0
    return (a >= level).view(cp.uint8)


# One fused kernel for a*fa + b*fb -> uint16 (rounded, saturated), as a CuPy user writes an
# element-wise chain (an unfused `(a * 0.5 + b * 0.5).astype(uint16)` launches four kernels).
WEIGHTED = cp.ElementwiseKernel(
    "uint16 a, uint16 b, float32 fa, float32 fb", "uint16 o",
    "o = (unsigned short)min(max(rintf(fa * (float)a + fb * (float)b), 0.0f), 65535.0f)",
    "fovea_add_weighted")


def dog(a, g1, g2):
    """Difference of Gaussians sigma 2 and 4 in float32 (two filters straight from the uint16
    input into preallocated float32 outputs, one in-place subtraction)."""
    ndi.gaussian_filter(a, 2.0, output=g1)
    ndi.gaussian_filter(a, 4.0, output=g2)
    cp.subtract(g1, g2, out=g1)
    return g1


def rotation_zyx(shape, ax_deg, az_deg):
    """affine_transform's (matrix, offset) in (z, y, x) order for Fovea's rotate3D about the
    centre: forward R = Rz(az) Rx(ax) in (x, y, z); output voxel p samples R^T (p - c) + c."""
    a, b = np.radians(ax_deg), np.radians(az_deg)
    rx = np.array([[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])
    rz = np.array([[np.cos(b), -np.sin(b), 0], [np.sin(b), np.cos(b), 0], [0, 0, 1]])
    inv = (rz @ rx).T
    perm = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]])
    m = perm @ inv @ perm
    c = (np.array(shape, dtype=np.float64) - 1) / 2.0
    return cp.asarray(m), tuple(float(v) for v in c - m @ c)


def ops(a, b, ma, mb, is3d):
    ax = (1, 2) if is3d else (0, 1)
    nd = a.ndim
    fp = ball(nd, R)
    # mean over the ball: one correlate straight on the uint16 image into a uint16 output (no
    # float copies of the input or output)
    wmean = cp.asarray(fp / fp.sum(), dtype=cp.float32)
    fpc = cp.asarray(fp)
    out16 = cp.empty_like(a)
    g1 = cp.empty(a.shape, dtype=cp.float32)
    g2 = cp.empty(a.shape, dtype=cp.float32)
    rm, ro = rotation_zyx(a.shape, 20.0, 30.0) if is3d else (None, None)
    table = {
        "AddImagesWeighted": lambda: WEIGHTED(a, b, cp.float32(0.5), cp.float32(0.5)),
        "AddScalar": lambda: a + cp.uint16(100),
        "AutoThreshold (Default)": lambda: auto_threshold_default(a),
        "BinaryAnd": lambda: cp.bitwise_and(ma, mb),
        "Erode (box)": lambda: ndi.grey_erosion(ma, size=(3,) * nd),
        "FixedThreshold": lambda: (a >= THRESHOLD).view(cp.uint8),
        "Flip": lambda: cp.ascontiguousarray(a[..., ::-1]),
        "GaussianBlur σ=2": lambda: ndi.gaussian_filter(a, 2.0),
        "Mean r=2 (sphere)": lambda: ndi.correlate(a, wmean, output=out16),
        "Mean r=2 (box)": lambda: ndi.uniform_filter(a, size=5),
        "Median r=2 (sphere)": lambda: ndi.median_filter(a, footprint=fpc),
        "Median r=2 (box)": lambda: ndi.median_filter(a, size=5),
        "Minimum r=2 (sphere)": lambda: ndi.minimum_filter(a, footprint=fpc),
        "Minimum r=2 (box)": lambda: ndi.minimum_filter(a, size=5),
        "DifferenceOfGaussian σ=2/4": lambda: dog(a, g1, g2),
        "Rotate 30° (linear)": (lambda: ndi.affine_transform(a, rm, ro, order=1, output=out16))
        if is3d
        else (lambda: ndi.rotate(a, 30.0, reshape=False, order=1, output=out16)),
        "MultiplyScalar": lambda: a * cp.uint16(2),
        "Rotate 90°": lambda: cp.ascontiguousarray(cp.rot90(a, k=-1, axes=ax)),
    }
    if is3d:
        table["MaximumZProjection"] = lambda: a.max(axis=0)
    return table


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", default="cupy.json")
    p.add_argument("--n", type=int, default=0)
    p.add_argument("--only", default="", help="comma list: only ops whose name contains one"
                   " (then no transfers, overhead or sweep)")
    args = p.parse_args()
    n = args.n or (5 if args.quick else 15)
    s2 = (1, 512, 512) if args.quick else (1, 2048, 2048)
    s3 = (16, 256, 256) if args.quick else (32, 1024, 1024)
    res = {}
    props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
    name = props["name"]
    res["device"] = name.decode() if isinstance(name, bytes) else str(name)
    res["cupy"] = cp.__version__
    # device copy bandwidth
    nbytes = (64 if args.quick else 512) << 20
    src = cp.ones(nbytes, dtype=cp.uint8)
    dst = cp.empty_like(src)
    until = time.perf_counter() + (0.2 if args.quick else 1.0)  # leave the idle clocks
    while time.perf_counter() < until:
        for _ in range(10):
            cp.copyto(dst, src)
        sync()
    t = time_op(lambda: cp.copyto(dst, src), n)
    res["copy_GBps"] = 2 * nbytes / (t * 1e-3) / 1e9
    del src, dst
    for shape, is3d in ((s2, False), (s3, True)):
        a, b, ma, mb = make_inputs(shape)
        only = [o for o in args.only.split(",") if o]
        for k, fn in ops(a, b, ma, mb, is3d).items():
            key = k + (" 3D" if is3d else " 2D")
            if only and not any(o.lower() in k.lower() for o in only):
                continue
            try:
                res[key] = time_op(fn, n)
            except Exception as e:  # record and go on
                res[key] = None
                res["error " + key] = str(e)[:200]
            print("cupy_peer: %-28s %s" % (key, res[key]), file=sys.stderr, flush=True)
        del a, b, ma, mb
        cp.get_default_memory_pool().free_all_blocks()
    if args.only:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(res, f, ensure_ascii=False, indent=1)
        return
    # transfers (pageable NumPy <-> device)
    for mb_ in ((8, 64) if args.quick else (8, 64, 256, 1024)):
        host = np.random.default_rng(SEED).integers(0, 65535, size=(mb_ << 20) // 2, dtype=np.uint16)
        reps = 3 if mb_ >= 256 else n
        dev = [None]

        def push():
            dev[0] = cp.asarray(host)

        res["push %dMB" % mb_] = time_plain(push, reps)
        res["pull %dMB" % mb_] = time_plain(lambda: dev[0].get(), reps)
        del dev[0]
        cp.get_default_memory_pool().free_all_blocks()
        print("cupy_peer: transfer %d MB push %.3f ms pull %.3f ms"
              % (mb_, res["push %dMB" % mb_], res["pull %dMB" % mb_]), file=sys.stderr, flush=True)
    # per-call overhead: chain of 100 small ops
    x = cp.zeros((64, 64), dtype=cp.uint16)
    y = cp.empty_like(x)
    one = cp.uint16(1)

    def chain():
        for _ in range(50):
            cp.add(x, one, out=y)
            cp.add(y, one, out=x)

    res["overhead chain100 64x64"] = time_plain(chain, n, warm=5)
    # size sweep (2D)
    for s in ((256, 512, 1024) if args.quick else (256, 512, 1024, 2048, 4096)):
        a = cp.asarray(np.random.default_rng(SEED).integers(0, 4096, size=(s, s), dtype=np.uint16))
        res["sweep AddScalar %d" % s] = time_op(lambda: a + cp.uint16(100), n)
        res["sweep GaussianBlur σ=2 %d" % s] = time_op(lambda: ndi.gaussian_filter(a, 2.0), n)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(res, f, ensure_ascii=False, indent=1)
    print("cupy_peer: wrote %s" % args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
