package org.fovea.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;
import org.fovea.ops.LabelStatistics.Column;

/**
 * Measurements per label of a label map (uint32 on the GPU; 32-bit images in ImageJ, as CLIJ2's),
 * computed by GPU reductions per label; the results come back as a {@link LabelStatistics} table
 * with CLIJ2's column names.
 */
public final class LabelMeasurements {
  private LabelMeasurements() {}

  static final String STATS = "labels/label_statistics.cl";
  private static final int S1 = 8;
  private static final int L1 = 8;
  private static final int S2 = 5;

  private static final String STATS_NOTE =
      "Columns and values as CLIJ2's (36 columns: IDENTIFIER, BOUNDING_BOX_X/Y/Z, BOUNDING_BOX_END_*"
          + " (inclusive), BOUNDING_BOX_WIDTH/HEIGHT/DEPTH (end − start + 1; depth 1 in 2D),"
          + " MINIMUM/MAXIMUM/MEAN/SUM_INTENSITY, STANDARD_DEVIATION_INTENSITY (population, ÷ n),"
          + " PIXEL_COUNT, SUM_INTENSITY_TIMES_X/Y/Z, MASS_CENTER_* (intensity-weighted), SUM_*,"
          + " CENTROID_*, SUM/MEAN/MAX_DISTANCE_TO_MASS_CENTER and _TO_CENTROID (Euclidean, pixels)"
          + " and MAX_MEAN_..._RATIO). Label maps are uint32 on the GPU (32-bit images in ImageJ);"
          + " rows are labels 1..max label (a label without pixels gives a row of zeros). Two GPU"
          + " passes (per-label sums, extremes and bounds; then deviations and distances), one work"
          + " item per row segment (≤ 256 pixels) flushing runs of equal labels with 64-bit"
          + " atomics (the background, label 0, only where its row is asked for, summed per work"
          + " item without atomics and then reduced); needs a device"
          + " with double precision (cl_khr_fp64). Sums in double precision, so the order of"
          + " additions may change the last bits of sums above 2^53.";

  @Op(
      name = "statisticsOfLabelledPixels",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "Per-label statistics (bounding box, pixel count, min/max/mean/sum/standard deviation of"
              + " the intensity, centroid, mass centre, distances) of the labels of a label map.",
      kernels = STATS,
      tolerance = "1e-9 relative (double sums in another order than CLIJ2's)",
      notes = STATS_NOTE)
  public static LabelStatistics statisticsOfLabelledPixels(GpuImage input, GpuImage labelmap) {
    return statistics("statisticsOfLabelledPixels", input, labelmap, false, false);
  }

  @Op(
      name = "statisticsOfBackgroundAndLabelledPixels",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "As statisticsOfLabelledPixels, with a first row (IDENTIFIER 0) for the background"
              + " (label 0).",
      kernels = STATS,
      tolerance = "1e-9 relative (double sums in another order than CLIJ2's)",
      notes = STATS_NOTE)
  public static LabelStatistics statisticsOfBackgroundAndLabelledPixels(
      GpuImage input, GpuImage labelmap) {
    return statistics("statisticsOfBackgroundAndLabelledPixels", input, labelmap, true, false);
  }

  @Op(
      name = "statisticsOfImage",
      category = Category.LABEL_MEASUREMENT,
      doc = "The statistics columns of statisticsOfLabelledPixels for all pixels of an image.",
      kernels = STATS,
      tolerance = "1e-9 relative (double sums in another order than CLIJ2's)",
      notes = STATS_NOTE)
  public static LabelStatistics statisticsOfImage(GpuImage input) {
    return statistics("statisticsOfImage", input, null, false, true);
  }

  private static KernelCall kernel(Gpu gpu, String name, GpuImage src, GpuImage labels) {
    return OpSupport.kernel(gpu, STATS, name)
        .typeDefines("src", src.type())
        .typeDefines("labels", labels.type());
  }

  /** Longest row segment one work item of the statistics passes walks. */
  private static final int SEGMENT = 256;

