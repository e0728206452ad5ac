package org.fovea.ops;

import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;

/**
 * Projections of a 3D stack along z into a 2D image. One work item per (x, y) walks down the stack;
 * neighbouring work items read neighbouring pixels of every slice (coalesced).
 */
public final class Projections {
  private Projections() {}

  private static final String RESLICE_CL = "reslice.cl";

  private static final String Z_ON_2D =
      "A 2D image is a stack of one slice: the projection is its copy (as CLIJ2 2.5.3.1).";

  /**
   * Runs the projection kernel of {@code file} (named as the file); {@code define}, when not null,
   * is set to {@code value} to select the variant of a kernel shared by several ops.
   */
  private static GpuImage project(
      String op,
      String file,
      String define,
      int value,
      GpuImage src,
      GpuImage dst,
      PixelType naturalType) {
    OpSupport.requireNotNull(op, "src", src);
    dst =
        OpSupport.output(
            op, src, dst, src.width(), src.height(), 1, dst == null ? naturalType : dst.type());
    long plane = (long) src.width() * src.height();
    String kernel = file.substring(0, file.length() - 3);
    // 8 pixels per work item with vector loads when every slice starts on a multiple of 8 pixels
    boolean vectorized = plane % Arithmetic.PIXELS_PER_ITEM == 0;
    KernelCall k =
        OpSupport.kernel(file, kernel, src, dst).define("VECTORIZED", vectorized ? 1 : 0);
    if (define != null) k.define(define, value);
    if (vectorized) {
      k.define("VSRC_T", Arithmetic.vec(src))
          .define("VDST_T", Arithmetic.vec(dst))
          .define(
              "CONVERT_VDST_T(x)",
              dst.type().isFloatingPoint()
                  ? "convert_float8(x)"
                  : "convert_" + Arithmetic.vec(dst) + "_sat_rte(x)");
    }
    long items = vectorized ? plane / Arithmetic.PIXELS_PER_ITEM : plane;
    k.arg("plane", plane)
        .arg("depth", src.depth())
        .runPadded(new long[] {items}, new long[] {Arithmetic.GROUP});
    return dst;
  }

  @Op(
      name = "maximumZProjection",
      category = Category.PROJECTION,
      doc = "Maximum intensity projection along z: a 2D image of the brightest pixel of each ray.",
      dimensions = {2, 3},
      kernels = "extremum_z_projection.cl",
      notes = Z_ON_2D,
      tolerance = "exact",
      imagej = "Image > Stacks > Z Project... (Max Intensity): identical")
  public static GpuImage maximumZProjection(GpuImage src, @Out GpuImage dst) {
    return project(
        "maximumZProjection", "extremum_z_projection.cl", "OPERATION", 0, src, dst, src.type());
  }

  @Op(
      name = "minimumZProjection",
      category = Category.PROJECTION,
      doc = "Minimum intensity projection along z.",
      dimensions = {2, 3},
      kernels = "extremum_z_projection.cl",
      notes = Z_ON_2D,
      tolerance = "exact",
      imagej = "Image > Stacks > Z Project... (Min Intensity): identical")
  public static GpuImage minimumZProjection(GpuImage src, @Out GpuImage dst) {
    return project(
        "minimumZProjection", "extremum_z_projection.cl", "OPERATION", 1, src, dst, src.type());
  }

  @Op(
      name = "meanZProjection",
      category = Category.PROJECTION,
      doc = "Mean along z, as a float32 image.",
      dimensions = {2, 3},
      kernels = "sum_z_projection.cl",
      notes = Z_ON_2D,
      tolerance =
          "float32 sum from z = 0 up, divided by the depth: within 1e-6 relative + 1e-6·max|src|"
              + " absolute of the exact mean (OpenCL's division may be off by 2.5 ulp)",
      imagej =
          "Image > Stacks > Z Project... (Average Intensity): same float accumulation order;"
              + " equal within 1e-6 relative on float stacks; on 8/16-bit stacks ImageJ 1.54p"
              + " rounds the mean half up into the input type (within 0.5 of Fovea's float mean)")
  public static GpuImage meanZProjection(GpuImage src, @Out(type = "float32") GpuImage dst) {
    return project(
        "meanZProjection", "sum_z_projection.cl", "MEAN", 1, src, dst, PixelType.FLOAT32);
  }

