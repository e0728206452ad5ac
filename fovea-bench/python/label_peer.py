#!/usr/bin/env python3
"""Labeling and label-statistics peers for Fovea's benchmark (docs/benchmarks/README.md, issue 11).

Makes the input (a 64x1024x1024 uint8 mask of 10,000 random balls, seed 7: centres
rng.integers(0, (64, 1024, 1024)), radii rng.integers(2, 7); a float32 intensity image, seed 8)
and writes both as raw files (mask.u8, intensity.f32, x fastest) for `org.fovea.bench.LabelBench`,
which times Fovea and CLIJ2 on the very same data. Times here:

- connected components, 26-connectivity: cupyx.scipy.ndimage.label (GPU), scipy.ndimage.label
  and skimage.measure.label (CPU; each only if importable);
- per-label mean + sum + max + count of the intensity over those labels with CuPy, written as a
  competent CuPy user would: cp.bincount for count and sum (mean = sum / count) and
  cupyx.scatter_max for the maximum, all on the GPU; for reference also the
  cupyx.scipy.ndimage.mean/sum/maximum route with index = 1..n (the documented API).

GPU timing as cupy_peer.py (median of samples of k calls + one synchronize). Writes a flat JSON.
Usage: python3 label_peer.py --dir /tmp/labels --out labels.json
"""
import argparse
import json
import os
import sys
import time

import numpy as np

import cupy as cp
import cupyx
import cupyx.scipy.ndimage as cndi

D, H, W = 64, 1024, 1024
N_BALLS = 10000


def sync():
    cp.cuda.Device().synchronize()


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


def time_gpu(fn, n=15, warm=3):
    for _ in range(warm):
        fn()
    sync()
    t0 = time.perf_counter()
    fn()
    sync()
    one = (time.perf_counter() - t0) * 1e3
    k = int(max(1, min(50, round(5.0 / max(one, 1e-3)))))
    s = []
    for _ in range(n):
        t0 = time.perf_counter()
        for _ in range(k):
            fn()
        sync()
        s.append((time.perf_counter() - t0) * 1e3 / k)
    return median(s)


def time_cpu(fn, n=3):
    fn()
    s = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        s.append((time.perf_counter() - t0) * 1e3)
    return median(s)


def make_mask():
    rng = np.random.default_rng(7)
    c = rng.integers(0, (D, H, W), size=(N_BALLS, 3))
    r = rng.integers(2, 7, N_BALLS)
    m = np.zeros((D, H, W), np.uint8)
    for (z, y, x), rr in zip(c, r):
        z0, z1 = max(z - rr, 0), min(z + rr + 1, D)
        y0, y1 = max(y - rr, 0), min(y + rr + 1, H)
        x0, x1 = max(x - rr, 0), min(x + rr + 1, W)
        zz, yy, xx = np.ogrid[z0:z1, y0:y1, x0:x1]
        m[z0:z1, y0:y1, x0:x1] |= ((zz - z) ** 2 + (yy - y) ** 2 + (xx - x) ** 2) <= rr * rr
    return m


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", default="/tmp/labels")
    p.add_argument("--out", default="labels.json")
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    res = {}
    m = make_mask()
    img = (np.random.default_rng(8).random((D, H, W), dtype=np.float32) * 1000.0).astype(np.float32)
    m.tofile(os.path.join(args.dir, "mask.u8"))
    img.tofile(os.path.join(args.dir, "intensity.f32"))
    res["shape"] = "%dx%dx%d" % (W, H, D)
    res["foreground_fraction"] = float(m.mean())
    s26 = np.ones((3, 3, 3), dtype=bool)
    dm = cp.asarray(m)
    dimg = cp.asarray(img)
    out = cp.empty(dm.shape, dtype=cp.int32)
    lab, n = cndi.label(dm, structure=cp.asarray(s26))
    res["objects"] = int(n)
    res["cupy label ms"] = time_gpu(lambda: cndi.label(dm, structure=cp.asarray(s26), output=out))
    print("label_peer: %d objects; cupy label %.3f ms" % (n, res["cupy label ms"]), flush=True)
    try:
        import scipy.ndimage as sndi

        _, ns = sndi.label(m, structure=s26)
        res["scipy objects"] = int(ns)
        res["scipy label ms"] = time_cpu(lambda: sndi.label(m, structure=s26))
        print("label_peer: scipy label %.1f ms" % res["scipy label ms"], flush=True)
    except Exception as e:  # not installed
        res["scipy error"] = str(e)[:200]
    try:
        import skimage
        import skimage.measure

        res["skimage version"] = skimage.__version__
        res["skimage label ms"] = time_cpu(lambda: skimage.measure.label(m, connectivity=3))
        print("label_peer: skimage label %.1f ms" % res["skimage label ms"], flush=True)
    except Exception as e:  # not installed
        res["skimage error"] = str(e)[:200]
    flat = lab.ravel()
    fimg = dimg.ravel()

    def stats_bincount():
        count = cp.bincount(flat, minlength=n + 1)
        total = cp.bincount(flat, weights=fimg, minlength=n + 1)
        mean = total / cp.maximum(count, 1)
        mx = cp.full(n + 1, -cp.inf, dtype=cp.float32)
        cupyx.scatter_max(mx, flat, fimg)
        return count, total, mean, mx

    res["cupy stats bincount ms"] = time_gpu(stats_bincount, n=9)
    print("label_peer: cupy stats (bincount + scatter_max) %.3f ms"
          % res["cupy stats bincount ms"], flush=True)
    idx = cp.arange(1, n + 1)

    def stats_ndimage():
        return (cndi.mean(dimg, lab, idx), cndi.sum(dimg, lab, idx),
                cndi.maximum(dimg, lab, idx), cndi.sum(cp.ones_like(dimg), lab, idx))

    try:
        res["cupy stats ndimage ms"] = time_gpu(stats_ndimage, n=3, warm=1)
        print("label_peer: cupy stats (ndimage mean/sum/maximum) %.1f ms"
              % res["cupy stats ndimage ms"], flush=True)
    except Exception as e:
        res["cupy stats ndimage error"] = str(e)[:200]
    c, t, mean, mx = stats_bincount()
    res["check label1 count"] = int(c[1])
    res["check label1 mean"] = float(mean[1])
    res["check label1 max"] = float(mx[1])
    res["cupy"] = cp.__version__
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)
    print("label_peer: wrote %s" % args.out, flush=True)


if __name__ == "__main__":
    main()
