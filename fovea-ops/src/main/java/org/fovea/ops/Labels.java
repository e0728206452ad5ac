package org.fovea.ops;

import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;

/**
 * Label maps: connected-components labeling and the ops that edit label maps. A label map is a
 * uint32 image on the GPU (0 = background, 1..n = objects); in ImageJ it arrives as a 32-bit image,
 * as CLIJ2's label maps do.
 */
public final class Labels {
  private Labels() {}

  static final String CCL = "labels/connected_components.cl";
  static final String CCL_INIT = "labels/ccl_init.cl";
  private static final int PER = 16;

  private static final String LABEL_MAP_NOTE =
      "Label maps are uint32 on the GPU (0 = background, labels 1..n without gaps); in ImageJ they"
          + " arrive as 32-bit images, as CLIJ2's do. Labels are numbered in CLIJ2's order: by"
          + " each object's first pixel in raster order (x fastest, then y, then z), so label"
          + " numbers match CLIJ2's. GPU parallel union-find (links always to the smaller index),"
          + " then a GPU prefix sum over the roots; no host loop.";

  @Op(
      name = "connectedComponentsLabelingBox",
      category = Category.LABELING,
      doc =
          "Labels the connected non-zero regions of a binary image, neighbours including diagonals"
              + " (8-connected in 2D, 26-connected in 3D).",
      kernels = {CCL_INIT, CCL},
      notes = LABEL_MAP_NOTE,
      imagej = "Analyze Particles… (8-connected) counts the same objects in 2D")
  public static GpuImage connectedComponentsLabelingBox(
      GpuImage binary_input, @Out(type = "uint32") GpuImage labeling_destination) {
    return label("connectedComponentsLabelingBox", binary_input, labeling_destination, true);
  }

  @Op(
      name = "connectedComponentsLabelingDiamond",
      category = Category.LABELING,
      doc =
          "Labels the connected non-zero regions of a binary image, neighbours sharing a face only"
              + " (4-connected in 2D, 6-connected in 3D).",
      kernels = {CCL_INIT, CCL},
      notes = LABEL_MAP_NOTE)
  public static GpuImage connectedComponentsLabelingDiamond(
      GpuImage binary_input, @Out(type = "uint32") GpuImage labeling_destination) {
    return label("connectedComponentsLabelingDiamond", binary_input, labeling_destination, false);
  }

  @Op(
      name = "connectedComponentsLabeling",
      category = Category.LABELING,
      doc =
          "Deprecated CLIJ2 alias of connectedComponentsLabelingBox (8-/26-connected labeling);"
              + " kept because many macros call it.",
      kernels = {CCL_INIT, CCL},
      notes = LABEL_MAP_NOTE)
  public static GpuImage connectedComponentsLabeling(
      GpuImage binary_input, @Out(type = "uint32") GpuImage labeling_destination) {
    return label("connectedComponentsLabeling", binary_input, labeling_destination, true);
  }

  /** Every pass after the first comes from one program build (no per-type variants). */
  private static KernelCall ccl(Gpu gpu, String kernel) {
    return OpSupport.kernel(gpu, CCL, kernel).define("PER", PER);
  }

  static GpuImage label(String op, GpuImage src, GpuImage dst, boolean box) {
    OpSupport.requireNotNull(op, "binary_input", src);
    dst = OpSupport.outputLike(op, src, dst, dst == null ? PixelType.UINT32 : dst.type());
    Gpu gpu = src.gpu();
    long n = src.pixelCount();
    if (n >= 0xFFFFFFFFL) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op + ": images of 2^32 - 1 pixels or more cannot be labelled (" + src.describe() + ")");
    }
    if (dst.type() != PixelType.UINT32) {
      try (GpuImage tmp = label(op, src, null, box)) {
        gpu.copy(tmp, dst);
      }
      return dst;
    }
    int group = GpuCaps.isCpu(gpu) ? 64 : 256;
    long chunk = (long) group * PER;
    int groups = (int) ((n + chunk - 1) / chunk);
    try (GpuImage parents = gpu.create(src.width(), src.height(), src.depth(), PixelType.UINT32);
        GpuImage counts = gpu.create(groups + 1, 1, 1, PixelType.UINT32)) {
      OpSupport.kernel(gpu, CCL_INIT, "ccl_init")
          .image("src", src)
          .arg(parents.clMem())
          .size(src)
          .run(src);
      ccl(gpu, "ccl_merge").arg(parents.clMem()).size(src).arg(box ? 1 : 0).run(src);
      ccl(gpu, "ccl_compress").arg(parents.clMem()).size(src).run(src);
      ccl(gpu, "ccl_count_roots")
          .arg(parents.clMem())
          .arg(counts.clMem())
          .arg(n)
          .local(4L * group)
          .runPadded(new long[] {(long) groups * group}, new long[] {group});
      ccl(gpu, "ccl_scan_counts")
          .arg(counts.clMem())
          .arg(groups)
          .local(4L * group)
          .runPadded(new long[] {group}, new long[] {group});
      ccl(gpu, "ccl_label_roots")
          .arg(parents.clMem())
          .arg(counts.clMem())
          .arg(dst.clMem())
          .arg(n)
          .local(4L * group)
          .runPadded(new long[] {(long) groups * group}, new long[] {group});
      ccl(gpu, "ccl_label_pixels").arg(parents.clMem()).arg(dst.clMem()).arg(n).run(n);
    }
    return dst;
  }
}
