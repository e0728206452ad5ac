package org.fovea.ops;

import org.fovea.core.GpuImage;

/**
 * Minimum and maximum over box neighbourhoods, as separable passes (x, then y, then z) in the
 * source pixel type, so results are exact for every type. The x pass reads through a local-memory
 * tile. Border rule: clamp to edge (pixels outside the image take the value of the nearest edge
 * pixel; for min/max this is the same as ignoring them).
 */
public final class Neighbourhood {
  private Neighbourhood() {}

  private static GpuImage extremum(
      String op, String name, GpuImage src, GpuImage dst, int[] radii, boolean is2D) {
    Filters.checkRadii(op, radii);
    OpSupport.requireNotNull(op, "src", src);
    if (is2D) OpSupport.require2D(op, src);
    GpuImage out = OpSupport.outputLike(op, src, dst);
    String file = name + "_box.cl";
    Filters.separable(
        src,
        out,
        radii,
        src.type(),
        (in, o, axis, last) -> {
          int r = radii[axis];
          int w = in.width();
          int h = in.height();
          int d = in.depth();
          if (axis > 0) {
            Arithmetic.vectorDefines(
                    OpSupport.kernel(src.gpu(), file, name + "_box_yz_v8")
                        .image("src", in)
                        .image("dst", o),
                    o,
                    in)
                .arg(r)
                .arg(axis)
                .arg(w)
                .arg(h)
                .arg(d)
                .runPadded(new long[] {(w + 7) / 8, h, d}, new long[] {16, 16, 1});
          } else if (r <= Filters.MAX_TILED_RADIUS) {
            Arithmetic.vectorDefines(
                    OpSupport.kernel(src.gpu(), file, name + "_box_x_tiled")
                        .image("src", in)
                        .image("dst", o),
                    o,
                    in)
                .arg(r)
                .arg(w)
                .arg(h)
                .arg(d)
                .local(4L * in.type().bytes() * (64 + 2L * r))
                .runPadded(new long[] {w, h, d}, new long[] {64, 4, 1});
          } else {
            Arithmetic.vectorDefines(
                    OpSupport.kernel(src.gpu(), file, name + "_box_axis")
                        .image("src", in)
                        .image("dst", o),
                    o,
                    in)
                .arg(r)
                .arg(axis)
                .arg(w)
                .arg(h)
                .arg(d)
                .runPadded(new long[] {w, h, d}, new long[] {32, 8, 1});
          }
        });
    return out;
  }

  @Op(
      name = "minimum2DBox",
      category = Category.MORPHOLOGY,
      doc = "Minimum over a (2·radiusX+1)×(2·radiusY+1) box around each pixel (separable).",
      dimensions = {2},
      kernels = "minimum_box.cl",
      tolerance = "exact",
      border = "clamp to edge",
      imagej =
          "Process > Filters > Minimum with radius 1: identical (ImageJ's circular kernel of"
              + " radius 1 is the 3×3 box and it also pads with edge pixels); other radii: ImageJ's"
              + " kernel is circular, so only the CPU box reference applies")
  public static GpuImage minimum2DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY) {
    return extremum("minimum2DBox", "minimum", src, dst, new int[] {radiusX, radiusY}, true);
  }

  @Op(
      name = "minimum3DBox",
      category = Category.MORPHOLOGY,
      doc = "Minimum over a box of (2·radiusX+1)×(2·radiusY+1)×(2·radiusZ+1) voxels (separable).",
      kernels = "minimum_box.cl",
      tolerance = "exact",
      border = "clamp to edge",
      imagej = "Process > Filters > Minimum 3D uses an ellipsoid: CPU box reference only")
  public static GpuImage minimum3DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY,
      @Param(value = "1", doc = "half width along z") int radiusZ) {
    return extremum(
        "minimum3DBox", "minimum", src, dst, new int[] {radiusX, radiusY, radiusZ}, false);
  }

  @Op(
      name = "maximum2DBox",
      category = Category.MORPHOLOGY,
      doc = "Maximum over a (2·radiusX+1)×(2·radiusY+1) box around each pixel (separable).",
      dimensions = {2},
      kernels = "maximum_box.cl",
      tolerance = "exact",
      border = "clamp to edge",
      imagej =
          "Process > Filters > Maximum with radius 1: identical (ImageJ's circular kernel of"
              + " radius 1 is the 3×3 box and it also pads with edge pixels); other radii: ImageJ's"
              + " kernel is circular, so only the CPU box reference applies")
  public static GpuImage maximum2DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY) {
    return extremum("maximum2DBox", "maximum", src, dst, new int[] {radiusX, radiusY}, true);
  }

  @Op(
      name = "maximum3DBox",
      category = Category.MORPHOLOGY,
      doc = "Maximum over a box of (2·radiusX+1)×(2·radiusY+1)×(2·radiusZ+1) voxels (separable).",
      kernels = "maximum_box.cl",
      tolerance = "exact",
      border = "clamp to edge",
      imagej = "Process > Filters > Maximum 3D uses an ellipsoid: CPU box reference only")
  public static GpuImage maximum3DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY,
      @Param(value = "1", doc = "half width along z") int radiusZ) {
    return extremum(
        "maximum3DBox", "maximum", src, dst, new int[] {radiusX, radiusY, radiusZ}, false);
  }
}
