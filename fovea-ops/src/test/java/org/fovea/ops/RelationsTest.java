package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Relation ops against plain-Java definitions (matrices as double[row][column]). */
class RelationsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /**
   * Random boxes of labels 1..count (later boxes overwrite earlier ones, so labels touch each
   * other, cross the edge and some vanish), in {@code type}.
   */
  static CpuImage boxes(int w, int h, int d, int count, long seed, PixelType type) {
    CpuImage lab = new CpuImage(w, h, d, type);
    Random r = new Random(seed);
    for (int k = 1; k <= count; k++) {
      int x0 = r.nextInt(w), y0 = r.nextInt(h), z0 = r.nextInt(d);
      int x1 = Math.min(w, x0 + 2 + r.nextInt(8)), y1 = Math.min(h, y0 + 2 + r.nextInt(6));
      int z1 = Math.min(d, z0 + 1 + r.nextInt(3));
      for (int z = z0; z < z1; z++)
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) lab.set(x, y, z, k);
    }
    return lab;
  }

  static int maxLabel(CpuImage lab) {
    int m = 0;
    for (double v : lab.data) m = Math.max(m, (int) v);
    return m;
  }

  /**
   * Number of face-adjacent pixel pairs for every pair of labels, counted from both pixels' sides
   * over all six directions and halved, stored at [larger][smaller] (row = larger label).
   */
  static double[][] touchCounts(CpuImage lab) {
    int n = maxLabel(lab) + 1;
    double[][] m = new double[n][n];
    int[][] dirs = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (int z = 0; z < lab.d; z++) {
      for (int y = 0; y < lab.h; y++) {
        for (int x = 0; x < lab.w; x++) {
          int a = (int) lab.get(x, y, z);
          for (int[] dd : dirs) {
            int xx = x + dd[0], yy = y + dd[1], zz = z + dd[2];
            if (xx < 0 || yy < 0 || zz < 0 || xx >= lab.w || yy >= lab.h || zz >= lab.d) continue;
            int b = (int) lab.get(xx, yy, zz);
            if (a != b) m[Math.max(a, b)][Math.min(a, b)] += 0.5;
          }
        }
      }
    }
    return m;
  }

  static double[][] binary(double[][] m) {
    double[][] b = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      b[i] = new double[m[i].length];
      for (int j = 0; j < m[i].length; j++) b[i][j] = m[i][j] != 0 ? 1 : 0;
    }
    return b;
  }

  /** Matrix image → [row y][column x]. */
  static double[][] rows(GpuImage img) {
    CpuImage c = CpuImage.pull(img);
    double[][] m = new double[c.h][c.w];
    for (int y = 0; y < c.h; y++) for (int x = 0; x < c.w; x++) m[y][x] = c.get(x, y, 0);
    return m;
  }

  static void assertMatrix(double[][] expected, GpuImage actual, double relTol, String what) {
    try (actual) {
      assertEquals(1, actual.depth(), what + ": depth");
      assertEquals(expected.length, actual.height(), what + ": height");
      double[][] a = rows(actual);
      for (int y = 0; y < expected.length; y++) {
        assertEquals(expected[y].length, actual.width(), what + ": width");
        for (int x = 0; x < expected[y].length; x++) {
          double e = expected[y][x];
          if (!(Math.abs(e - a[y][x]) <= relTol * Math.abs(e) + 1e-6)) {
            fail(what + ": pixel x=" + x + " y=" + y + ": expected " + e + ", got " + a[y][x]);
          }
        }
      }
    }
  }

  @Covers("generateTouchMatrix")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void touchMatrixMatchesPixelPairs(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage lab = boxes(w, h, d, 14, 3, t);
    try (GpuImage labels = lab.push(gpu)) {
      double[][] counts = touchCounts(lab);
      assertEquals(PixelType.FLOAT32, generateTouch(labels, null).type());
      assertMatrix(binary(counts), generateTouch(labels, null), 0, "touch " + t);
    }
  }

  static GpuImage generateTouch(GpuImage labels, GpuImage dst) {
    return Relations.generateTouchMatrix(labels, dst);
  }

  @Covers("generateTouchMatrix")
  @Test
  void touchMatrixOfEmptyAndFullMapsAndOtherDestinations() {
    Gpu gpu = TestGpu.get();
    CpuImage empty = new CpuImage(13, 9, 3, PixelType.UINT32);
    CpuImage full = new CpuImage(13, 9, 3, PixelType.UINT32);
    Arrays.fill(full.data, 2);
    // labels 1 | 2 | 3 in columns, filling the image: no background anywhere
    CpuImage stripes = new CpuImage(9, 5, 1, PixelType.UINT32);
    for (int y = 0; y < 5; y++) for (int x = 0; x < 9; x++) stripes.set(x, y, 0, 1 + x / 3);
    try (GpuImage e = empty.push(gpu);
        GpuImage f = full.push(gpu);
        GpuImage s = stripes.push(gpu);
        GpuImage u8 = gpu.create(4, 4, 1, PixelType.UINT8)) {
      assertMatrix(new double[1][1], generateTouch(e, null), 0, "empty");
      assertMatrix(new double[3][3], generateTouch(f, null), 0, "full");
      double[][] expected = new double[4][4];
      expected[2][1] = 1;
      expected[3][2] = 1;
      Relations.generateTouchMatrix(s, u8);
      assertEquals(PixelType.UINT8, u8.type());
      double[][] got = rows(u8);
      for (int y = 0; y < 4; y++)
        assertEquals(Arrays.toString(expected[y]), Arrays.toString(got[y]));
      assertThrows(FoveaException.InvalidArgument.class, () -> generateTouch(s, s));
      try (GpuImage wrong = gpu.create(3, 3, 1, PixelType.FLOAT32)) {
        assertThrows(FoveaException.InvalidArgument.class, () -> generateTouch(s, wrong));
      }
    }
  }

  static float[] randomPoints(int n, int dims, long seed, int range) {
    Random r = new Random(seed);
    float[] p = new float[n * dims];
    for (int i = 0; i < p.length; i++) p[i] = range * r.nextFloat();
    return p;
  }

  /** Distances from the definition: row j + 1, column i + 1 = |list1[i] − list2[j]|. */
  static double[][] distances(float[] p1, int n1, float[] p2, int n2, int dims) {
    double[][] m = new double[n2 + 1][n1 + 1];
    for (int j = 0; j < n2; j++) {
      for (int i = 0; i < n1; i++) {
        double s = 0;
        for (int k = 0; k < dims; k++) {
          double dd = p1[k * n1 + i] - p2[k * n2 + j];
          s += dd * dd;
        }
        m[j + 1][i + 1] = Math.sqrt(s);
      }
    }
    return m;
  }

  @Covers("generateDistanceMatrix")
  @Test
  void distanceMatrixMatchesDefinition() {
    Gpu gpu = TestGpu.get();
    for (int dims = 2; dims <= 3; dims++) {
      int n1 = 7, n2 = 12;
      float[] p1 = randomPoints(n1, dims, 11 + dims, 50);
      float[] p2 = randomPoints(n2, dims, 21 + dims, 50);
      double[][] expected = distances(p1, n1, p2, n2, dims);
      try (GpuImage l1 = gpu.push(p1, n1, dims, 1);
          GpuImage l2 = gpu.push(p2, n2, dims, 1)) {
        assertMatrix(
            expected, Relations.generateDistanceMatrix(l1, l2, null), 1e-5, "distances " + dims);
        assertMatrix(
            distances(p1, n1, p1, n1, dims),
            Relations.generateDistanceMatrix(l1, l1, null),
            1e-5,
            "self distances " + dims);
      }
    }
    // a uint16 point list against a float32 one; lists of different heights are refused
    float[] p = {0, 3, 7, 0, 4, 1};
    short[] q = {0, 3, 7, 0, 4, 1};
    double[][] expected = distances(p, 3, p, 3, 2);
    try (GpuImage l1 = gpu.push(q, 3, 2, 1);
        GpuImage l2 = gpu.push(p, 3, 2, 1);
        GpuImage l3 = gpu.push(new float[] {1, 2, 3}, 3, 1, 1)) {
      assertMatrix(expected, Relations.generateDistanceMatrix(l1, l2, null), 1e-5, "uint16");
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.generateDistanceMatrix(l1, l3, null));
    }
  }
}
