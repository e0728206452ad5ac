package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;

/**
 * Pixel-wise arithmetic. Results are computed in float and converted into the output type
 * (saturating, round half to even). One kernel per op runs over the linear pixel buffer, so the
 * same code serves 2D and 3D images. Two-image ops accept inputs of different pixel types; the
 * output has the first input's type unless a destination is passed. uint32 values above 2^24 lose
 * precision in the float math (as in CLIJ2), except in the minimum/maximum ops, which keep the
 * chosen pixel's own value.
 */
public final class Arithmetic {
  private Arithmetic() {}

  /** Work-group size of the pixel-wise kernels. */
  static final long GROUP = 256;

  /** Pixels per work item of the pixel-wise kernels (one vector load per input). */
  static final int PIXELS_PER_ITEM = 8;

  /** The 8-wide OpenCL vector type of an image's pixels, e.g. {@code ushort8}. */
  static String vec(GpuImage img) {
    return img.type().clType() + PIXELS_PER_ITEM;
  }

  /**
   * Adds the defines of the vector kernels: the 8-wide types {@code VSRC_T} (or {@code VSRC0_T},
   * {@code VSRC1_T}) and {@code VDST_T}, and the conversions into the destination: {@code CVT_F(x)}
   * from float8 (saturating, round half to even), {@code CVT_I(x)} from an integer vector
   * (saturating), {@code CVT_SRC(x)} (or {@code CVT_SRC0/1}) from a source vector (exact where the
   * types allow) and {@code MASK(x)}, a -1/0 comparison result as the signed vector of the
   * destination's element width (for {@code select}).
   */
  static KernelCall vectorDefines(KernelCall call, GpuImage dst, GpuImage... srcs) {
    String dv = vec(dst);
    boolean dstFloat = dst.type().isFloatingPoint();
    call.define("VDST_T", dv)
        .define("CVT_F(x)", dstFloat ? "convert_float8(x)" : "convert_" + dv + "_sat_rte(x)")
        .define("CVT_I(x)", dstFloat ? "convert_float8(x)" : "convert_" + dv + "_sat(x)")
        .define(
            "MASK(x)",
            switch (dst.type().bytes()) {
              case 1 -> "convert_char8(x)";
              case 2 -> "convert_short8(x)";
              default -> "convert_int8(x)";
            });
    for (int i = 0; i < srcs.length; i++) {
      String suffix = srcs.length == 1 ? "" : String.valueOf(i);
      GpuImage s = srcs[i];
      call.define("VSRC" + suffix + "_T", vec(s))
          .define(
              "CVT_SRC" + suffix + "(x)",
              dstFloat
                  ? "convert_float8(x)"
                  : s.type().isFloatingPoint()
                      ? "convert_" + dv + "_sat_rte(x)"
                      : "convert_" + dv + "_sat(x)");
    }
    return call;
  }

  /**
   * Starts the pixel-wise vector kernel {@code kernel} of {@code file} with its images bound — src
   * (one input) or src0, src1, ... (several), then dst — and the defines of {@link #vectorDefines};
   * add the scalars, then launch with {@link #runPixelwise}.
   */
  static KernelCall pixelwise(String file, String kernel, GpuImage dst, GpuImage... srcs) {
    KernelCall call = OpSupport.kernel(srcs[0].gpu(), file, kernel);
    for (int i = 0; i < srcs.length; i++) {
      call.image(srcs.length == 1 ? "src" : "src" + i, srcs[i]);
    }
    return vectorDefines(call.image("dst", dst), dst, srcs);
  }

  /**
   * Appends the pixel count and launches over the linear buffer: one work item per 8 pixels, work
   * groups of 256.
   */
  static void runPixelwise(KernelCall call, GpuImage shape) {
    long n = shape.pixelCount();
    long items = (n + PIXELS_PER_ITEM - 1) / PIXELS_PER_ITEM;
    call.arg("n", n).runPadded(new long[] {items}, new long[] {GROUP});
  }

  /** Checks and allocates for a one-image pixel-wise op. */
  static GpuImage oneInput(String op, GpuImage src, GpuImage dst) {
    OpSupport.requireNotNull(op, "src", src);
    return OpSupport.outputLike(op, src, dst);
  }

