package org.fovea.ops;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;

/**
 * Relations between the labels of a label map (category {@link Category#RELATION}): touch, overlap
 * and distance matrices, neighbour counts and statistics over neighbours, and the meshes that draw
 * those graphs. Matrices follow CLIJ2's layout: a matrix image of (n+1)×(n+1) pixels for n labels,
 * where row and column 0 stand for the background; vectors are images of n+1 pixels in x, index =
 * label.
 */
public final class Relations {
  private Relations() {}

  static final String TOUCH = "relations/touch_matrix.cl";
  static final String DISTANCE = "relations/distance_matrix.cl";
  static final String OVERLAP = "relations/overlap_matrix.cl";
  static final String MATRIX = "relations/matrix_ops.cl";

  static final String LABEL_MAP =
      " Label maps are uint32 on the GPU (0 = background); in ImageJ they arrive as 32-bit"
          + " images, as CLIJ2's do.";

  private static final String TOUCH_LAYOUT =
      "Matrix of (n+1)×(n+1) pixels for the largest label n (float32, as CLIJ2's). Labels a < b"
          + " that touch mark the pixel x = a, y = b only (the half below the diagonal; the"
          + " diagonal is 0). Touching means face neighbours: 4-connected in 2D, 6-connected in"
          + " 3D (diagonal contact does not count). Column 0 is the background: label b touches"
          + " the background where one of its pixels has a background neighbour; the image"
          + " border is not background.";

  /**
   * The output matrix of w×h (float32 unless {@code dst} has another type); {@code body} fills a
   * float32 image that is the output itself or a temporary converted into it.
   */
  static GpuImage floatResult(
      String op, GpuImage like, GpuImage dst, int w, int h, Consumer<GpuImage> body) {
    GpuImage out =
        OpSupport.output(op, like, dst, w, h, 1, dst == null ? PixelType.FLOAT32 : dst.type());
    if (out.type() == PixelType.FLOAT32) {
      body.accept(out);
      return out;
    }
    Gpu gpu = like.gpu();
    try (GpuImage work = gpu.create(w, h, 1, PixelType.FLOAT32)) {
      body.accept(work);
      gpu.copy(work, out);
    }
    return out;
  }

  /** Largest label + 1 (the side of the matrix), checked against the matrix size. */
  static int matrixSide(String op, GpuImage labels) {
    int nl = Labels.labelCount(op, labels);
    if ((long) nl * nl > Integer.MAX_VALUE) {
      throw new FoveaException.InvalidArgument(
          op
              + ": largest label "
              + (nl - 1)
              + " gives a matrix of "
              + nl
              + "×"
              + nl
              + " pixels, too large (close index gaps first)");
    }
    return nl;
  }

  @Op(
      name = "generateTouchMatrix",
      category = Category.RELATION,
      doc =
          "The touch matrix (region adjacency graph) of a label map: 1 where two labels touch,"
              + " else 0.",
      kernels = TOUCH,
      notes =
          TOUCH_LAYOUT
              + LABEL_MAP
              + " GPU: one work item per pixel compares it with its +x, +y and +z neighbours.")
  public static GpuImage generateTouchMatrix(
      GpuImage label_map, @Out(type = "float32") GpuImage touch_matrix_destination) {
    String op = "generateTouchMatrix";
    OpSupport.requireNotNull(op, "label_map", label_map);
    OpSupport.requireNotSame(op, label_map, touch_matrix_destination);
    int nl = matrixSide(op, label_map);
    Gpu gpu = label_map.gpu();
    return floatResult(
        op,
        label_map,
        touch_matrix_destination,
        nl,
        nl,
        m -> {
          gpu.fill(m, 0);
          OpSupport.kernel(gpu, TOUCH, "touch_matrix")
              .image("labels", label_map)
              .arg("matrix", m)
              .size(label_map)
              .arg("nl", nl)
              .run(label_map);
        });
  }

