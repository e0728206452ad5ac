package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
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

  /** Difference of two weighted sums (difference of Gaussians), see {@link #runDifference}. */
  static final int DIFFERENCE = 3;

  private static final int TW = 32;

  /**
   * Work groups the launch aims at, so that narrow stacks still fill the device ({@code
   * -Dfovea.fused.groups} overrides it, for measuring).
   */
  private static final int TARGET_GROUPS = 512;

  /**
   * Rows per work item on GPUs ({@code -Dfovea.fused.rows2d} / {@code rows3d} override them, for
   * measuring): a work group owns 32 × 8·rows pixels, so more rows amortise the y halo (loaded and
   * x-filtered once per tile) over more outputs, at the cost of registers (each row keeps its own z
   * ring). CPU devices keep 2.
   */
  private static final int ROWS_2D = 8;

  private static final int ROWS_3D = 4;

  /**
   * Adjacent outputs per work item of the x pass in 2D and 3D ({@code -Dfovea.fused.xo2d} / {@code
   * xo3d}, 4 or 8, override them): 8 halves the local reads per output, 4 keeps registers for the z
   * rings of 3D filters.
   */
  private static final int XO_2D = 8;

  private static final int XO_3D = 4;

  /**
   * Static local memory the kernel declares at most (NVIDIA's limit; less where the device has
   * less).
   */
  private static final long LOCAL_BYTES = 48 * 1024;

  /**
   * Runs the filter when the fused kernel applies and returns true; returns false (nothing done)
   * otherwise. {@code weights} (for {@link #SUM}) holds one float32 weight image of 2r+1 values per
   * axis of {@code radii}; ignored for the extrema. Extrema are computed in float, so they are only
   * fused for types that float holds exactly (8- and 16-bit integers, float32).
   */
  static boolean run(GpuImage src, GpuImage dst, int[] radii, GpuImage[] weights, int operation) {
    return run(src, dst, radii, weights, radii, weights, operation);
  }

  /**
   * dst = (weighted sum of src with {@code weights1}, radii {@code radii1}) − (the same with {@code
   * weights2}, {@code radii2}) in one kernel: both sums share the tile loads, the difference is the
   * only write (difference of Gaussians). Returns false (nothing done) where the fused kernel does
   * not apply, as {@link #run}.
   */
  static boolean runDifference(
      GpuImage src,
      GpuImage dst,
      int[] radii1,
      GpuImage[] weights1,
      int[] radii2,
      GpuImage[] weights2) {
    if (radii1.length != radii2.length) return false;
    return run(src, dst, radii1, weights1, radii2, weights2, DIFFERENCE);
  }

  private static boolean run(
      GpuImage src,
      GpuImage dst,
      int[] radii,
      GpuImage[] weights,
      int[] radii2,
      GpuImage[] weights2,
      int operation) {
    if (src == dst || radii.length < 2 || radii.length > 3 || DISABLED) return false;
    if (UNBUILDABLE.contains(src.gpu().device().cacheKey())) return false;
    for (int r : radii) if (r < 0 || r > MAX_RADIUS) return false;
    for (int r : radii2) if (r < 0 || r > MAX_RADIUS) return false;
    if (operation != SUM) {
      PixelType t = src.type();
      if (!t.isFloatingPoint() && t.bytes() > 2) return false;
      if (t.isFloatingPoint() && t.bytes() > 4) return false;
    }
    int w = src.width();
    int h = src.height();
    int d = src.depth();
    int rz = radii.length > 2 ? radii[2] : 0;
    int rz2 = radii2.length > 2 ? radii2[2] : 0;
    Gpu gpu = src.gpu();
    boolean weighted = operation == SUM || operation == DIFFERENCE;
    GpuImage[] wts = weightsOf(gpu, radii, weights, weighted);
    GpuImage[] wts2 = weightsOf(gpu, radii2, weights2, weighted);
    int rmax = 0;
    for (int r : radii) rmax = Math.max(rmax, r);
    for (int r : radii2) rmax = Math.max(rmax, r);
    int b = bound(gpu, rmax);
    int rows = rows(gpu, d, b);
    long gx = (w + TW - 1) / TW;
    long gy = (h + 8L * rows - 1) / (8L * rows);
    long groupsXY = gx * gy;
    long target = Long.getLong("fovea.fused.groups", TARGET_GROUPS);
    int chunks = (int) Math.max(1, Math.min(d, (target + groupsXY - 1) / groupsXY));
    int zChunk = (d + chunks - 1) / chunks;
    int rzMax = Math.max(rz, rz2);
    if (rzMax > 0) zChunk = Math.min(d, Math.max(zChunk, 2 * rzMax));
    chunks = (d + zChunk - 1) / zChunk;
    KernelCall k =
        OpSupport.kernel(gpu, "separable_fused.cl", "separable_fused")
            .define("OPERATION", operation)
            .define("B", b)
            .define("RPT", rows)
            .define(
                "XO",
                d == 1
                    ? Integer.getInteger("fovea.fused.xo2d", XO_2D)
                    : Integer.getInteger("fovea.fused.xo3d", XO_3D));
    if (gpuVariant(gpu)) {
      // compile-time radii: the guards fold and the weights sit at constant offsets
      k.define("UNROLL_LOOPS", 1)
          .define("FIXED_RADII", 1)
          .define("FRX", radii[0])
          .define("FRY", radii[1])
          .define("FRZ", rz)
          .define("FRX2", radii2[0])
          .define("FRY2", radii2[1])
          .define("FRZ2", rz2);
    } else {
      k.define("UNROLL_LOOPS", 0).define("FIXED_RADII", 0);
    }
    k.image("src", src)
        .image("dst", dst)
        .arg("wx", wts[0])
        .arg("wy", wts[1])
        .arg("wz", wts[2])
        .arg("wx2", wts2[0])
        .arg("wy2", wts2[1])
        .arg("wz2", wts2[2])
        .arg("rxArg", radii[0])
        .arg("ryArg", radii[1])
        .arg("rzArg", rz)
        .arg("rx2Arg", radii2[0])
        .arg("ry2Arg", radii2[1])
        .arg("rz2Arg", rz2)
        .size(src)
        .arg("zChunk", zChunk);
    try {
      k.runPadded(new long[] {gx * 32, gy * 8, chunks}, new long[] {32, 8, 1});
    } catch (FoveaException.KernelBuildFailed e) {
      // a device whose compiler rejects the fused kernel keeps the per-axis passes (said once)
      if (UNBUILDABLE.add(gpu.device().cacheKey())) {
        System.err.println(
            "fovea: the fused separable filter does not build on "
                + gpu.device().name()
                + "; using per-axis passes: "
                + e.getMessage());
      }
      return false;
    }
    return true;
  }

  /**
   * Rows per work item: 2 on CPU devices; on GPUs {@link #ROWS_2D} or {@link #ROWS_3D}, halved
   * until the kernel's local arrays (the tile with its halo and its x-filtered rows) fit {@link
   * #LOCAL_BYTES} and the device's local memory.
   */
  static int rows(Gpu gpu, int depth, int bound) {
    if (!gpuVariant(gpu)) return 2;
    int rows =
        depth == 1
            ? Integer.getInteger("fovea.fused.rows2d", ROWS_2D)
            : Integer.getInteger("fovea.fused.rows3d", ROWS_3D);
    rows = Math.max(1, rows);
    long limit = Math.min(LOCAL_BYTES, gpu.device().localMemoryBytes());
    while (rows > 1 && localBytes(rows, bound) > limit) rows /= 2;
    return rows;
  }

  /** Bytes of separable_fused.cl's local arrays for {@code rows} rows per work item. */
  static long localBytes(int rows, int bound) {
    long sw = TW + 2L * bound;
    long pitch = sw + ((1 - sw % 8) + 8) % 8;
    long sh = 8L * rows + 2L * bound;
    return 4 * (sh * pitch + sh * (TW + 1));
  }

  /** Device weights per axis (x, y, z): the given ones, else the box weights of the radius. */
  private static GpuImage[] weightsOf(Gpu gpu, int[] radii, GpuImage[] weights, boolean weighted) {
    GpuImage[] wts = new GpuImage[3];
    for (int a = 0; a < 3; a++) {
      int r = a < radii.length ? radii[a] : 0;
      wts[a] =
          weighted && r > 0 && weights[a] != null
              ? weights[a]
              : Filters.deviceWeights(gpu, BOX_KEYS[r], () -> Filters.boxWeights(r));
    }
    return wts;
  }

  /**
   * The kernel's compile-time radius bound for {@code rmax}: on GPUs the radius itself (the radii
   * are compile-time there too: one build per radius triple, fast on GPU compilers and kept in the
   * disk cache), on other devices always {@link #MAX_RADIUS} with the radii as arguments (one build
   * per operation and pixel types: CPU compilers are slow; the code is the same).
   */
  static int bound(Gpu gpu, int rmax) {
    return gpuVariant(gpu) ? rmax : MAX_RADIUS;
  }

  /**
   * The GPU variant (unrolled, compile-time radii) on GPUs; on other devices too inside {@link
   * GpuCaps#withGpuLayout}, so that tests run it on PoCL.
   */
  static boolean gpuVariant(Gpu gpu) {
    return GpuCaps.isGpu(gpu);
  }

  /**
   * {@code -Dfovea.noFusedSeparable=true} keeps the per-axis passes everywhere (for measuring one
   * against the other on the same machine).
   */
  private static final boolean DISABLED = Boolean.getBoolean("fovea.noFusedSeparable");

  /** Devices (cache keys) whose compiler rejected the kernel. */
  private static final java.util.Set<String> UNBUILDABLE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Cache keys of the box weights, made once. */
  private static final String[] BOX_KEYS = new String[MAX_RADIUS + 1];

  static {
    for (int r = 0; r <= MAX_RADIUS; r++) BOX_KEYS[r] = "box:" + r;
  }
}
