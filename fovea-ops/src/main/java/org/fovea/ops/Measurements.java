package org.fovea.ops;

import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/** Measurements of images that return numbers, computed on the GPU. */
public final class Measurements {
  private Measurements() {}

  @Op(
      name = "boundingBox",
      category = Category.MEASUREMENT,
      doc = "Bounding box of the non-zero pixels: x, y, z, width, height, depth (pixels).",
      kernels = "bounding_box.cl",
      results = {"x", "y", "z", "width", "height", "depth"},
      notes =
          "CLIJ2 semantics: width = maxX − minX + 1 etc.; for 2D images z = 0 and depth = 0. An"
              + " image without non-zero pixels gives all zeros. Computed by a two-stage min/max"
              + " reduction of the coordinates on the GPU (6 ints per work group come back).",
      imagej = "Edit > Selection > Create Selection on the mask, then the selection's bounds (2D)")
  public static double[] boundingBox(GpuImage src) {
    OpSupport.requireNotNull("boundingBox", "src", src);
    Gpu gpu = src.gpu();
    long n = src.pixelCount();
    int[] layout = GpuCaps.layout(gpu, n, Reductions.GROUP);
    int groups = layout[0];
    int group = layout[1];
    int[] p;
    try (GpuImage partial = gpu.create(6 * groups, 1, 1, PixelType.UINT32)) {
      OpSupport.kernel(gpu, "bounding_box.cl", "bounding_box_partial")
          .image("src", src)
          .arg("partial", partial)
          .size(src)
          .arg("n", n)
          .local("scratch", 6L * 4 * group)
          .define("CHUNKED", group == 1 ? 1 : 0)
          .runPadded(new long[] {(long) groups * group}, new long[] {group});
      p = (int[]) partial.pull();
    }
    int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    int[] hi = {-1, -1, -1};
    for (int g = 0; g < groups; g++) {
      for (int c = 0; c < 3; c++) {
        lo[c] = Math.min(lo[c], p[6 * g + c]);
        hi[c] = Math.max(hi[c], p[6 * g + 3 + c]);
      }
    }
    if (hi[0] < 0) return new double[6];
    boolean is3D = src.is3D();
    return new double[] {
      lo[0],
      lo[1],
      is3D ? lo[2] : 0,
      hi[0] - lo[0] + 1,
      hi[1] - lo[1] + 1,
      is3D ? hi[2] - lo[2] + 1 : 0
    };
  }
}