  /**
   * Checks and allocates for a two-image pixel-wise op: the output is like the first; the second
   * may have another shape (see {@link #withSecond}).
   */
  static GpuImage twoInputs(String op, GpuImage a, GpuImage b, GpuImage dst) {
    return twoInputs(op, a, b, dst, null);
  }

  /**
   * Checks src0 and src1 (given, same shape) and returns dst, or a new image of the shape of src0
   * and {@code type} (null: src0's type).
   */
  static GpuImage twoInputs(String op, GpuImage a, GpuImage b, GpuImage dst, PixelType type) {
    OpSupport.requireNotNull(op, "src0", a);
    OpSupport.requireNotNull(op, "src1", b);
    return OpSupport.outputLike(op, a, dst, type == null ? a.type() : type);
  }

  /** The notes of the two-image ops on inputs of different shapes. */
  static final String PAIR_SHAPES =
      "The result has the first image's shape; a second image of another shape is read with"
          + " clamp-to-edge addressing (its nearest edge pixel outside it), as CLIJ2 2.5.3.1 reads"
          + " it: a 1×h image applies one value per row, a w×1 image one per column.";

  /**
   * Runs {@code body} with {@code b} as the second image of a pixel-wise pair whose output is
   * shaped like {@code a}: {@code b} itself when it has a's shape, else a temporary copy of a's
   * shape read from b with clamp-to-edge addressing (how CLIJ2 reads a smaller second image, e.g. a
   * 1-pixel-wide vector multiplied into every column of a matrix).
   */
  static void withSecond(GpuImage a, GpuImage b, java.util.function.Consumer<GpuImage> body) {
    if (a.sameShape(b)) {
      body.accept(b);
      return;
    }
    try (GpuImage wide = Geometry.clampToEdge(b, a)) {
      body.accept(wide);
    }
  }

  // the OPERATION values of two_images.cl
  private static final int ADD = 0;
  private static final int SUBTRACT = 1;
  private static final int MULTIPLY = 2;
  private static final int MAXIMUM = 3;
  private static final int MINIMUM = 4;

  /** dst = src0 (op) src1 with two_images.cl; {@code operation} is one of ADD..MINIMUM. */
  private static void twoImageKernel(int operation, GpuImage a, GpuImage b, GpuImage dst) {
    twoImageKernel("two_images.cl", operation, a, b, dst);
  }

  /**
   * Launches the pixel-wise kernel (src0, src1, dst, long n) of {@code file}, named as the file,
   * with its {@code OPERATION} define set to {@code operation}.
   */
  static void twoImageKernel(String file, int operation, GpuImage a, GpuImage b, GpuImage dst) {
    withSecond(
        a,
        b,
        b1 ->
            runPixelwise(
                pixelwise(file, file.substring(0, file.length() - 3), dst, a, b1)
                    .define("OPERATION", operation),
                a));
  }

  /** dst = max/min(src, scalar) with extremum_image_and_scalar.cl (OPERATION 0 max, 1 min). */
  private static void extremumScalarKernel(
      boolean maximum, GpuImage src, GpuImage dst, float scalar) {
    runPixelwise(
        pixelwise("extremum_image_and_scalar.cl", "extremum_image_and_scalar", dst, src)
            .define("OPERATION", maximum ? 0 : 1)
            .arg("scalar", scalar),
        src);
  }

  /**
   * A kernel (src, dst, float {@code param}, long n) whose name is its file's name; {@code param}
   * is the name of its scalar parameter.
   */
  private static void scalarKernel(
      String file, GpuImage src, GpuImage dst, String param, float scalar) {
    String name = file.substring(0, file.length() - 3);
    runPixelwise(pixelwise(file, name, dst, src).arg(param, scalar), src);
  }