  @Op(
      name = "sumZProjection",
      category = Category.PROJECTION,
      doc = "Sum along z, as a float32 image.",
      dimensions = {2, 3},
      kernels = "sum_z_projection.cl",
      notes = Z_ON_2D,
      tolerance =
          "float32 accumulation from z = 0 up: within depth·2^-24 relative to Σ|src| of the"
              + " exact sum (exact for integer sums below 2^24)",
      imagej = "Image > Stacks > Z Project... (Sum Slices): same float accumulation, identical")
  public static GpuImage sumZProjection(GpuImage src, @Out(type = "float32") GpuImage dst) {
    return project("sumZProjection", "sum_z_projection.cl", "MEAN", 0, src, dst, PixelType.FLOAT32);
  }

  @Op(
      name = "standardDeviationZProjection",
      category = Category.PROJECTION,
      doc = "Sample standard deviation along z (divides by n − 1), as a float32 image.",
      dimensions = {3},
      kernels = "standard_deviation_z_projection.cl",
      tolerance =
          "Welford's update in float32: within 1e-5 relative + 1e-5·max|src| absolute of the"
              + " exact value",
      imagej =
          "Image > Stacks > Z Project... (Standard Deviation), which uses doubles and n − 1:"
              + " within the same tolerance")
  public static GpuImage standardDeviationZProjection(
      GpuImage src, @Out(type = "float32") GpuImage dst) {
    OpSupport.requireNotNull("standardDeviationZProjection", "src", src);
    OpSupport.require3D("standardDeviationZProjection", src);
    return project(
        "standardDeviationZProjection",
        "standard_deviation_z_projection.cl",
        null,
        0,
        src,
        dst,
        PixelType.FLOAT32);
  }

  @Op(
      name = "medianZProjection",
      category = Category.PROJECTION,
      doc = "Median along z; for an even number of slices the mean of the two middle values.",
      dimensions = {3},
      kernels = "median_z_projection.cl",
      tolerance = "exact (odd depth); even depth: the mean of the two middle values in float32",
      imagej =
          "Image > Stacks > Z Project... (Median) (ZProjector, which also averages the two middle"
              + " values of an even stack): exact on float32 stacks, tested in ProjectionsMedianTest",
      notes =
          "The output has the source type (as CLIJ2); an integer mean of two middle values is"
              + " rounded half to even (ImageJ's 8/16-bit projection may round a .5 otherwise)."
              + " depth² comparisons per pixel (no per-pixel buffer, so any depth fits): for deep"
              + " stacks, slower than the other projections.")
  public static GpuImage medianZProjection(GpuImage src, @Out GpuImage dst) {
    OpSupport.require3D("medianZProjection", "src", src);
    dst = OpSupport.output("medianZProjection", src, dst, src.width(), src.height(), 1, src.type());
    long plane = (long) src.width() * src.height();
    OpSupport.kernel("median_z_projection.cl", "median_z_projection", src, dst)
        .arg("plane", plane)
        .arg("depth", src.depth())
        .runPadded(new long[] {plane}, new long[] {Arithmetic.GROUP});
    return dst;
  }