  /** Work items of stats_reduce1/2: each adds every REDUCERS-th slot, then flushes once. */
  private static final int REDUCERS = 1024;

  /** Row segments per row of width {@code w}. */
  private static int segments(int w) {
    return (w + SEGMENT - 1) / SEGMENT;
  }

  /** Width (uint32) of the label-0 slots: S1 + L1 longs each (pass 2 uses S2 of them). */
  private static int partWidth(long slots) {
    long words = Math.max(2, 2 * (S1 + L1) * slots);
    if (words > Integer.MAX_VALUE) {
      throw new FoveaException.InvalidArgument("image too large for the background statistics");
    }
    return (int) words;
  }

  /** Adds the {@code slots} label-0 partial sums in {@code part} into label 0 (stats_reduce*). */
  private static void reduce(KernelCall k, GpuImage part, long slots) {
    k.arg("part", part).arg("n", (int) slots).run((int) Math.min(slots, REDUCERS));
  }

  /**
   * Binds the arguments both statistics passes share and runs one work item per row segment: rows
   * are split into segments of at most {@link #SEGMENT} pixels (more work items than rows alone).
   */
  private static void runPass(
      KernelCall k, GpuImage src, GpuImage lab, boolean whole, int nl, int first) {
    int w = src.width(), h = src.height(), d = src.depth();
    int segments = segments(w);
    int seg = (w + segments - 1) / segments;
    k.arg("src", src)
        .arg("labels", lab)
        .arg("w", w)
        .arg("h", h)
        .arg("d", d)
        .arg("whole", whole ? 1 : 0)
        .arg("nl", nl)
        .arg("seg", seg)
        .arg("first", first)
        .run(segments, h, d);
  }

  static LabelStatistics statistics(
      String op, GpuImage src, GpuImage labels, boolean background, boolean whole) {
    OpSupport.requireNotNull(op, "input", src);
    if (!whole) {
      OpSupport.requireNotNull(op, "labelmap", labels);
      OpSupport.requireSameShape(op, src, labels);
    }
    Gpu gpu = src.gpu();
    if (!GpuCaps.hasFp64(gpu)) {
      throw new FoveaException.InvalidArgument(
          op
              + " needs a device with double precision (cl_khr_fp64); "
              + gpu.device().name()
              + " has none. Choose another device (FOVEA_DEVICE) or PoCL.");
    }
    GpuImage lab = whole ? src : labels;
    double maxLabel = whole ? 0 : Measurements.maximumOfAllPixels(labels);
    if (maxLabel > Integer.MAX_VALUE / (2 * S1) - 1) {
      throw new FoveaException.InvalidArgument(
          op + ": label " + (long) maxLabel + " is too large (close index gaps first)");
    }
    int nl = (int) Math.max(0, maxLabel) + 1;
    // labels below first are not accumulated (no background row: label 0 is skipped)
    int first = whole || background ? 0 : 1;
    double[] s1;
    long[] b1;
    double[] s2;
    // label 0's per-work-item partial sums (one slot per row segment), only when it is measured
    long slots = first == 0 ? (long) segments(src.width()) * src.height() * src.depth() : 0;
    try (GpuImage acc = gpu.create(2 * S1 * nl, 1, 1, PixelType.UINT32);
        GpuImage bounds = gpu.create(2 * L1 * nl, 1, 1, PixelType.UINT32);
        GpuImage acc2 = gpu.create(2 * S2 * nl, 1, 1, PixelType.UINT32);
        GpuImage part = gpu.create(partWidth(slots), 1, 1, PixelType.UINT32)) {
      kernel(gpu, "stats_init", src, lab)
          .arg("acc", acc)
          .arg("bounds", bounds)
          .arg("acc2", acc2)
          .arg("nl", nl)
          .run(nl);
      KernelCall pass1 =
          kernel(gpu, "stats_pass1", src, lab)
              .arg("acc", acc)
              .arg("bounds", bounds)
              .arg("part", part);
      runPass(pass1, src, lab, whole, nl, first);
      if (slots > 0) {
        reduce(
            kernel(gpu, "stats_reduce1", src, lab).arg("acc", acc).arg("bounds", bounds),
            part,
            slots);
      }
      s1 = pullDoubles(gpu, acc, S1 * nl);
      b1 = pullLongs(gpu, bounds, L1 * nl);
      double[] centers = new double[7 * nl];
      for (int l = 0; l < nl; l++) {
        double n = s1[l * S1];
        double si = s1[l * S1 + 1];
        if (n == 0) continue;
        centers[7 * l] = si / n;
        for (int k = 0; k < 3; k++) {
          centers[7 * l + 1 + k] = s1[l * S1 + 2 + k] / n;
          centers[7 * l + 4 + k] = s1[l * S1 + 5 + k] / si;
        }
      }
      ByteBuffer cb = ByteBuffer.allocateDirect(8 * centers.length).order(ByteOrder.nativeOrder());
      cb.asDoubleBuffer().put(centers);
      try (GpuImage cimg = gpu.push(cb, 2 * 7 * nl, 1, 1, PixelType.UINT32)) {
        KernelCall pass2 =
            kernel(gpu, "stats_pass2", src, lab)
                .arg("centers", cimg)
                .arg("acc2", acc2)
                .arg("part", part);
        runPass(pass2, src, lab, whole, nl, first);
        if (slots > 0)
          reduce(kernel(gpu, "stats_reduce2", src, lab).arg("acc2", acc2), part, slots);
        s2 = pullDoubles(gpu, acc2, S2 * nl);
      }
    }
    double[][] rows = new double[Math.max(0, nl - first)][];
    for (int l = first; l < nl; l++) {
      rows[l - first] = row(l, s1, b1, s2, whole);
    }
    return new LabelStatistics(rows);
  }

