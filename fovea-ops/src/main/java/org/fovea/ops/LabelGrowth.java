package org.fovea.ops;

import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Growing label maps into the background: dilateLabels and the Voronoi labelings. Every op here
 * repeats one GPU step (label_dilate.cl): a background pixel takes the largest label among its
 * neighbours, with the neighbourhood alternating box (8/26) and diamond (4/6), which grows labels
 * as octagons, as CLIJ2 does.
 */
public final class LabelGrowth {
  private LabelGrowth() {}

  static final String DILATE = "labels/label_dilate.cl";
  static final String ERODE = "labels/label_erode.cl";

  private static final String GROWTH_NOTE =
      "Label maps are uint32 on the GPU (32-bit images in ImageJ); output uint32 unless a"
          + " destination of another type is passed. Each step gives a background pixel the largest"
          + " label among its neighbours (where labels meet, the larger label wins); steps 1, 3,"
          + " 5, … use the box (8/26) neighbourhood, steps 2, 4, … the diamond (4/6), so labels"
          + " grow as octagons (2D) / their 3D analogue, as in CLIJ2. Labels never overwrite each"
          + " other. Recommended for isotropic images only.";

  /** Copies (converting) src into a fresh uint32 image. */
  private static GpuImage toLabels(GpuImage src) {
    GpuImage l = src.gpu().create(src.width(), src.height(), src.depth(), PixelType.UINT32);
    src.gpu().copy(src, l);
    return l;
  }

  /**
   * Grows the labels of {@code labels} (uint32, consumed: may be returned or closed) by {@code
   * steps} steps (or until nothing changes when steps < 0), only into non-zero pixels of mask when
   * mask is given. Returns the uint32 result.
   */
  private static GpuImage grow(GpuImage labels, GpuImage mask, long steps) {
    Gpu gpu = labels.gpu();
    GpuImage a = labels;
    GpuImage b = gpu.create(labels.width(), labels.height(), labels.depth(), PixelType.UINT32);
    try (GpuImage changed = gpu.create(1, 1, 1, PixelType.UINT32)) {
      for (long k = 0; steps < 0 || k < steps; k++) {
        if (steps < 0 && k % 2 == 0) gpu.fill(changed, 0);
        OpSupport.kernel(gpu, DILATE, "dilate_labels_step")
            .arg("src", a)
            .typeDefines("mask", mask == null ? PixelType.UINT32 : mask.type())
            .arg("mask", mask == null ? a : mask)
            .arg("dst", b)
            .size(a)
            .arg("box", k % 2 == 0 ? 1 : 0)
            .arg("useMask", mask == null ? 0 : 1)
            .arg("changed", changed)
            .run(a);
        GpuImage t = a;
        a = b;
        b = t;
        if (steps < 0 && k % 2 == 1 && ((int[]) changed.pull())[0] == 0) break;
      }
    } finally {
      b.close();
    }
    return a;
  }

  /** Writes the uint32 result into the destination (allocated uint32 when null). */
  private static GpuImage finish(String op, GpuImage like, GpuImage result, GpuImage dst) {
    if (dst == null) return result;
    try (result) {
      dst = OpSupport.outputLike(op, like, dst, dst.type());
      result.gpu().copy(result, dst);
      return dst;
    }
  }

  @Op(
      name = "dilateLabels",
      category = Category.LABELING,
      doc =
          "Grows every label by radius pixels into the background (a local maximum filter that"
              + " never overwrites labels).",
      kernels = DILATE,
      notes = GROWTH_NOTE + " The radius is truncated to an integer: that many steps.")
  public static GpuImage dilateLabels(
      GpuImage input,
      @Out(type = "uint32") GpuImage destination,
      @Param(value = "2", doc = "number of growth steps (pixels)") float radius) {
    String op = "dilateLabels";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    OpSupport.requireNonNegative(op, "radius", radius);
    if (destination != null) OpSupport.outputLike(op, input, destination, destination.type());
    return finish(op, input, grow(toLabels(input), null, (long) radius), destination);
  }

  @Op(
      name = "extendLabelingViaVoronoi",
      category = Category.LABELING,
      doc =
          "Grows the labels of a label map into the background until they touch (a Voronoi"
              + " tessellation with octagon-shaped growth); every pixel gets a label unless the"
              + " map has none.",
      kernels = DILATE,
      notes =
          GROWTH_NOTE
              + " Steps repeat until a pair of steps changes nothing (the host reads one flag"
              + " per pair).")
  public static GpuImage extendLabelingViaVoronoi(
      GpuImage input, @Out(type = "uint32") GpuImage destination) {
    String op = "extendLabelingViaVoronoi";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    if (destination != null) OpSupport.outputLike(op, input, destination, destination.type());
    return finish(op, input, grow(toLabels(input), null, -1), destination);
  }

