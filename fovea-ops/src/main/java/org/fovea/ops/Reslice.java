package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.GpuImage;

/**
 * Reslicing (axis permutations of a stack, CLIJ2 semantics), radial reslicing, and the maximum
 * projections along X and Y.
 *
 * <p>Axis conventions (source w×h×d; "dst(a, b, c) = src(x, y, z)" lists destination coordinates x,
 * y, z):
 *
 * <ul>
 *   <li>resliceTop: w×d×h, dst(x, z, y) = src(x, y, z) — every output slice is one XZ plane, top
 *       row first;
 *   <li>resliceBottom: w×d×h, dst(x, z, h−1−y) = src(x, y, z) — bottom row first;
 *   <li>resliceLeft: h×d×w, dst(y, z, x) = src(x, y, z) — every output slice is one YZ plane, left
 *       column first;
 *   <li>resliceRight: h×d×w, dst(y, z, w−1−x) = src(x, y, z) — right column first.
 * </ul>
 */
public final class Reslice {
  private Reslice() {}

  private static final String CL = "reslice.cl";

  @Op(
      name = "resliceTop",
      category = Category.GEOMETRY,
      doc = "Reslices a stack from the top: output w×d×h, dst(x, z, y) = src(x, y, z).",
      dimensions = {3},
      kernels = CL,
      imagej =
          "Image > Stacks > Reslice [/], start at Top, no flip/rotate, avoid interpolation"
              + " (Slicer; exact)")
  public static GpuImage resliceTop(GpuImage src, @Out GpuImage dst) {
    return permute("resliceTop", "reslice_top", src, dst, true);
  }

  @Op(
      name = "resliceBottom",
      category = Category.GEOMETRY,
      doc = "Reslices a stack from the bottom: output w×d×h, dst(x, z, h−1−y) = src(x, y, z).",
      dimensions = {3},
      kernels = CL,
      imagej =
          "Image > Stacks > Reslice [/], start at Bottom, no flip/rotate, avoid interpolation"
              + " (Slicer; exact)")
  public static GpuImage resliceBottom(GpuImage src, @Out GpuImage dst) {
    return permute("resliceBottom", "reslice_bottom", src, dst, true);
  }

  @Op(
      name = "resliceLeft",
      category = Category.GEOMETRY,
      doc = "Reslices a stack from the left: output h×d×w, dst(y, z, x) = src(x, y, z).",
      dimensions = {3},
      kernels = CL,
      imagej =
          "Image > Stacks > Reslice [/], start at Left, no flip/rotate, avoid interpolation"
              + " (Slicer; exact)")
  public static GpuImage resliceLeft(GpuImage src, @Out GpuImage dst) {
    return permute("resliceLeft", "reslice_left", src, dst, false);
  }

  @Op(
      name = "resliceRight",
      category = Category.GEOMETRY,
      doc = "Reslices a stack from the right: output h×d×w, dst(y, z, w−1−x) = src(x, y, z).",
      dimensions = {3},
      kernels = CL,
      imagej =
          "Image > Stacks > Reslice [/], start at Right, no flip/rotate, avoid interpolation"
              + " (Slicer; exact)")
  public static GpuImage resliceRight(GpuImage src, @Out GpuImage dst) {
    return permute("resliceRight", "reslice_right", src, dst, false);
  }

  private static GpuImage permute(
      String op, String kernel, GpuImage src, GpuImage dst, boolean topOrBottom) {
    OpSupport.requireNotNull(op, "src", src);
    OpSupport.require3D(op, src);
    int w = src.width();
    int h = src.height();
    int d = src.depth();
    dst =
        topOrBottom
            ? OpSupport.output(op, src, dst, w, d, h, src.type())
            : OpSupport.output(op, src, dst, h, d, w, src.type());
    Geometry.requireSameType(op, src, dst);
    OpSupport.requireNotSame(op, src, dst);
    Geometry.launch(
        OpSupport.kernel(src.gpu(), CL, kernel).image("src", src).image("dst", dst).size(src), dst);
    return dst;
  }