  private static double[] row(int l, double[] s1, long[] b1, double[] s2, boolean whole) {
    double[] r = new double[Column.values().length];
    double n = s1[l * S1];
    r[Column.IDENTIFIER.ordinal()] = whole ? 0 : l;
    if (n == 0) return r;
    double si = s1[l * S1 + 1];
    String[] axes = {"X", "Y", "Z"};
    String[] sizes = {"WIDTH", "HEIGHT", "DEPTH"};
    for (int k = 0; k < 3; k++) {
      long lo = b1[l * L1 + k];
      long hi = b1[l * L1 + 3 + k];
      r[Column.valueOf("BOUNDING_BOX_" + axes[k]).ordinal()] = lo;
      r[Column.valueOf("BOUNDING_BOX_END_" + axes[k]).ordinal()] = hi;
      r[Column.valueOf("BOUNDING_BOX_" + sizes[k]).ordinal()] = hi - lo + 1;
      double sumIk = s1[l * S1 + 5 + k];
      double sumK = s1[l * S1 + 2 + k];
      r[Column.valueOf("SUM_INTENSITY_TIMES_" + axes[k]).ordinal()] = sumIk;
      r[Column.valueOf("MASS_CENTER_" + axes[k]).ordinal()] = sumIk / si;
      r[Column.valueOf("SUM_" + axes[k]).ordinal()] = sumK;
      r[Column.valueOf("CENTROID_" + axes[k]).ordinal()] = sumK / n;
    }
    r[Column.MINIMUM_INTENSITY.ordinal()] = unordered(b1[l * L1 + 6]);
    r[Column.MAXIMUM_INTENSITY.ordinal()] = unordered(b1[l * L1 + 7]);
    r[Column.MEAN_INTENSITY.ordinal()] = si / n;
    r[Column.SUM_INTENSITY.ordinal()] = si;
    r[Column.STANDARD_DEVIATION_INTENSITY.ordinal()] = Math.sqrt(s2[l * S2] / n);
    r[Column.PIXEL_COUNT.ordinal()] = n;
    double sdm = s2[l * S2 + 1], sdc = s2[l * S2 + 2];
    double mdm = s2[l * S2 + 3], mdc = s2[l * S2 + 4];
    r[Column.SUM_DISTANCE_TO_MASS_CENTER.ordinal()] = sdm;
    r[Column.MEAN_DISTANCE_TO_MASS_CENTER.ordinal()] = sdm / n;
    r[Column.MAX_DISTANCE_TO_MASS_CENTER.ordinal()] = mdm;
    r[Column.MAX_MEAN_DISTANCE_TO_MASS_CENTER_RATIO.ordinal()] = mdm / (sdm / n);
    r[Column.SUM_DISTANCE_TO_CENTROID.ordinal()] = sdc;
    r[Column.MEAN_DISTANCE_TO_CENTROID.ordinal()] = sdc / n;
    r[Column.MAX_DISTANCE_TO_CENTROID.ordinal()] = mdc;
    r[Column.MAX_MEAN_DISTANCE_TO_CENTROID_RATIO.ordinal()] = mdc / (sdc / n);
    return r;
  }