  @Op(
      name = "generateDistanceMatrix",
      category = Category.RELATION,
      doc =
          "The Euclidean distances between all points of two point lists, as a matrix with a"
              + " background row and column of zeros.",
      kernels = DISTANCE,
      tolerance = "1e-5 relative (float32 arithmetic)",
      notes =
          "Point lists as CLIJ2's: an image of width n and height 2 (2D) or 3 (3D), column j ="
              + " point j's x, y[, z] (e.g. from centroidsOfLabels). For lists of n1 and n2"
              + " points the matrix is (n1+1)×(n2+1) pixels (width n1+1, float32, as CLIJ2's):"
              + " pixel (x, y) with x, y ≥ 1 is the distance of point x−1 of coordinate_list1 and"
              + " point y−1 of coordinate_list2; row 0 and column 0 are 0, so the matrix has the"
              + " size of a touch matrix. Both lists need the same height. GPU: one work item per"
              + " matrix pixel.")
  public static GpuImage generateDistanceMatrix(
      GpuImage coordinate_list1,
      GpuImage coordinate_list2,
      @Out(type = "float32") GpuImage distance_matrix_destination) {
    String op = "generateDistanceMatrix";
    OpSupport.requireNotNull(op, "coordinate_list1", coordinate_list1);
    OpSupport.requireNotNull(op, "coordinate_list2", coordinate_list2);
    OpSupport.requireNotSame(op, coordinate_list1, distance_matrix_destination);
    OpSupport.requireNotSame(op, coordinate_list2, distance_matrix_destination);
    requirePointList(op, "coordinate_list1", coordinate_list1);
    requirePointList(op, "coordinate_list2", coordinate_list2);
    int dims = coordinate_list1.height();
    if (coordinate_list2.height() != dims) {
      throw new FoveaException.InvalidArgument(
          op
              + ": both point lists need the same dimensionality (height), got "
              + coordinate_list1.describe()
              + " and "
              + coordinate_list2.describe());
    }
    int n1 = coordinate_list1.width(), n2 = coordinate_list2.width();
    if ((long) (n1 + 1) * (n2 + 1) > Integer.MAX_VALUE) {
      throw new FoveaException.InvalidArgument(
          op + ": " + n1 + "×" + n2 + " points give a matrix too large for one image");
    }
    Gpu gpu = coordinate_list1.gpu();
    return floatResult(
        op,
        coordinate_list1,
        distance_matrix_destination,
        n1 + 1,
        n2 + 1,
        m ->
            OpSupport.kernel(gpu, DISTANCE, "distance_matrix")
                .image("p1", coordinate_list1)
                .image("p2", coordinate_list2)
                .arg("matrix", m)
                .arg("n1", n1)
                .arg("n2", n2)
                .arg("dims", dims)
                .run(n1 + 1, n2 + 1));
  }

  // ------------------------------------------------------------------ helpers for matrix inputs

  /** A float32 view of {@code img}: itself, or a converted copy the caller must close. */
  static GpuImage asFloat(GpuImage img) {
    return img.type() == PixelType.FLOAT32 ? img : img.gpu().convert(img, PixelType.FLOAT32);
  }

  static void closeCopy(GpuImage copy, GpuImage original) {
    if (copy != original) copy.close();
  }

  static void requireMatrix(String op, String name, GpuImage m, boolean square) {
    OpSupport.requireNotNull(op, name, m);
    if (m.is3D() || (square && m.width() != m.height())) {
      throw new FoveaException.InvalidArgument(
          op
              + ": "
              + name
              + " must be a "
              + (square ? "square " : "")
              + "2D matrix image, got "
              + m.describe());
    }
  }

