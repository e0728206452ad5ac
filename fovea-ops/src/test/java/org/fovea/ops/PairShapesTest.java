package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleBinaryOperator;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * Two-image ops whose second image has another shape (CLIJ2 reads it clamped to its edge: a column
 * vector multiplies every column of a matrix) and the X/Y/Z projections of a 2D image, against
 * plain CPU loops. Small odd sizes; one kernel per op.
 */
class PairShapesTest {

  /** Expected: op(a(x, y, z), b(clamped x, y, z)) over a's shape, in a's type. */
  private static CpuImage expected(CpuImage a, CpuImage b, PixelType t, DoubleBinaryOperator op) {
    CpuImage e = new CpuImage(a.w, a.h, a.d, t);
    for (int z = 0; z < a.d; z++) {
      for (int y = 0; y < a.h; y++) {
        for (int x = 0; x < a.w; x++) {
          e.set(x, y, z, op.applyAsDouble(a.get(x, y, z), b.getClamped(x, y, z)));
        }
      }
    }
    return e;
  }

  @Test
  @Covers({"multiplyImages", "addImages", "greater", "binaryAnd", "divideImages"})
  void secondImageOfAnotherShapeIsReadClampedToItsEdge() {
    Gpu gpu = TestGpu.get();
    // 2D: a column vector, a row vector and a larger image; 3D: one slice and one column
    int[][] shapes = {
      {7, 5, 1, 1, 5, 1},
      {7, 5, 1, 7, 1, 1},
      {7, 5, 1, 9, 6, 1},
      {7, 5, 3, 7, 5, 1},
      {7, 5, 3, 1, 5, 3}
    };
    for (PixelType t : TestGpu.TYPES) {
      for (int[] s : shapes) {
        CpuImage a = CpuImage.random(s[0], s[1], s[2], t, 5 + s[3]);
        CpuImage b = CpuImage.random(s[3], s[4], s[5], t, 9 + s[4]);
        String where = t + " " + s[0] + "×" + s[1] + "×" + s[2] + " with " + s[3] + "×" + s[4];
        try (GpuImage ga = a.push(gpu);
            GpuImage gb = b.push(gpu);
            GpuImage prod = Arithmetic.multiplyImages(ga, gb, null);
            GpuImage sum = Arithmetic.addImages(ga, gb, null);
            GpuImage gt = Binary.compareImages(Binary.Comparison.greater, ga, gb, null);
            GpuImage and = Binary.binary(Binary.Logic.And, ga, gb, null)) {
          assertEquals(a.w, prod.width(), where);
          assertEquals(a.d, prod.depth(), where);
          // computed in float, then converted to the type (saturating, round half to even)
          DoubleBinaryOperator mul = (x, y) -> (float) ((float) x * (float) y);
          DoubleBinaryOperator add = (x, y) -> (float) ((float) x + (float) y);
          assertImageEquals(expected(a, b, t, mul), prod);
          assertImageEquals(expected(a, b, t, add), sum);
          assertImageEquals(expected(a, b, t, (x, y) -> x > y ? 1 : 0), gt);
          assertImageEquals(
              expected(a, b, PixelType.UINT8, (x, y) -> x != 0 && y != 0 ? 1 : 0), and);
        }
      }
    }
    // divideImages (float32 result): a 1×h vector divides each row
    CpuImage a = CpuImage.random(7, 5, 1, PixelType.FLOAT32, 3);
    CpuImage b = CpuImage.random(1, 5, 1, PixelType.FLOAT32, 4);
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu);
        GpuImage q = Arithmetic.divideImages(ga, gb, null)) {
      CpuImage e = expected(a, b, PixelType.FLOAT32, (x, y) -> (float) (x / y));
      CpuImage got = CpuImage.pull(q);
      for (int i = 0; i < e.data.length; i++) {
        assertEquals(e.data[i], got.data[i], 1e-6 * Math.abs(e.data[i]) + 1e-30, "pixel " + i);
      }
    }
  }

  @Test
  @Covers({"maximumXProjection", "maximumYProjection", "maximumZProjection", "sumZProjection"})
  void projectionsOfA2DImage() {
    Gpu gpu = TestGpu.get();
    int w = 7, h = 5;
    for (PixelType t : TestGpu.TYPES) {
      CpuImage in = CpuImage.random(w, h, 1, t, 17 + t.ordinal());
      CpuImage rowMax = new CpuImage(1, h, 1, t);
      CpuImage colMax = new CpuImage(w, 1, 1, t);
      for (int y = 0; y < h; y++) {
        double m = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < w; x++) m = Math.max(m, in.get(x, y, 0));
        rowMax.set(0, y, 0, m);
      }
      for (int x = 0; x < w; x++) {
        double m = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < h; y++) m = Math.max(m, in.get(x, y, 0));
        colMax.set(x, 0, 0, m);
      }
      CpuImage asFloat = new CpuImage(w, h, 1, PixelType.FLOAT32);
      for (int i = 0; i < in.data.length; i++) asFloat.setRaw(i, in.data[i]);
      try (GpuImage g = in.push(gpu);
          GpuImage mx = Projections.maximumXProjection(g, null);
          GpuImage my = Projections.maximumYProjection(g, null);
          GpuImage mz = Projections.maximumZProjection(g, null);
          GpuImage sz = Projections.sumZProjection(g, null)) {
        assertImageEquals(rowMax, mx);
        assertImageEquals(colMax, my);
        assertImageEquals(in, mz);
        assertImageEquals(asFloat, sz);
      }
    }
  }
}