  private static double unordered(long o) {
    return Double.longBitsToDouble(o >= 0 ? o : o ^ 0x7FFFFFFFFFFFFFFFL);
  }

  private static ByteBuffer pullBytes(Gpu gpu, GpuImage img) {
    ByteBuffer bb = ByteBuffer.allocateDirect((int) img.bytes()).order(ByteOrder.nativeOrder());
    gpu.pull(img, bb);
    bb.rewind();
    return bb;
  }

  private static double[] pullDoubles(Gpu gpu, GpuImage img, int n) {
    double[] v = new double[n];
    pullBytes(gpu, img).asDoubleBuffer().get(v);
    return v;
  }

  private static long[] pullLongs(Gpu gpu, GpuImage img, int n) {
    long[] v = new long[n];
    pullBytes(gpu, img).asLongBuffer().get(v);
    return v;
  }

  // ------------------------------------------------------------------ parametric maps

  private static final String MAP_NOTE =
      "Output float32 (as CLIJ2's); background 0. The per-label values come from the GPU"
          + " statistics (see statisticsOfLabelledPixels); a vector of one value per label is"
          + " then applied on the GPU with replaceIntensities. Label maps are uint32 on the GPU"
          + " (32-bit images in ImageJ).";

  /** Replaces every label by its value of column {@code c}; background 0. */
  static GpuImage parametricMap(
      String op, GpuImage intensity, GpuImage labels, GpuImage dst, Column c) {
    OpSupport.requireNotNull(op, "label_map", labels);
    LabelStatistics t = statistics(op, intensity, labels, true, false);
    float[] vector = new float[Math.max(1, t.rows())];
    for (int r = 1; r < t.rows(); r++) vector[r] = (float) t.get(r, c);
    dst = OpSupport.outputLike(op, labels, dst, dst == null ? PixelType.FLOAT32 : dst.type());
    try (GpuImage v = labels.gpu().push(vector, vector.length, 1, 1)) {
      Labels.replaceIntensities(labels, v, dst);
    }
    return dst;
  }

  @Op(
      name = "pixelCountMap",
      category = Category.LABEL_MEASUREMENT,
      doc = "Replaces every label by its number of pixels (area or volume).",
      kernels = {STATS, Labels.PIXELWISE},
      notes = MAP_NOTE)
  public static GpuImage pixelCountMap(
      GpuImage input, @Out(type = "float32") GpuImage destination) {
    return parametricMap("pixelCountMap", input, input, destination, Column.PIXEL_COUNT);
  }

  @Op(
      name = "meanIntensityMap",
      category = Category.LABEL_MEASUREMENT,
      doc = "Replaces every label by the mean intensity of its pixels in intensity_image.",
      kernels = {STATS, Labels.PIXELWISE},
      tolerance = "float32 of the double mean",
      notes = MAP_NOTE)
  public static GpuImage meanIntensityMap(
      GpuImage intensity_image, GpuImage label_map, @Out(type = "float32") GpuImage destination) {
    return parametricMap(
        "meanIntensityMap", intensity_image, label_map, destination, Column.MEAN_INTENSITY);
  }