  /**
   * Runs one kernel of matrix_ops.cl that reads the float32 matrix {@code m} (bound as "m") and
   * writes a float32 output of w×h (bound as "dst"), with the ints {@code w} and the extra args.
   */
  private static GpuImage matrixKernel(
      String op,
      String kernel,
      GpuImage matrix,
      GpuImage dst,
      int outW,
      int outH,
      boolean zero,
      UnaryOperator<KernelCall> args,
      long... global) {
    OpSupport.requireNotSame(op, matrix, dst);
    Gpu gpu = matrix.gpu();
    GpuImage m = asFloat(matrix);
    try {
      return floatResult(
          op,
          matrix,
          dst,
          outW,
          outH,
          out -> {
            if (zero) gpu.fill(out, 0);
            args.apply(
                    OpSupport.kernel(gpu, MATRIX, kernel)
                        .arg("m", m)
                        .arg("dst", out)
                        .arg("w", matrix.width()))
                .run(global);
          });
    } finally {
      closeCopy(m, matrix);
    }
  }

  private static final String VECTOR =
      " Output: a vector image of w×1 pixels (w = the matrix width; float32, as CLIJ2's), index ="
          + " label.";

  // ------------------------------------------------------------------ touch count, adjacency

  @Op(
      name = "generateTouchCountMatrix",
      category = Category.RELATION,
      doc =
          "The touch count matrix of a label map: for every pair of touching labels the number of"
              + " touching pixel pairs.",
      kernels = TOUCH,
      notes =
          "Layout as generateTouchMatrix, with counts instead of 1: each pair of face-neighbour"
              + " pixels (4-connected in 2D, 6-connected in 3D) with labels a < b adds 1 to pixel"
              + " x = a, y = b; column 0 counts the contacts with the background."
              + LABEL_MAP
              + " GPU: one work item per pixel, 32-bit atomic increments, then a conversion to"
              + " float32.")
  public static GpuImage generateTouchCountMatrix(
      GpuImage label_map, @Out(type = "float32") GpuImage touch_count_matrix_destination) {
    String op = "generateTouchCountMatrix";
    OpSupport.requireNotNull(op, "label_map", label_map);
    OpSupport.requireNotSame(op, label_map, touch_count_matrix_destination);
    int nl = matrixSide(op, label_map);
    Gpu gpu = label_map.gpu();
    GpuImage out =
        OpSupport.output(
            op,
            label_map,
            touch_count_matrix_destination,
            nl,
            nl,
            1,
            touch_count_matrix_destination == null
                ? PixelType.FLOAT32
                : touch_count_matrix_destination.type());
    try (GpuImage counts = gpu.create(nl, nl, 1, PixelType.UINT32)) {
      gpu.fill(counts, 0);
      OpSupport.kernel(gpu, TOUCH, "touch_count_matrix")
          .image("labels", label_map)
          .arg("counts", counts)
          .size(label_map)
          .arg("nl", nl)
          .run(label_map);
      gpu.copy(counts, out);
    }
    return out;
  }

  @Op(
      name = "touchMatrixToAdjacencyMatrix",
      category = Category.RELATION,
      doc =
          "The symmetric adjacency matrix of a touch matrix: each pixel (x, y) becomes"
              + " m(x, y) + m(y, x).",
      dimensions = {2},
      kernels = MATRIX,
      notes =
          "As CLIJ2: the matrix plus its transpose, so a touch matrix's marks (below the"
              + " diagonal) appear on both sides, the background row and column included; a"
              + " non-zero diagonal doubles. Square matrix in, float32 matrix of the same size"
              + " out. GPU: one work item per pixel.")
  public static GpuImage touchMatrixToAdjacencyMatrix(
      GpuImage touch_matrix, @Out(type = "float32") GpuImage adjacency_matrix) {
    String op = "touchMatrixToAdjacencyMatrix";
    requireMatrix(op, "touch_matrix", touch_matrix, true);
    int w = touch_matrix.width();
    return matrixKernel(
        op, "touch_to_adjacency", touch_matrix, adjacency_matrix, w, w, false, k -> k, w, w);
  }

  // ------------------------------------------------------------------ overlap matrices