  @Op(
      name = "resliceRadial",
      category = Category.GEOMETRY,
      doc =
          "Radial reslice: output slice a is, for every z, the line profile from the centre"
              + " outwards at angle startAngle + a·angleStepSize.",
      kernels = CL,
      tolerance = "|Δ| ≤ 1e-3 + 1e-5·|v| (float32 interpolation vs double), ≤ 1 integer types",
      border = "interpolation neighbours outside the image contribute 0 (CLIJ2's sampler)",
      imagej = "similar to Image > Stacks > Radial Reslice (CLIJ2 resliceRadial semantics)",
      notes =
          "Output radius×d×angles with radius = (int)√((w/2)²+(h/2)²) (integer halves),"
              + " angles = (int)(numberOfAngles/angleStepSize), unless dst is given (then its"
              + " width and depth are used; its height must be d). dst(r, z, a) = bilinear"
              + " interpolation of src at (centerX + sin(θ)·r·scaleFactorX, centerY +"
              + " cos(θ)·r·scaleFactorY, z) in index coordinates (pixel centres at integers),"
              + " θ = startAngle + a·angleStepSize degrees, so θ = 0 points along +Y and 90° along"
              + " +X. The centre defaults (NaN) to (w/2, h/2) in float, as in CLIJ2.")
  public static GpuImage resliceRadial(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "360", doc = "number of angles (divided by the step, as in CLIJ2)")
          int numberOfAngles,
      @Param(value = "1", doc = "angle step in degrees (> 0)") float angleStepSize,
      @Param(value = "0", doc = "angle of the first output slice, degrees") float startAngle,
      @Param(value = "NaN", doc = "centre X in index coordinates; NaN = w/2") float centerX,
      @Param(value = "NaN", doc = "centre Y in index coordinates; NaN = h/2") float centerY,
      @Param(value = "1", doc = "step along X per unit radius (anisotropic pixels)")
          float scaleFactorX,
      @Param(value = "1", doc = "step along Y per unit radius") float scaleFactorY) {
    String op = "resliceRadial";
    OpSupport.requireNotNull(op, "src", src);
    if (!(angleStepSize > 0) || Float.isInfinite(angleStepSize)) {
      throw new FoveaException.InvalidArgument(
          op + ": angleStepSize must be > 0, got " + angleStepSize);
    }
    if (numberOfAngles < 1) {
      throw new FoveaException.InvalidArgument(
          op + ": numberOfAngles must be ≥ 1, got " + numberOfAngles);
    }
    OpSupport.requireNotSame(op, src, dst);
    float cx = Float.isNaN(centerX) ? src.width() / 2.0f : centerX;
    float cy = Float.isNaN(centerY) ? src.height() / 2.0f : centerY;
    if (dst == null) {
      int[] s = radialSize(src, numberOfAngles, angleStepSize);
      dst = src.gpu().create(s[0], s[1], s[2], src.type());
    } else if (dst.height() != src.depth()) {
      throw new FoveaException.InvalidArgument(
          op
              + ": destination height must equal the source depth "
              + src.depth()
              + ", got "
              + dst.describe());
    }
    Geometry.launch(
        OpSupport.kernel(src.gpu(), CL, "reslice_radial")
            .image("src", src)
            .image("dst", dst)
            .size(src)
            .arg("nr", dst.width())
            .arg("na", dst.depth())
            .arg("deltaAngle", angleStepSize)
            .arg("startAngle", startAngle)
            .arg("cx", cx)
            .arg("cy", cy)
            .arg("sx", scaleFactorX)
            .arg("sy", scaleFactorY),
        dst);
    return dst;
  }

  /** The default output shape of {@link #resliceRadial}: {radius, depth, angles}. */
  public static int[] radialSize(GpuImage src, int numberOfAngles, float angleStepSize) {
    int angles = Math.max(1, (int) ((float) numberOfAngles / angleStepSize));
    int hw = src.width() / 2;
    int hh = src.height() / 2;
    int radius = Math.max(1, (int) Math.sqrt((double) hw * hw + (double) hh * hh));
    return new int[] {radius, src.depth(), angles};
  }

  @Op(
      name = "maximumXProjection",
      category = Category.PROJECTION,
      doc = "Maximum along X: output d×h, dst(z, y) = max over x of src(x, y, z).",
      dimensions = {3},
      kernels = CL,
      imagej = "Reslice from Left, then Image > Stacks > Z Project (Max), transposed (exact)")
  public static GpuImage maximumXProjection(GpuImage src, @Out GpuImage dst) {
    OpSupport.requireNotNull("maximumXProjection", "src", src);
    OpSupport.require3D("maximumXProjection", src);
    dst =
        OpSupport.output("maximumXProjection", src, dst, src.depth(), src.height(), 1, src.type());
    Geometry.requireSameType("maximumXProjection", src, dst);
    Geometry.launch(
        OpSupport.kernel(src.gpu(), CL, "maximum_x_projection")
            .image("src", src)
            .image("dst", dst)
            .size(src),
        src.depth(),
        src.height());
    return dst;
  }

  @Op(
      name = "maximumYProjection",
      category = Category.PROJECTION,
      doc = "Maximum along Y: output w×d, dst(x, z) = max over y of src(x, y, z).",
      dimensions = {3},
      kernels = CL,
      imagej = "Reslice from Top, then Image > Stacks > Z Project (Max) (exact)")
  public static GpuImage maximumYProjection(GpuImage src, @Out GpuImage dst) {
    OpSupport.requireNotNull("maximumYProjection", "src", src);
    OpSupport.require3D("maximumYProjection", src);
    dst = OpSupport.output("maximumYProjection", src, dst, src.width(), src.depth(), 1, src.type());
    Geometry.requireSameType("maximumYProjection", src, dst);
    Geometry.launch(
        OpSupport.kernel(src.gpu(), CL, "maximum_y_projection")
            .image("src", src)
            .image("dst", dst)
            .size(src),
        src.width(),
        src.depth());
    return dst;
  }
}