  @Op(
      name = "maximumXProjection",
      category = Category.PROJECTION,
      doc = "Maximum along X: output d×h, dst(z, y) = max over x of src(x, y, z).",
      dimensions = {2, 3},
      kernels = RESLICE_CL,
      imagej = "Reslice from Left, then Image > Stacks > Z Project (Max), transposed (exact)",
      notes = "A 2D image is one slice: the result is 1×h, each row's maximum (as CLIJ2 2.5.3.1).")
  public static GpuImage maximumXProjection(GpuImage src, @Out GpuImage dst) {
    OpSupport.requireNotNull("maximumXProjection", "src", src);
    dst = OpSupport.copyOutput("maximumXProjection", src, dst, src.depth(), src.height(), 1);
    Geometry.launch(
        OpSupport.kernel(RESLICE_CL, "maximum_x_projection", src, dst).size(src),
        src.depth(),
        src.height());
    return dst;
  }

  @Op(
      name = "maximumYProjection",
      category = Category.PROJECTION,
      doc = "Maximum along Y: output w×d, dst(x, z) = max over y of src(x, y, z).",
      dimensions = {2, 3},
      kernels = RESLICE_CL,
      imagej = "Reslice from Top, then Image > Stacks > Z Project (Max) (exact)",
      notes =
          "A 2D image is one slice: the result is w×1, each column's maximum (as CLIJ2 2.5.3.1;"
              + " clij2-docs' jaccard_matrix.ijm takes a matrix's column maxima so).")
  public static GpuImage maximumYProjection(GpuImage src, @Out GpuImage dst) {
    OpSupport.requireNotNull("maximumYProjection", "src", src);
    dst = OpSupport.copyOutput("maximumYProjection", src, dst, src.width(), src.depth(), 1);
    Geometry.launch(
        OpSupport.kernel(RESLICE_CL, "maximum_y_projection", src, dst).size(src),
        src.width(),
        src.depth());
    return dst;
  }

  // ------------------------------------------------------------------ CLIJ2's axis projections

  /** One launch of axis_projection (reslice.cl) over [t0, t1] along {@code axis}. */
  private static GpuImage axisProjection(
      String op, GpuImage src, GpuImage dst, int axis, int t0, int t1, int operation) {
    int w = src.width(), h = src.height(), d = src.depth();
    int ow = axis == 0 ? d : w;
    int oh = axis == 1 ? d : h;
    PixelType natural = operation == 2 ? PixelType.FLOAT32 : src.type();
    dst = OpSupport.output(op, src, dst, ow, oh, 1, natural);
    OpSupport.requireNotSame(op, src, dst);
    Geometry.launch(
        OpSupport.kernel(RESLICE_CL, "axis_projection", src, dst)
            .size(src)
            .arg("axis", axis)
            .arg("t0", t0)
            .arg("t1", t1)
            .arg("operation", operation),
        ow,
        oh);
    return dst;
  }

  /** meanXProjection and meanYProjection. */
  public enum MeanAxis implements OpVariant {
    @Doc("x: output d×h, dst(z, y)")
    X,
    @Doc("y: output w×d, dst(x, z)")
    Y;
  }

  @Op(
      name = "mean{}Projection",
      category = Category.PROJECTION,
      doc = "Mean intensity projection along {doc} (CLIJ2's layout, as maximum{}Projection).",
      dimensions = {2, 3},
      kernels = RESLICE_CL,
      tolerance = "float32 sum from index 0 up, divided by the count: 1e-6 relative",
      notes =
          "Output float32, like meanZProjection (CLIJ2 writes the source type, truncating the"
              + " mean of integer images: up to 1 below Fovea's value). Equal to CLIJ2 2.5.3.1"
              + " on float images within the tolerance (tested).")
  public static GpuImage meanProjection(
      MeanAxis axis, GpuImage src, @Out(type = "float32") GpuImage dst) {
    String op = "mean" + axis.name() + "Projection";
    OpSupport.requireNotNull(op, "src", src);
    int len = axis == MeanAxis.X ? src.width() : src.height();
    return axisProjection(op, src, dst, axis.ordinal(), 0, len - 1, 2);
  }