  private static final String OVERLAP_LAYOUT =
      " Matrix of (n1+1)×(n2+1) pixels (width n1+1 for the largest label n1 of label_map1, height"
          + " n2+1 for label_map2; float32, as CLIJ2's); pixel (a, b) is label a of label_map1"
          + " against label b of label_map2, the backgrounds (a = 0 or b = 0) included.";

  private static int[] overlapSides(String op, GpuImage l1, GpuImage l2, GpuImage dst) {
    OpSupport.requireNotNull(op, "label_map1", l1);
    OpSupport.requireNotNull(op, "label_map2", l2);
    OpSupport.requireSameShape(op, l1, l2);
    OpSupport.requireNotSame(op, l1, dst);
    OpSupport.requireNotSame(op, l2, dst);
    int a = matrixSide(op, l1), b = matrixSide(op, l2);
    if ((long) a * b > Integer.MAX_VALUE) {
      throw new FoveaException.InvalidArgument(op + ": too many labels for one matrix image");
    }
    return new int[] {a, b};
  }

  private static KernelCall overlapKernel(String kernel, GpuImage l1, GpuImage l2, int[] sides) {
    return OpSupport.kernel(l1.gpu(), OVERLAP, kernel)
        .image("labels1", l1)
        .image("labels2", l2)
        .arg("n", l1.pixelCount())
        .arg("nl1", sides[0])
        .arg("nl2", sides[1]);
  }

  @Op(
      name = "generateBinaryOverlapMatrix",
      category = Category.RELATION,
      doc =
          "The binary overlap matrix of two label maps: 1 where a label of the first map shares at"
              + " least one pixel with a label of the second.",
      kernels = OVERLAP,
      notes = OVERLAP_LAYOUT + LABEL_MAP + " GPU: one work item per pixel.")
  public static GpuImage generateBinaryOverlapMatrix(
      GpuImage label_map1,
      GpuImage label_map2,
      @Out(type = "float32") GpuImage binary_overlap_matrix_destination) {
    String op = "generateBinaryOverlapMatrix";
    int[] sides = overlapSides(op, label_map1, label_map2, binary_overlap_matrix_destination);
    Gpu gpu = label_map1.gpu();
    return floatResult(
        op,
        label_map1,
        binary_overlap_matrix_destination,
        sides[0],
        sides[1],
        m -> {
          gpu.fill(m, 0);
          overlapKernel("overlap_binary", label_map1, label_map2, sides)
              .arg("matrix", m)
              .run(label_map1.pixelCount());
        });
  }

  @Op(
      name = "generateJaccardIndexMatrix",
      category = Category.RELATION,
      doc =
          "The Jaccard index matrix of two label maps: for every pair of labels |A ∩ B| / |A ∪ B|"
              + " (0 where they do not overlap).",
      kernels = {OVERLAP, MATRIX},
      tolerance = "1e-6 relative (float32 division)",
      notes =
          OVERLAP_LAYOUT
              + LABEL_MAP
              + " GPU: overlap counts with 32-bit atomics (one work item per pixel), label sizes as"
              + " column and row sums, then one work item per matrix pixel.")
  public static GpuImage generateJaccardIndexMatrix(
      GpuImage label_map1,
      GpuImage label_map2,
      @Out(type = "float32") GpuImage jaccard_index_matrix_destination) {
    String op = "generateJaccardIndexMatrix";
    int[] sides = overlapSides(op, label_map1, label_map2, jaccard_index_matrix_destination);
    Gpu gpu = label_map1.gpu();
    int a = sides[0], b = sides[1];
    return floatResult(
        op,
        label_map1,
        jaccard_index_matrix_destination,
        a,
        b,
        m -> {
          try (GpuImage counts = gpu.create(a, b, 1, PixelType.UINT32);
              GpuImage sums = gpu.create(a + b, 1, 1, PixelType.UINT32)) {
            gpu.fill(counts, 0);
            overlapKernel("overlap_counts", label_map1, label_map2, sides)
                .arg("counts", counts)
                .run(label_map1.pixelCount());
            OpSupport.kernel(gpu, MATRIX, "overlap_sums")
                .arg("counts", counts)
                .arg("sums", sums)
                .arg("nl1", a)
                .arg("nl2", b)
                .run(a + b);
            OpSupport.kernel(gpu, MATRIX, "jaccard")
                .arg("counts", counts)
                .arg("sums", sums)
                .arg("matrix", m)
                .arg("nl1", a)
                .arg("nl2", b)
                .run(a, b);
          }
        });
  }

