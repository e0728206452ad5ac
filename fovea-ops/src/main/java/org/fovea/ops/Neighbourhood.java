package org.fovea.ops;

import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;

/**
 * Minimum and maximum over box neighbourhoods, as separable passes (x, then y, then z) in the
 * source pixel type, so results are exact for every type. The x pass reads through a local-memory
 * tile; the y and z passes handle 8 consecutive x pixels per work item with vector loads;
 * intermediates are scratch images of the source type reused across calls. Border rule: clamp to
 * edge (pixels outside the image take the value of the nearest edge pixel; for a minimum or maximum
 * this is the same as ignoring them). The ops ({@code minimum2DBox}, ...) are in {@link Filters}.
 */
final class Neighbourhood {
  private Neighbourhood() {}

  /** Box maximum ({@code maximum}) or minimum with the kernels of extremum_box.cl. */
  static GpuImage extremum(
      String op, boolean maximum, GpuImage src, GpuImage dst, int[] radii, boolean is2D) {
    Filters.checkRadii(op, radii);
    OpSupport.requireNotNull(op, "src", src);
    if (is2D) OpSupport.require2D(op, src);
    GpuImage out = OpSupport.outputLike(op, src, dst);
    if (FusedSeparable.run(
        src, out, radii, null, maximum ? FusedSeparable.MAXIMUM : FusedSeparable.MINIMUM)) {
      return out;
    }
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
            boxKernel("extremum_box_yz_v8", maximum, in, o)
                .arg("radius", r)
                .arg("axis", axis)
                .size(in)
                .runPadded(new long[] {(w + 7) / 8, h, d}, new long[] {16, 16, 1});
          } else if (r <= Filters.MAX_TILED_RADIUS) {
            boxKernel("extremum_box_x_tiled", maximum, in, o)
                .arg("radius", r)
                .size(in)
                .local("tile", 4L * in.type().bytes() * (64 + 2L * r))
                .runPadded(new long[] {w, h, d}, new long[] {64, 4, 1});
          } else {
            boxKernel("extremum_box_axis", maximum, in, o)
                .arg("radius", r)
                .arg("axis", axis)
                .size(in)
                .runPadded(new long[] {w, h, d}, new long[] {32, 8, 1});
          }
        });
    return out;
  }

  /** A launch of {@code kernel} of extremum_box.cl (OPERATION 0 maximum, 1 minimum), in → out. */
  private static KernelCall boxKernel(String kernel, boolean maximum, GpuImage in, GpuImage out) {
    return Arithmetic.vectorDefines(
        OpSupport.kernel(in.gpu(), "extremum_box.cl", kernel)
            .define("OPERATION", maximum ? 0 : 1)
            .image("src", in)
            .image("dst", out),
        out,
        in);
  }
}
