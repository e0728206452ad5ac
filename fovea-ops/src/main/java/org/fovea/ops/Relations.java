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
}