  @Op(
      name = "addImageAndScalar",
      category = Category.ARITHMETIC,
      doc = "Adds a scalar to every pixel: dst = src + scalar.",
      kernels = "add_image_and_scalar.cl",
      tolerance = "exact (float math, then saturating round-half-even conversion)",
      imagej = "Process > Math > Add (ImageJ rounds half up and clamps the same way for 8/16-bit)")
  public static GpuImage addImageAndScalar(
      GpuImage src, @Out GpuImage dst, @Param(value = "1.0", doc = "value to add") float scalar) {
    dst = oneInput("addImageAndScalar", src, dst);
    scalarKernel("add_image_and_scalar.cl", src, dst, "scalar", scalar);
    return dst;
  }

  @Op(
      name = "multiplyImageAndScalar",
      category = Category.ARITHMETIC,
      doc = "Multiplies every pixel by a scalar: dst = src * scalar.",
      kernels = "multiply_image_and_scalar.cl",
      tolerance = "exact (one float multiplication, then saturating round-half-even conversion)",
      imagej =
          "Process > Math > Multiply (ImageJ rounds half up for 8/16-bit; Fovea rounds half to"
              + " even)")
  public static GpuImage multiplyImageAndScalar(
      GpuImage src, @Out GpuImage dst, @Param(value = "2.0", doc = "factor") float scalar) {
    dst = oneInput("multiplyImageAndScalar", src, dst);
    scalarKernel("multiply_image_and_scalar.cl", src, dst, "scalar", scalar);
    return dst;
  }

  @Op(
      name = "addImagesWeighted",
      category = Category.ARITHMETIC,
      doc = "Weighted sum of two images: dst = src0 * factor0 + src1 * factor1.",
      kernels = "add_images_weighted.cl",
      tolerance = "exact (computed as fma(src0, factor0, src1 * factor1) in float)",
      imagej = "Process > Image Calculator (Add) after Multiply on each image, up to rounding",
      notes =
          PAIR_SHAPES
              + " "
              + "The sum is one fused multiply-add, so the result does not depend on the compiler"
              + " contracting multiply-adds (-cl-mad-enable).")
  public static GpuImage addImagesWeighted(
      GpuImage src0,
      GpuImage src1,
      @Out GpuImage dst,
      @Param(value = "1.0", doc = "weight of src0") float factor0,
      @Param(value = "1.0", doc = "weight of src1") float factor1) {
    GpuImage out = twoInputs("addImagesWeighted", src0, src1, dst);
    withSecond(
        src0,
        src1,
        b1 ->
            runPixelwise(
                pixelwise("add_images_weighted.cl", "add_images_weighted", out, src0, b1)
                    .arg("factor0", factor0)
                    .arg("factor1", factor1),
                src0));
    return out;
  }

