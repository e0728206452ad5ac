package org.fovea.python;

import org.fovea.core.GpuImage;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpRegistry;

/**
 * Java-side helpers of the {@code fovea} Python package (src/main/python). The package itself calls
 * the ops through {@link OpDescriptor#invoke}; this class only holds what Python cannot measure
 * itself: the same call loop without Python, for the overhead figure in docs/python.md.
 */
public final class PythonSupport {
  private PythonSupport() {}

  /**
   * Calls {@code op(src, dst, scalar)} through its descriptor {@code n} times from Java and waits
   * for the queue; returns the mean wall time per call in microseconds. The Python package times
   * the same loop through its generated wrapper, so the difference is the Python-over-Java
   * overhead.
   */
  public static double javaCallMicros(String op, GpuImage src, GpuImage dst, double scalar, int n) {
    OpDescriptor d = OpRegistry.get(op);
    Double s = scalar;
    for (int i = 0; i < Math.min(n, 10); i++) d.invoke(src, dst, s); // warm-up (kernel build)
    src.gpu().finish();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) d.invoke(src, dst, s);
    src.gpu().finish();
    return (System.nanoTime() - t0) / 1e3 / n;
  }
}
