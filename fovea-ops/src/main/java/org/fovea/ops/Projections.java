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
    OpSupport.require3D(op, "src", src);
    dst = OpSupport.output(op, src, dst, src.width(), src.height(), 1, naturalType);
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
      dimensions = {3},
      kernels = "extremum_z_projection.cl",
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
      dimensions = {3},
      kernels = "extremum_z_projection.cl",
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
      dimensions = {3},
      kernels = "sum_z_projection.cl",
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
      dimensions = {3},
      kernels = "sum_z_projection.cl",
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
      dimensions = {3},
      kernels = RESLICE_CL,
      imagej = "Reslice from Left, then Image > Stacks > Z Project (Max), transposed (exact)")
  public static GpuImage maximumXProjection(GpuImage src, @Out GpuImage dst) {
    OpSupport.require3D("maximumXProjection", "src", src);
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
      dimensions = {3},
      kernels = RESLICE_CL,
      imagej = "Reslice from Top, then Image > Stacks > Z Project (Max) (exact)")
  public static GpuImage maximumYProjection(GpuImage src, @Out GpuImage dst) {
    OpSupport.require3D("maximumYProjection", "src", src);
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
      dimensions = {3},
      kernels = RESLICE_CL,
      tolerance = "float32 sum from index 0 up, divided by the count: 1e-6 relative",
      notes =
          "Output float32, like meanZProjection (CLIJ2 writes the source type, truncating the"
              + " mean of integer images: up to 1 below Fovea's value). Equal to CLIJ2 2.5.3.1"
              + " on float images within the tolerance (tested).")
  public static GpuImage meanProjection(
      MeanAxis axis, GpuImage src, @Out(type = "float32") GpuImage dst) {
    String op = "mean" + axis.name() + "Projection";
    OpSupport.require3D(op, "src", src);
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
}