  // ------------------------------------------------------------------ distance matrices

  @Op(
      name = "generateNNearestNeighborsMatrix",
      category = Category.RELATION,
      doc =
          "A touch matrix marking, for every point, its n nearest neighbours in a distance"
              + " matrix.",
      dimensions = {2},
      kernels = MATRIX,
      notes =
          "As CLIJ2: for every column x ≥ 1 of the square distance matrix the n smallest values"
              + " among the rows y ≥ 1, y ≠ x (ties: the smaller row first) mark the pair in the"
              + " touch-matrix layout, pixel (min(x, y), max(x, y)) = 1; the background row and"
              + " column stay 0. Output float32, the size of the input. Unlike CLIJ2 2.5.3.1,"
              + " which overwrites the diagonal and background of its input distance matrix,"
              + " the input is left unchanged. GPU: one work item per column.")
  public static GpuImage generateNNearestNeighborsMatrix(
      GpuImage distance_matrix,
      @Out(type = "float32") GpuImage touch_matrix_destination,
      @Param(value = "1", doc = "number of nearest neighbours to mark") int n) {
    String op = "generateNNearestNeighborsMatrix";
    requireMatrix(op, "distance_matrix", distance_matrix, true);
    OpSupport.requireNonNegative(op, "n", n);
    int w = distance_matrix.width();
    return matrixKernel(
        op,
        "n_nearest",
        distance_matrix,
        touch_matrix_destination,
        w,
        w,
        true,
        k -> k.arg("n", n),
        w);
  }

  @Op(
      name = "shortestDistances",
      category = Category.RELATION,
      doc = "The smallest value of every column of a distance matrix (rows 1 and up).",
      dimensions = {2},
      kernels = MATRIX,
      notes =
          "As CLIJ2: per column, the minimum over the rows y ≥ 1 of the values > −1; 0 when there"
              + " is none. The diagonal counts: on a plain distance matrix (0 from each point to"
              + " itself) the result is 0, so set the diagonal first (e.g. to a large value) to get"
              + " the distance to the nearest other point."
              + VECTOR
              + " GPU: one work item per column.")
  public static GpuImage shortestDistances(
      GpuImage distance_matrix, @Out(type = "float32") GpuImage destination_minimum_distances) {
    String op = "shortestDistances";
    requireMatrix(op, "distance_matrix", distance_matrix, false);
    int w = distance_matrix.width();
    return matrixKernel(
        op,
        "shortest_distances",
        distance_matrix,
        destination_minimum_distances,
        w,
        1,
        false,
        k -> k.arg("h", distance_matrix.height()),
        w);
  }

  @Op(
      name = "averageDistanceOfNClosestPoints",
      category = Category.RELATION,
      doc =
          "For every point (column of a distance matrix) the mean of its n smallest distances to"
              + " the other points.",
      dimensions = {2},
      kernels = MATRIX,
      tolerance = "1e-5 relative (float32 sums)",
      notes =
          "As CLIJ2: per column x, the mean of the n smallest values among the rows y ≥ 1, y ≠ x"
              + " (the point itself and the background row are skipped); fewer values where the"
              + " column has fewer, 0 where it has none (column 0 too)."
              + VECTOR
              + " GPU: one work item per column (n selection passes over the column).")
  public static GpuImage averageDistanceOfNClosestPoints(
      GpuImage distance_matrix,
      @Out(type = "float32") GpuImage distance_list_destination,
      @Param(value = "1", doc = "number of smallest distances to average")
          int n_closest_points_to_find) {
    String op = "averageDistanceOfNClosestPoints";
    requireMatrix(op, "distance_matrix", distance_matrix, false);
    OpSupport.requireNonNegative(op, "n_closest_points_to_find", n_closest_points_to_find);
    int w = distance_matrix.width();
    return matrixKernel(
        op,
        "average_n_closest",
        distance_matrix,
        distance_list_destination,
        w,
        1,
        false,
        k -> k.arg("h", distance_matrix.height()).arg("n", n_closest_points_to_find),
        w);
  }

