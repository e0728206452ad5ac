package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Binary morphology and rank filters over box and ellipsoidal ("sphere") neighbourhoods, CLIJ2
 * semantics. One kernel ({@code rank_filter.cl}) serves all of them; the neighbourhood is a direct
 * loop (no separable passes), radii and sizes are kernel arguments.
 *
 * <p>Sphere neighbourhood of radii (rx, ry, rz): the offsets with (dx/rx)² + (dy/ry)² + (dz/rz)² ≤
 * 1, evaluated exactly in integers (an axis of radius 0 allows offset 0 only). Box: all offsets
 * with |dx| ≤ rx, |dy| ≤ ry, |dz| ≤ rz. Border: clamp to edge.
 */
public final class Morphology {
  private Morphology() {}

  static final String KERNELS = "rank_filter.cl";

  /** Largest neighbourhood the median accepts (elements of its per-pixel private array). */
  public static final int MEDIAN_MAX_ELEMENTS = 343;

  static final int MIN = 1;
  static final int MAX = 2;
  static final int MEAN = 3;
  static final int MEDIAN = 4;
  static final int VARIANCE = 5;
  static final int STD = 6;

  private static final String ERODE_NOTE =
      "Output 1 where the pixel and all its neighbours are non-zero, else 0 (uint8).";

  private static final String DILATE_NOTE =
      "Output 1 where the pixel or any neighbour is non-zero, else 0 (uint8).";

  static final String BORDER =
      "clamp to edge (pixels outside the image take the value of the nearest edge pixel)";
  static final String IJ_CIRCLE =
      "Process > Filters > %s: ImageJ's circular kernel of radius r holds the offsets with dx² + dy²"
          + " ≤ floor(r²) + 1, which equals this op's sphere of radius R (dx² + dy² ≤ R²) when"
          + " ImageJ's radius is in [√(R² − 1), R) (e.g. R − 0.1 for R = 1, 2, 3); ImageJ also"
          + " clamps to the edge. Tested equal there";

  // ------------------------------------------------------------------ binary

  @Op(
      name = "erodeBox",
      category = Category.MORPHOLOGY,
      doc = "Binary erosion, box neighbourhood (8-neighbourhood in 2D, 26 in 3D): non-zero = 1.",
      kernels = KERNELS,
      border = BORDER,
      notes = ERODE_NOTE,
      imagej =
          "Process > Binary > Erode with iterations=1 count=1 (equal away from the image border;"
              + " ImageJ's border depends on 'Pad edges when eroding')")
  public static GpuImage erodeBox(GpuImage src, @Out(type = "uint8") GpuImage dst) {
    return binary("erodeBox", src, dst, MIN, false);
  }

  @Op(
      name = "erodeSphere",
      category = Category.MORPHOLOGY,
      doc = "Binary erosion, sphere neighbourhood (4-neighbourhood in 2D, 6 in 3D): non-zero = 1.",
      kernels = KERNELS,
      border = BORDER,
      notes = ERODE_NOTE)
  public static GpuImage erodeSphere(GpuImage src, @Out(type = "uint8") GpuImage dst) {
    return binary("erodeSphere", src, dst, MIN, true);
  }

  @Op(
      name = "dilateBox",
      category = Category.MORPHOLOGY,
      doc = "Binary dilation, box neighbourhood (8-neighbourhood in 2D, 26 in 3D): non-zero = 1.",
      kernels = KERNELS,
      border = BORDER,
      notes = DILATE_NOTE,
      imagej = "Process > Binary > Dilate with iterations=1 count=1 (equal away from the border)")
  public static GpuImage dilateBox(GpuImage src, @Out(type = "uint8") GpuImage dst) {
    return binary("dilateBox", src, dst, MAX, false);
  }

  @Op(
      name = "dilateSphere",
      category = Category.MORPHOLOGY,
      doc = "Binary dilation, sphere neighbourhood (4-neighbourhood in 2D, 6 in 3D): non-zero = 1.",
      kernels = KERNELS,
      border = BORDER,
      notes = DILATE_NOTE)
  public static GpuImage dilateSphere(GpuImage src, @Out(type = "uint8") GpuImage dst) {
    return binary("dilateSphere", src, dst, MAX, true);
  }

