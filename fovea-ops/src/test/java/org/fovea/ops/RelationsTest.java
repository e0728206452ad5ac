package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertValuesClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
    return TestGpu.typesAndShapes();
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

  /** rows(img), closing img (the float32-input result the other types are compared with). */
  static double[][] taken(GpuImage img) {
    try (img) {
      return rows(img);
    }
  }

  static void assertMatrix(double[][] expected, GpuImage actual, double relTol, String what) {
    try (actual) {
      assertEquals(1, actual.depth(), what + ": depth");
      assertEquals(expected.length, actual.height(), what + ": height");
      double[][] a = rows(actual);
      for (int y = 0; y < expected.length; y++) {
        assertEquals(expected[y].length, actual.width(), what + ": width");
        assertValuesClose(what + ": row y=" + y + ", x", expected[y], a[y], 1e-6, relTol);
      }
    }
  }

  /** Per label l: the labels k ≠ l (k ≥ first) with a non-zero entry [max][min]. */
  static double[] neighbourCounts(double[][] m, int first) {
    double[] c = new double[m.length];
    for (int l = 0; l < m.length; l++) {
      for (int k = first; k < m.length; k++) {
        if (k != l && m[Math.max(k, l)][Math.min(k, l)] != 0) c[l]++;
      }
    }
    return c;
  }

  /** Every pixel replaced by values[label]. */
  static CpuImage mapped(CpuImage lab, double[] values) {
    CpuImage out = CpuImage.like(lab, PixelType.FLOAT32);
    for (int i = 0; i < lab.data.length; i++) out.setRaw(i, values[(int) lab.data[i]]);
    return out;
  }

  static void assertImage(CpuImage expected, GpuImage actual, String what) {
    try (actual) {
      assertEquals(PixelType.FLOAT32, actual.type(), what);
      assertImageClose(expected, CpuImage.pull(actual), 0, 0, i -> true, what);
    }
  }

  /** Overlap pixel counts: [label of map 2][label of map 1]. */
  static double[][] overlaps(CpuImage a, CpuImage b) {
    double[][] m = new double[maxLabel(b) + 1][maxLabel(a) + 1];
    for (int i = 0; i < a.data.length; i++) m[(int) b.data[i]][(int) a.data[i]]++;
    return m;
  }

  static double[][] jaccard(CpuImage a, CpuImage b) {
    double[][] o = overlaps(a, b);
    double[][] j = new double[o.length][o[0].length];
    for (int y = 0; y < o.length; y++) {
      for (int x = 0; x < o[0].length; x++) {
        long inA = 0, inB = 0, both = 0;
        for (int i = 0; i < a.data.length; i++) {
          boolean pa = a.data[i] == x, pb = b.data[i] == y;
          inA += pa ? 1 : 0;
          inB += pb ? 1 : 0;
          both += pa && pb ? 1 : 0;
        }
        j[y][x] = both == 0 ? 0 : (double) both / (inA + inB - both);
      }
    }
    return j;
  }

  @Covers({
    "generateTouchMatrix",
    "generateTouchCountMatrix",
    "touchingNeighborCountMap",
    "generateBinaryOverlapMatrix",
    "generateJaccardIndexMatrix"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void labelMapMatricesMatchPixelDefinitions(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage lab = boxes(w, h, d, 14, 3, t);
    CpuImage other = boxes(w, h, d, 9, 8, t);
    try (GpuImage labels = lab.push(gpu);
        GpuImage labels2 = other.push(gpu)) {
      double[][] counts = touchCounts(lab);
      assertEquals(PixelType.FLOAT32, generateTouch(labels, null).type());
      assertMatrix(binary(counts), generateTouch(labels, null), 0, "touch " + t);
      assertMatrix(counts, Relations.generateTouchCountMatrix(labels, null), 0, "counts " + t);
      double[] perLabel = neighbourCounts(counts, 1);
      perLabel[0] = 0; // the background stays 0
      assertImage(
          mapped(lab, perLabel),
          Relations.touchingNeighborCountMap(labels, null),
          "touching neighbour count map " + t);
      double[][] o = overlaps(lab, other);
      assertMatrix(
          binary(o), Relations.generateBinaryOverlapMatrix(labels, labels2, null), 0, "overlap");
      assertMatrix(
          jaccard(lab, other),
          Relations.generateJaccardIndexMatrix(labels, labels2, null),
          1e-6,
          "jaccard");
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
      assertMatrix(new double[1][1], Relations.generateTouchCountMatrix(e, null), 0, "empty");
      assertMatrix(new double[3][3], generateTouch(f, null), 0, "full");
      assertMatrix(new double[3][3], Relations.generateTouchCountMatrix(f, null), 0, "full");
      assertImage(
          CpuImage.like(full, PixelType.FLOAT32),
          Relations.touchingNeighborCountMap(f, null),
          "full");
      assertMatrix(new double[][] {{1}}, Relations.generateBinaryOverlapMatrix(e, e, null), 0, "");
      assertMatrix(new double[][] {{1}}, Relations.generateJaccardIndexMatrix(e, e, null), 0, "");
      double[][] fe = {{0, 0, 1}};
      assertMatrix(fe, Relations.generateJaccardIndexMatrix(f, e, null), 0, "full vs empty");
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.generateBinaryOverlapMatrix(f, s, null));
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

  // ------------------------------------------------------------------ matrix ops

  /** A random w×w matrix of small integers (ties), zero in ~40 % of the pixels; [row][col]. */
  static double[][] randomMatrix(int w, long seed) {
    Random r = new Random(seed);
    double[][] m = new double[w][w];
    for (double[] row : m)
      for (int x = 0; x < w; x++) row[x] = r.nextDouble() < 0.4 ? 0 : 1 + r.nextInt(9);
    return m;
  }

  static GpuImage push(Gpu gpu, double[][] m) {
    float[] f = new float[m.length * m[0].length];
    for (int y = 0; y < m.length; y++)
      for (int x = 0; x < m[0].length; x++) f[x + m[0].length * y] = (float) m[y][x];
    return gpu.push(f, m[0].length, m.length, 1);
  }

  /** Rows y ≥ 1, y ≠ x of column x, ordered by value then row. */
  static List<Integer> closest(double[][] m, int x) {
    List<Integer> rows = new ArrayList<>();
    for (int y = 1; y < m.length; y++) if (y != x) rows.add(y);
    rows.sort(Comparator.comparingDouble((Integer y) -> m[y][x]).thenComparingInt(y -> y));
    return rows;
  }

  static boolean adjacent(double[][] m, int a, int b) {
    return m[a][b] != 0 || m[b][a] != 0;
  }

  @Covers({
    "touchMatrixToAdjacencyMatrix",
    "countTouchingNeighbors",
    "neighborsOfNeighbors",
    "shortestDistances",
    "averageDistanceOfNClosestPoints",
    "generateNNearestNeighborsMatrix",
    "averageDistanceOfTouchingNeighbors"
  })
  @Test
  void matrixOpsMatchDefinitions() {
    Gpu gpu = TestGpu.get();
    int w = 13;
    double[][] t = randomMatrix(w, 5);
    double[][] dm = randomMatrix(w, 6);
    double[][] adj = new double[w][w];
    double[] count = new double[w];
    double[][] non = new double[w][w];
    double[] shortest = new double[w];
    double[][] avg = new double[4][w];
    double[][][] nearest = new double[4][w][w];
    double[] avgTouch = new double[w];
    for (int x = 0; x < w; x++) {
      double best = Double.NaN;
      for (int y = 0; y < w; y++) {
        adj[y][x] = t[y][x] + t[x][y];
        if (x != y && t[Math.max(x, y)][Math.min(x, y)] != 0) count[x]++;
        for (int k = 0; k < w && x < y; k++) {
          if (adjacent(t, x, k) && adjacent(t, k, y)) non[y][x] = 1;
        }
        if (y >= 1 && dm[y][x] > -1 && !(dm[y][x] >= best)) best = dm[y][x];
      }
      shortest[x] = Double.isNaN(best) ? 0 : best;
      List<Integer> order = closest(dm, x);
      for (int n = 0; n < 4; n++) {
        double sum = 0;
        int c = Math.min(n, order.size());
        for (int i = 0; i < c; i++) {
          int y = order.get(i);
          sum += dm[y][x];
          if (x >= 1) nearest[n][Math.max(x, y)][Math.min(x, y)] = 1;
        }
        avg[n][x] = c == 0 ? 0 : sum / c;
      }
      double sum = 0;
      int c = 0;
      for (int k = 1; k < w; k++) {
        if (k != x && t[Math.max(x, k)][Math.min(x, k)] > 0) {
          sum += dm[Math.max(x, k)][Math.min(x, k)];
          c++;
        }
      }
      avgTouch[x] = c == 0 ? 0 : sum / c;
    }
    try (GpuImage tm = push(gpu, t);
        GpuImage d = push(gpu, dm);
        GpuImage t8 = gpu.convert(tm, PixelType.UINT8);
        GpuImage small = gpu.create(3, 3, 1, PixelType.FLOAT32)) {
      assertMatrix(adj, Relations.touchMatrixToAdjacencyMatrix(tm, null), 0, "adjacency");
      assertMatrix(new double[][] {count}, Relations.countTouchingNeighbors(t8, null), 0, "count");
      assertMatrix(non, Relations.neighborsOfNeighbors(tm, null), 0, "neighbours of neighbours");
      assertMatrix(new double[][] {shortest}, Relations.shortestDistances(d, null), 0, "shortest");
      for (int n = 0; n < 4; n++) {
        assertMatrix(
            new double[][] {avg[n]},
            Relations.averageDistanceOfNClosestPoints(d, null, n),
            1e-6,
            "average of " + n + " closest");
        assertMatrix(
            nearest[n], Relations.generateNNearestNeighborsMatrix(d, null, n), 0, n + " nearest");
      }
      assertMatrix(
          new double[][] {avgTouch},
          Relations.averageDistanceOfTouchingNeighbors(d, tm, null),
          1e-6,
          "average distance of touching neighbours");
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.averageDistanceOfTouchingNeighbors(d, small, null));
    }
    // shortest distances skip values ≤ -1 and row 0; a column without any gives 0
    double[][] neg = {{0, 5, -3}, {-2, 4, -1}, {-5, 1, -7}};
    try (GpuImage m = push(gpu, neg)) {
      assertMatrix(new double[][] {{0, 1, 0}}, Relations.shortestDistances(m, null), 0, "negative");
    }
  }

  @Covers({
    "touchMatrixToAdjacencyMatrix",
    "countTouchingNeighbors",
    "neighborsOfNeighbors",
    "shortestDistances",
    "averageDistanceOfNClosestPoints",
    "generateNNearestNeighborsMatrix",
    "averageDistanceOfTouchingNeighbors"
  })
  @Test
  void matrixOpsGiveTheSameResultsForEveryInputType() {
    Gpu gpu = TestGpu.get();
    try (GpuImage tm = push(gpu, randomMatrix(11, 7));
        GpuImage d = push(gpu, randomMatrix(11, 8))) {
      for (PixelType t : TestGpu.TYPES) {
        try (GpuImage tt = gpu.convert(tm, t);
            GpuImage dt = gpu.convert(d, t)) {
          assertMatrix(
              taken(Relations.touchMatrixToAdjacencyMatrix(tm, null)),
              Relations.touchMatrixToAdjacencyMatrix(tt, null),
              0,
              "adjacency " + t);
          assertMatrix(
              taken(Relations.countTouchingNeighbors(tm, null)),
              Relations.countTouchingNeighbors(tt, null),
              0,
              "count " + t);
          assertMatrix(
              taken(Relations.neighborsOfNeighbors(tm, null)),
              Relations.neighborsOfNeighbors(tt, null),
              0,
              "neighbours of neighbours " + t);
          assertMatrix(
              taken(Relations.shortestDistances(d, null)),
              Relations.shortestDistances(dt, null),
              0,
              "shortest " + t);
          assertMatrix(
              taken(Relations.averageDistanceOfNClosestPoints(d, null, 2)),
              Relations.averageDistanceOfNClosestPoints(dt, null, 2),
              0,
              "average closest " + t);
          assertMatrix(
              taken(Relations.generateNNearestNeighborsMatrix(d, null, 2)),
              Relations.generateNNearestNeighborsMatrix(dt, null, 2),
              0,
              "nearest " + t);
          assertMatrix(
              taken(Relations.averageDistanceOfTouchingNeighbors(d, tm, null)),
              Relations.averageDistanceOfTouchingNeighbors(dt, tt, null),
              0,
              "average touching " + t);
        }
      }
    }
  }

  /** Centroids of labels 1..max (NaN for absent labels): [label][axis]. */
  static double[][] centroids(CpuImage lab) {
    int n = maxLabel(lab);
    double[][] c = new double[n + 1][3];
    double[] count = new double[n + 1];
    for (int z = 0; z < lab.d; z++) {
      for (int y = 0; y < lab.h; y++) {
        for (int x = 0; x < lab.w; x++) {
          int l = (int) lab.get(x, y, z);
          count[l]++;
          c[l][0] += x;
          c[l][1] += y;
          c[l][2] += z;
        }
      }
    }
    for (int l = 0; l <= n; l++) for (int k = 0; k < 3; k++) c[l][k] /= count[l];
    return c;
  }

  /** For every label of a: labels of b (≥ 1, not a's own number when self) within [lo, hi]. */
  static double[] proximal(CpuImage a, CpuImage b, double lo, double hi, boolean self) {
    double[][] ca = centroids(a), cb = centroids(b);
    double[] counts = new double[ca.length];
    for (int i = 1; i < ca.length; i++) {
      for (int j = 1; j < cb.length; j++) {
        double dd =
            Math.sqrt(
                Math.pow(ca[i][0] - cb[j][0], 2)
                    + Math.pow(ca[i][1] - cb[j][1], 2)
                    + Math.pow(ca[i][2] - cb[j][2], 2));
        if ((!self || i != j) && dd >= lo && dd <= hi) counts[i]++;
      }
    }
    return counts;
  }

  @Covers({"proximalNeighborCountMap", "labelProximalNeighborCountMap"})
  @Test
  void proximalCountsMatchCentroidDistances() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      PixelType t = s[2] == 1 ? PixelType.UINT16 : PixelType.UINT32;
      CpuImage a = boxes(s[0], s[1], s[2], 14, 3, t);
      CpuImage b = boxes(s[0], s[1], s[2], 9, 8, PixelType.UINT32);
      try (GpuImage la = a.push(gpu);
          GpuImage lb = b.push(gpu)) {
        assertImage(
            mapped(a, proximal(a, a, 2.5, 9.5, true)),
            Relations.proximalNeighborCountMap(la, null, 2.5f, 9.5f),
            "proximal " + s[2]);
        assertImage(
            mapped(a, proximal(a, b, 0, 7.25, false)),
            Relations.labelProximalNeighborCountMap(la, lb, null, 0, 7.25f),
            "label proximal " + s[2]);
      }
    }
  }
}
