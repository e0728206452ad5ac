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
    GpuImage out = OpSupport.output(op, like, dst, w, h, 1, PixelType.FLOAT32);
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
    // (n1+1)×(n2+1), not square: only the product must fit (e.g. 75,000 labels against 3)
    int a = Labels.labelCount(op, l1), b = Labels.labelCount(op, l2);
    if ((long) a * b > Integer.MAX_VALUE) {
      throw new FoveaException.InvalidArgument(
          op
              + ": largest labels "
              + (a - 1)
              + " and "
              + (b - 1)
              + " give a matrix of "
              + a
              + "×"
              + b
              + " pixels, too large (close index gaps first)");
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
    dst = OpSupport.outputLike(op, labels, dst, PixelType.FLOAT32);
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

  // ------------------------------------------------------------------ statistics of neighbours

  static final String NEIGHBOR_STATS = "relations/neighbor_statistics.cl";
  static final String MESH = "relations/mesh.cl";

  /**
   * The statistics over touching neighbours: meanOfTouchingNeighbors, ... (see {@link
   * #ofTouchingNeighbors}); the constant's ordinal is the kernel's statistic code.
   */
  public enum NeighborStatistic implements OpVariant {
    @Doc("the mean of the values of each label and its touching neighbours")
    mean,
    @Doc(
        "the median of the values of each label and its touching neighbours (for an even count"
            + " the upper one of the two middle values, as CLIJ2)")
    median,
    @Doc("the smallest of the values of each label and its touching neighbours")
    minimum,
    @Doc("the largest of the values of each label and its touching neighbours")
    maximum,
    @Doc(
        "the standard deviation of the values of each label and its touching neighbours, with"
            + " CLIJ2 2.5.3.1's divisor 2·count − 1 (count includes the label itself)")
    standardDeviation,
    @Doc(
        "the most frequent integer part (0..255) of the values of the touching neighbours of each"
            + " label, without the label itself (ties: the smallest; no neighbour: 0), as CLIJ2")
    mode;
  }

  private static void requireVector(String op, String name, GpuImage v) {
    OpSupport.requireNotNull(op, name, v);
    if (v.height() != 1 || v.depth() != 1) {
      throw new FoveaException.InvalidArgument(
          op + ": " + name + " must be a vector (height 1), got " + v.describe());
    }
  }

  private static void requireMatrix(String op, String name, GpuImage m, int size) {
    OpSupport.requireNotNull(op, name, m);
    if (m.width() != size || m.height() != size || m.depth() != 1) {
      throw new FoveaException.InvalidArgument(
          op + ": " + name + " must be a " + size + "×" + size + " matrix, got " + m.describe());
    }
  }

  @Op(
      name = "{}OfTouchingNeighbors",
      category = Category.RELATION,
      dimensions = {2},
      doc =
          "Vector of {doc}; the touching neighbours of element i of values are the elements j"
              + " whose labels touch label i in touch_matrix.",
      kernels = NEIGHBOR_STATS,
      tolerance = "1e-5 relative (float32 sums, as CLIJ2)",
      notes =
          "values is a vector (width n + 1, index = label, element 0 the background) and"
              + " touch_matrix the (n + 1)×(n + 1) matrix of generateTouchMatrix: labels i < j"
              + " touch where the pixel at x = i, y = j is non-zero (any value; only that triangle"
              + " is read, as CLIJ2). The background (index 0) takes part wherever the matrix says"
              + " it touches. values may also be one element shorter than the matrix (width n, as"
              + " clij2-docs' filtering_in_graphs.ijm passes a Results column without the"
              + " background): then Fovea does what CLIJ2 2.5.3.1 was measured to do: element j of"
              + " values is the value of label j + 1 (label 0 takes element 0's value), only the"
              + " labels 0..n − 1 take part (label n is left out), and result element i is label"
              + " i's statistic. The destination is float32 with the shape of values; into another"
              + " type the result is rounded (saturating). One GPU work item per element.")
  public static GpuImage ofTouchingNeighbors(
      NeighborStatistic statistic,
      GpuImage values,
      GpuImage touch_matrix,
      @Out(type = "float32", doc = "a vector like values") GpuImage values_destination) {
    String op = statistic.name() + "OfTouchingNeighbors";
    requireVector(op, "values", values);
    int n = values.width();
    OpSupport.requireNotNull(op, "touch_matrix", touch_matrix);
    boolean shorter = touch_matrix.width() == n + 1;
    requireMatrix(op, "touch_matrix", touch_matrix, shorter ? n + 1 : n);
    OpSupport.requireNotSame(op, values, values_destination);
    GpuImage dst = OpSupport.outputLike(op, values, values_destination, PixelType.FLOAT32);
    // a vector without the background element (a Results column), as CLIJ2 2.5.3.1 reads it:
    // element j holds the value of label j + 1, label 0 takes element 0's value, label n is left
    // out
    GpuImage read = values;
    if (shorter) {
      double[] v = Reductions.pullValues(values);
      float[] byLabel = new float[n];
      for (int j = 0; j < n; j++) byLabel[j] = (float) v[Math.max(j - 1, 0)];
      read = values.gpu().push(byLabel, n, 1, 1);
    }
    try {
      OpSupport.kernel(values.gpu(), NEIGHBOR_STATS, "neighbor_statistic")
          .image("values", read)
          .image("touch", touch_matrix)
          .image("dst", dst)
          .arg("n", n)
          .arg("m", touch_matrix.width())
          .arg("stat", statistic.ordinal())
          .arg("zeroFirst", 0)
          .run(n);
    } finally {
      if (read != values) read.close();
    }
    return dst;
  }

  // ------------------------------------------------------------------ meshes

  private static final String MESH_NOTE =
      "pointlist: width n, height 2 (x, y) or 3 (x, y, z), column k = point k (label k + 1, as"
          + " centroidsOfLabels gives it). Each segment from point a to point b is sampled every"
          + " half unit of its length starting at a, each sample truncated to whole pixels (b"
          + " itself is not a sample), as CLIJ2 2.5.3.1 draws; like CLIJ2 the length of a 2D"
          + " segment is computed with z = y (denser samples only). The mesh is drawn into the"
          + " destination without clearing it; with a null destination a float32 image of zeros"
          + " just large enough for the points (largest coordinate + 1) is allocated. Samples"
          + " outside the destination are skipped.";

  private static int pointRows(String op, GpuImage pointlist) {
    OpSupport.requireNotNull(op, "pointlist", pointlist);
    int rows = pointlist.height();
    if (pointlist.is3D() || rows < 2 || rows > 3) {
      throw new FoveaException.InvalidArgument(
          op + ": pointlist must be 2D with 2 or 3 rows (x, y[, z]), got " + pointlist.describe());
    }
    return rows;
  }

  private static GpuImage meshDestination(GpuImage pointlist, int rows, GpuImage dst) {
    if (dst != null) return dst;
    int[] ext = Labels.listExtent(pointlist, rows);
    Gpu gpu = pointlist.gpu();
    GpuImage out =
        gpu.create(
            Math.max(1, ext[0]),
            Math.max(1, ext[1]),
            rows > 2 ? Math.max(1, ext[2]) : 1,
            PixelType.FLOAT32);
    gpu.fill(out, 0);
    return out;
  }

  private static GpuImage matrixMesh(
      String op, GpuImage pointlist, GpuImage matrix, GpuImage dst, int mode, float threshold) {
    int rows = pointRows(op, pointlist);
    int n = pointlist.width();
    requireMatrix(op, mode == 0 ? "touch_matrix" : "distance_matrix", matrix, n + 1);
    GpuImage out = meshDestination(pointlist, rows, dst);
    OpSupport.kernel(pointlist.gpu(), MESH, "matrix_to_mesh")
        .image("points", pointlist)
        .image("table", matrix)
        .image("dst", out)
        .arg("n", n)
        .arg("rows", rows)
        .arg("m", matrix.width())
        .arg("mode", mode)
        .arg("threshold", threshold)
        .size(out)
        .run(n);
    return out;
  }

  @Op(
      name = "touchMatrixToMesh",
      category = Category.RELATION,
      doc =
          "Draws a line between the points of every pair of touching labels: between points a"
              + " and b where the touch matrix's pixel (a + 1, b + 1), a < b, is non-zero, with that"
              + " pixel's value.",
      kernels = MESH,
      notes =
          MESH_NOTE
              + " touch_matrix: (n + 1)×(n + 1), row and column 0 the background (never drawn).")
  public static GpuImage touchMatrixToMesh(
      GpuImage pointlist,
      GpuImage touch_matrix,
      @Out(type = "float32", doc = "image the lines are drawn into") GpuImage mesh_destination) {
    return matrixMesh("touchMatrixToMesh", pointlist, touch_matrix, mesh_destination, 0, 0f);
  }

  @Op(
      name = "distanceMatrixToMesh",
      category = Category.RELATION,
      doc =
          "Draws a line (value 1) between points a and b wherever their distance in the distance"
              + " matrix (pixel (a + 1, b + 1), a < b) is below maximum_distance.",
      kernels = MESH,
      notes = MESH_NOTE + " distance_matrix: (n + 1)×(n + 1) as generateDistanceMatrix gives it.")
  public static GpuImage distanceMatrixToMesh(
      GpuImage pointlist,
      GpuImage distance_matrix,
      @Out(type = "float32", doc = "image the lines are drawn into") GpuImage mesh_destination,
      @Param(value = "10", doc = "lines join points closer than this (strictly)")
          float maximum_distance) {
    return matrixMesh(
        "distanceMatrixToMesh", pointlist, distance_matrix, mesh_destination, 1, maximum_distance);
  }

  @Op(
      name = "pointIndexListToMesh",
      category = Category.RELATION,
      doc =
          "Draws a line (value 1) from point c − 1 to every point listed in column c ≥ 1 of the"
              + " index list (1-based point indices, 0 = none), as nClosestPoints gives it.",
      kernels = MESH,
      notes =
          MESH_NOTE
              + " indexlist: width n + 1 (column 0, the background, is skipped), one row per"
              + " neighbour; indices below 1 or past the list are skipped.")
  public static GpuImage pointIndexListToMesh(
      GpuImage pointlist,
      GpuImage indexlist,
      @Out(type = "float32", doc = "image the lines are drawn into") GpuImage mesh_destination) {
    String op = "pointIndexListToMesh";
    int rows = pointRows(op, pointlist);
    OpSupport.requireNotNull(op, "indexlist", indexlist);
    if (indexlist.is3D()) {
      throw new FoveaException.InvalidArgument(
          op + ": indexlist must be 2D, got " + indexlist.describe());
    }
    GpuImage out = meshDestination(pointlist, rows, mesh_destination);
    OpSupport.kernel(pointlist.gpu(), MESH, "index_list_to_mesh")
        .image("points", pointlist)
        .image("table", indexlist)
        .image("dst", out)
        .arg("n", pointlist.width())
        .arg("rows", rows)
        .arg("iw", indexlist.width())
        .arg("ih", indexlist.height())
        .size(out)
        .run(indexlist.width());
    return out;
  }

  // ------------------------------------------------------------------ neighbour maps

  static final String NEIGHBOR_MAPS = "relations/neighbor_maps.cl";

  private static final String NEIGHBOR_MAP_NOTE =
      " Each label's value is read from parametric_map at the label's last pixel in raster order"
          + " (the values of a label's pixels should be identical, as CLIJ2 says; CLIJ2 2.5.3.1"
          + " on PoCL also ends up with the last pixel). The result is float32 (another"
          + " destination type: rounded, saturating); background pixels are 0. Label maps are"
          + " uint32 on the GPU (32-bit images in ImageJ).";

  private static org.fovea.core.KernelCall mapKernel(GpuImage labels, GpuImage map, String kernel) {
    return OpSupport.kernel(labels.gpu(), NEIGHBOR_MAPS, kernel)
        .typeDefines("labels", labels.type())
        .typeDefines("map", map.type());
  }

  /** A kernel of the map steps that only reads float32 matrices: one build for every input type. */
  private static org.fovea.core.KernelCall matrixKernel(Gpu gpu, String kernel) {
    return OpSupport.kernel(gpu, NEIGHBOR_MAPS, kernel)
        .typeDefines("labels", PixelType.UINT32)
        .typeDefines("map", PixelType.FLOAT32);
  }

  /** Vector (float32, m elements) of each label's value: parametric_map at its last pixel. */
  private static GpuImage labelValues(String op, GpuImage map, GpuImage labels, int m) {
    if (labels.pixelCount() > Integer.MAX_VALUE) {
      throw new FoveaException.InvalidArgument(
          op + ": label maps of more than 2^31 − 1 pixels are not supported");
    }
    Gpu gpu = labels.gpu();
    GpuImage vec = gpu.create(m, 1, 1, PixelType.FLOAT32);
    try (GpuImage last = gpu.create(m, 1, 1, PixelType.UINT32)) {
      gpu.fill(last, 0xFFFFFFFFL);
      mapKernel(labels, map, "last_pixel")
          .image("labels", labels)
          .arg("last", last)
          .arg("count", (int) labels.pixelCount())
          .run((int) labels.pixelCount());
      mapKernel(labels, map, "read_values")
          .image("map", map)
          .arg("last", last)
          .arg("vec", vec)
          .arg("m", m)
          .run(m);
    }
    return vec;
  }

  /**
   * Replaces every label by {@code statistic} over the labels related to it in {@code relation}
   * (m×m float32, consumed) and writes the map.
   */
  private static GpuImage neighborMap(
      String op,
      NeighborStatistic statistic,
      GpuImage map,
      GpuImage labels,
      GpuImage dst,
      GpuImage relation) {
    Gpu gpu = labels.gpu();
    int m = relation.width();
    dst = OpSupport.outputLike(op, labels, dst, PixelType.FLOAT32);
    try (relation;
        GpuImage values = labelValues(op, map, labels, m);
        GpuImage result = gpu.create(m, 1, 1, PixelType.FLOAT32)) {
      OpSupport.kernel(gpu, NEIGHBOR_STATS, "neighbor_statistic")
          .image("values", values)
          .image("touch", relation)
          .image("dst", result)
          .arg("n", m)
          .arg("m", m)
          .arg("stat", statistic.ordinal())
          .arg("zeroFirst", 1)
          .run(m);
      Labels.replaceIntensities(labels, result, dst);
    }
    return dst;
  }

  private static void requireMapInputs(String op, GpuImage map, GpuImage labels, GpuImage dst) {
    OpSupport.requireNotNull(op, "parametric_map", map);
    OpSupport.requireNotNull(op, "label_map", labels);
    OpSupport.requireSameShape(op, map, labels);
    OpSupport.requireNotSame(op, labels, dst);
  }

  /** The touching-neighbour statistics that have a map op (CLIJ2 has no median map). */
  public enum NeighborMapStatistic implements OpVariant {
    mean(NeighborStatistic.mean),
    minimum(NeighborStatistic.minimum),
    maximum(NeighborStatistic.maximum),
    standardDeviation(NeighborStatistic.standardDeviation),
    mode(NeighborStatistic.mode);

    final NeighborStatistic statistic;

    NeighborMapStatistic(NeighborStatistic statistic) {
      this.statistic = statistic;
    }

    @Override
    public String doc() {
      return statistic.doc();
    }
  }

  @Op(
      name = "{}OfTouchingNeighborsMap",
      category = Category.RELATION,
      doc =
          "Replaces every label of a parametric map by {doc}, where the neighbours are the labels"
              + " within radius steps of the touch graph.",
      kernels = {NEIGHBOR_MAPS, NEIGHBOR_STATS, TOUCH, MATRIX, Labels.PIXELWISE},
      tolerance = "1e-5 relative (float32 sums, as CLIJ2)",
      notes =
          "As CLIJ2 2.5.3.1: radius 0 copies parametric_map; radius 1 takes the touching labels"
              + " (generateTouchMatrix); every further step replaces the relation by its"
              + " neighbours of neighbours (labels two steps apart, not the direct neighbours"
              + " themselves). ignore_touching_background removes the background from the touch"
              + " graph before that; otherwise the background (its value: that of its last pixel)"
              + " is a neighbour of every label touching it."
              + NEIGHBOR_MAP_NOTE)
  public static GpuImage ofTouchingNeighborsMap(
      NeighborMapStatistic statistic,
      GpuImage parametric_map,
      GpuImage label_map,
      @Out(type = "float32") GpuImage parametric_map_destination,
      @Param(value = "1", doc = "steps in the touch graph; 0 copies the map") int radius,
      @Param(value = "true", doc = "the background is no neighbour")
          boolean ignore_touching_background) {
    String op = statistic.name() + "OfTouchingNeighborsMap";
    requireMapInputs(op, parametric_map, label_map, parametric_map_destination);
    if (radius < 0) {
      throw new FoveaException.InvalidArgument(op + ": radius must be ≥ 0, got " + radius);
    }
    Gpu gpu = label_map.gpu();
    if (radius == 0) {
      GpuImage dst =
          OpSupport.outputLike(
              op,
              label_map,
              parametric_map_destination,
              parametric_map_destination == null
                  ? PixelType.FLOAT32
                  : parametric_map_destination.type());
      if (dst != parametric_map) gpu.copy(parametric_map, dst);
      return dst;
    }
    GpuImage touch = generateTouchMatrix(label_map, null);
    int m = touch.width();
    if (ignore_touching_background) {
      matrixKernel(gpu, "clear_first_column").arg("matrix", touch).arg("m", m).run(m);
    }
    for (int step = 1; step < radius; step++) {
      try (GpuImage previous = touch) {
        touch = neighborsOfNeighbors(previous, null);
      }
    }
    return neighborMap(
        op, statistic.statistic, parametric_map, label_map, parametric_map_destination, touch);
  }

  // ------------------------------------------------------------------ meshes of label maps

  @Op(
      name = "drawMeshBetweenTouchingLabels",
      category = Category.RELATION,
      doc =
          "Draws lines (value 1) between the centroids of touching labels: centroidsOfLabels,"
              + " generateTouchMatrix, touchMatrixToMesh.",
      kernels = {TOUCH, LabelMeasurements.STATS, MESH},
      notes =
          "The destination (float32 with the label map's shape when null) is cleared first, as"
              + " CLIJ2 does. Lines as touchMatrixToMesh draws them; labels touching only the"
              + " background get no line. Label maps are uint32 on the GPU (32-bit images in"
              + " ImageJ).")
  public static GpuImage drawMeshBetweenTouchingLabels(
      GpuImage input, @Out(type = "float32") GpuImage destination) {
    String op = "drawMeshBetweenTouchingLabels";
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    GpuImage dst = OpSupport.outputLike(op, input, destination, PixelType.FLOAT32);
    input.gpu().fill(dst, 0);
    if (Labels.labelCount(op, input) < 2) return dst;
    try (GpuImage touch = generateTouchMatrix(input, null);
        GpuImage points = LabelMeasurements.centroidsOfLabels(input, null)) {
      touchMatrixToMesh(points, touch, dst);
    }
    return dst;
  }

  // ------------------------------------------------------------------ nearest and proximal

  /** The distance matrix of the labels' centroids ((n+1)×(n+1), row and column 0 zero). */
  private static GpuImage centroidDistances(GpuImage labels) {
    try (GpuImage points = LabelMeasurements.centroidsOfLabels(labels, null)) {
      return generateDistanceMatrix(points, points, null);
    }
  }

  private static GpuImage proximalRelation(GpuImage dist, float lo, float hi) {
    Gpu gpu = dist.gpu();
    int m = dist.width();
    GpuImage rel = gpu.create(m, m, 1, PixelType.FLOAT32);
    matrixKernel(gpu, "proximal_relation")
        .arg("dist", dist)
        .arg("dst", rel)
        .arg("m", m)
        .arg("lo", lo)
        .arg("hi", hi)
        .run(m, m);
    return rel;
  }

  private static final String CENTROID_NOTE =
      " Distances are those of the labels' centroids (centroidsOfLabels, generateDistanceMatrix);"
          + " the background takes no part.";

  @Op(
      name = "maximumOfNNearestNeighborsMap",
      category = Category.RELATION,
      doc =
          "Replaces every label of a parametric map by the largest value among the label and its"
              + " nearest neighbours: labels related when one is among the other's n nearest.",
      kernels = {
        NEIGHBOR_MAPS,
        NEIGHBOR_STATS,
        DISTANCE,
        MATRIX,
        LabelMeasurements.STATS,
        Labels.PIXELWISE
      },
      notes =
          "As CLIJ2 2.5.3.1: the relation is symmetric (a label whose own n nearest do not"
              + " include a label may still have it as a neighbour when it is among that label's n"
              + " nearest); n = 0 keeps every label's own value; equal distances rank the smaller"
              + " label first."
              + CENTROID_NOTE
              + NEIGHBOR_MAP_NOTE)
  public static GpuImage maximumOfNNearestNeighborsMap(
      GpuImage parametric_map,
      GpuImage label_map,
      @Out(type = "float32") GpuImage parametric_map_destination,
      @Param(value = "1", doc = "number of nearest neighbours") int n) {
    String op = "maximumOfNNearestNeighborsMap";
    requireMapInputs(op, parametric_map, label_map, parametric_map_destination);
    if (n < 0) throw new FoveaException.InvalidArgument(op + ": n must be ≥ 0, got " + n);
    GpuImage rel;
    try (GpuImage dist = centroidDistances(label_map)) {
      rel = generateNNearestNeighborsMatrix(dist, null, n);
    }
    return neighborMap(
        op, NeighborStatistic.maximum, parametric_map, label_map, parametric_map_destination, rel);
  }

  @Op(
      name = "maximumOfProximalNeighborsMap",
      category = Category.RELATION,
      doc =
          "Replaces every label of a parametric map by the largest value among the label and the"
              + " labels whose centroids lie min_distance to max_distance (inclusive) away.",
      kernels = {
        NEIGHBOR_MAPS,
        NEIGHBOR_STATS,
        DISTANCE,
        LabelMeasurements.STATS,
        Labels.PIXELWISE
      },
      notes = "Both bounds inclusive, as CLIJ2 2.5.3.1." + CENTROID_NOTE + NEIGHBOR_MAP_NOTE)
  public static GpuImage maximumOfProximalNeighborsMap(
      GpuImage parametric_map,
      GpuImage label_map,
      @Out(type = "float32") GpuImage parametric_map_destination,
      @Param(value = "0", doc = "smallest centroid distance of a neighbour") float min_distance,
      @Param(value = "3.4028235E38", doc = "largest centroid distance of a neighbour")
          float max_distance) {
    String op = "maximumOfProximalNeighborsMap";
    requireMapInputs(op, parametric_map, label_map, parametric_map_destination);
    GpuImage rel;
    try (GpuImage dist = centroidDistances(label_map)) {
      rel = proximalRelation(dist, min_distance, max_distance);
    }
    return neighborMap(
        op, NeighborStatistic.maximum, parametric_map, label_map, parametric_map_destination, rel);
  }

  private static GpuImage nearestMesh(String op, GpuImage input, GpuImage destination, int n) {
    OpSupport.requireNotNull(op, "input", input);
    OpSupport.requireNotSame(op, input, destination);
    if (n < 0) {
      throw new FoveaException.InvalidArgument(
          op + ": number_of_closest_labels must be ≥ 0, got " + n);
    }
    Gpu gpu = input.gpu();
    GpuImage dst = OpSupport.outputLike(op, input, destination, PixelType.FLOAT32);
    gpu.fill(dst, 0);
    if (Labels.labelCount(op, input) < 3 || n == 0) return dst;
    try (GpuImage points = LabelMeasurements.centroidsOfLabels(input, null);
        GpuImage dist = generateDistanceMatrix(points, points, null)) {
      int m = dist.width();
      // width m − 1: the last label's own list is left out, as in CLIJ2 2.5.3.1
      try (GpuImage list = gpu.create(m - 1, n, 1, PixelType.FLOAT32)) {
        matrixKernel(gpu, "nearest_list")
            .arg("dist", dist)
            .arg("list", list)
            .arg("m", m)
            .arg("lw", m - 1)
            .arg("n", n)
            .run(m - 1);
        pointIndexListToMesh(points, list, dst);
      }
    }
    return dst;
  }

  private static final String NEAREST_MESH_NOTE =
      "As CLIJ2 2.5.3.1 (centroidsOfLabels, generateDistanceMatrix, nClosestPoints,"
          + " pointIndexListToMesh): lines of value 1 from each label's centroid to those of its"
          + " number_of_closest_labels nearest labels (equal distances: the smaller label first);"
          + " like CLIJ2, the largest label's own nearest are not drawn (only lines from other"
          + " labels reach it). The destination (float32 with the label map's shape when null) is"
          + " cleared first. Label maps are uint32 on the GPU (32-bit images in ImageJ).";

  /** drawMeshBetweenNNearestLabels and its deprecated CLIJ2 name drawMeshBetweenNClosestLabels. */
  public enum MeshName implements OpVariant {
    @Doc("Draws lines between the centroids of every label and its n nearest labels.")
    Nearest,
    @Doc("Deprecated CLIJ2 name of drawMeshBetweenNNearestLabels (same result).")
    Closest
  }

  @Op(
      name = "drawMeshBetweenN{}Labels",
      category = Category.RELATION,
      doc = "{doc}",
      kernels = {NEIGHBOR_MAPS, DISTANCE, LabelMeasurements.STATS, MESH},
      notes = NEAREST_MESH_NOTE)
  public static GpuImage drawMeshBetweenNLabels(
      MeshName name,
      GpuImage input,
      @Out(type = "float32") GpuImage destination,
      @Param(value = "1", doc = "number of nearest labels joined to each label")
          int number_of_closest_labels) {
    return nearestMesh(
        "drawMeshBetweenN" + name.name() + "Labels", input, destination, number_of_closest_labels);
  }
}
