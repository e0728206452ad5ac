"""Python-over-Java overhead of the fovea package, measured side by side in one process.

    ./fovea python fovea-python/src/bench/python/overhead.py [--calls N] [--mb MB]

1. Per-call overhead: addImageAndScalar on a 64×64 float32 image already on the device, output
   preallocated, N calls then one finish(), through (a) the generated Python function, (b) JPype
   calling the Java method directly, (c) a Java loop over OpDescriptor.invoke (PythonSupport).
2. Transfers of MB megabytes of float32: fovea.push/pull of a numpy array (direct buffer) vs the Java
   API's push/pull of a Java float[] (the same Gpu, called once from Python).
The Python and Java variants run interleaved (alternating order), 9 repetitions each; the table gives the best and the
median (on a shared, loaded machine the best is the steadier estimate). Prints Markdown.
"""

import argparse
import statistics
import time

import jpype
import numpy as np

import fovea


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved(fns, reps=9):
    """{name: [seconds per repetition]} with the functions run in turn, reps times."""
    out = {f.__name__: [] for f in fns}
    for i in range(reps):
        for f in fns if i % 2 == 0 else fns[::-1]:  # alternate the order: no one always goes first
            out[f.__name__].append(timed(f))
    return out


def best_median(ts, scale):
    return "%.3g / %.3g" % (min(ts) * scale, statistics.median(ts) * scale)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--mb", type=int, default=64)
    args = ap.parse_args()
    gpu = fovea.get_device()
    n = args.calls
    src = fovea.push(np.ones((64, 64), np.float32))
    dst = fovea.create((64, 64), np.float32)
    Arithmetic = jpype.JClass("org.fovea.ops.Arithmetic")
    Support = jpype.JClass("org.fovea.python.PythonSupport")

    def py_loop():
        for _ in range(n):
            fovea.add_image_and_scalar(src, dst, scalar=1.5)
        gpu.finish()

    def jpype_loop():
        s, d = src.java, dst.java
        for _ in range(n):
            Arithmetic.addImageAndScalar(s, d, 1.5)
        gpu.finish()

    def java_loop():
        java_loop.us.append(float(Support.javaCallMicros("addImageAndScalar", src.java, dst.java,
                                                         1.5, n)))

    java_loop.us = []
    py_loop()  # warm-up (kernel build)
    calls = interleaved([py_loop, jpype_loop, java_loop])
    calls["java_loop"] = [u / 1e6 * n for u in java_loop.us]  # the Java-side timing itself

    count = args.mb * (1 << 20) // 4
    a = np.random.default_rng(0).random(count, dtype=np.float32).reshape(-1, 1024)
    out = np.empty_like(a)
    h, w = a.shape
    jarr = jpype.JArray(jpype.JFloat)(a.ravel())
    jout = jpype.JArray(jpype.JFloat)(count)
    img = fovea.push(a)

    def py_push():
        fovea.push(a).close()

    def java_push():
        gpu.push(jarr, w, h, 1).close()

    def py_pull():
        fovea.pull(img, out=out)

    def py_pull_new():  # into a new array: its pages are touched for the first time
        fovea.pull(img)

    def java_pull():
        gpu.pull(img.java, jout)

    for f in (py_push, java_push, py_pull, java_pull):
        f()
    xfer = interleaved([py_push, java_push])
    xfer.update(interleaved([py_pull, java_pull, py_pull_new]))
    assert np.array_equal(out, a)
    gb = a.nbytes / 1e9
    rate = {k: [gb / t for t in v] for k, v in xfer.items()}

    print("Device: %s; %d calls per loop, %d MB transfers; best / median of 9, interleaved"
          % (gpu.device().describe(), n, args.mb))
    print()
    print("| what | Python (fovea) | Java API | raw JPype call |")
    print("|---|---|---|---|")
    print("| addImageAndScalar 64×64, µs per call | %s | %s | %s |" % (
        best_median(calls["py_loop"], 1e6 / n), best_median(calls["java_loop"], 1e6 / n),
        best_median(calls["jpype_loop"], 1e6 / n)))
    def gbs(name):
        return "%.3g / %.3g" % (max(rate[name]), statistics.median(rate[name]))

    print("| push %d MB float32 (new image), GB/s | %s | %s | |"
          % (args.mb, gbs("py_push"), gbs("java_push")))
    print("| pull %d MB float32 into an array, GB/s | %s | %s | |"
          % (args.mb, gbs("py_pull"), gbs("java_pull")))
    print("| pull %d MB float32 into a new numpy array, GB/s | %s | | |" % (args.mb,
                                                                         gbs("py_pull_new")))
    # host-side cost of one call (enqueue only; PoCL runs the kernels on the same cores, so the
    # loops above also pay for the execution): best of 7 × 500 calls, the queue drained in between
    def per_call(f, k=500, reps=7):
        best = float("inf")
        for _ in range(reps):
            gpu.finish()
            t0 = time.perf_counter()
            for _ in range(k):
                f()
            best = min(best, (time.perf_counter() - t0) / k * 1e6)
        gpu.finish()
        return best

    d = fovea.op_spec("add_image_and_scalar").descriptor
    jargs = jpype.JArray(jpype.JObject)([src.java, dst.java, jpype.JObject(1.5, jpype.JDouble)])
    s_j, d_j = src.java, dst.java
    print()
    print("Host-side cost per call, µs (best of 7 × 500 calls): fovea function %.1f; "
          "OpDescriptor.invoke from Python with prebuilt arguments %.1f; the Java method through "
          "JPype %.1f" % (per_call(lambda: fovea.add_image_and_scalar(src, dst, scalar=1.5)),
                         per_call(lambda: d.invoke(jargs)),
                         per_call(lambda: Arithmetic.addImageAndScalar(s_j, d_j, 1.5))))
    src.close()
    dst.close()
    img.close()


if __name__ == "__main__":
    main()
