package org.fovea.ops;

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
}