  @Op(
      name = "averageDistanceOfTouchingNeighbors",
      category = Category.RELATION,
      doc =
          "For every label the mean distance to its touching neighbours (a distance matrix and a"
              + " touch matrix of the same size).",
      dimensions = {2},
      kernels = MATRIX,
      tolerance = "1e-5 relative (float32 sums)",
      notes =
          "As CLIJ2: for label l, the labels k ≥ 1, k ≠ l whose touch-matrix pixel (min(k, l),"
              + " max(k, l)) is > 0 are its neighbours (the background is no neighbour of a"
              + " label; element 0 averages over the labels touching the background); the"
              + " distances are read at the same pixel of the distance matrix; 0 without"
              + " neighbours."
              + VECTOR
              + " GPU: one work item per label.")
  public static GpuImage averageDistanceOfTouchingNeighbors(
      GpuImage distance_matrix,
      GpuImage touch_matrix,
      @Out(type = "float32") GpuImage average_distancelist_destination) {
    String op = "averageDistanceOfTouchingNeighbors";
    requireMatrix(op, "distance_matrix", distance_matrix, true);
    requireMatrix(op, "touch_matrix", touch_matrix, true);
    OpSupport.requireSameShape(op, distance_matrix, touch_matrix);
    OpSupport.requireNotSame(op, touch_matrix, average_distancelist_destination);
    GpuImage t = asFloat(touch_matrix);
    try {
      int w = distance_matrix.width();
      return matrixKernel(
          op,
          "average_touching",
          distance_matrix,
          average_distancelist_destination,
          w,
          1,
          false,
          k -> k.arg("touch", t),
          w);
    } finally {
      closeCopy(t, touch_matrix);
    }
  }

  // ------------------------------------------------------------------ neighbour counts

  @Op(
      name = "countTouchingNeighbors",
      category = Category.RELATION,
      doc = "For every label of a touch matrix the number of labels it touches.",
      dimensions = {2},
      kernels = MATRIX,
      notes =
          "As CLIJ2: element l counts the labels k ≠ l whose pixel (min(k, l), max(k, l)) is"
              + " non-zero, so only the half below the diagonal is read; the background counts"
              + " as a neighbour (element 0 = number of labels touching the background)."
              + VECTOR
              + " GPU: one work item per label.")
  public static GpuImage countTouchingNeighbors(
      GpuImage touch_matrix, @Out(type = "float32") GpuImage touching_neighbors_count_destination) {
    String op = "countTouchingNeighbors";
    requireMatrix(op, "touch_matrix", touch_matrix, true);
    int w = touch_matrix.width();
    return matrixKernel(
        op,
        "count_touching",
        touch_matrix,
        touching_neighbors_count_destination,
        w,
        1,
        false,
        k -> k.arg("first", 0),
        w);
  }