  private static GpuImage binary(String op, GpuImage src, GpuImage dst, int rank, boolean sphere) {
    OpSupport.requireNotNull(op, "src", src);
    dst = OpSupport.outputNotInPlace(op, src, dst, PixelType.UINT8);
    if (!sphere && !src.is3D() && dst.type() == PixelType.UINT8) {
      // 3×3 box in 2D: one pass straight into the uint8 output
      box3xy(src, dst, dst.type(), rank);
      return dst;
    }
    if (!sphere && src.is3D()) {
      // 3×3×3 box in two passes (3×3 in the slice, then 3 along z) through a uint8 temporary:
      // 12 reads per pixel instead of 27 (timings: docs/benchmarks). The temporary is released at
      // once: OpenCL frees it after the queued passes.
      Gpu gpu = src.gpu();
      try (GpuImage tmp = gpu.createLike(src, PixelType.UINT8)) {
        box3xy(src, tmp, dst.type(), rank);
        long plane = (long) src.width() * src.height();
        if (plane % 16 == 0 && dst.type() == PixelType.UINT8) {
          OpSupport.kernel(gpu, KERNELS, "box3_z16")
              .arg("tmp", tmp)
              .arg("dst", dst)
              .size(src)
              .arg("take_max", rank == MAX ? 1 : 0)
              .typeDefines("src", src.type())
              .typeDefines("dst", dst.type())
              .define("RANK_OP", MIN)
              .define("MAX_N", 1)
              .runPadded(new long[] {plane * src.depth() / 16}, new long[] {128});
        } else {
          OpSupport.kernel(gpu, KERNELS, "box3_z")
              .arg("tmp", tmp)
              .image("dst", dst)
              .size(src)
              .arg("take_max", rank == MAX ? 1 : 0)
              .typeDefines("src", src.type())
              .define("RANK_OP", MIN)
              .define("MAX_N", 1)
              .runPadded(perPixel(src), LOCAL);
        }
      }
      return dst;
    }
    launch(src, dst, 1, 1, src.is3D() ? 1 : 0, rank, sphere, true);
    return dst;
  }

  // ------------------------------------------------------------------ rank filters, 2D

  static GpuImage rank2D(
      String op, GpuImage src, GpuImage dst, int rx, int ry, int rank, boolean sphere) {
    OpSupport.require2D(op, "src", src);
    return rank(op, src, dst, rx, ry, 0, rank, sphere);
  }

  // ------------------------------------------------------------------ rank filters, 3D

  static final String NOTES_3D =
      "A 2D image is filtered as a single slice (radiusZ has no effect then).";

  // ------------------------------------------------------------------ top hat

  /** The neighbourhood shapes of the top-hat family (topHatBox, topHatSphere). */
  public enum Shape implements OpVariant {
    @Doc("box")
    Box,
    @Doc("sphere")
    Sphere;
  }

