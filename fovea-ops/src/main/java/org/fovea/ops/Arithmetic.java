package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;

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

  /** Checks and allocates for a two-image pixel-wise op (same shapes; output like the first). */
  static GpuImage twoInputs(String op, GpuImage a, GpuImage b, GpuImage dst) {
    OpSupport.requireNotNull(op, "src0", a);
    OpSupport.requireNotNull(op, "src1", b);
    OpSupport.requireSameShape(op, a, b);
    return OpSupport.outputLike(op, a, dst);
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
    runPixelwise(
        vectorDefines(
            OpSupport.kernel(a.gpu(), file, file.substring(0, file.length() - 3))
                .define("OPERATION", operation)
                .image("src0", a)
                .image("src1", b)
                .image("dst", dst),
            dst,
            a,
            b),
        a);
  }

  /** dst = max/min(src, scalar) with extremum_image_and_scalar.cl (OPERATION 0 max, 1 min). */
  private static void extremumScalarKernel(
      boolean maximum, GpuImage src, GpuImage dst, float scalar) {
    String file = "extremum_image_and_scalar.cl";
    scalarKernel(
        OpSupport.kernel(src.gpu(), file, "extremum_image_and_scalar")
            .define("OPERATION", maximum ? 0 : 1),
        src,
        dst,
        "scalar",
        scalar);
  }

  /**
   * A kernel (src, dst, float {@code param}, long n) whose name is its file's name; {@code param}
   * is the name of its scalar parameter.
   */
  private static void scalarKernel(
      String file, GpuImage src, GpuImage dst, String param, float scalar) {
    String name = file.substring(0, file.length() - 3);
    scalarKernel(OpSupport.kernel(src.gpu(), file, name), src, dst, param, scalar);
  }

  private static void scalarKernel(
      KernelCall call, GpuImage src, GpuImage dst, String param, float scalar) {
    runPixelwise(
        vectorDefines(call.image("src", src).image("dst", dst), dst, src).arg(param, scalar), src);
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
    OpSupport.requireNotNull("addImageAndScalar", "src", src);
    dst = OpSupport.outputLike("addImageAndScalar", src, dst);
    runPixelwise(
        vectorDefines(
                OpSupport.kernel(src.gpu(), "add_image_and_scalar.cl", "add_image_and_scalar")
                    .image("src", src)
                    .image("dst", dst),
                dst,
                src)
            .arg("scalar", scalar),
        src);
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
          "The sum is one fused multiply-add, so the result does not depend on the compiler"
              + " contracting multiply-adds (-cl-mad-enable).")
  public static GpuImage addImagesWeighted(
      GpuImage src0,
      GpuImage src1,
      @Out GpuImage dst,
      @Param(value = "1.0", doc = "weight of src0") float factor0,
      @Param(value = "1.0", doc = "weight of src1") float factor1) {
    dst = twoInputs("addImagesWeighted", src0, src1, dst);
    runPixelwise(
        vectorDefines(
                OpSupport.kernel(src0.gpu(), "add_images_weighted.cl", "add_images_weighted")
                    .image("src0", src0)
                    .image("src1", src1)
                    .image("dst", dst),
                dst,
                src0,
                src1)
            .arg("factor0", factor0)
            .arg("factor1", factor1),
        src0);
    return dst;
  }

  @Op(
      name = "addImages",
      category = Category.ARITHMETIC,
      doc = "Sum of two images: dst = src0 + src1.",
      kernels = "two_images.cl",
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
    runPixelwise(
        vectorDefines(
            OpSupport.kernel(src.gpu(), "absolute.cl", "absolute")
                .image("src", src)
                .image("dst", dst),
            dst,
            src),
        src);
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
}