  @Op(
      name = "voronoiLabeling",
      category = Category.LABELING,
      doc =
          "Labels the connected components of a binary image (8/26-connected, as"
              + " connectedComponentsLabelingBox), then grows the labels until they touch"
              + " (extendLabelingViaVoronoi).",
      kernels = {Labels.CCL_INIT, Labels.CCL, DILATE},
      notes = GROWTH_NOTE)
  public static GpuImage voronoiLabeling(
      GpuImage input, @Out(type = "uint32") GpuImage destination) {
    String op = "voronoiLabeling";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    if (destination != null) OpSupport.outputLike(op, input, destination, destination.type());
    GpuImage labels = Labels.label(op, input, null, true);
    return finish(op, input, grow(labels, null, -1), destination);
  }

  @Op(
      name = "maskedVoronoiLabeling",
      category = Category.LABELING,
      doc =
          "Labels the connected components of a binary image (8/26-connected), then grows the"
              + " labels until they touch, but only into the non-zero pixels of mask.",
      kernels = {Labels.CCL_INIT, Labels.CCL, DILATE},
      notes =
          GROWTH_NOTE
              + " Labelled pixels of input outside the mask keep their label; background outside"
              + " the mask stays 0.")
  public static GpuImage maskedVoronoiLabeling(
      GpuImage input, GpuImage mask, @Out(type = "uint32") GpuImage destination) {
    String op = "maskedVoronoiLabeling";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotNull(op, "mask", mask);
    OpSupport.requireSameShape(op, input, mask);
    OpSupport.requireNotSame(op, input, destination);
    OpSupport.requireNotSame(op, mask, destination);
    if (destination != null) OpSupport.outputLike(op, input, destination, destination.type());
    GpuImage labels = Labels.label(op, input, null, true);
    return finish(op, input, grow(labels, mask, -1), destination);
  }

  @Op(
      name = "erodeLabels",
      category = Category.LABELING,
      doc =
          "Shrinks every label: a gap is made where labels touch, then the labels are eroded;"
              + " labels that vanish are dropped and the rest renumbered. With relabel_islands,"
              + " the pieces a label falls into get a label each.",
      kernels = {ERODE, Labels.CCL_INIT, Labels.CCL, Labels.TABLE},
      notes =
          "CLIJ2's behaviour, checked against CLIJ2 2.5.3.1: radius ≤ 0 copies the input;"
              + " radius 1 keeps the pixels whose 4/6 neighbours inside the image all have the"
              + " same label; radius r ≥ 2 follows that step by r binary erosion steps"
              + " alternating diamond (4/6) and box (8/26) — so radius 1 shrinks by one pixel,"
              + " radius r ≥ 2 by r + 1 along the axes. Neighbours outside the image do not"
              + " erode. The result is renumbered 1..m by the raster order (x fastest) of each"
              + " label's first remaining pixel; with relabel_islands each 4/6-connected piece is"
              + " its own label, in the same order (connectedComponentsLabelingDiamond). Output"
              + " uint32 unless a destination of another type is passed. GPU: stencil passes,"
              + " GPU connected components, atomic minima and a prefix sum; no host loop.")
  public static GpuImage erodeLabels(
      GpuImage labels_input,
      @Out(type = "uint32") GpuImage labels_destination,
      @Param(value = "1", doc = "erosion radius (pixels)") float radius,
      @Param(value = "false", doc = "give every piece of a split label its own label")
          boolean relabel_islands) {
    String op = "erodeLabels";
    OpSupport.requireNotNull(op, "labels_input", labels_input);
    OpSupport.requireNotSame(op, labels_input, labels_destination);
    if (labels_destination != null) {
      OpSupport.outputLike(op, labels_input, labels_destination, labels_destination.type());
    }
    Gpu gpu = labels_input.gpu();
    GpuImage a = toLabels(labels_input);
    int steps = (int) radius;
    if (steps <= 0) return finish(op, labels_input, a, labels_destination);
    GpuImage b = gpu.create(a.width(), a.height(), a.depth(), PixelType.UINT32);
    try {
      OpSupport.kernel(gpu, ERODE, "erode_labels_gap").arg("src", a).arg("dst", b).size(a).run(a);
      GpuImage t = a;
      a = b;
      b = t;
      for (int k = 0; steps >= 2 && k < steps; k++) {
        OpSupport.kernel(gpu, ERODE, "erode_labels_step")
            .arg("src", a)
            .arg("dst", b)
            .size(a)
            .arg("box", k % 2 == 0 ? 0 : 1)
            .run(a);
        t = a;
        a = b;
        b = t;
      }
    } finally {
      b.close();
    }
    try (GpuImage eroded = a) {
      GpuImage islands = Labels.label(op, eroded, null, false);
      if (relabel_islands) return finish(op, labels_input, islands, labels_destination);
      try (islands) {
        return finish(op, labels_input, mergeIslands(op, eroded, islands), labels_destination);
      }
    }
  }