  @Op(
      name = "addImages",
      category = Category.ARITHMETIC,
      doc = "Sum of two images: dst = src0 + src1.",
      kernels = "two_images.cl",
      notes = PAIR_SHAPES,
      tolerance = "exact (float addition, then saturating round-half-even conversion)",
      imagej = "Process > Image Calculator > Add")
  public static GpuImage addImages(GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    dst = twoInputs("addImages", src0, src1, dst);
    twoImageKernel(ADD, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "subtractImages",
      category = Category.ARITHMETIC,
      doc = "Difference of two images: dst = src0 − src1 (saturates at 0 in unsigned types).",
      kernels = "two_images.cl",
      notes = PAIR_SHAPES,
      tolerance = "exact (float subtraction, then saturating round-half-even conversion)",
      imagej = "Process > Image Calculator > Subtract")
  public static GpuImage subtractImages(GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    dst = twoInputs("subtractImages", src0, src1, dst);
    twoImageKernel(SUBTRACT, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "multiplyImages",
      category = Category.ARITHMETIC,
      doc = "Pixel-wise product of two images: dst = src0 * src1.",
      kernels = "two_images.cl",
      notes = PAIR_SHAPES,
      tolerance = "exact (float multiplication, then saturating round-half-even conversion)",
      imagej = "Process > Image Calculator > Multiply")
  public static GpuImage multiplyImages(GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    dst = twoInputs("multiplyImages", src0, src1, dst);
    twoImageKernel(MULTIPLY, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "maximumImages",
      category = Category.ARITHMETIC,
      doc = "Pixel-wise maximum of two images.",
      kernels = "two_images.cl",
      notes = PAIR_SHAPES,
      tolerance = "exact (integer inputs are compared exactly, the kept pixel is not rounded)",
      imagej = "Process > Image Calculator > Max")
  public static GpuImage maximumImages(GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    dst = twoInputs("maximumImages", src0, src1, dst);
    twoImageKernel(MAXIMUM, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "minimumImages",
      category = Category.ARITHMETIC,
      doc = "Pixel-wise minimum of two images.",
      kernels = "two_images.cl",
      notes = PAIR_SHAPES,
      tolerance = "exact (integer inputs are compared exactly, the kept pixel is not rounded)",
      imagej = "Process > Image Calculator > Min")
  public static GpuImage minimumImages(GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    dst = twoInputs("minimumImages", src0, src1, dst);
    twoImageKernel(MINIMUM, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "maximumImageAndScalar",
      category = Category.ARITHMETIC,
      doc = "Pixel-wise maximum of an image and a scalar: dst = max(src, scalar).",
      kernels = "extremum_image_and_scalar.cl",
      tolerance = "exact (pixels ≥ scalar are kept as they are; others become the scalar, rounded)",
      imagej = "Process > Math > Min... (ImageJ's 'Min' sets pixels below the value to the value)")
  public static GpuImage maximumImageAndScalar(
      GpuImage src, @Out GpuImage dst, @Param(value = "0.0", doc = "lower bound") float scalar) {
    dst = oneInput("maximumImageAndScalar", src, dst);
    extremumScalarKernel(true, src, dst, scalar);
    return dst;
  }

  @Op(
      name = "minimumImageAndScalar",
      category = Category.ARITHMETIC,
      doc = "Pixel-wise minimum of an image and a scalar: dst = min(src, scalar).",
      kernels = "extremum_image_and_scalar.cl",
      tolerance = "exact (pixels ≤ scalar are kept as they are; others become the scalar, rounded)",
      imagej = "Process > Math > Max... (ImageJ's 'Max' sets pixels above the value to the value)")
  public static GpuImage minimumImageAndScalar(
      GpuImage src, @Out GpuImage dst, @Param(value = "0.0", doc = "upper bound") float scalar) {
    dst = oneInput("minimumImageAndScalar", src, dst);
    extremumScalarKernel(false, src, dst, scalar);
    return dst;
  }

  @Op(
      name = "absolute",
      category = Category.ARITHMETIC,
      doc = "Absolute value of every pixel (unsigned integer images are copied unchanged).",
      kernels = "absolute.cl",
      tolerance = "exact",
      imagej = "Process > Math > Abs (32-bit images)")
  public static GpuImage absolute(GpuImage src, @Out GpuImage dst) {
    dst = oneInput("absolute", src, dst);
    runPixelwise(pixelwise("absolute.cl", "absolute", dst, src), src);
    return dst;
  }

  @Op(
      name = "power",
      category = Category.ARITHMETIC,
      doc = "Raises every pixel to a power: dst = src ^ exponent.",
      kernels = "power.cl",
      tolerance =
          "float32: 1e-5 relative (OpenCL's pow is accurate to 16 ulp); integer outputs: ±1"
              + " where the exact power lies within that error of a .5 rounding boundary",
      imagej = "Process > Math > Power... (32-bit images)",
      notes = "Negative bases with non-integer exponents give NaN (0 in integer outputs).")
  public static GpuImage power(
      GpuImage src, @Out GpuImage dst, @Param(value = "2.0", doc = "exponent") float exponent) {
    dst = oneInput("power", src, dst);
    scalarKernel("power.cl", src, dst, "exponent", exponent);
    return dst;
  }

  @Op(
      name = "set",
      category = Category.ARITHMETIC,
      doc = "Sets every pixel of an image to one value, in place.",
      kernels = "set.cl",
      imagej = "Process > Math > Set (ImageProcessor.set; exact, tested in CropSliceSetTest)",
      notes =
          "Changes the given image (CLIJ2's set(source, value)); nothing is returned. The value"
              + " is converted to the pixel type from float32: saturating, rounding half to even"
              + " (−1 → 0 and 300.5 → 255 in uint8); in uint32 exact up to 2^24.")
  public static void set(
      GpuImage source, @Param(value = "0", doc = "the value of every pixel") float value) {
    OpSupport.requireNotNull("set", "source", source);
    OpSupport.kernel(source.gpu(), "set.cl", "set_value")
        .image("dst", source)
        .size(source)
        .arg("value", value)
        .run(source.width(), source.height(), source.depth());
  }

  @Op(
      name = "setRandom",
      category = Category.ARITHMETIC,
      doc =
          "Fills an image, in place, with uniformly distributed random values between"
              + " minimumValue and maximumValue.",
      kernels = "set_random.cl",
      notes =
          "Changes the given image (CLIJ2's setRandom(source, minimumValue, maximumValue, seed));"
              + " nothing is returned. Every pixel is minimumValue + u·(maximumValue −"
              + " minimumValue), u in [0, 1) in steps of 2^−24, computed in float32 and converted"
              + " to the pixel type (saturating, rounding half to even; CLIJ2 truncates). u comes"
              + " from a hash of the seed and the pixel index: the same seed and shape give the"
              + " same image on every device, but not CLIJ2's numbers. The seed is a whole number"
              + " (getTime() fits); its fraction is dropped.")
  public static void setRandom(
      GpuImage source,
      @Param(value = "0", doc = "lower end of the range") float minimumValue,
      @Param(value = "1", doc = "upper end of the range (not reached)") float maximumValue,
      @Param(value = "0", doc = "seed, a whole number (e.g. getTime())") double seed) {
    OpSupport.requireNotNull("setRandom", "source", source);
    if (!Double.isFinite(seed)) {
      throw new FoveaException.InvalidArgument("setRandom: seed must be finite, got " + seed);
    }
    long s = (long) seed;
    OpSupport.kernel(source.gpu(), "set_random.cl", "set_random")
        .image("dst", source)
        .size(source)
        .arg("seedLo", (int) s)
        .arg("seedHi", (int) (s >>> 32))
        .arg("minimum", minimumValue)
        .arg("maximum", maximumValue)
        .run(source.width(), source.height(), source.depth());
  }

  // ------------------------------------------------------------------ pixel_math.cl

  // the op values of pixel_math.cl's math_images
  private static final int ABSOLUTE_DIFFERENCE = 0;
  private static final int SQUARED_DIFFERENCE = 1;
  private static final int DIVIDE = 2;
  static final int MASK = 3;

  // the op values of pixel_math.cl's math_image
  private static final int SCALAR_MINUS = 0;
  private static final int LOGARITHM = 1;
  private static final int EXPONENTIAL = 2;
  private static final int NEGATE = 3;
  private static final int UNDEFINED_TO_ZERO = 4;

  /** dst = src0 (op) src1 with pixel_math.cl's math_images; op is one of its op values. */
  static void mathImages(int op, GpuImage a, GpuImage b, GpuImage dst) {
    withSecond(
        a,
        b,
        b1 -> runPixelwise(pixelwise("pixel_math.cl", "math_images", dst, a, b1).arg("op", op), a));
  }

  /** dst = op(src, scalar) with pixel_math.cl's math_image. */
  private static void mathImage(int op, GpuImage src, GpuImage dst, float scalar) {
    runPixelwise(
        pixelwise("pixel_math.cl", "math_image", dst, src).arg("op", op).arg("s", scalar), src);
  }

  /** Checks and allocates a float32 output (unless a destination is passed) for one input. */
  private static GpuImage floatOutput(String op, GpuImage src, GpuImage dst) {
    OpSupport.requireNotNull(op, "src", src);
    return OpSupport.outputLike(op, src, dst, PixelType.FLOAT32);
  }

  @Op(
      name = "subtractImageFromScalar",
      category = Category.ARITHMETIC,
      doc = "Subtracts every pixel from a scalar: dst = scalar − src.",
      kernels = "pixel_math.cl",
      tolerance = "exact (float subtraction, then saturating round-half-even conversion)",
      imagej = "Edit > Invert is 255 − src for 8-bit images (the case scalar = 255)",
      notes = "The result has the type of src (as CLIJ2); negative results saturate at 0.")
  public static GpuImage subtractImageFromScalar(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "the value the pixels are subtracted from") float scalar) {
    dst = oneInput("subtractImageFromScalar", src, dst);
    mathImage(SCALAR_MINUS, src, dst, scalar);
    return dst;
  }

  @Op(
      name = "absoluteDifference",
      category = Category.ARITHMETIC,
      doc = "Absolute difference of two images: dst = |src0 − src1|.",
      kernels = "pixel_math.cl",
      tolerance = "exact (float math, then saturating round-half-even conversion)",
      imagej = "Process > Image Calculator > Difference",
      notes = PAIR_SHAPES + " " + "The result has the type of src0 (as CLIJ2).")
  public static GpuImage absoluteDifference(GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    dst = twoInputs("absoluteDifference", src0, src1, dst);
    mathImages(ABSOLUTE_DIFFERENCE, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "squaredDifference",
      category = Category.ARITHMETIC,
      doc = "Squared difference of two images: dst = (src0 − src1)².",
      kernels = "pixel_math.cl",
      tolerance = "exact (float math, then saturating round-half-even conversion)",
      notes =
          PAIR_SHAPES
              + " "
              + "The result has the type of src0 (as CLIJ2): large squares saturate in uint8/16.")
  public static GpuImage squaredDifference(GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    dst = twoInputs("squaredDifference", src0, src1, dst);
    mathImages(SQUARED_DIFFERENCE, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "divideImages",
      category = Category.ARITHMETIC,
      doc = "Pixel-wise quotient of two images: dst = src0 / src1.",
      kernels = "pixel_math.cl",
      tolerance = "float32: OpenCL's single-precision division (≤ 2.5 ulp; 1e-6 relative)",
      imagej = "Process > Image Calculator > Divide with 32-bit (float) result",
      notes =
          PAIR_SHAPES
              + " "
              + "The result is float32 (as CLIJ2) unless a destination of another type is passed;"
              + " x/0 gives ±∞ (NaN for 0/0), as in ImageJ with 'divide by zero' left at"
              + " infinity.")
  public static GpuImage divideImages(
      GpuImage src0, GpuImage src1, @Out(type = "float32") GpuImage dst) {
    dst = twoInputs("divideImages", src0, src1, dst, PixelType.FLOAT32);
    mathImages(DIVIDE, src0, src1, dst);
    return dst;
  }

  @Op(
      name = "logarithm",
      category = Category.ARITHMETIC,
      doc = "Natural logarithm of every pixel: dst = ln(src).",
      kernels = "pixel_math.cl",
      tolerance = "float32: OpenCL's log (≤ 3 ulp; 1e-6 relative)",
      imagej = "Process > Math > Log (32-bit images)",
      notes = "The result is float32 (as CLIJ2); ln(0) = −∞ and ln(x < 0) = NaN.")
  public static GpuImage logarithm(GpuImage src, @Out(type = "float32") GpuImage dst) {
    dst = floatOutput("logarithm", src, dst);
    mathImage(LOGARITHM, src, dst, 0);
    return dst;
  }

  @Op(
      name = "exponential",
      category = Category.ARITHMETIC,
      doc = "Exponential of every pixel: dst = e^src.",
      kernels = "pixel_math.cl",
      tolerance = "float32: OpenCL's exp (≤ 3 ulp; 1e-6 relative)",
      imagej = "Process > Math > Exp (32-bit images)",
      notes = "The result is float32 (as CLIJ2); values above about 88.7 give +∞.")
  public static GpuImage exponential(GpuImage src, @Out(type = "float32") GpuImage dst) {
    dst = floatOutput("exponential", src, dst);
    mathImage(EXPONENTIAL, src, dst, 0);
    return dst;
  }

  @Op(
      name = "invert",
      category = Category.ARITHMETIC,
      doc = "Negates every pixel: dst = −src.",
      kernels = "pixel_math.cl",
      tolerance = "exact",
      imagej = "Process > Math > Multiply by −1 (32-bit images; not Edit > Invert)",
      notes =
          "The result is float32 (as CLIJ2). For binary images use binaryNot; ImageJ's Edit >"
              + " Invert (max − src) is subtractImageFromScalar.")
  public static GpuImage invert(GpuImage src, @Out(type = "float32") GpuImage dst) {
    dst = floatOutput("invert", src, dst);
    mathImage(NEGATE, src, dst, 0);
    return dst;
  }

  @Op(
      name = "undefinedToZero",
      category = Category.ARITHMETIC,
      doc = "Copies an image with NaN and ±∞ pixels replaced by 0.",
      kernels = "pixel_math.cl",
      tolerance = "exact",
      notes = "Integer images have no undefined values and are copied unchanged.")
  public static GpuImage undefinedToZero(GpuImage src, @Out GpuImage dst) {
    dst = oneInput("undefinedToZero", src, dst);
    mathImage(UNDEFINED_TO_ZERO, src, dst, 0);
    return dst;
  }

  // ------------------------------------------------------------------ set.cl: lines, ramps

  /** An image axis: the row/column/plane of {@link #setIndex} and the ramp of {@link #setRamp}. */
  public enum Axis implements OpVariant {
    @Doc("X")
    X,
    @Doc("Y")
    Y,
    @Doc("Z")
    Z;
  }

  /** The lines/planes of an image that setColumn, setRow and setPlane set, by their axis. */
  public enum Line implements OpVariant {
    @Doc("column (all pixels with x = index, in every slice)")
    Column,
    @Doc("row (all pixels with y = index, in every slice)")
    Row,
    @Doc("plane (all pixels with z = index)")
    Plane;
  }

  @Op(
      name = "set{}",
      category = Category.ARITHMETIC,
      doc = "Sets one {doc} of an image to a value, in place.",
      kernels = "set.cl",
      tolerance = "exact",
      notes =
          "Changes the given image (CLIJ2's set{}(source, index, value)); nothing is returned."
              + " The value is converted to the pixel type (saturating, rounding half to even;"
              + " CLIJ2 truncates). An index outside the image is an error.")
  public static void setIndex(
      Line line,
      GpuImage source,
      @Param(doc = "the index (from 0) of the line or plane") int index,
      @Param(value = "0", doc = "the value") float value) {
    String op = "set" + line.name();
    OpSupport.requireNotNull(op, "source", source);
    int axis = line.ordinal();
    int extent = axis == 0 ? source.width() : axis == 1 ? source.height() : source.depth();
    if (index < 0 || index >= extent) {
      throw new FoveaException.InvalidArgument(
          op
              + ": index "
              + index
              + " is outside "
              + source.describe()
              + " (0 to "
              + (extent - 1)
              + ")");
    }
    OpSupport.kernel(source.gpu(), "set.cl", "set_index")
        .image("dst", source)
        .size(source)
        .arg("axis", axis)
        .arg("index", index)
        .arg("value", value)
        .run(
            axis == 0 ? 1 : source.width(),
            axis == 1 ? 1 : source.height(),
            axis == 2 ? 1 : source.depth());
  }

  @Op(
      name = "setRamp{}",
      category = Category.ARITHMETIC,
      doc = "Sets every pixel of an image, in place, to its {doc} coordinate.",
      kernels = "set.cl",
      tolerance = "exact",
      notes =
          "Changes the given image (CLIJ2's setRamp{}(source)); nothing is returned. Coordinates"
              + " above the pixel type's maximum saturate (255 in uint8).")
  public static void setRamp(Axis axis, GpuImage source) {
    OpSupport.requireNotNull("setRamp" + axis.name(), "source", source);
    OpSupport.kernel(source.gpu(), "set.cl", "set_ramp")
        .image("dst", source)
        .size(source)
        .arg("axis", axis.ordinal())
        .run(source.width(), source.height(), source.depth());
  }

  // ------------------------------------------------------------------ matrices, slices

  @Op(
      name = "multiplyMatrix",
      category = Category.ARITHMETIC,
      doc = "Matrix product of two 2D images (pixel (x, y) = row y, column x).",
      dimensions = {2},
      kernels = "matrix.cl",
      tolerance = "exact against a float32 reference summing fused multiply-adds in order",
      notes =
          "matrix1 is n columns × m rows, matrix2 p columns × n rows; the result is p × m,"
              + " float32 (as CLIJ2) unless a destination of another type is passed.")
  public static GpuImage multiplyMatrix(
      GpuImage matrix1, GpuImage matrix2, @Out(type = "float32") GpuImage matrix_destination) {
    String op = "multiplyMatrix";
    OpSupport.requireNotNull(op, "matrix1", matrix1);
    OpSupport.requireNotNull(op, "matrix2", matrix2);
    OpSupport.require2D(op, matrix1);
    OpSupport.require2D(op, matrix2);
    if (matrix1.width() != matrix2.height()) {
      throw new FoveaException.InvalidArgument(
          op
              + ": matrix1 has "
              + matrix1.width()
              + " columns but matrix2 has "
              + matrix2.height()
              + " rows ("
              + matrix1.describe()
              + " × "
              + matrix2.describe()
              + ")");
    }
    int w = matrix2.width();
    int h = matrix1.height();
    GpuImage dst = OpSupport.output(op, matrix1, matrix_destination, w, h, 1, PixelType.FLOAT32);
    OpSupport.requireNotSame(op, matrix1, dst);
    OpSupport.requireNotSame(op, matrix2, dst);
    OpSupport.kernel(matrix1.gpu(), "matrix.cl", "multiply_matrix")
        .image("src0", matrix1)
        .image("src1", matrix2)
        .image("dst", dst)
        .arg("w", w)
        .arg("h", h)
        .arg("inner", matrix1.width())
        .run(w, h);
    return dst;
  }

  @Op(
      name = "equalizeMeanIntensitiesOfSlices",
      category = Category.ARITHMETIC,
      doc =
          "Multiplies every slice of a stack by mean(referenceSlice) / mean(slice), so that all"
              + " slices have the reference slice's mean.",
      dimensions = {3},
      kernels = "equalize_slices.cl",
      tolerance =
          "float32: the slice sums are float sums (1e-5 relative); integer outputs ±1 where the"
              + " product lies that close to a .5 rounding boundary",
      imagej = "Fiji's Bleach Correction 'Simple Ratio' (not in ImageJ 1.x)",
      notes =
          "The result has the type of the input (as CLIJ2), rounded half to even (CLIJ2"
              + " truncates). A slice whose pixels are all 0 stays 0.")
  public static GpuImage equalizeMeanIntensitiesOfSlices(
      GpuImage input,
      @Out GpuImage destination,
      @Param(value = "0", doc = "the slice (from 0) whose mean the others get")
          int referenceSlice) {
    String op = "equalizeMeanIntensitiesOfSlices";
    OpSupport.require3D(op, "input", input);
    int w = input.width();
    int h = input.height();
    int d = input.depth();
    if (referenceSlice < 0 || referenceSlice >= d) {
      throw new FoveaException.InvalidArgument(
          op + ": referenceSlice " + referenceSlice + " is outside " + input.describe());
    }
    destination = OpSupport.outputLike(op, input, destination);
    Gpu gpu = input.gpu();
    String file = "equalize_slices.cl";
    try (GpuImage sums = gpu.create(h, d, 1, PixelType.FLOAT32);
        GpuImage factors = gpu.create(d, 1, 1, PixelType.FLOAT32)) {
      OpSupport.kernel(gpu, file, "row_sums")
          .image("src", input)
          .arg("sums", sums)
          .size(input)
          .run(h, d);
      OpSupport.kernel(gpu, file, "slice_factors")
          .arg("sums", sums)
          .arg("factors", factors)
          .arg("h", h)
          .arg("d", d)
          .arg("ref", referenceSlice)
          .run(d);
      OpSupport.kernel(gpu, file, "scale_slices")
          .image("src", input)
          .image("dst", destination)
          .arg("factors", factors)
          .size(input)
          .run(w, h, d);
    }
    return destination;
  }
}