  @Op(
      name = "maximumIntensityMap",
      category = Category.LABEL_MEASUREMENT,
      doc = "Replaces every label by the largest intensity of its pixels in intensity_image.",
      kernels = {STATS, Labels.PIXELWISE},
      notes = MAP_NOTE)
  public static GpuImage maximumIntensityMap(
      GpuImage intensity_image, GpuImage label_map, @Out(type = "float32") GpuImage destination) {
    return parametricMap(
        "maximumIntensityMap", intensity_image, label_map, destination, Column.MAXIMUM_INTENSITY);
  }

  @Op(
      name = "minimumIntensityMap",
      category = Category.LABEL_MEASUREMENT,
      doc = "Replaces every label by the smallest intensity of its pixels in intensity_image.",
      kernels = {STATS, Labels.PIXELWISE},
      notes = MAP_NOTE)
  public static GpuImage minimumIntensityMap(
      GpuImage intensity_image, GpuImage label_map, @Out(type = "float32") GpuImage destination) {
    return parametricMap(
        "minimumIntensityMap", intensity_image, label_map, destination, Column.MINIMUM_INTENSITY);
  }

  @Op(
      name = "standardDeviationIntensityMap",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "Replaces every label by the standard deviation (population, ÷ n) of its pixels'"
              + " intensities in intensity_image.",
      kernels = {STATS, Labels.PIXELWISE},
      tolerance = "float32 of the double value",
      notes = MAP_NOTE)
  public static GpuImage standardDeviationIntensityMap(
      GpuImage intensity_image, GpuImage label_map, @Out(type = "float32") GpuImage destination) {
    return parametricMap(
        "standardDeviationIntensityMap",
        intensity_image,
        label_map,
        destination,
        Column.STANDARD_DEVIATION_INTENSITY);
  }

  @Op(
      name = "extensionRatioMap",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "Replaces every label by its extension ratio: the largest distance of its pixels to"
              + " its centroid divided by their mean distance.",
      kernels = {STATS, Labels.PIXELWISE},
      tolerance = "float32 of the double value",
      notes = MAP_NOTE)
  public static GpuImage extensionRatioMap(
      GpuImage input, @Out(type = "float32") GpuImage destination) {
    return parametricMap(
        "extensionRatioMap", input, input, destination, Column.MAX_MEAN_DISTANCE_TO_CENTROID_RATIO);
  }

  // ------------------------------------------------------------------ centroids

