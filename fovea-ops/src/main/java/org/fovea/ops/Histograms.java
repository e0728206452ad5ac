package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Histograms computed on the GPU: per-work-group sub-histograms in local memory (atomic
 * increments), summed per bin by a second kernel. Only the bins ever come back to the host.
 */
final class Histograms {
  private Histograms() {}

  static final String KERNELS = "histogram.cl";
  static final int GROUP = 256;

  static long[] pullCounts(GpuImage bins) {
    int[] a = (int[]) bins.pull();
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i] & 0xffffffffL;
    return out;
  }

  static void checkBins(Gpu gpu, String op, int numberOfBins) {
    long maxBins = Math.max(256, gpu.device().localMemoryBytes() / 8);
    if (numberOfBins < 1 || numberOfBins > maxBins) {
      throw new FoveaException.InvalidArgument(
          op + ": numberOfBins must be between 1 and " + maxBins + ", got " + numberOfBins);
    }
  }

  /**
   * Enqueues the histogram of {@code src} into {@code dst} (numberOfBins×1, any type). With {@code
   * range} (a 2-pixel image of the source type holding min and max, e.g. from {@link
   * Reductions#minMaxOnDevice}) the bounds are read on the device; otherwise {@code min}/{@code
   * max} are used.
   */
  static void run(GpuImage src, GpuImage dst, int nbins, GpuImage range, double min, double max) {
    Gpu gpu = src.gpu();
    if (range != null && range.type() != src.type()) {
      throw new IllegalArgumentException("range image must have the source type");
    }
    if (dst.type() == PixelType.UINT32) {
      count(src, dst, nbins, range, min, max);
      return;
    }
    try (GpuImage counts = gpu.create(nbins, 1, 1, PixelType.UINT32)) {
      count(src, counts, nbins, range, min, max);
      OpSupport.kernel(gpu, KERNELS, "histogram_convert")
          .arg("hist", counts)
          .image("dst", dst)
          .arg("nbins", nbins)
          .typeDefines("src", src.type())
          .define("USE_FP64", 0)
          .define("CHUNKED", 0)
          .runPadded(new long[] {nbins}, new long[] {64});
    }
  }

  /** Counts into a uint32 image of nbins pixels (zeroed here). */
  private static void count(
      GpuImage src, GpuImage counts, int nbins, GpuImage range, double min, double max) {
    Gpu gpu = src.gpu();
    long n = src.pixelCount();
    boolean fp64 = GpuCaps.hasFp64(gpu);
    int[] layout = GpuCaps.layout(gpu, n, GROUP);
    int groups = layout[0];
    int local = layout[1];
    // sub-histogram copies per group (GPU layout): up to 8, within half the local memory
    long localBytes = Math.max(16 * 1024, gpu.device().localMemoryBytes());
    int copies = local == 1 ? 1 : (int) Math.max(1, Math.min(8, localBytes / 2 / (4L * nbins)));
    long mnBits = fp64 ? Double.doubleToRawLongBits(min) : Float.floatToRawIntBits((float) min);
    long mxBits = fp64 ? Double.doubleToRawLongBits(max) : Float.floatToRawIntBits((float) max);
    gpu.fill(counts, 0);
    OpSupport.kernel(gpu, KERNELS, "histogram_local")
        .image("src", src)
        .arg("hist", counts)
        .arg("range", range != null ? range : src)
        .arg("mn_bits", mnBits)
        .arg("mx_bits", mxBits)
        .arg("use_range", range != null ? 1 : 0)
        .arg("nbins", nbins)
        .arg("n", n)
        .arg("copies", copies)
        .local("lhist", 4L * nbins * copies)
        .typeDefines("dst", PixelType.UINT32)
        .define("USE_FP64", fp64 ? 1 : 0)
        .define("CHUNKED", local == 1 ? 1 : 0)
        .runPadded(new long[] {(long) groups * local}, new long[] {local});
  }
}
