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
  static final String EDIT = "labels/label_edit.cl";
  static final String TABLE = "labels/label_table.cl";
  static final String VALUES = "labels/label_values.cl";
  static final String PIXELWISE = "labels/label_pixelwise.cl";
  static final String POINTS = "labels/point_lists.cl";
  static final String EDGES = "labels/label_edges.cl";

  /** Neighbourhood of the label-edge ops: false = 4/6-connected (as CLIJ2). */
  static final boolean EDGE_BOX = false;

  private static final String RENUMBER_NOTE =
      "Label maps are uint32 on the GPU (32-bit images in ImageJ). The remaining labels are"
          + " renumbered 1..m in their original order (labels absent from the map are dropped"
          + " too). GPU: per-label flags, a one-work-group prefix sum over the labels, then a"
          + " pixel-wise lookup.";
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
    return label(op, src, dst, box, true);
  }

  /** merge = false: every non-zero pixel is its own object (labelSpots). */
  static GpuImage label(String op, GpuImage src, GpuImage dst, boolean box, boolean merge) {
    OpSupport.requireNotNull(op, "binary_input", src);
    dst = OpSupport.outputLike(op, src, dst, PixelType.UINT32);
    Gpu gpu = src.gpu();
    long n = src.pixelCount();
    if (n >= 0xFFFFFFFFL) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op + ": images of 2^32 - 1 pixels or more cannot be labelled (" + src.describe() + ")");
    }
    if (dst.type() != PixelType.UINT32) {
      try (GpuImage tmp = label(op, src, null, box, merge)) {
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
          .arg("parents", parents)
          .size(src)
          .run(src);
      if (merge) {
        ccl(gpu, "ccl_merge").arg("parents", parents).size(src).arg("box", box ? 1 : 0).run(src);
        ccl(gpu, "ccl_compress").arg("parents", parents).size(src).run(src);
      }
      ccl(gpu, "ccl_count_roots")
          .arg("parents", parents)
          .arg("counts", counts)
          .arg("n", n)
          .local("scratch", 4L * group)
          .runPadded(new long[] {(long) groups * group}, new long[] {group});
      ccl(gpu, "ccl_scan_counts")
          .arg("counts", counts)
          .arg("m", groups)
          .local("scratch", 4L * group)
          .runPadded(new long[] {group}, new long[] {group});
      ccl(gpu, "ccl_label_roots")
          .arg("parents", parents)
          .arg("offsets", counts)
          .arg("labels", dst)
          .arg("n", n)
          .local("scratch", 4L * group)
          .runPadded(new long[] {(long) groups * group}, new long[] {group});
      ccl(gpu, "ccl_label_pixels").arg("parents", parents).arg("labels", dst).arg("n", n).run(n);
    }
    return dst;
  }

  // ------------------------------------------------------------------ editing label maps

  /** A pixel pass of label_edit.cl; dst is uint32 except in apply_table. */
  private static KernelCall edit(Gpu gpu, String kernel, PixelType labels, PixelType dst) {
    return OpSupport.kernel(gpu, EDIT, kernel)
        .typeDefines("labels", labels)
        .typeDefines("dst", dst);
  }

  /** Largest label + 1 (the length of per-label arrays), checked. */
  static int labelCount(String op, GpuImage labels) {
    double max = Measurements.maximumOfAllPixels(labels);
    if (!(max < Integer.MAX_VALUE - 1)) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op + ": largest label " + max + " is too large for a label map");
    }
    return (int) Math.max(0, max) + 1;
  }

  /** A zeroed uint32 flag per label. */
  static GpuImage flags(Gpu gpu, int nl) {
    GpuImage f = gpu.create(nl, 1, 1, PixelType.UINT32);
    gpu.fill(f, 0);
    return f;
  }

  /**
   * Marks the present labels in {@code flags} (bit 0), then renumbers the labels that are present
   * and not excluded (bit 1) to 1..m in their order and writes the map into {@code dst}.
   */
  static GpuImage renumber(String op, GpuImage labels, GpuImage dst, GpuImage flags, int nl) {
    Gpu gpu = labels.gpu();
    long n = labels.pixelCount();
    PixelType lt = labels.type();
    dst = OpSupport.outputLike(op, labels, dst, PixelType.UINT32);
    edit(gpu, "flag_present", lt, PixelType.UINT32)
        .arg("labels", labels)
        .arg("flags", flags)
        .arg("n", n)
        .arg("nl", nl)
        .run(n);
    int group = GpuCaps.isCpu(gpu) ? 64 : 256;
    try (GpuImage table = gpu.create(nl, 1, 1, PixelType.UINT32)) {
      OpSupport.kernel(gpu, TABLE, "renumber_table")
          .arg("flags", flags)
          .arg("table", table)
          .arg("nl", nl)
          .arg("keepValue", 1)
          .local("scratch", 4L * group)
          .runPadded(new long[] {group}, new long[] {group});
      edit(gpu, "apply_table", lt, dst.type())
          .arg("src", labels)
          .arg("table", table)
          .arg("dst", dst)
          .arg("n", n)
          .arg("nl", nl)
          .run(n);
    }
    return dst;
  }

  @Op(
      name = "closeIndexGapsInLabelMap",
      category = Category.LABELING,
      doc =
          "Renumbers a label map so that its labels are 1..n without gaps, keeping their order"
              + " (afterwards the number of labels equals the largest label).",
      kernels = {EDIT, TABLE},
      notes = RENUMBER_NOTE)
  public static GpuImage closeIndexGapsInLabelMap(
      GpuImage labeling_input, @Out(type = "uint32") GpuImage labeling_destination) {
    String op = "closeIndexGapsInLabelMap";
    OpSupport.requireNotNull(op, "labeling_input", labeling_input);
    int nl = labelCount(op, labeling_input);
    try (GpuImage f = flags(labeling_input.gpu(), nl)) {
      return renumber(op, labeling_input, labeling_destination, f, nl);
    }
  }

  @Op(
      name = "excludeLabelsOnEdges",
      category = Category.LABELING,
      doc =
          "Removes the labels that touch the image border (x and y; z too in 3D) and renumbers"
              + " the others.",
      kernels = {EDIT, TABLE},
      notes = RENUMBER_NOTE)
  public static GpuImage excludeLabelsOnEdges(
      GpuImage label_map_input, @Out(type = "uint32") GpuImage label_map_destination) {
    String op = "excludeLabelsOnEdges";
    OpSupport.requireNotNull(op, "label_map_input", label_map_input);
    Gpu gpu = label_map_input.gpu();
    int nl = labelCount(op, label_map_input);
    try (GpuImage f = flags(gpu, nl)) {
      edit(gpu, "flag_edges", label_map_input.type(), PixelType.UINT32)
          .arg("labels", label_map_input)
          .arg("flags", f)
          .size(label_map_input)
          .arg("nl", nl)
          .run(label_map_input);
      return renumber(op, label_map_input, label_map_destination, f, nl);
    }
  }

  @Op(
      name = "excludeLabelsOutsideSizeRange",
      category = Category.LABELING,
      doc =
          "Removes the labels whose pixel count is below minimum_size or above maximum_size"
              + " (both kept inclusive) and renumbers the others.",
      kernels = {EDIT, TABLE},
      notes = RENUMBER_NOTE)
  public static GpuImage excludeLabelsOutsideSizeRange(
      GpuImage input,
      @Out(type = "uint32") GpuImage destination,
      @Param(value = "0", doc = "smallest pixel count kept") float minimum_size,
      @Param(value = "100", doc = "largest pixel count kept") float maximum_size) {
    String op = "excludeLabelsOutsideSizeRange";
    OpSupport.requireNotNull(op, "input", input);
    Gpu gpu = input.gpu();
    int nl = labelCount(op, input);
    long n = input.pixelCount();
    try (GpuImage f = flags(gpu, nl);
        GpuImage counts = flags(gpu, nl)) {
      edit(gpu, "count_pixels", input.type(), PixelType.UINT32)
          .arg("labels", input)
          .arg("counts", counts)
          .arg("n", n)
          .arg("nl", nl)
          .run(n);
      OpSupport.kernel(gpu, TABLE, "flag_counts")
          .arg("counts", counts)
          .arg("flags", f)
          .arg("nl", nl)
          .arg("lo", minimum_size)
          .arg("hi", maximum_size)
          .run(nl);
      return renumber(op, input, destination, f, nl);
    }
  }

  private static GpuImage excludeByValues(
      String op,
      GpuImage values,
      GpuImage labels,
      GpuImage dst,
      float lo,
      float hi,
      boolean within) {
    OpSupport.requireNotNull(op, "values_vector", values);
    OpSupport.requireNotNull(op, "label_map_input", labels);
    Gpu gpu = labels.gpu();
    int nl = labelCount(op, labels);
    if (values.pixelCount() < nl) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op
              + ": values_vector has "
              + values.pixelCount()
              + " values but the label map needs "
              + nl
              + " (background and labels 1.."
              + (nl - 1)
              + ")");
    }
    try (GpuImage f = flags(gpu, nl)) {
      OpSupport.kernel(gpu, VALUES, "flag_values")
          .typeDefines("values", values.type())
          .arg("values", values)
          .arg("flags", f)
          .arg("nl", nl)
          .arg("lo", lo)
          .arg("hi", hi)
          .arg("within", within ? 1 : 0)
          .run(nl);
      return renumber(op, labels, dst, f, nl);
    }
  }

  private static final String BY_VALUE_DOC =
      "Removes the labels whose value in values_vector (element 0: background, then label 1, 2,"
          + " …) lies ";

  private static final String RANGE_DOC =
      " [minimum_value_range, maximum_value_range]; renumbers the others.";

  @Op(
      name = "excludeLabelsWithValuesOutOfRange",
      category = Category.LABELING,
      doc = BY_VALUE_DOC + "outside" + RANGE_DOC,
      kernels = {EDIT, TABLE, VALUES},
      notes = RENUMBER_NOTE)
  public static GpuImage excludeLabelsWithValuesOutOfRange(
      GpuImage values_vector,
      GpuImage label_map_input,
      @Out(type = "uint32") GpuImage label_map_destination,
      @Param(value = "0", doc = "smallest value kept") float minimum_value_range,
      @Param(value = "100", doc = "largest value kept") float maximum_value_range) {
    return excludeByValues(
        "excludeLabelsWithValuesOutOfRange",
        values_vector,
        label_map_input,
        label_map_destination,
        minimum_value_range,
        maximum_value_range,
        false);
  }

  @Op(
      name = "excludeLabelsWithValuesWithinRange",
      category = Category.LABELING,
      doc = BY_VALUE_DOC + "within" + RANGE_DOC,
      kernels = {EDIT, TABLE, VALUES},
      notes = RENUMBER_NOTE)
  public static GpuImage excludeLabelsWithValuesWithinRange(
      GpuImage values_vector,
      GpuImage label_map_input,
      @Out(type = "uint32") GpuImage label_map_destination,
      @Param(value = "0", doc = "smallest value removed") float minimum_value_range,
      @Param(value = "100", doc = "largest value removed") float maximum_value_range) {
    return excludeByValues(
        "excludeLabelsWithValuesWithinRange",
        values_vector,
        label_map_input,
        label_map_destination,
        minimum_value_range,
        maximum_value_range,
        true);
  }

  @Op(
      name = "excludeLabels",
      category = Category.LABELING,
      doc =
          "Removes the labels flagged non-zero in binary_flaglist (element 0: background, then"
              + " label 1, 2, …) and renumbers the others.",
      kernels = {EDIT, TABLE, VALUES},
      notes = RENUMBER_NOTE)
  public static GpuImage excludeLabels(
      GpuImage binary_flaglist,
      GpuImage label_map_input,
      @Out(type = "uint32") GpuImage label_map_destination) {
    String op = "excludeLabels";
    OpSupport.requireNotNull(op, "binary_flaglist", binary_flaglist);
    OpSupport.requireNotNull(op, "label_map_input", label_map_input);
    Gpu gpu = label_map_input.gpu();
    int nl = labelCount(op, label_map_input);
    try (GpuImage f = flags(gpu, nl)) {
      OpSupport.kernel(gpu, VALUES, "flag_from_image")
          .typeDefines("values", binary_flaglist.type())
          .arg("values", binary_flaglist)
          .arg("flags", f)
          .arg("nl", nl)
          .arg("nv", (int) Math.min(Integer.MAX_VALUE, binary_flaglist.pixelCount()))
          .run(nl);
      return renumber(op, label_map_input, label_map_destination, f, nl);
    }
  }

  // ------------------------------------------------------------------ pixel-wise label ops

  /**
   * A kernel of label_pixelwise.cl. Types a kernel does not use are passed as null and replaced by
   * canonical ones (src ↔ labels, values float32) so that the ops share program builds.
   */
  static KernelCall pixelwise(
      Gpu gpu, String kernel, PixelType src, PixelType labels, PixelType values, PixelType dst) {
    if (src == null) src = labels;
    if (labels == null) labels = src;
    if (values == null) values = PixelType.FLOAT32;
    return OpSupport.kernel(gpu, PIXELWISE, kernel)
        .typeDefines("src", src)
        .typeDefines("labels", labels)
        .typeDefines("values", values)
        .typeDefines("dst", dst);
  }

  @Op(
      name = "labelToMask",
      category = Category.LABELING,
      doc = "1 where the label map has label_index, else 0.",
      kernels = PIXELWISE,
      notes = "Output uint8 unless a destination of another type is passed.")
  public static GpuImage labelToMask(
      GpuImage label_map_source,
      @Out(type = "uint8") GpuImage mask_destination,
      @Param(value = "1", doc = "the label to select") float label_index) {
    String op = "labelToMask";
    OpSupport.requireNotNull(op, "label_map_source", label_map_source);
    GpuImage dst = OpSupport.outputLike(op, label_map_source, mask_destination, PixelType.UINT8);
    long n = label_map_source.pixelCount();
    pixelwise(
            label_map_source.gpu(),
            "label_to_mask",
            null,
            label_map_source.type(),
            null,
            dst.type())
        .arg("labels", label_map_source)
        .arg("dst", dst)
        .arg("n", n)
        .arg("label", (int) (long) label_index)
        .run(n);
    return dst;
  }

  @Op(
      name = "maskLabel",
      category = Category.LABELING,
      doc = "Copies source where label_map has label_index; 0 elsewhere.",
      kernels = PIXELWISE,
      notes = "Output of the source's type unless a destination of another type is passed.")
  public static GpuImage maskLabel(
      GpuImage source,
      GpuImage label_map,
      @Out GpuImage destination,
      @Param(value = "1", doc = "the label to keep") float label_index) {
    String op = "maskLabel";
    OpSupport.requireNotNull(op, "source", source);
    OpSupport.requireNotNull(op, "label_map", label_map);
    OpSupport.requireSameShape(op, source, label_map);
    GpuImage dst = OpSupport.outputLike(op, source, destination);
    long n = source.pixelCount();
    pixelwise(source.gpu(), "mask_label", source.type(), label_map.type(), null, dst.type())
        .arg("src", source)
        .arg("labels", label_map)
        .arg("dst", dst)
        .arg("n", n)
        .arg("label", (int) (long) label_index)
        .run(n);
    return dst;
  }

  @Op(
      name = "replaceIntensity",
      category = Category.LABELING,
      doc = "Replaces the pixels equal to value_to_replace by value_replacement.",
      kernels = PIXELWISE,
      notes =
          "Compared as float32. Output of the input's type (saturated, rounded half to even)"
              + " unless a destination of another type is passed.")
  public static GpuImage replaceIntensity(
      GpuImage input,
      @Out GpuImage destination,
      @Param(value = "0", doc = "the value to find") float value_to_replace,
      @Param(value = "1", doc = "its replacement") float value_replacement) {
    String op = "replaceIntensity";
    OpSupport.requireNotNull(op, "input", input);
    GpuImage dst = OpSupport.outputLike(op, input, destination);
    long n = input.pixelCount();
    pixelwise(input.gpu(), "replace_intensity", input.type(), null, null, dst.type())
        .arg("src", input)
        .arg("dst", dst)
        .arg("n", n)
        .arg("a", value_to_replace)
        .arg("b", value_replacement)
        .run(n);
    return dst;
  }

  @Op(
      name = "replaceIntensities",
      category = Category.LABELING,
      doc =
          "Replaces every integer intensity v by element v of new_values_vector (e.g. a label"
              + " map's labels by a measurement per label).",
      kernels = PIXELWISE,
      notes =
          "Pixels whose value is negative or beyond the vector keep their value. Output of the"
              + " input's type unless a destination of another type is passed (pass a float32"
              + " destination for measurements).")
  public static GpuImage replaceIntensities(
      GpuImage input, GpuImage new_values_vector, @Out GpuImage destination) {
    String op = "replaceIntensities";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotNull(op, "new_values_vector", new_values_vector);
    GpuImage dst = OpSupport.outputLike(op, input, destination);
    long n = input.pixelCount();
    pixelwise(
            input.gpu(),
            "replace_intensities",
            input.type(),
            null,
            new_values_vector.type(),
            dst.type())
        .arg("src", input)
        .arg("values", new_values_vector)
        .arg("dst", dst)
        .arg("n", n)
        .arg("nv", (int) Math.min(Integer.MAX_VALUE, new_values_vector.pixelCount()))
        .run(n);
    return dst;
  }

  // ------------------------------------------------------------------ spots and point lists

  @Op(
      name = "labelSpots",
      category = Category.LABELING,
      doc =
          "Numbers the non-zero pixels of a spots image 1..n in raster order (x fastest), each"
              + " pixel its own label, even where spots touch.",
      kernels = {CCL_INIT, CCL},
      notes =
          "Label maps are uint32 on the GPU (32-bit images in ImageJ). The ranking is the GPU"
              + " prefix sum of connectedComponentsLabeling*, without the union step.")
  public static GpuImage labelSpots(
      GpuImage input_spots, @Out(type = "uint32") GpuImage labelled_spots_destination) {
    return label("labelSpots", input_spots, labelled_spots_destination, false, false);
  }

  @Op(
      name = "labelledSpotsToPointList",
      category = Category.LABELING,
      doc =
          "The coordinates of the spots of a labelled spots image as a point list: width = the"
              + " largest label, height = 2 (2D) or 3 (3D); column l − 1 holds the x, y[, z] of"
              + " label l.",
      kernels = POINTS,
      notes =
          "Output float32. A label with several pixels keeps one of them (unspecified which);"
              + " a label without pixels leaves a column of zeros.")
  public static GpuImage labelledSpotsToPointList(
      GpuImage input_labelled_spots, @Out(type = "float32") GpuImage destination_pointlist) {
    String op = "labelledSpotsToPointList";
    OpSupport.requireNotNull(op, "input_labelled_spots", input_labelled_spots);
    GpuImage src = input_labelled_spots;
    Gpu gpu = src.gpu();
    int np = labelCount(op, src) - 1;
    int dims = src.is3D() ? 3 : 2;
    GpuImage dst =
        OpSupport.output(
            op, src, destination_pointlist, Math.max(1, np), dims, 1, PixelType.FLOAT32);
    gpu.fill(dst, 0);
    if (np > 0) {
      OpSupport.kernel(gpu, POINTS, "labelled_spots_to_point_list")
          .typeDefines("src", src.type())
          .arg("labels", src)
          .image("dst", dst)
          .size(src)
          .arg("np", np)
          .arg("dims", dims)
          .run(src);
    }
    return dst;
  }

  @Op(
      name = "spotsToPointList",
      category = Category.LABELING,
      doc =
          "The coordinates of the non-zero pixels of a spots image as a point list (width n,"
              + " height 2 or 3), in raster order.",
      kernels = {CCL_INIT, CCL, POINTS},
      notes = "Output float32; labelSpots followed by labelledSpotsToPointList.")
  public static GpuImage spotsToPointList(
      GpuImage input_spots, @Out(type = "float32") GpuImage destination_pointlist) {
    OpSupport.requireNotNull("spotsToPointList", "input_spots", input_spots);
    try (GpuImage labels = labelSpots(input_spots, null)) {
      return labelledSpotsToPointList(labels, destination_pointlist);
    }
  }

  /** Largest value of each row of a small list image (host side: lists are small). */
  static int[] listExtent(GpuImage list, int rows) {
    Object a = list.pull();
    int np = list.width();
    int[] ext = new int[rows];
    for (int r = 0; r < rows; r++) {
      double m = -1;
      for (int k = 0; k < np; k++) {
        int i = r * np + k;
        double v =
            a instanceof float[] f
                ? f[i]
                : a instanceof int[] iv
                    ? iv[i] & 0xffffffffL
                    : a instanceof short[] sv ? sv[i] & 0xffff : ((byte[]) a)[i] & 0xff;
        m = Math.max(m, v);
      }
      ext[r] = (int) m + 1;
    }
    return ext;
  }

  private static GpuImage writePositions(
      String op, GpuImage list, GpuImage dst, boolean labelMode, PixelType natural) {
    OpSupport.requireNotNull(op, "list", list);
    int rows = list.height();
    // extra rows are ignored: 2 or ≥ 3 coordinate rows, then (writeValuesToPositions) the value
    int coords = labelMode ? Math.min(rows, 3) : Math.min(rows - 1, 3);
    if (list.is3D() || coords < 2) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op
              + ": the list must be 2D with "
              + (labelMode ? "2 or 3 rows (x, y[, z])" : "3 or 4 rows (x, y[, z], value)")
              + ", got "
              + list.describe());
    }
    Gpu gpu = list.gpu();
    if (dst == null) {
      int[] ext = listExtent(list, coords);
      dst =
          gpu.create(
              Math.max(1, ext[0]),
              Math.max(1, ext[1]),
              coords > 2 ? Math.max(1, ext[2]) : 1,
              natural);
      gpu.fill(dst, 0);
    }
    OpSupport.kernel(gpu, POINTS, "write_values_to_positions")
        .typeDefines("src", list.type())
        .arg("list", list)
        .image("dst", dst)
        .arg("np", list.width())
        .arg("rows", labelMode ? coords : coords + 1)
        .size(dst)
        .arg("labelMode", labelMode ? 1 : 0)
        .run(list.width());
    return dst;
  }

  @Op(
      name = "pointlistToLabelledSpots",
      category = Category.LABELING,
      dimensions = {2},
      doc =
          "Labels the pixels of a point list (width n, height 2 or 3: x, y[, z] per column):"
              + " point k gets label k + 1; other pixels keep their value.",
      kernels = POINTS,
      notes =
          "With a null destination a uint32 image of zeros just large enough for the points"
              + " (largest coordinate + 1) is allocated. Coordinates are truncated to integers;"
              + " points outside the destination are skipped. Label maps are uint32 (32-bit in"
              + " ImageJ).")
  public static GpuImage pointlistToLabelledSpots(
      GpuImage pointlist, @Out(type = "uint32") GpuImage spots_destination) {
    return writePositions(
        "pointlistToLabelledSpots", pointlist, spots_destination, true, PixelType.UINT32);
  }

  @Op(
      name = "writeValuesToPositions",
      category = Category.LABELING,
      dimensions = {2},
      doc =
          "Writes values at positions: column k of positions_and_values holds x, y[, z] and the"
              + " value (height 3 for 2D, 4 for 3D); other pixels keep their value.",
      kernels = POINTS,
      notes =
          "With a null destination a float32 image of zeros just large enough for the positions"
              + " (largest coordinate + 1) is allocated. Coordinates are truncated to integers;"
              + " positions outside the destination are skipped; values are converted to the"
              + " destination's type (saturating).")
  public static GpuImage writeValuesToPositions(
      GpuImage positions_and_values, @Out(type = "float32") GpuImage destination) {
    return writePositions(
        "writeValuesToPositions", positions_and_values, destination, false, PixelType.FLOAT32);
  }

  // ------------------------------------------------------------------ label edges

  private static GpuImage edges(String op, GpuImage labels, GpuImage dst, boolean keepLabel) {
    OpSupport.requireNotNull(op, "label_map", labels);
    OpSupport.requireNotSame(op, labels, dst);
    dst =
        OpSupport.outputLike(
            op,
            labels,
            dst,
            dst != null ? dst.type() : keepLabel ? PixelType.UINT32 : PixelType.UINT8);
    OpSupport.kernel(labels.gpu(), EDGES, "label_edges")
        .image("labels", labels)
        .image("dst", dst)
        .size(labels)
        .arg("box", EDGE_BOX ? 1 : 0)
        .arg("keepLabel", keepLabel ? 1 : 0)
        .run(labels);
    return dst;
  }

  @Op(
      name = "detectLabelEdges",
      category = Category.LABELING,
      doc =
          "1 on the pixels whose label differs from one of their 4 (2D) / 6 (3D) neighbours"
              + " (background counts as a label), 0 elsewhere.",
      kernels = EDGES,
      notes =
          "Output uint8 unless a destination of another type is passed; neighbours outside"
              + " the image are ignored.")
  public static GpuImage detectLabelEdges(
      GpuImage label_map, @Out(type = "uint8") GpuImage edge_image_destination) {
    return edges("detectLabelEdges", label_map, edge_image_destination, false);
  }

  @Op(
      name = "reduceLabelsToLabelEdges",
      category = Category.LABELING,
      doc =
          "Keeps each label only on its edge pixels (those with a 4/6-neighbour of another label"
              + " or background); label numbers stay, everything else becomes 0.",
      kernels = EDGES,
      notes =
          "Label maps are uint32 on the GPU (32-bit images in ImageJ); neighbours outside the"
              + " image are ignored.")
  public static GpuImage reduceLabelsToLabelEdges(
      GpuImage input_labels, @Out(type = "uint32") GpuImage destination_labels) {
    return edges("reduceLabelsToLabelEdges", input_labels, destination_labels, true);
  }

  // ------------------------------------------------------------------ growing and shrinking labels
  // Growth repeats one GPU step (label_dilate.cl): a background pixel takes the largest label among
  // its neighbours, the neighbourhood alternating box (8/26) and diamond (4/6), as in CLIJ2.

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
  static GpuImage toLabels(GpuImage src) {
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
        // stop at the first step that changes nothing, as CLIJ2: a box step that changes nothing
        // implies that the next diamond step changes nothing, so only diamond steps are checked
        if (steps < 0 && k % 2 == 1) gpu.fill(changed, 0);
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
              + " Steps repeat until a step changes nothing, as in CLIJ2 (so growth that only a"
              + " box step could make, e.g. along a diagonal mask, stops there); the host reads"
              + " one flag per pair of steps.")
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
      kernels = {CCL_INIT, CCL, DILATE},
      notes = GROWTH_NOTE)
  public static GpuImage voronoiLabeling(
      GpuImage input, @Out(type = "uint32") GpuImage destination) {
    String op = "voronoiLabeling";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    if (destination != null) OpSupport.outputLike(op, input, destination, destination.type());
    GpuImage labels = label(op, input, null, true);
    return finish(op, input, grow(labels, null, -1), destination);
  }

  @Op(
      name = "maskedVoronoiLabeling",
      category = Category.LABELING,
      doc =
          "Labels the connected components of a binary image (8/26-connected), then grows the"
              + " labels until they touch, but only into the non-zero pixels of mask.",
      kernels = {CCL_INIT, CCL, DILATE},
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
    GpuImage labels = label(op, input, null, true);
    return finish(op, input, grow(labels, mask, -1), destination);
  }

  @Op(
      name = "erodeLabels",
      category = Category.LABELING,
      doc =
          "Shrinks every label: a gap is made where labels touch, then the labels are eroded;"
              + " labels that vanish are dropped and the rest renumbered. With relabel_islands,"
              + " the pieces a label falls into get a label each.",
      kernels = {ERODE, CCL_INIT, CCL, TABLE},
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
      GpuImage islands = label(op, eroded, null, false);
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
    int nl = labelCount(op, labels);
    int ni = labelCount(op, islands);
    int group = GpuCaps.isCpu(gpu) ? 64 : 256;
    GpuImage out = gpu.create(labels.width(), labels.height(), labels.depth(), PixelType.UINT32);
    try (GpuImage first = gpu.create(nl, 1, 1, PixelType.UINT32);
        GpuImage flags = flags(gpu, ni);
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
      OpSupport.kernel(gpu, TABLE, "renumber_table")
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
        CCL_INIT,
        CCL
      },
      notes =
          "CLIJ2's pipeline: gaussianBlur (spot_sigma) → local maxima of the 3×3(×3)"
              + " neighbourhood (detectMaxima2DBox / detectMaxima3DBox with radius 0) → binaryAnd with CLIJ2's Otsu"
              + " threshold of gaussianBlur (outline_sigma) → maskedVoronoiLabeling. CLIJ2's"
              + " thresholdOtsu differs from ImageJ's (which thresholdOtsu follows): it bins"
              + " (v − min)·255/(max − min) into 256 bins and keeps v > min + (k + 1)·(max −"
              + " min)/255 for the Otsu bin k; voronoiOtsuLabeling uses CLIJ2's rule (measured by"
              + " running CLIJ2 2.5.3.1). The blur differs from CLIJ2's by float rounding (≤ 1e-4 on"
              + " blob images), so a pixel within that of the threshold could still differ. Output"
              + " uint32 (32-bit in ImageJ).")
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
                  ? Detection.detectMaxima3DBox(spotsBlur, null, 0, 0, 0)
                  : Detection.detectMaxima2DBox(spotsBlur, null, 0, 0);
          GpuImage binary = Thresholds.otsuAsClij2(outlineBlur);
          GpuImage seeds = Binary.binary(Binary.Logic.And, spots, binary, null)) {
        return maskedVoronoiLabeling(seeds, binary, destination);
      }
    }
  }

  // ------------------------------------------------------------------ Voronoi outlines, merging

  @Op(
      name = "voronoiOctagon",
      category = Category.LABELING,
      doc =
          "Grows the objects of a binary image as octagons until they touch and returns the"
              + " lines where they meet (a Voronoi diagram) as a binary image.",
      kernels = {CCL_INIT, CCL, DILATE, EDGES},
      notes =
          "As CLIJ2: voronoiLabeling (8/26-connected objects grown until they touch) followed"
              + " by detectLabelEdges, so the diagram's lines are the pixels with a 4/6-neighbour"
              + " of another label: two pixels wide where two regions meet, and also where an"
              + " object's region meets background left by an empty image. Output uint8 (1 on"
              + " the lines) unless a destination of another type is passed.")
  public static GpuImage voronoiOctagon(GpuImage input, @Out(type = "uint8") GpuImage destination) {
    String op = "voronoiOctagon";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    if (destination != null) OpSupport.outputLike(op, input, destination, destination.type());
    try (GpuImage labels = voronoiLabeling(input, null)) {
      return edges(op, labels, destination, false);
    }
  }

  @Op(
      name = "labelVoronoiOctagon",
      category = Category.LABELING,
      doc =
          "Grows the labels of a label map as octagons until they touch (a Voronoi"
              + " tessellation of the labels).",
      kernels = DILATE,
      notes =
          GROWTH_NOTE
              + " CLIJ2 2.5.3.1's description speaks of a binary image, but the op returns the"
              + " grown label map (checked by running it); so does Fovea. The same growth as"
              + " extendLabelingViaVoronoi.")
  public static GpuImage labelVoronoiOctagon(
      GpuImage label_map, @Out(type = "uint32") GpuImage label_voronoi_destination) {
    String op = "labelVoronoiOctagon";
    OpSupport.requireNotNull(op, "label_map", label_map);
    OpSupport.requireNotSame(op, label_map, label_voronoi_destination);
    if (label_voronoi_destination != null) {
      OpSupport.outputLike(
          op, label_map, label_voronoi_destination, label_voronoi_destination.type());
    }
    return finish(op, label_map, grow(toLabels(label_map), null, -1), label_voronoi_destination);
  }

  @Op(
      name = "mergeTouchingLabels",
      category = Category.LABELING,
      doc =
          "Merges labels that touch (share a face: 4-connected in 2D, 6-connected in 3D) into"
              + " one label, also through chains of touching labels; the result is numbered"
              + " 1..m in the raster order (x fastest) of each merged label's first pixel.",
      kernels = {CCL_INIT, CCL, ERODE, TABLE},
      notes =
          "Numbering and neighbourhood as CLIJ2 2.5.3.1 (checked by running it): diagonal"
              + " contact does not merge. GPU: a parallel union-find over the label values (each"
              + " pair of face neighbours with different labels unites their groups), then each"
              + " group's first pixel (atomic minima) ranked by a prefix sum. Label maps are uint32"
              + " (32-bit images in ImageJ); output uint32 unless a destination of another type"
              + " is passed.")
  public static GpuImage mergeTouchingLabels(
      GpuImage source, @Out(type = "uint32") GpuImage destination) {
    String op = "mergeTouchingLabels";
    OpSupport.requireNotNull(op, "source", source);
    OpSupport.requireNotSame(op, source, destination);
    if (destination != null) OpSupport.outputLike(op, source, destination, destination.type());
    Gpu gpu = source.gpu();
    int nl = labelCount(op, source);
    long n = source.pixelCount();
    try (GpuImage labels = toLabels(source);
        GpuImage parents = gpu.create(nl, 1, 1, PixelType.UINT32);
        GpuImage roots =
            gpu.create(source.width(), source.height(), source.depth(), PixelType.UINT32)) {
      ccl(gpu, "label_parents_init").arg("parents", parents).arg("nl", nl).run(nl);
      ccl(gpu, "merge_touching_labels")
          .arg("labels", labels)
          .arg("parents", parents)
          .size(labels)
          .arg("nl", nl)
          .run(labels);
      ccl(gpu, "ccl_compress").arg("parents", parents).arg("w", nl).arg("h", 1).arg("d", 1).run(nl);
      ccl(gpu, "apply_label_roots")
          .arg("labels", labels)
          .arg("parents", parents)
          .arg("dst", roots)
          .arg("n", n)
          .arg("nl", nl)
          .run(n);
      // number the groups by their first pixel in raster order: every pixel its own "island"
      try (GpuImage pixels = label(op, roots, null, true, false)) {
        return finish(op, source, mergeIslands(op, roots, pixels), destination);
      }
    }
  }

  // ------------------------------------------------------------------ surface labels (rays)

  static final String SURFACE = "labels/label_surface.cl";

  private static final String SURFACE_NOTE =
      "Rays as CLIJ2 2.5.3.1 casts them (checked by running it): from the label's point the ray"
          + " continues away from the centre in steps of one pixel along the unit direction"
          + " (coordinates truncated to whole pixels) until it leaves the image; the label is on"
          + " the surface when no step lands on another label. In 2D z is ignored. A label"
          + " whose point is the centre itself casts no ray and counts as on the surface (CLIJ2"
          + " loops forever there). GPU: one work item per label marches its ray; the kept"
          + " labels are renumbered 1..m in their order (per-label flags, a one-work-group"
          + " prefix sum, a pixel-wise lookup). Label maps are uint32 (32-bit images in ImageJ).";

  /** Flags the labels above (removeSurface) or below the surface seen from c and renumbers. */
  private static GpuImage surface(
      String op,
      GpuImage points,
      GpuImage labels,
      GpuImage dst,
      float cx,
      float cy,
      float cz,
      boolean removeSurface) {
    Gpu gpu = labels.gpu();
    int rows = labels.is3D() ? 3 : 2;
    if (points.is3D() || points.height() < rows) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op
              + ": the point list must be a 2D image with "
              + rows
              + " rows (x, y"
              + (rows == 3 ? ", z" : "")
              + " per column) for the label map "
              + labels.describe()
              + ", got "
              + points.describe());
    }
    int nl = labelCount(op, labels);
    try (GpuImage f = flags(gpu, nl);
        GpuImage converted =
            points.type() == PixelType.FLOAT32
                ? null
                : gpu.create(points.width(), points.height(), 1, PixelType.FLOAT32)) {
      if (converted != null) gpu.copy(points, converted);
      OpSupport.kernel(gpu, SURFACE, "flag_surface")
          .typeDefines("labels", labels.type())
          .arg("labels", labels)
          .arg("points", converted != null ? converted : points)
          .arg("flags", f)
          .size(labels)
          .arg("nl", nl)
          .arg("np", points.width())
          .arg("cx", cx)
          .arg("cy", cy)
          .arg("cz", cz)
          .arg("removeSurface", removeSurface ? 1 : 0)
          .run(nl);
      return renumber(op, labels, dst, f, nl);
    }
  }

  @Op(
      name = "labelSurface",
      category = Category.LABELING,
      doc =
          "Keeps the labels on the surface as seen from a centre: a label is removed when the"
              + " ray from the centre through its centroid meets another label beyond it. The"
              + " centre is given relative to the image size (0.5 = the middle).",
      kernels = {SURFACE, EDIT, TABLE, LabelMeasurements.STATS},
      notes =
          "The centre is (relative_center_x · width, relative_center_y · height,"
              + " relative_center_z · depth) in pixels, as in CLIJ2; the points are the labels'"
              + " centroids (centroidsOfLabels). "
              + SURFACE_NOTE)
  public static GpuImage labelSurface(
      GpuImage input_labels,
      @Out(type = "uint32") GpuImage destination_labels,
      @Param(value = "0.5", doc = "centre x as a fraction of the width") float relative_center_x,
      @Param(value = "0.5", doc = "centre y as a fraction of the height") float relative_center_y,
      @Param(value = "0.5", doc = "centre z as a fraction of the depth") float relative_center_z) {
    String op = "labelSurface";
    OpSupport.requireNotNull(op, "input_labels", input_labels);
    OpSupport.requireNotSame(op, input_labels, destination_labels);
    try (GpuImage points = LabelMeasurements.centroidsOfLabels(input_labels, null)) {
      return surface(
          op,
          points,
          input_labels,
          destination_labels,
          relative_center_x * input_labels.width(),
          relative_center_y * input_labels.height(),
          relative_center_z * input_labels.depth(),
          false);
    }
  }

  @Op(
      name = "excludeLabelsOnSurface",
      category = Category.LABELING,
      doc =
          "Removes the labels on the surface as seen from the centre (centerX, centerY, centerZ in"
              + " pixels): a label is kept only when the ray from the centre through its point"
              + " in pointlist meets another label beyond it. Column l − 1 of pointlist is the"
              + " point of label l (e.g. centroidsOfLabels).",
      kernels = {SURFACE, EDIT, TABLE},
      notes =
          "The complement of labelSurface for the same centre and points (CLIJ2 2.5.3.1's"
              + " behaviour, checked by running it). Labels without a column in the point list"
              + " are kept. "
              + SURFACE_NOTE)
  public static GpuImage excludeLabelsOnSurface(
      GpuImage pointlist,
      GpuImage label_map_input,
      @Out(type = "uint32") GpuImage label_map_destination,
      @Param(value = "0", doc = "centre x (pixels)") float centerX,
      @Param(value = "0", doc = "centre y (pixels)") float centerY,
      @Param(value = "0", doc = "centre z (pixels)") float centerZ) {
    String op = "excludeLabelsOnSurface";
    OpSupport.requireNotNull(op, "pointlist", pointlist);
    OpSupport.requireNotNull(op, "label_map_input", label_map_input);
    OpSupport.requireNotSame(op, label_map_input, label_map_destination);
    return surface(
        op, pointlist, label_map_input, label_map_destination, centerX, centerY, centerZ, true);
  }
}