  @Op(
      name = "neighborsOfNeighbors",
      category = Category.RELATION,
      doc =
          "The touch matrix of the neighbours of neighbours: labels that share a touching"
              + " neighbour.",
      dimensions = {2},
      kernels = MATRIX,
      notes =
          "As CLIJ2: with a, b adjacent where pixel (a, b) or (b, a) is non-zero (the background"
              + " and a non-zero diagonal included), pixel (x, y), x < y, is 1 when some k is"
              + " adjacent to both x and y; direct neighbours without a common neighbour are not"
              + " marked. Output float32 in the touch-matrix layout (below the diagonal), the size"
              + " of the input. GPU: one work item per pixel, O(n) each.")
  public static GpuImage neighborsOfNeighbors(
      GpuImage touch_matrix, @Out(type = "float32") GpuImage neighbor_matrix_destination) {
    String op = "neighborsOfNeighbors";
    requireMatrix(op, "touch_matrix", touch_matrix, true);
    int w = touch_matrix.width();
    return matrixKernel(
        op,
        "neighbors_of_neighbors",
        touch_matrix,
        neighbor_matrix_destination,
        w,
        w,
        false,
        k -> k,
        w,
        w);
  }

  /** Replaces every label of {@code labels} by element label of the float32 vector. */
  private static GpuImage mapVector(String op, GpuImage labels, GpuImage vector, GpuImage dst) {
    dst = OpSupport.outputLike(op, labels, dst, dst == null ? PixelType.FLOAT32 : dst.type());
    Labels.replaceIntensities(labels, vector, dst);
    return dst;
  }

  @Op(
      name = "touchingNeighborCountMap",
      category = Category.RELATION,
      doc = "Replaces every label by the number of labels it touches (the background not counted).",
      kernels = {TOUCH, MATRIX, Labels.PIXELWISE},
      notes =
          "Touching as in generateTouchMatrix (face neighbours). Output float32 (as CLIJ2's),"
              + " background 0."
              + LABEL_MAP
              + " GPU: touch matrix, a count per label, replaceIntensities.")
  public static GpuImage touchingNeighborCountMap(
      GpuImage input, @Out(type = "float32") GpuImage destination) {
    String op = "touchingNeighborCountMap";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    try (GpuImage tm = generateTouchMatrix(input, null);
        GpuImage counts =
            matrixKernel(
                op,
                "count_touching",
                tm,
                null,
                tm.width(),
                1,
                false,
                k -> k.arg("first", 1),
                tm.width())) {
      return mapVector(op, input, counts, destination);
    }
  }

  /**
   * Centroids of the labels 1..n of a label map as a float32 point list; labels without pixels get
   * NaN coordinates (so that they are never within a distance range).
   */
  static GpuImage centroidList(String op, GpuImage labels) {
    LabelStatistics t = LabelMeasurements.statistics(op, labels, labels, false, false);
    int n = t.rows();
    int dims = labels.is3D() ? 3 : 2;
    LabelStatistics.Column[] cols = {
      LabelStatistics.Column.CENTROID_X,
      LabelStatistics.Column.CENTROID_Y,
      LabelStatistics.Column.CENTROID_Z
    };
    float[] list = new float[Math.max(1, n) * dims];
    Arrays.fill(list, Float.NaN);
    for (int r = 0; r < n; r++) {
      if (t.get(r, LabelStatistics.Column.PIXEL_COUNT) == 0) continue;
      for (int k = 0; k < dims; k++) list[k * n + r] = (float) t.get(r, cols[k]);
    }
    return labels.gpu().push(list, Math.max(1, n), dims, 1);
  }

  private static GpuImage proximalCounts(
      String op,
      GpuImage labels1,
      GpuImage labels2,
      GpuImage dst,
      float minimum,
      float maximum,
      boolean self) {
    OpSupport.requireNotSame(op, labels1, dst);
    OpSupport.requireNotSame(op, labels2, dst);
    if (Float.isNaN(minimum) || Float.isNaN(maximum)) {
      throw new FoveaException.InvalidArgument(op + ": min_distance and max_distance are NaN");
    }
    try (GpuImage c1 = centroidList(op, labels1);
        GpuImage c2 = self ? null : centroidList(op, labels2);
        GpuImage dm = generateDistanceMatrix(c1, self ? c1 : c2, null);
        GpuImage counts =
            matrixKernel(
                op,
                "count_in_range",
                dm,
                null,
                dm.width(),
                1,
                false,
                k ->
                    k.arg("h", dm.height())
                        .arg("lo", minimum)
                        .arg("hi", maximum)
                        .arg("excludeSelf", self ? 1 : 0),
                dm.width())) {
      return mapVector(op, labels1, counts, dst);
    }
  }