  /** maximumZProjectionBounded, minimumZProjectionBounded, meanZProjectionBounded. */
  public enum Bounded implements OpVariant {
    @Doc("Maximum")
    maximum,
    @Doc("Minimum")
    minimum,
    @Doc("Mean")
    mean;
  }

  @Op(
      name = "{}ZProjectionBounded",
      category = Category.PROJECTION,
      doc = "{doc} intensity projection along z over the slices min_z..max_z (inclusive).",
      dimensions = {3},
      kernels = RESLICE_CL,
      tolerance = "maximum, minimum: exact; mean: float32 sum, 1e-6 relative",
      imagej =
          "Image > Stacks > Z Project… (Max, Min, Average) with start and stop slice min_z + 1,"
              + " max_z + 1: equal on float stacks (mean within 1e-6 relative; tested)",
      notes =
          "Slices are counted from 0; the range is clipped to the stack (as CLIJ2); an empty"
              + " range is an error. Maximum and minimum keep the source type; the mean is"
              + " float32, like meanZProjection (CLIJ2 writes the source type). CLIJ2 2.5.3.1's"
              + " meanZProjectionBounded divides the sum by the number of slices plus one (its"
              + " count starts at 1); Fovea divides by the number of slices, so CLIJ2's value is"
              + " Fovea's · n/(n + 1) (tested); the maximum equals CLIJ2's (tested); CLIJ2's"
              + " minimumZProjectionBounded kernel does not build on PoCL, so it is not compared.")
  public static GpuImage zProjectionBounded(
      Bounded which,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "first slice (0-based)") int min_z,
      @Param(value = "1000000", doc = "last slice (0-based, inclusive)") int max_z) {
    String op = which.name() + "ZProjectionBounded";
    OpSupport.require3D(op, "src", src);
    int z0 = Math.max(min_z, 0);
    int z1 = Math.min(max_z, src.depth() - 1);
    if (z0 > z1) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op
              + ": the slice range "
              + min_z
              + ".."
              + max_z
              + " holds no slice of a stack of depth "
              + src.depth());
    }
    if (dst == null && which == Bounded.mean) {
      dst = src.gpu().create(src.width(), src.height(), 1, PixelType.FLOAT32);
    }
    return axisProjection(op, src, dst, 2, z0, z1, which.ordinal());
  }

  // ------------------------------------------------------------------ extended depth of focus

  private static final String EDF_CL = "depth_of_focus.cl";

  private static final String EDF_NOTES =
      " The focus measure (float32) is blurred in x and y only (gaussianBlur3D with σ, σ, 0; σ"
          + " = 0 skips the blur); for each (x, y) the output takes the source pixel of the first"
          + " slice (from z = 0) with the largest blurred measure (a NaN never wins). Output of the"
          + " source type (as CLIJ2). Needs two float32 stacks of the source's size while it runs.";

  /**
   * The second half of every extended-depth-of-focus projection: blurs {@code focus} (float32, the
   * shape of {@code src}) in x and y, then copies each ray's pixel of the best-focused slice.
   */
  private static GpuImage selectInFocus(
      String op, GpuImage src, GpuImage focus, GpuImage dst, float sigma) {
    try (GpuImage blurred = Filters.gaussianBlur3D(focus, null, sigma, sigma, 0)) {
      long plane = (long) src.width() * src.height();
      OpSupport.kernel(src.gpu(), EDF_CL, "focus_select")
          .image("src", src)
          .arg("focus", blurred)
          .image("dst", dst)
          .arg("plane", plane)
          .arg("depth", src.depth())
          .runPadded(new long[] {plane}, new long[] {Arithmetic.GROUP});
    }
    return dst;
  }

  /** Checks the source and σ, then returns dst or a new w×h image of the source type. */
  private static GpuImage focusOutput(String op, GpuImage src, GpuImage dst, float sigma) {
    OpSupport.requireNotNull(op, "src", src);
    OpSupport.require3D(op, src);
    OpSupport.requireNonNegative(op, "sigma", sigma);
    return OpSupport.output(
        op, src, dst, src.width(), src.height(), 1, dst == null ? src.type() : dst.type());
  }

  @Op(
      name = "extendedDepthOfFocusVarianceProjection",
      category = Category.PROJECTION,
      doc =
          "Extended depth of focus: each pixel from the slice where the local variance (a"
              + " radiusX×radiusY ellipse within the slice) is largest.",
      dimensions = {3},
      kernels = {EDF_CL, Morphology.KERNELS},
      tolerance =
          "exact where the largest blurred variance of a ray exceeds the second by more than"
              + " float32 rounding (1e-4 relative); elsewhere either of the near-tied slices",
      border = "clamp to edge (variance and blur)",
      notes =
          "The focus measure is varianceSphere with radii radiusX, radiusY, 0 (the population"
              + " variance of the pixels with (dx/rx)² + (dy/ry)² ≤ 1 in the same slice)."
              + EDF_NOTES
              + " CLIJ2 2.5.3.1 computes the same steps (varianceSphere, gaussianBlur3D(σ, σ, 0),"
              + " the first z of the maximum, that slice's pixel): equal to it (tested).")
  public static GpuImage extendedDepthOfFocusVarianceProjection(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "2", doc = "variance radius in x (pixels)") int radiusX,
      @Param(value = "2", doc = "variance radius in y (pixels)") int radiusY,
      @Param(value = "10", doc = "σ of the blur of the focus measure, pixels") float sigma) {
    String op = "extendedDepthOfFocusVarianceProjection";
    dst = focusOutput(op, src, dst, sigma);
    Morphology.checkRadii(op, radiusX, radiusY, 0);
    try (GpuImage focus =
        Filters.spread(Filters.Spread.varianceSphere, src, null, radiusX, radiusY, 0)) {
      return selectInFocus(op, src, focus, dst, sigma);
    }
  }

  /** extendedDepthOfFocusSobelProjection, extendedDepthOfFocusTenengradProjection. */
  public enum FocusGradient implements OpVariant {
    Sobel("the Sobel gradient magnitude sqrt(gx² + gy²)"),
    Tenengrad("the Tenengrad measure gx² + gy² (the squared Sobel gradient)");

    private final String doc;

    FocusGradient(String doc) {
      this.doc = doc;
    }

    @Override
    public String doc() {
      return doc;
    }
  }

  @Op(
      name = "extendedDepthOfFocus{}Projection",
      category = Category.PROJECTION,
      doc =
          "Extended depth of focus: each pixel from the slice where {doc} within the slice is"
              + " largest.",
      dimensions = {3},
      kernels = {EDF_CL},
      tolerance =
          "exact where the largest blurred measure of a ray exceeds the second by more than"
              + " float32 rounding (1e-4 relative); elsewhere either of the near-tied slices",
      border = "clamp to edge (gradient and blur)",
      notes =
          "gx is the derivative (−1, 0, 1) along x smoothed with (1, 2, 1) along y, gy likewise,"
              + " both within the slice, in float32."
              + EDF_NOTES
              + " Sobel: equal to CLIJ2 2.5.3.1 (its sobelSliceBySlice, gaussianBlur3D(σ, σ, 0),"
              + " first z of the maximum; tested). Tenengrad: CLIJ2 2.5.3.1's"
              + " tenengradSliceBySlice is not a per-slice measure: measured with impulses, it is"
              + " gy² + gz² of the 3×3×3 Sobel operator (the derivative along y and along z, each"
              + " smoothed with (1, 2, 1) along the other two axes; gx is missing), so it mixes"
              + " the neighbouring slices and misses gradients along x; its projection therefore"
              + " differs from this one (tested: the model reproduces CLIJ2's measure exactly).")
  public static GpuImage extendedDepthOfFocusGradientProjection(
      FocusGradient measure,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "10", doc = "σ of the blur of the focus measure, pixels") float sigma) {
    String op = "extendedDepthOfFocus" + measure.name() + "Projection";
    dst = focusOutput(op, src, dst, sigma);
    try (GpuImage focus = src.gpu().createLike(src, PixelType.FLOAT32)) {
      Geometry.launch(
          OpSupport.kernel(src.gpu(), EDF_CL, "slice_gradient")
              .image("src", src)
              .image("dst", focus)
              .define("SQUARED", measure == FocusGradient.Tenengrad ? 1 : 0)
              .size(src),
          src);
      return selectInFocus(op, src, focus, dst, sigma);
    }
  }

  @Op(
      name = "depthColorProjection",
      category = Category.PROJECTION,
      doc =
          "Maximum projection coloured by depth: three planes (red, green, blue) holding the"
              + " lookup-table colour of the slice of each pixel's maximum, scaled by the maximum's"
              + " display intensity.",
      dimensions = {3},
      kernels = "depth_color_projection.cl",
      tolerance = "float32: 1e-6 relative; integer outputs rounded half to even",
      notes =
          "lut is an image lutWidth×1×3 (rows of red, green and blue; CLIJ2's form is an 8-bit"
              + " stack 256 wide). For the maximum m of a ray, first found at slice k from z = 0,"
              + " the colour is lut((255·k) div (depth − 1), clamped to the table) and each channel"
              + " is multiplied by clamp((m − minDisplayIntensity) / (maxDisplayIntensity −"
              + " minDisplayIntensity), 0, 1). The output is width×height×3 of the source type (as"
              + " CLIJ2): ImageJ receives a stack of three slices (red, green, blue; Image > Type >"
              + " RGB Color on an 8-bit result makes an RGB image, tested). CLIJ2 2.5.3.1 walks z in"
              + " float steps of depth/255 and takes the first step position of the maximum's slice"
              + " as its depth, so its table entry differs from Fovea's by at most 1 (measured: 5"
              + " slices give entries 0, 63, 127, 192, 255, Fovea 0, 63, 127, 191, 255); with a"
              + " table whose neighbouring entries differ by at most 1 the results agree within 1"
              + " (+ rounding: CLIJ2 truncates integer outputs; tested).")
  public static GpuImage depthColorProjection(
      GpuImage src,
      GpuImage lut,
      @Out GpuImage dst,
      @Param(value = "0", doc = "intensity shown black") float minDisplayIntensity,
      @Param(value = "255", doc = "intensity shown in the full table colour")
          float maxDisplayIntensity) {
    String op = "depthColorProjection";
    OpSupport.requireNotNull(op, "src", src);
    OpSupport.requireNotNull(op, "lut", lut);
    OpSupport.require3D(op, src);
    if (lut.height() != 1 || lut.depth() != 3) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op + ": the lookup table must be n×1×3 (red, green, blue rows), got " + lut.describe());
    }
    if (!(maxDisplayIntensity > minDisplayIntensity)) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op
              + ": maxDisplayIntensity ("
              + maxDisplayIntensity
              + ") must be above minDisplayIntensity ("
              + minDisplayIntensity
              + ")");
    }
    dst =
        OpSupport.output(
            op, src, dst, src.width(), src.height(), 3, dst == null ? src.type() : dst.type());
    OpSupport.requireNotSame(op, src, dst);
    long plane = (long) src.width() * src.height();
    OpSupport.kernel(src.gpu(), "depth_color_projection.cl", "depth_color")
        .image("src", src)
        .image("lut", lut)
        .image("dst", dst)
        .arg("plane", plane)
        .arg("depth", src.depth())
        .arg("lut_width", lut.width())
        .arg("lo", minDisplayIntensity)
        .arg("hi", maxDisplayIntensity)
        .runPadded(new long[] {plane}, new long[] {Arithmetic.GROUP});
    return dst;
  }
}