  @Op(
      name = "topHat{}",
      category = Category.MORPHOLOGY,
      doc =
          "Top-hat background subtraction: src − opening, the opening being a {doc} minimum"
              + " followed by a {doc} maximum of the same radii.",
      kernels = {"extremum_box.cl", KERNELS},
      border = BORDER,
      notes =
          "radiusZ is ignored for 2D images. Integer results saturate at 0 (the opening never"
              + " exceeds the source, so nothing is lost).")
  public static GpuImage topHat(
      Shape shape,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "10", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "10", doc = "radius in y (pixels)") int radiusY,
      @Param(value = "10", doc = "radius in z (slices)") int radiusZ) {
    return hat(
        "topHat" + shape.name(), src, dst, radiusX, radiusY, radiusZ, shape == Shape.Sphere, false);
  }

  /** Top-hat (src − opening) or, with {@code bottom}, bottom-hat (closing − src). */
  private static GpuImage hat(
      String op,
      GpuImage src,
      GpuImage dst,
      int rx,
      int ry,
      int rz,
      boolean sphere,
      boolean bottom) {
    OpSupport.requireNotNull(op, "src", src);
    checkRadii(op, rx, ry, rz);
    int rzz = src.is3D() ? rz : 0;
    dst = OpSupport.outputLike(op, src, dst);
    Gpu gpu = src.gpu();
    try (GpuImage eroded = gpu.createLike(src);
        GpuImage opened = gpu.createLike(src)) {
      // top-hat: minimum then maximum (opening); bottom-hat: maximum then minimum (closing)
      int first = bottom ? MAX : MIN;
      if (sphere) {
        launch(src, eroded, rx, ry, rzz, first, true, false);
        launch(eroded, opened, rx, ry, rzz, MIN + MAX - first, true, false);
      } else {
        // separable box passes of the Neighbourhood group
        Filters.Extremum e1 = bottom ? Filters.Extremum.maximum : Filters.Extremum.minimum;
        Filters.Extremum e2 = bottom ? Filters.Extremum.minimum : Filters.Extremum.maximum;
        Filters.extremum3DBox(e1, src, eroded, rx, ry, rzz);
        Filters.extremum3DBox(e2, eroded, opened, rx, ry, rzz);
      }
      OpSupport.kernel(gpu, KERNELS, "subtract_opened")
          .image("src", src)
          .arg("opened", opened)
          .image("dst", dst)
          .arg("n", src.pixelCount())
          .arg("bottom", bottom ? 1 : 0)
          .define("RANK_OP", MIN)
          .define("MAX_N", 1)
          .runPadded(new long[] {src.pixelCount()}, new long[] {256});
    }
    return dst;
  }

  @Op(
      name = "bottomHat{}",
      category = Category.MORPHOLOGY,
      doc =
          "Bottom-hat: closing − src, the closing being a {doc} maximum followed by a {doc}"
              + " minimum of the same radii.",
      kernels = {"extremum_box.cl", KERNELS},
      border = BORDER,
      notes =
          "radiusZ is ignored for 2D images. The closing is never below the source, so integer"
              + " results need no saturation. Output of the source type. Equal to CLIJ2 2.5.3.1"
              + " when radiusX = radiusY (tested: box 2D and 3D, sphere 2D). Otherwise CLIJ2 differs: its maximum"
              + " step uses radiusX along y too (its closing is minimum(rx, ry, rz) of maximum(rx,"
              + " rx, rz); found in its calls and reproduced exactly with Fovea's maximum3DBox and"
              + " minimum3DBox composed that way, tested); Fovea closes with (rx, ry, rz) in both"
              + " steps.")
  public static GpuImage bottomHat(
      Shape shape,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "10", doc = "closing radius in x (pixels)") int radiusX,
      @Param(value = "10", doc = "closing radius in y (pixels)") int radiusY,
      @Param(value = "10", doc = "closing radius in z (slices)") int radiusZ) {
    return hat(
        "bottomHat" + shape.name(),
        src,
        dst,
        radiusX,
        radiusY,
        radiusZ,
        shape == Shape.Sphere,
        true);
  }

  /** openingBox, openingDiamond, closingBox, closingDiamond. */
  public enum Repeated implements OpVariant {
    @Doc("opening: n erosions, then n dilations, box neighbourhood")
    openingBox(false, false),
    @Doc("opening: n erosions, then n dilations, diamond neighbourhood")
    openingDiamond(false, true),
    @Doc("closing: n dilations, then n erosions, box neighbourhood")
    closingBox(true, false),
    @Doc("closing: n dilations, then n erosions, diamond neighbourhood")
    closingDiamond(true, true);
    final boolean closing;
    final boolean diamond;

    Repeated(boolean closing, boolean diamond) {
      this.closing = closing;
      this.diamond = diamond;
    }
  }

  @Op(
      name = "{}",
      category = Category.MORPHOLOGY,
      doc = "Binary {doc} (non-zero = 1).",
      kernels = KERNELS,
      border = BORDER,
      notes =
          "Each step is erodeBox/dilateBox (box: 8 / 26 neighbours) or erodeSphere/dilateSphere"
              + " (diamond: 4 / 6 neighbours); output 0/1 of the source type (as CLIJ2);"
              + " n = 0 gives the binarised source. Equal to CLIJ2 2.5.3.1 (tested).")
  public static GpuImage repeated(
      Repeated which,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "number of erosions and dilations (≥ 0)") int n) {
    String op = which.name();
    OpSupport.requireNotNull(op, "src", src);
    OpSupport.requireNonNegative(op, "n", n);
    dst = OpSupport.outputNotInPlace(op, src, dst, src.type());
    Gpu gpu = src.gpu();
    try (GpuImage a = gpu.createLike(src, PixelType.UINT8);
        GpuImage b = gpu.createLike(src, PixelType.UINT8)) {
      GpuImage in = src;
      for (int step = 0; step < 2 * n; step++) {
        boolean first = step < n;
        int rank = first == which.closing ? MAX : MIN;
        GpuImage out = step == 2 * n - 1 ? dst : in == a ? b : a;
        binary(op, in, out, rank, which.diamond);
        in = out;
      }
      if (n == 0) launch(src, dst, 0, 0, 0, MIN, false, true); // (v != 0) of each pixel
    }
    return dst;
  }

  @Op(
      name = "onlyzeroOverwriteMaximum{}",
      category = Category.MORPHOLOGY,
      doc =
          "Pixels of value 0 take the maximum of their {doc} neighbours (box: 8 / 26, diamond:"
              + " 4 / 6) when it is positive; other pixels keep their value.",
      kernels = KERNELS,
      border = BORDER,
      notes =
          "Neighbours ≤ 0 are ignored (so a 0 pixel among negative values stays 0). Output of"
              + " the source type. CLIJ2's Java API also writes a flag image (1 when a pixel"
              + " changed); the macro form, which this op follows, does not. Equal to CLIJ2"
              + " 2.5.3.1 (tested).")
  public static GpuImage onlyzeroOverwriteMaximum(Diamond shape, GpuImage src, @Out GpuImage dst) {
    String op = "onlyzeroOverwriteMaximum" + shape.name();
    dst = OpSupport.outputNotInPlace(op, src, dst);
    Geometry.launch(
        OpSupport.kernel(KERNELS, "onlyzero_maximum", src, dst)
            .size(src)
            .arg("diamond", shape == Diamond.Diamond ? 1 : 0)
            .define("RANK_OP", MIN)
            .define("MAX_N", 1),
        src);
    return dst;
  }

  /** The neighbourhoods of onlyzeroOverwriteMaximum: Box and Diamond. */
  public enum Diamond implements OpVariant {
    @Doc("box")
    Box,
    @Doc("diamond")
    Diamond;
  }

  @Op(
      name = "medianSliceBySlice{}",
      category = Category.MORPHOLOGY,
      doc = "Median over a {doc} of radii radiusX, radiusY in each slice of a stack.",
      dimensions = {3},
      kernels = KERNELS,
      border = BORDER,
      notes =
          "median3D{} with radiusZ = 0. The neighbourhood may hold at most 343 pixels (CLIJ2:"
              + " fewer than 1000). Output of the source type; equal to CLIJ2 2.5.3.1 (tested).")
  public static GpuImage medianSliceBySlice(
      Shape shape,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY) {
    String op = "medianSliceBySlice" + shape.name();
    OpSupport.require3D(op, "src", src);
    return rank(op, src, dst, radiusX, radiusY, 0, MEDIAN, shape == Shape.Sphere);
  }

  // ------------------------------------------------------------------ shared

  static GpuImage rank(
      String op, GpuImage src, GpuImage dst, int rx, int ry, int rz, int rank, boolean sphere) {
    OpSupport.requireNotNull(op, "src", src);
    checkRadii(op, rx, ry, rz);
    int rzz = src.is3D() ? rz : 0;
    // every check before the output is allocated: a throw must not leave a new image behind
    if (rank == MEDIAN) {
      long n = neighbourhoodSize(rx, ry, rzz, sphere);
      if (n > MEDIAN_MAX_ELEMENTS) {
        throw new FoveaException.InvalidArgument(
            op
                + ": the neighbourhood of radii "
                + rx
                + ", "
                + ry
                + (src.is3D() ? ", " + rz : "")
                + " holds "
                + n
                + " pixels; the median supports at most "
                + MEDIAN_MAX_ELEMENTS
                + " (e.g. radius 3 for a 3D box, 4 for a 3D sphere, 10 for a 2D circle)");
      }
    }
    dst = OpSupport.outputLike(op, src, dst);
    OpSupport.requireNotSame(op, src, dst);
    launch(src, dst, rx, ry, rzz, rank, sphere, false);
    return dst;
  }

  static void checkRadii(String op, int rx, int ry, int rz) {
    if (rx < 0 || ry < 0 || rz < 0) {
      throw new FoveaException.InvalidArgument(
          op + ": radii must be ≥ 0, got " + rx + ", " + ry + ", " + rz);
    }
    if (rx > 1000 || ry > 1000 || rz > 1000) {
      throw new FoveaException.InvalidArgument(
          op + ": radii must be ≤ 1000, got " + rx + ", " + ry + ", " + rz);
    }
  }

  /** True when the offset lies in the neighbourhood (same integer test as the kernel). */
  static boolean inside(int dx, int dy, int dz, int rx, int ry, int rz, boolean sphere) {
    if (Math.abs(dx) > rx || Math.abs(dy) > ry || Math.abs(dz) > rz) return false;
    if (!sphere) return true;
    long ax = (long) Math.max(rx, 1) * Math.max(rx, 1);
    long ay = (long) Math.max(ry, 1) * Math.max(ry, 1);
    long az = (long) Math.max(rz, 1) * Math.max(rz, 1);
    return (long) dx * dx * ay * az + (long) dy * dy * ax * az + (long) dz * dz * ax * ay
        <= ax * ay * az;
  }

  /** Work groups of 32×4 pixels: neighbours share most of their neighbourhoods in the caches. */
  private static final long[] LOCAL = {32, 4, 1};

  /** One work item per pixel of {@code img} (the kernels check their bounds). */
  private static long[] perPixel(GpuImage img) {
    return new long[] {img.width(), img.height(), img.depth()};
  }

  /** Number of offsets in the neighbourhood. */
  static long neighbourhoodSize(int rx, int ry, int rz, boolean sphere) {
    if (!sphere) return (2L * rx + 1) * (2L * ry + 1) * (2L * rz + 1);
    return offsetTable(rx, ry, rz, true).length / 3;
  }

  /** {dx, dy, dz, dx, dy, dz, ...} of the neighbourhood, z slowest. */
  private static int[] offsetTable(int rx, int ry, int rz, boolean sphere) {
    int[] t = new int[3 * (2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1)];
    int n = 0;
    for (int dz = -rz; dz <= rz; dz++)
      for (int dy = -ry; dy <= ry; dy++)
        for (int dx = -rx; dx <= rx; dx++)
          if (inside(dx, dy, dz, rx, ry, rz, sphere)) {
            t[n++] = dx;
            t[n++] = dy;
            t[n++] = dz;
          }
    return java.util.Arrays.copyOf(t, n);
  }

  /** "dx,dy,dz,dx,dy,dz,..." of the neighbourhood, for the compiled-in offset tables. */
  private static String offsets(int rx, int ry, int rz, boolean sphere) {
    return java.util.Arrays.stream(offsetTable(rx, ry, rz, sphere))
        .mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(","));
  }

  /**
   * Minimum, maximum or mean with the neighbourhood's offsets compiled in (rank_fixed): one load
   * and one operation per neighbour, fully unrolled.
   */
  private static void rankFixed(
      GpuImage src,
      GpuImage dst,
      int rx,
      int ry,
      int rz,
      int rank,
      boolean sphere,
      boolean binary,
      int n) {
    OpSupport.kernel(KERNELS, "rank_fixed", src, dst)
        .size(src)
        .arg("binary", binary ? 1 : 0)
        .arg("take_max", rank == MAX ? 1 : 0)
        .define("RANK_OP", rank == MAX ? MIN : rank)
        .define("MAX_N", 1)
        .define("FIXED_N", n)
        .define("FRX", rx)
        .define("FRY", ry)
        .define("FRZ", rz)
        .define("FIXED_OFFSETS", offsets(rx, ry, rz, sphere))
        .runPadded(perPixel(src), LOCAL);
  }

  /** The 3×3 in-slice pass of binary erosion/dilation into a uint8 buffer (see box3_xy). */
  private static void box3xy(GpuImage src, GpuImage out, PixelType dstType, int rank) {
    boolean v8 = src.width() % 8 == 0;
    OpSupport.kernel(src.gpu(), KERNELS, v8 ? "box3_xy8" : "box3_xy")
        .image("src", src)
        .arg("tmp", out)
        .size(src)
        .arg("take_max", rank == MAX ? 1 : 0)
        .typeDefines("dst", dstType)
        .define("RANK_OP", MIN)
        .define("MAX_N", 1)
        .runPadded(
            new long[] {v8 ? src.width() / 8 : src.width(), src.height(), src.depth()},
            new long[] {v8 ? 16 : 32, 4, 1});
  }

  /**
   * Largest odd neighbourhood the unrolled register median (median_fixed) handles: 125 (a 5×5×5
   * box) on GPUs; 33 on CPU devices, where building the unrolled 125-pixel variant takes PoCL over
   * a minute and the gain is small (the kernel code is the same for every size).
   */
  static int medianFixedMax(Gpu gpu) {
    return GpuCaps.isCpu(gpu) ? 33 : 125; // GpuCaps.withGpuLayout: the GPU limits (tests)
  }

  /**
   * Median of an odd-sized neighbourhood with the size and the offsets compiled in (one build per
   * radius and shape): forgetful selection in registers instead of a selection in a private array.
   */
  private static void medianFixed(
      GpuImage src, GpuImage dst, int rx, int ry, int rz, boolean sphere, int n, int maxN) {
    OpSupport.kernel(KERNELS, "median_fixed", src, dst)
        .size(src)
        .define("RANK_OP", MEDIAN)
        .define("MAX_N", maxN)
        .define("MEDIAN_N", n)
        .define("MRX", rx)
        .define("MRY", ry)
        .define("MRZ", rz)
        .define("MEDIAN_OFFSETS", offsets(rx, ry, rz, sphere))
        .runPadded(perPixel(src), LOCAL);
  }

  private static void launch(
      GpuImage src,
      GpuImage dst,
      int rx,
      int ry,
      int rz,
      int rank,
      boolean sphere,
      boolean binary) {
    int maxN = 1;
    if (rank == MEDIAN) {
      long n = neighbourhoodSize(rx, ry, rz, sphere);
      maxN = n <= 27 ? 27 : n <= 125 ? 125 : MEDIAN_MAX_ELEMENTS;
      if (n % 2 == 1 && n >= 3 && n <= medianFixedMax(src.gpu())) {
        medianFixed(src, dst, rx, ry, rz, sphere, (int) n, maxN);
        return;
      }
    }
    if (rank == MIN || rank == MAX || rank == MEAN) {
      long n = neighbourhoodSize(rx, ry, rz, sphere);
      if (n <= medianFixedMax(src.gpu())) { // same limits as the median: builds are per radius
        rankFixed(src, dst, rx, ry, rz, rank, sphere, binary, (int) n);
        return;
      }
    }
    OpSupport.kernel(KERNELS, "rank_filter", src, dst)
        .size(src)
        .arg("rx", rx)
        .arg("ry", ry)
        .arg("rz", rz)
        .arg("sphere", sphere ? 1 : 0)
        .arg("binary", binary ? 1 : 0)
        .arg("take_max", rank == MAX ? 1 : 0)
        .define("RANK_OP", rank == MAX ? MIN : rank)
        .define("MAX_N", maxN)
        // work groups of 32×4 pixels: neighbouring work items share most of their neighbourhoods
        // in the caches (the kernel checks its bounds)
        .runPadded(perPixel(src), LOCAL);
  }
}