  private static final String PROXIMAL_NOTE =
      " Distances between the labels' centroids (as centroidsOfLabels); a label counts when"
          + " min_distance ≤ distance ≤ max_distance (both inclusive, as CLIJ2). A label number"
          + " absent from a map (a gap in the numbering) has no centroid and never counts; CLIJ2"
          + " 2.5.3.1 gives such numbers a centroid anyway and may count them, so close index gaps"
          + " first when results must match CLIJ2's. Output float32 (as CLIJ2's), background 0."
          + LABEL_MAP
          + " GPU: statistics for the centroids, generateDistanceMatrix, a count per column,"
          + " replaceIntensities.";

  @Op(
      name = "proximalNeighborCountMap",
      category = Category.RELATION,
      doc =
          "Replaces every label by the number of other labels whose centroids lie within the"
              + " distance range of its centroid.",
      kernels = {LabelMeasurements.STATS, DISTANCE, MATRIX, Labels.PIXELWISE},
      tolerance = "exact except for distances within float32 rounding of a range end",
      notes = "The label itself is not counted." + PROXIMAL_NOTE)
  public static GpuImage proximalNeighborCountMap(
      GpuImage input,
      @Out(type = "float32") GpuImage destination,
      @Param(value = "0", doc = "smallest centroid distance counted (pixels)") float min_distance,
      @Param(value = "3.4028234663852886E38", doc = "largest centroid distance counted (pixels)")
          float max_distance) {
    String op = "proximalNeighborCountMap";
    OpSupport.requireNotNull(op, "input", input);
    return proximalCounts(op, input, input, destination, min_distance, max_distance, true);
  }

  @Op(
      name = "labelProximalNeighborCountMap",
      category = Category.RELATION,
      doc =
          "Replaces every label of label_map1 by the number of labels of label_map2 whose"
              + " centroids lie within the distance range of its centroid.",
      kernels = {LabelMeasurements.STATS, DISTANCE, MATRIX, Labels.PIXELWISE},
      tolerance = "exact except for distances within float32 rounding of a range end",
      notes =
          "Every label of label_map2 counts, the one at the same place too; the maps may have"
              + " different sizes but the same dimensionality."
              + PROXIMAL_NOTE)
  public static GpuImage labelProximalNeighborCountMap(
      GpuImage label_map1,
      GpuImage label_map2,
      @Out(type = "float32") GpuImage proximal_neighbor_count_map_destination,
      @Param(value = "0", doc = "smallest centroid distance counted (pixels)") float min_distance,
      @Param(value = "3.4028234663852886E38", doc = "largest centroid distance counted (pixels)")
          float max_distance) {
    String op = "labelProximalNeighborCountMap";
    OpSupport.requireNotNull(op, "label_map1", label_map1);
    OpSupport.requireNotNull(op, "label_map2", label_map2);
    if (label_map1.is3D() != label_map2.is3D()) {
      throw new FoveaException.InvalidArgument(
          op
              + ": both label maps must be 2D or both 3D, got "
              + label_map1.describe()
              + " and "
              + label_map2.describe());
    }
    return proximalCounts(
        op,
        label_map1,
        label_map2,
        proximal_neighbor_count_map_destination,
        min_distance,
        max_distance,
        false);
  }

  static void requirePointList(String op, String name, GpuImage list) {
    if (list.is3D() || list.height() < 1 || list.height() > 3) {
      throw new FoveaException.InvalidArgument(
          op
              + ": "
              + name
              + " must be a point list (width = number of points, height 1 to 3 = coordinates),"
              + " got "
              + list.describe());
    }
  }
}