  /** Every label gets the rank (among labels) of its first island: its first pixel's order. */
  private static GpuImage mergeIslands(String op, GpuImage labels, GpuImage islands) {
    Gpu gpu = labels.gpu();
    long n = labels.pixelCount();
    int nl = Labels.labelCount(op, labels);
    int ni = Labels.labelCount(op, islands);
    int group = GpuCaps.isCpu(gpu) ? 64 : 256;
    GpuImage out = gpu.create(labels.width(), labels.height(), labels.depth(), PixelType.UINT32);
    try (GpuImage first = gpu.create(nl, 1, 1, PixelType.UINT32);
        GpuImage flags = Labels.flags(gpu, ni);
        GpuImage table = gpu.create(ni, 1, 1, PixelType.UINT32)) {
      gpu.fill(first, 4294967295.0);
      OpSupport.kernel(gpu, ERODE, "first_island")
          .arg("labels", labels)
          .arg("islands", islands)
          .arg("first", first)
          .arg("n", n)
          .run(n);
      OpSupport.kernel(gpu, ERODE, "flag_first_islands")
          .arg("first", first)
          .arg("flags", flags)
          .arg("nl", nl)
          .run(nl);
      OpSupport.kernel(gpu, Labels.TABLE, "renumber_table")
          .arg("flags", flags)
          .arg("table", table)
          .arg("nl", ni)
          .arg("keepValue", 1)
          .local("scratch", 4L * group)
          .runPadded(new long[] {group}, new long[] {group});
      OpSupport.kernel(gpu, ERODE, "apply_first_islands")
          .arg("labels", labels)
          .arg("islands", islands)
          .arg("first", first)
          .arg("table", table)
          .arg("dst", out)
          .arg("n", n)
          .run(n);
    }
    return out;
  }

  @Op(
      name = "voronoiOtsuLabeling",
      category = Category.LABELING,
      doc =
          "Labels objects directly from a grey-value image: spots are the local maxima of a"
              + " Gaussian blur with spot_sigma, the objects' extent the Otsu threshold of a"
              + " Gaussian blur with outline_sigma; the spots inside the objects are labelled and"
              + " grown until they touch, inside the objects only (maskedVoronoiLabeling).",
      kernels = {
        "separable_convolution.cl",
        "spots.cl",
        "threshold.cl",
        "histogram.cl",
        DILATE,
        Labels.CCL_INIT,
        Labels.CCL
      },
      notes =
          "The same pipeline as CLIJ2's: gaussianBlur (spot_sigma) → detectMaxima box radius 1"
              + " → binaryAnd with thresholdOtsu of gaussianBlur (outline_sigma) →"
              + " maskedVoronoiLabeling. Fovea's maxima keep their documented tie and border rules"
              + " (detectMaxima2DBox / detectMaxima3DBox), which differ from CLIJ2's at plateaus"
              + " and on the left/top border, and the blur differs by float rounding, so label"
              + " maps can differ from CLIJ2's in a few objects. Output uint32 (32-bit in ImageJ).")
  public static GpuImage voronoiOtsuLabeling(
      GpuImage input,
      @Out(type = "uint32") GpuImage destination,
      @Param(value = "2", doc = "σ of the blur whose maxima are the seeds (pixels)")
          float spot_sigma,
      @Param(value = "2", doc = "σ of the blur that is Otsu-thresholded (pixels)")
          float outline_sigma) {
    String op = "voronoiOtsuLabeling";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    if (destination != null) OpSupport.outputLike(op, input, destination, destination.type());
    Gpu gpu = input.gpu();
    boolean is3D = input.is3D();
    try (GpuImage spotsBlur =
            gpu.create(input.width(), input.height(), input.depth(), PixelType.FLOAT32);
        GpuImage outlineBlur =
            gpu.create(input.width(), input.height(), input.depth(), PixelType.FLOAT32)) {
      if (is3D) {
        Filters.gaussianBlur3D(input, spotsBlur, spot_sigma, spot_sigma, spot_sigma);
        Filters.gaussianBlur3D(input, outlineBlur, outline_sigma, outline_sigma, outline_sigma);
      } else {
        Filters.gaussianBlur2D(input, spotsBlur, spot_sigma, spot_sigma);
        Filters.gaussianBlur2D(input, outlineBlur, outline_sigma, outline_sigma);
      }
      try (GpuImage spots =
              is3D
                  ? Detection.detectMaxima3DBox(spotsBlur, null, 1, 1, 1)
                  : Detection.detectMaxima2DBox(spotsBlur, null, 1, 1);
          GpuImage binary = Thresholds.thresholdWith(Thresholds.Method.Otsu, outlineBlur, null);
          GpuImage seeds = Binary.binaryAnd(spots, binary, null)) {
        return maskedVoronoiLabeling(seeds, binary, destination);
      }
    }
  }
}