  private static GpuImage centroids(String op, GpuImage labels, GpuImage dst, boolean background) {
    OpSupport.requireNotNull(op, "source", labels);
    LabelStatistics t = statistics(op, labels, labels, background, false);
    int n = t.rows();
    int dims = labels.is3D() ? 3 : 2;
    Column[] cols = {Column.CENTROID_X, Column.CENTROID_Y, Column.CENTROID_Z};
    float[] list = new float[Math.max(1, n) * dims];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < dims; k++) list[k * n + r] = (float) t.get(r, cols[k]);
    }
    Gpu gpu = labels.gpu();
    dst =
        OpSupport.output(
            op, labels, dst, Math.max(1, n), dims, 1, dst == null ? PixelType.FLOAT32 : dst.type());
    try (GpuImage tmp = gpu.push(list, Math.max(1, n), dims, 1)) {
      gpu.copy(tmp, dst);
    }
    return dst;
  }

  @Op(
      name = "centroidsOfLabels",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "The centroids of the labels 1..n as a point list (width n, height 2 or 3: x, y[, z]"
              + " per column).",
      kernels = STATS,
      tolerance = "float32 of the double centroid",
      notes = "Output float32; the CENTROID_* columns of statisticsOfLabelledPixels.")
  public static GpuImage centroidsOfLabels(
      GpuImage source, @Out(type = "float32") GpuImage pointlist_destination) {
    return centroids("centroidsOfLabels", source, pointlist_destination, false);
  }

  @Op(
      name = "centroidsOfBackgroundAndLabels",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "The centroids of the background (column 0) and the labels 1..n as a point list (width"
              + " n + 1, height 2 or 3).",
      kernels = STATS,
      tolerance = "float32 of the double centroid",
      notes = "Output float32; the CENTROID_* columns of statisticsOfBackgroundAndLabelledPixels.")
  public static GpuImage centroidsOfBackgroundAndLabels(
      GpuImage source, @Out(type = "float32") GpuImage pointlist_destination) {
    return centroids("centroidsOfBackgroundAndLabels", source, pointlist_destination, true);
  }

  @Op(
      name = "reduceLabelsToCentroids",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "Reduces every label to one pixel at its centroid (coordinates truncated to whole"
              + " pixels, as CLIJ2); label numbers stay, background 0.",
      kernels = {STATS, Labels.POINTS},
      notes =
          "Label maps are uint32 on the GPU (32-bit images in ImageJ). Centroids from the GPU"
              + " statistics, written with writeValuesToPositions.")
  public static GpuImage reduceLabelsToCentroids(
      GpuImage input_labels, @Out(type = "uint32") GpuImage destination_labels) {
    String op = "reduceLabelsToCentroids";
    OpSupport.requireNotNull(op, "input_labels", input_labels);
    OpSupport.requireNotSame(op, input_labels, destination_labels);
    LabelStatistics t = statistics(op, input_labels, input_labels, false, false);
    Gpu gpu = input_labels.gpu();
    GpuImage dst =
        OpSupport.outputLike(
            op,
            input_labels,
            destination_labels,
            destination_labels == null ? PixelType.UINT32 : destination_labels.type());
    gpu.fill(dst, 0);
    int n = 0;
    for (int r = 0; r < t.rows(); r++) if (t.get(r, Column.PIXEL_COUNT) > 0) n++;
    if (n == 0) return dst;
    int coords = input_labels.is3D() ? 3 : 2;
    Column[] cc = {Column.CENTROID_X, Column.CENTROID_Y, Column.CENTROID_Z};
    float[] list = new float[n * (coords + 1)];
    int k = 0;
    for (int r = 0; r < t.rows(); r++) {
      if (t.get(r, Column.PIXEL_COUNT) == 0) continue;
      for (int c = 0; c < coords; c++) list[c * n + k] = (float) Math.floor(t.get(r, cc[c]));
      list[coords * n + k] = (float) t.get(r, Column.IDENTIFIER);
      k++;
    }
    try (GpuImage l = gpu.push(list, n, coords + 1, 1)) {
      Labels.writeValuesToPositions(l, dst);
    }
    return dst;
  }

  // ------------------------------------------------------------------ distance and overlap maps

  @Op(
      name = "euclideanDistanceFromLabelCentroidMap",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "Replaces every labelled pixel by its Euclidean distance (in pixels) to the centroid of"
              + " its label; background stays 0.",
      kernels = {STATS, Labels.PIXELWISE},
      tolerance = "float32 distance to the float32 of the double centroid",
      notes =
          "Output float32 (as CLIJ2's). Centroids are the CENTROID_* columns of the GPU"
              + " statistics (see statisticsOfLabelledPixels); one pixel-wise GPU pass then"
              + " writes the distances. Label maps are uint32 on the GPU (32-bit images in"
              + " ImageJ).")
  public static GpuImage euclideanDistanceFromLabelCentroidMap(
      GpuImage labelmap_input, @Out(type = "float32") GpuImage destination) {
    String op = "euclideanDistanceFromLabelCentroidMap";
    OpSupport.requireNotNull(op, "labelmap_input", labelmap_input);
    OpSupport.requireNotSame(op, labelmap_input, destination);
    GpuImage labels = labelmap_input;
    Gpu gpu = labels.gpu();
    LabelStatistics t = statistics(op, labels, labels, true, false);
    int nl = Math.max(1, t.rows());
    Column[] cols = {Column.CENTROID_X, Column.CENTROID_Y, Column.CENTROID_Z};
    float[] list = new float[nl * 3];
    for (int r = 1; r < t.rows(); r++) {
      for (int k = 0; k < 3; k++) list[k * nl + r] = (float) t.get(r, cols[k]);
    }
    GpuImage dst =
        OpSupport.outputLike(
            op, labels, destination, destination == null ? PixelType.FLOAT32 : destination.type());
    try (GpuImage c = gpu.push(list, nl, 3, 1)) {
      Labels.pixelwise(gpu, "distance_to_centroid", null, labels.type(), null, dst.type())
          .arg("labels", labels)
          .arg("centroids", c)
          .arg("dst", dst)
          .size(labels)
          .arg("nl", nl)
          .run(labels);
    }
    return dst;
  }

  static final String OVERLAP = "labels/label_overlap.cl";

  @Op(
      name = "labelOverlapCountMap",
      category = Category.LABEL_MEASUREMENT,
      doc =
          "Replaces every label of label_map1 by the number of labels of label_map2 that"
              + " overlap it (share at least one pixel with it); background stays 0.",
      kernels = {OVERLAP, Labels.PIXELWISE},
      notes =
          "Output float32 (as CLIJ2's). Background (0) of either map never counts. GPU: one"
              + " pass flags every overlapping pair in a (labels1 + 1) × (labels2 + 1) byte table"
              + " (as CLIJ2's binary overlap matrix), one pass counts each row, replaceIntensities"
              + " writes the counts. Both maps must have the same shape.")
  public static GpuImage labelOverlapCountMap(
      GpuImage label_map1,
      GpuImage label_map2,
      @Out(type = "float32") GpuImage overlap_count_map_destination) {
    String op = "labelOverlapCountMap";
    OpSupport.requireNotNull(op, "label_map1", label_map1);
    OpSupport.requireNotNull(op, "label_map2", label_map2);
    OpSupport.requireSameShape(op, label_map1, label_map2);
    OpSupport.requireNotSame(op, label_map1, overlap_count_map_destination);
    OpSupport.requireNotSame(op, label_map2, overlap_count_map_destination);
    Gpu gpu = label_map1.gpu();
    int n1 = Labels.labelCount(op, label_map1);
    int n2 = Labels.labelCount(op, label_map2);
    long cells = (long) n1 * n2;
    if (cells >= Integer.MAX_VALUE) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          op
              + ": "
              + (n1 - 1)
              + " × "
              + (n2 - 1)
              + " labels need an overlap table of "
              + cells
              + " bytes; at most 2^31 - 1 are supported (close index gaps first if the"
              + " labels are sparse)");
    }
    long n = label_map1.pixelCount();
    GpuImage dst =
        OpSupport.outputLike(
            op,
            label_map1,
            overlap_count_map_destination,
            overlap_count_map_destination == null
                ? PixelType.FLOAT32
                : overlap_count_map_destination.type());
    try (GpuImage overlap = gpu.create(n2, n1, 1, PixelType.UINT8);
        GpuImage counts = gpu.create(n1, 1, 1, PixelType.FLOAT32)) {
      gpu.fill(overlap, 0);
      OpSupport.kernel(gpu, OVERLAP, "overlap_pairs")
          .image("a", label_map1)
          .image("b", label_map2)
          .arg("overlap", overlap)
          .arg("n", n)
          .arg("n1", n1)
          .arg("n2", n2)
          .run(n);
      OpSupport.kernel(gpu, OVERLAP, "overlap_counts")
          .typeDefines("a", label_map1.type())
          .typeDefines("b", label_map2.type())
          .arg("overlap", overlap)
          .arg("counts", counts)
          .arg("n1", n1)
          .arg("n2", n2)
          .run(n1);
      Labels.replaceIntensities(label_map1, counts, dst);
    }
    return dst;
  }
}
