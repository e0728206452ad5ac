package org.fovea.ops;

import java.util.function.Consumer;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
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
    mean("the mean of the values of each label and its touching neighbours"),
    median(
        "the median of the values of each label and its touching neighbours (for an even count"
            + " the upper one of the two middle values, as CLIJ2)"),
    minimum("the smallest of the values of each label and its touching neighbours"),
    maximum("the largest of the values of each label and its touching neighbours"),
    standardDeviation(
        "the standard deviation of the values of each label and its touching neighbours, with"
            + " CLIJ2 2.5.3.1's divisor 2·count − 1 (count includes the label itself)"),
    mode(
        "the most frequent integer part (0..255) of the values of the touching neighbours of each"
            + " label, without the label itself (ties: the smallest; no neighbour: 0), as CLIJ2");

    private final String doc;

    NeighborStatistic(String doc) {
      this.doc = doc;
    }

    @Override
    public String doc() {
      return doc;
    }
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
              + " it touches. The destination is float32 with the shape of values; into another"
              + " type the result is rounded (saturating). One GPU work item per element.")
  public static GpuImage ofTouchingNeighbors(
      NeighborStatistic statistic,
      GpuImage values,
      GpuImage touch_matrix,
      @Out(type = "float32", doc = "a vector like values") GpuImage values_destination) {
    String op = statistic.name() + "OfTouchingNeighbors";
    requireVector(op, "values", values);
    int n = values.width();
    requireMatrix(op, "touch_matrix", touch_matrix, n);
    OpSupport.requireNotSame(op, values, values_destination);
    GpuImage dst =
        OpSupport.outputLike(
            op,
            values,
            values_destination,
            values_destination == null ? PixelType.FLOAT32 : values_destination.type());
    OpSupport.kernel(values.gpu(), NEIGHBOR_STATS, "neighbor_statistic")
        .image("values", values)
        .image("touch", touch_matrix)
        .image("dst", dst)
        .arg("n", n)
        .arg("m", touch_matrix.width())
        .arg("stat", statistic.ordinal())
        .arg("zeroFirst", 0)
        .run(n);
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
    dst = OpSupport.outputLike(op, labels, dst, dst == null ? PixelType.FLOAT32 : dst.type());
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
      kernels = {NEIGHBOR_MAPS, NEIGHBOR_STATS, TOUCH, Labels.PIXELWISE},
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
      GpuImage previous = touch;
      touch = gpu.create(m, m, 1, PixelType.FLOAT32);
      try (previous) {
        matrixKernel(gpu, "neighbors_of_neighbors")
            .arg("src", previous)
            .arg("dst", touch)
            .arg("m", m)
            .run(m, m);
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
    GpuImage dst =
        OpSupport.outputLike(
            op, input, destination, destination == null ? PixelType.FLOAT32 : destination.type());
    input.gpu().fill(dst, 0);
    if (Labels.labelCount(op, input) < 2) return dst;
    try (GpuImage touch = generateTouchMatrix(input, null);
        GpuImage points = LabelMeasurements.centroidsOfLabels(input, null)) {
      touchMatrixToMesh(points, touch, dst);
    }
    return dst;
  }
}
