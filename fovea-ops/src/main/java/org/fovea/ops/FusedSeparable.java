package org.fovea.ops;

import org.fovea.core.DeviceType;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Separable filters (weighted sum, box maximum, box minimum) with all their passes in one kernel
 * (separable_fused.cl): the source is read once and the destination written once, with no float32
 * intermediate images. Used by the Gaussian, box mean and box minimum/maximum ops when every radius
 * is at most {@link #MAX_RADIUS} and the destination is another image than the source; otherwise
 * those ops run their per-axis passes.
 */
final class FusedSeparable {
  private FusedSeparable() {}

  /**
   * Largest radius per axis of the fused kernel (its taps are unrolled, its z ring is registers).
   */
  static final int MAX_RADIUS = 16;

  /** Operation codes of separable_fused.cl. */
  static final int SUM = 0;

  static final int MAXIMUM = 1;
  static final int MINIMUM = 2;

  private static final int TW = 32;
  private static final int TH = 16;

  /** Work groups the launch aims at, so that narrow stacks still fill the device. */
  private static final int TARGET_GROUPS = 2048;

  /**
   * Runs the filter when the fused kernel applies and returns true; returns false (nothing done)
   * otherwise. {@code weights} (for {@link #SUM}) holds one float32 weight image of 2r+1 values per
   * axis of {@code radii}; ignored for the extrema. Extrema are computed in float, so they are only
   * fused for types that float holds exactly (8- and 16-bit integers, float32).
   */
  static boolean run(GpuImage src, GpuImage dst, int[] radii, GpuImage[] weights, int operation) {
    if (src == dst || radii.length < 2 || radii.length > 3) return false;
    for (int r : radii) if (r < 0 || r > MAX_RADIUS) return false;
    if (operation != SUM) {
      PixelType t = src.type();
      if (!t.isFloatingPoint() && t.bytes() > 2) return false;
      if (t.isFloatingPoint() && t.bytes() > 4) return false;
    }
    int w = src.width();
    int h = src.height();
    int d = src.depth();
    int rz = radii.length > 2 ? radii[2] : 0;
    Gpu gpu = src.gpu();
    GpuImage[] wts = new GpuImage[3];
    for (int a = 0; a < 3; a++) {
      int r = a < radii.length ? radii[a] : 0;
      wts[a] =
          operation == SUM && r > 0 && weights[a] != null
              ? weights[a]
              : Filters.deviceWeights(gpu, BOX_KEYS[r], () -> Filters.boxWeights(r));
    }
    long gx = (w + TW - 1) / TW;
    long gy = (h + TH - 1) / TH;
    long groupsXY = gx * gy;
    int chunks = (int) Math.max(1, Math.min(d, (TARGET_GROUPS + groupsXY - 1) / groupsXY));
    int zChunk = (d + chunks - 1) / chunks;
    if (rz > 0) zChunk = Math.min(d, Math.max(zChunk, 2 * rz));
    chunks = (d + zChunk - 1) / zChunk;
    int rmax = Math.max(Math.max(radii[0], radii[1]), rz);
    OpSupport.kernel(gpu, "separable_fused.cl", "separable_fused")
        .define("OPERATION", operation)
        .define("B", bound(gpu, rmax))
        .define("UNROLL_LOOPS", gpu.device().type() == DeviceType.GPU ? 1 : 0)
        .image("src", src)
        .image("dst", dst)
        .arg(wts[0].clMem())
        .arg(wts[1].clMem())
        .arg(wts[2].clMem())
        .arg(radii[0])
        .arg(radii[1])
        .arg(rz)
        .arg(w)
        .arg(h)
        .arg(d)
        .arg(zChunk)
        .runPadded(new long[] {gx * 32, gy * 8, chunks}, new long[] {32, 8, 1});
    return true;
  }

  /**
   * The kernel's compile-time radius bound for {@code rmax}: on GPUs the smallest of 2, 4, 8, 16
   * that holds it (short unrolled loops, few registers), on other devices always {@link
   * #MAX_RADIUS} (one build per operation and pixel types: CPU compilers are slow, and the code is
   * the same, only the bound differs).
   */
  static int bound(Gpu gpu, int rmax) {
    if (gpu.device().type() != DeviceType.GPU) return MAX_RADIUS;
    int b = 2;
    while (b < rmax) b *= 2;
    return b;
  }

  /** Cache keys of the box weights, made once. */
  private static final String[] BOX_KEYS = new String[MAX_RADIUS + 1];

  static {
    for (int r = 0; r <= MAX_RADIUS; r++) BOX_KEYS[r] = "box:" + r;
  }
}
