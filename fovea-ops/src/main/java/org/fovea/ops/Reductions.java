package org.fovea.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Whole-image reductions, computed on the GPU in two stages: each work group reduces its share of
 * the pixels in local memory and writes one partial value; only those few partials (at most 1024)
 * come back to the host, which combines them.
 */
final class Reductions {
  private Reductions() {}

  static final String KERNELS = "reductions.cl";
  static final int GROUP = 256;

  // ------------------------------------------------------------------ shared with other groups

  /** Sum (or count of non-zero pixels) over the image; partials combined on the host in double. */
  static double sum(GpuImage src, boolean countNonZero) {
    Gpu gpu = src.gpu();
    long n = src.pixelCount();
    int[] layout = GpuCaps.layout(gpu, n, GROUP);
    int groups = layout[0];
    int local = layout[1];
    boolean fp64 = GpuCaps.hasFp64(gpu);
    boolean integerAcc = countNonZero || !src.type().isFloatingPoint();
    // 8 bytes per partial (ulong or double; a float partial uses the first 4 bytes of its slot)
    try (GpuImage partial = gpu.create(2 * groups, 1, 1, PixelType.UINT32)) {
      OpSupport.kernel(gpu, KERNELS, "sum_partial")
          .image("src", src)
          .arg("partial", partial)
          .arg("n", n)
          .local("scratch", 8L * local)
          .define("USE_FP64", fp64 ? 1 : 0)
          .define("COUNT_NONZERO", countNonZero ? 1 : 0)
          .define("CHUNKED", local == 1 ? 1 : 0)
          .runPadded(new long[] {(long) groups * local}, new long[] {local});
      ByteBuffer bb =
          ByteBuffer.allocateDirect((int) partial.bytes()).order(ByteOrder.nativeOrder());
      gpu.pull(partial, bb);
      if (integerAcc) {
        long total = 0;
        for (int g = 0; g < groups; g++) total += bb.getLong(8 * g);
        return countNonZero ? total : unsignedToDouble(total);
      }
      double total = 0;
      for (int g = 0; g < groups; g++) total += fp64 ? bb.getDouble(8 * g) : bb.getFloat(4 * g);
      return total;
    }
  }

  private static double unsignedToDouble(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }

  /** {min, max} of the image (NaN ignored), pulled to the host. */
  static double[] minMax(GpuImage src) {
    try (GpuImage range = minMaxOnDevice(src)) {
      double[] v = pullValues(range);
      return new double[] {v[0], v[1]};
    }
  }

  /**
   * Computes {min, max} into a new 2×1 image of the source's type, without waiting: later kernels
   * (histogram, threshold) read it on the device, so no value travels to the host and back.
   */
  static GpuImage minMaxOnDevice(GpuImage src) {
    Gpu gpu = src.gpu();
    long n = src.pixelCount();
    int[] layout = GpuCaps.layout(gpu, n, GROUP);
    int groups = layout[0];
    int local = layout[1];
    int bytes = src.type().bytes();
    boolean fp64 = GpuCaps.hasFp64(gpu); // same defines as sum_partial: one program per type
    GpuImage range = gpu.create(2, 1, 1, src.type());
    try (GpuImage partial = gpu.create(2 * groups, 1, 1, src.type())) {
      OpSupport.kernel(gpu, KERNELS, "minmax_partial")
          .image("src", src)
          .arg("partial", partial)
          .arg("n", n)
          .local("smin", (long) bytes * local)
          .local("smax", (long) bytes * local)
          .define("USE_FP64", fp64 ? 1 : 0)
          .define("COUNT_NONZERO", 0)
          .define("CHUNKED", local == 1 ? 1 : 0)
          .runPadded(new long[] {(long) groups * local}, new long[] {local});
      OpSupport.kernel(gpu, KERNELS, "minmax_final")
          .arg("partial", partial)
          .typeDefines("src", partial.type())
          .arg("range", range)
          .arg("groups", groups)
          .local("smin", (long) bytes * GROUP)
          .local("smax", (long) bytes * GROUP)
          .define("USE_FP64", fp64 ? 1 : 0)
          .define("COUNT_NONZERO", 0)
          .define("CHUNKED", local == 1 ? 1 : 0)
          .runPadded(new long[] {GROUP}, new long[] {GROUP});
    } catch (RuntimeException e) {
      range.close();
      throw e;
    }
    return range;
  }

  /** Pulls a small image and returns its values as doubles (unsigned types read as such). */
  static double[] pullValues(GpuImage img) {
    Object a = img.pull();
    int n = (int) img.pixelCount();
    double[] out = new double[n];
    if (a instanceof byte[] b) for (int i = 0; i < n; i++) out[i] = b[i] & 0xff;
    else if (a instanceof short[] s) for (int i = 0; i < n; i++) out[i] = s[i] & 0xffff;
    else if (a instanceof int[] v) for (int i = 0; i < n; i++) out[i] = v[i] & 0xffffffffL;
    else {
      float[] f = (float[]) a;
      for (int i = 0; i < n; i++) out[i] = f[i];
    }
    return out;
  }
}
