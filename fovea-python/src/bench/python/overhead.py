"""Python-over-Java overhead of the fovea package, measured side by side in one process.

    ./fovea python fovea-python/src/bench/python/overhead.py [--calls N] [--mb MB]

1. Per-call overhead: addImageAndScalar on a 64×64 float32 image already on the device, output
   preallocated, N calls then one finish(), through (a) the generated Python function, (b) JPype
   calling the Java method directly, (c) a Java loop over OpDescriptor.invoke (PythonSupport).
2. Transfers of MB megabytes of float32: fovea.push/pull of a numpy array (direct buffer) vs the Java
   API's push/pull of a Java float[] (the same Gpu, called once from Python).
Medians of 5 repetitions. Prints a Markdown table with the device name.
"""

import argparse
import statistics
import time

import jpype
import numpy as np

import fovea


def median_time(fn, reps=5):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


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

    py_loop()  # warm-up (kernel build)
    t_py = median_time(py_loop) / n * 1e6
    t_jp = median_time(jpype_loop) / n * 1e6
    t_java = statistics.median(
        float(Support.javaCallMicros("addImageAndScalar", src.java, dst.java, 1.5, n))
        for _ in range(5))

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

    def java_pull():
        gpu.pull(img.java, jout)

    for f in (py_push, java_push, py_pull, java_pull):
        f()
    gb = a.nbytes / 1e9
    rates = {f.__name__: gb / median_time(f) for f in (py_push, java_push, py_pull, java_pull)}
    assert np.array_equal(out, a)

    print("Device: %s; %d calls per loop, %d MB transfers; medians of 5"
          % (gpu.device().describe(), n, args.mb))
    print()
    print("| what | Python (fovea) | Java API | Python − Java |")
    print("|---|---|---|---|")
    print("| addImageAndScalar 64×64, µs per call | %.1f | %.1f (descriptor invoke); %.1f via raw "
          "JPype | %.1f |" % (t_py, t_java, t_jp, t_py - t_java))
    print("| push %d MB float32, GB/s | %.2f | %.2f | |" % (args.mb, rates["py_push"],
                                                          rates["java_push"]))
    print("| pull %d MB float32, GB/s | %.2f | %.2f | |" % (args.mb, rates["py_pull"],
                                                          rates["java_pull"]))
    src.close()
    dst.close()
    img.close()


if __name__ == "__main__":
    main()
