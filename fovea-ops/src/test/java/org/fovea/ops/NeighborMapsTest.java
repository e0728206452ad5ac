package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Relations.NeighborMapStatistic;
import org.fovea.ops.Relations.NeighborStatistic;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The touching-neighbour maps and drawMeshBetweenTouchingLabels against plain-Java references: the
 * touch graph and its neighbours of neighbours as boolean matrices, statistics by definition
 * (TouchingNeighborsTest's), lines by stepping along each segment.
 */
class NeighborMapsTest {

  /** Relation matrix (lower triangle as CLIJ2) of labels exactly two steps apart in r. */
  static CpuImage twoSteps(CpuImage r) {
    int m = r.w;
    boolean[][] a = new boolean[m][m];
    for (int i = 0; i < m; i++)
      for (int j = 0; j < m; j++) a[i][j] = i != j && r.get(Math.min(i, j), Math.max(i, j), 0) != 0;
    CpuImage out = new CpuImage(m, m, 1, PixelType.FLOAT32);
    for (int i = 0; i < m; i++)
      for (int j = i + 1; j < m; j++)
        for (int k = 0; k < m; k++) if (k != i && k != j && a[i][k] && a[k][j]) out.set(i, j, 0, 1);
    return out;
  }

  static CpuImage expectedMap(
      NeighborStatistic s, CpuImage labels, double[] values, int radius, boolean ignore) {
    int n = values.length - 1;
    CpuImage r = TouchingNeighborsTest.touchMatrix(labels, n, PixelType.FLOAT32);
    if (ignore) for (int y = 0; y <= n; y++) r.set(0, y, 0, 0);
    for (int k = 1; k < radius; k++) r = twoSteps(r);
    double[] result = new double[n + 1];
    for (int l = 1; l <= n; l++) result[l] = TouchingNeighborsTest.reference(s, values, r, l);
    CpuImage out = CpuImage.like(labels, PixelType.FLOAT32);
    for (int i = 0; i < out.data.length; i++) out.setRaw(i, result[(int) labels.data[i]]);
    return out;
  }

  @Covers({
    "meanOfTouchingNeighborsMap",
    "minimumOfTouchingNeighborsMap",
    "maximumOfTouchingNeighborsMap",
    "standardDeviationOfTouchingNeighborsMap",
    "modeOfTouchingNeighborsMap"
  })
  @ParameterizedTest(name = "{0}")
  @EnumSource(PixelType.class)
  void touchingNeighborMapsMatchReference(PixelType t) {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      int n = 14;
      CpuImage labels = TouchingNeighborsTest.boxLabels(s[0], s[1], s[2], n, 40 + s[2]);
      CpuImage v = CpuImage.random(n + 1, 1, 1, t, 9 + s[2]);
      for (int i = 0; i <= n; i += 4) v.set(i, 0, 0, i % 5); // ties for mode
      // a constant value per label; the background's value takes part unless ignored
      CpuImage map = CpuImage.like(labels, t);
      for (int i = 0; i < map.data.length; i++) map.setRaw(i, v.data[(int) labels.data[i]]);
      try (GpuImage lab = labels.push(gpu);
          GpuImage pm = map.push(gpu)) {
        for (int radius : t == PixelType.FLOAT32 ? new int[] {0, 1, 2, 3} : new int[] {1, 2}) {
          for (boolean ignore : new boolean[] {false, true}) {
            for (NeighborMapStatistic st : NeighborMapStatistic.values()) {
              String what = t + " " + s[2] + "D-ish " + st + " radius " + radius + " " + ignore;
              CpuImage expected =
                  radius == 0
                      ? copyAsFloat(map)
                      : expectedMap(st.statistic, labels, v.data, radius, ignore);
              try (GpuImage out =
                  Relations.ofTouchingNeighborsMap(st, pm, lab, null, radius, ignore)) {
                boolean exact =
                    st != NeighborMapStatistic.mean && st != NeighborMapStatistic.standardDeviation;
                assertImageClose(expected, out, exact ? 0 : 1e-3, exact ? 0 : 1e-5);
              } catch (AssertionError e) {
                throw new AssertionError(what + ": " + e.getMessage(), e);
              }
            }
          }
        }
      }
    }
  }

  static CpuImage copyAsFloat(CpuImage c) {
    CpuImage f = CpuImage.like(c, PixelType.FLOAT32);
    for (int i = 0; i < c.data.length; i++) f.setRaw(i, c.data[i]);
    return f;
  }

  @Test
  void lastPixelGivesTheLabelsValueAndEdgeCases() {
    Gpu gpu = TestGpu.get();
    // label 1 with different values: its last pixel (raster order) counts, as in CLIJ2 on PoCL
    CpuImage labels = new CpuImage(5, 3, 1, PixelType.UINT32);
    CpuImage map = CpuImage.like(labels, PixelType.FLOAT32);
    labels.set(0, 0, 0, 1);
    map.set(0, 0, 0, 50);
    labels.set(1, 0, 0, 1);
    map.set(1, 0, 0, 4);
    labels.set(2, 0, 0, 2);
    map.set(2, 0, 0, 9);
    CpuImage expected = CpuImage.like(map);
    expected.set(0, 0, 0, 9);
    expected.set(1, 0, 0, 9);
    expected.set(2, 0, 0, 9);
    // an empty label map and one label filling the image: no neighbours
    CpuImage empty = CpuImage.like(labels);
    CpuImage full = CpuImage.like(labels);
    Arrays.fill(full.data, 1);
    CpuImage fullValues = CpuImage.like(map);
    Arrays.fill(fullValues.data, 3);
    try (GpuImage l = labels.push(gpu);
        GpuImage m = map.push(gpu);
        GpuImage e = empty.push(gpu);
        GpuImage f = full.push(gpu);
        GpuImage fv = fullValues.push(gpu);
        GpuImage o1 =
            Relations.ofTouchingNeighborsMap(NeighborMapStatistic.maximum, m, l, null, 1, true);
        GpuImage o2 =
            Relations.ofTouchingNeighborsMap(NeighborMapStatistic.mean, m, e, null, 1, false);
        GpuImage o3 =
            Relations.ofTouchingNeighborsMap(NeighborMapStatistic.mean, fv, f, null, 2, false);
        GpuImage mesh = Relations.drawMeshBetweenTouchingLabels(e, null)) {
      assertImageEquals(expected, o1);
      assertImageEquals(CpuImage.like(map), o2);
      assertImageEquals(fullValues, o3);
      assertImageEquals(CpuImage.like(map), mesh);
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.ofTouchingNeighborsMap(NeighborMapStatistic.mean, m, l, null, -1, true));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.ofTouchingNeighborsMap(NeighborMapStatistic.mean, fv, e, e, 1, true));
    }
  }

  @Covers("drawMeshBetweenTouchingLabels")
  @Test
  void meshBetweenTouchingLabelsMatchesReference() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      int n = 12;
      CpuImage labels = TouchingNeighborsTest.boxLabels(s[0], s[1], s[2], n, 70 + s[2]);
      int dims = s[2] > 1 ? 3 : 2;
      double[][] sum = new double[n + 1][4];
      for (int z = 0; z < s[2]; z++)
        for (int y = 0; y < s[1]; y++)
          for (int x = 0; x < s[0]; x++) {
            double[] a = sum[(int) labels.get(x, y, z)];
            a[0] += x;
            a[1] += y;
            a[2] += z;
            a[3]++;
          }
      float[][] c = new float[n + 1][dims];
      for (int l = 1; l <= n; l++)
        for (int k = 0; k < dims; k++)
          c[l][k] = sum[l][3] == 0 ? 0 : (float) (sum[l][k] / sum[l][3]);
      CpuImage touch = TouchingNeighborsTest.touchMatrix(labels, n, PixelType.FLOAT32);
      CpuImage expected = CpuImage.like(labels, PixelType.FLOAT32);
      int lines = 0;
      for (int a = 1; a <= n; a++)
        for (int b = a + 1; b <= n; b++) {
          if (touch.get(a, b, 0) == 0) continue;
          TouchingNeighborsTest.line(expected, c[a], c[b], 1);
          lines++;
        }
      assertTrue(lines > 3, "too few touching pairs " + lines);
      try (GpuImage lab = labels.push(gpu);
          GpuImage dst = gpu.create(s[0], s[1], s[2], PixelType.FLOAT32)) {
        gpu.fill(dst, 5); // cleared first
        Relations.drawMeshBetweenTouchingLabels(lab, dst);
        assertImageEquals(expected, dst);
      }
    }
  }

  // ------------------------------------------------------------------ nearest and proximal

  /** Box labels renumbered 1..k without gaps (order kept). */
  static CpuImage gapFree(CpuImage labels) {
    java.util.TreeMap<Integer, Integer> ids = new java.util.TreeMap<>();
    for (double v : labels.data) if (v != 0) ids.put((int) v, 0);
    int k = 0;
    for (var e : ids.entrySet()) e.setValue(++k);
    CpuImage out = CpuImage.like(labels);
    for (int i = 0; i < out.data.length; i++) {
      if (labels.data[i] != 0) out.data[i] = ids.get((int) labels.data[i]);
    }
    return out;
  }

  /** Centroids (float, as a point list holds them) of labels 1..n; index 0 unused. */
  static float[][] centroids(CpuImage labels, int n) {
    double[][] sum = new double[n + 1][4];
    for (int z = 0; z < labels.d; z++)
      for (int y = 0; y < labels.h; y++)
        for (int x = 0; x < labels.w; x++) {
          double[] a = sum[(int) labels.get(x, y, z)];
          a[0] += x;
          a[1] += y;
          a[2] += z;
          a[3]++;
        }
    int dims = labels.d > 1 ? 3 : 2;
    float[][] c = new float[n + 1][dims];
    for (int l = 1; l <= n; l++)
      for (int k = 0; k < dims; k++) c[l][k] = (float) (sum[l][k] / sum[l][3]);
    return c;
  }

  static double dist(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) s += (double) (a[k] - b[k]) * (a[k] - b[k]);
    return Math.sqrt(s);
  }

  /** Labels 1..n other than a, nearest first (equal distances: smaller label first). */
  static Integer[] byDistance(float[][] c, int a) {
    Integer[] o = new Integer[c.length - 2];
    int k = 0;
    for (int b = 1; b < c.length; b++) if (b != a) o[k++] = b;
    Arrays.sort(o, (x, y) -> Double.compare(dist(c[a], c[x]), dist(c[a], c[y])));
    return o;
  }

  static int maxLabel(CpuImage l) {
    return (int) Arrays.stream(l.data).max().orElse(0);
  }

  @Covers({"maximumOfNNearestNeighborsMap", "maximumOfProximalNeighborsMap"})
  @ParameterizedTest(name = "{0}")
  // every type's values are read by the same kernels as in touchingNeighborMapsMatchReference
  @EnumSource(
      value = PixelType.class,
      names = {"UINT16", "FLOAT32"})
  void nearestAndProximalMapsMatchReference(PixelType t) {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      CpuImage labels = gapFree(TouchingNeighborsTest.boxLabels(s[0], s[1], s[2], 14, 90 + s[2]));
      int n = maxLabel(labels);
      float[][] c = centroids(labels, n);
      CpuImage v = CpuImage.random(n + 1, 1, 1, t, 19 + s[2]);
      CpuImage map = CpuImage.like(labels, t);
      for (int i = 0; i < map.data.length; i++) map.setRaw(i, v.data[(int) labels.data[i]]);
      try (GpuImage lab = labels.push(gpu);
          GpuImage pm = map.push(gpu)) {
        for (int k : new int[] {0, 1, 3}) {
          CpuImage rel = new CpuImage(n + 1, n + 1, 1, PixelType.FLOAT32);
          for (int a = 1; a <= n; a++) {
            Integer[] o = byDistance(c, a);
            for (int r = 0; r < Math.min(k, o.length); r++) {
              rel.set(Math.min(a, o[r]), Math.max(a, o[r]), 0, 1);
            }
          }
          try (GpuImage out = Relations.maximumOfNNearestNeighborsMap(pm, lab, null, k)) {
            assertImageEquals(mapOf(labels, v.data, rel), out);
          } catch (AssertionError e) {
            throw new AssertionError(t + " " + s[2] + " n=" + k + ": " + e.getMessage(), e);
          }
        }
        float[][] ranges = {{0, 6.5f}, {4.25f, 11.5f}, {0, Float.MAX_VALUE}};
        for (float[] range : ranges) {
          CpuImage rel = new CpuImage(n + 1, n + 1, 1, PixelType.FLOAT32);
          for (int a = 1; a <= n; a++)
            for (int b = a + 1; b <= n; b++) {
              double dd = dist(c[a], c[b]);
              if (dd >= range[0] && dd <= range[1]) rel.set(a, b, 0, 1);
            }
          try (GpuImage out =
              Relations.maximumOfProximalNeighborsMap(pm, lab, null, range[0], range[1])) {
            assertImageEquals(mapOf(labels, v.data, rel), out);
          }
        }
      }
    }
  }

  static CpuImage mapOf(CpuImage labels, double[] values, CpuImage rel) {
    double[] result = new double[values.length];
    for (int l = 1; l < values.length; l++) {
      result[l] = TouchingNeighborsTest.reference(NeighborStatistic.maximum, values, rel, l);
    }
    CpuImage out = CpuImage.like(labels, PixelType.FLOAT32);
    for (int i = 0; i < out.data.length; i++) out.setRaw(i, result[(int) labels.data[i]]);
    return out;
  }

  @Covers({"drawMeshBetweenNNearestLabels", "drawMeshBetweenNClosestLabels"})
  @Test
  void meshesBetweenNearestLabelsMatchReference() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      CpuImage labels = gapFree(TouchingNeighborsTest.boxLabels(s[0], s[1], s[2], 12, 60 + s[2]));
      int n = maxLabel(labels);
      float[][] c = centroids(labels, n);
      try (GpuImage lab = labels.push(gpu)) {
        for (int k : new int[] {1, 2}) {
          CpuImage expected = CpuImage.like(labels, PixelType.FLOAT32);
          // the largest label's own nearest are left out, as in CLIJ2
          for (int a = 1; a < n; a++) {
            Integer[] o = byDistance(c, a);
            for (int r = 0; r < Math.min(k, o.length); r++) {
              TouchingNeighborsTest.line(expected, c[a], c[o[r]], 1);
            }
          }
          try (GpuImage m1 =
                  Relations.drawMeshBetweenNLabels(Relations.MeshName.Nearest, lab, null, k);
              GpuImage m2 =
                  Relations.drawMeshBetweenNLabels(Relations.MeshName.Closest, lab, null, k)) {
            assertImageEquals(expected, m1);
            assertImageEquals(expected, m2);
          }
        }
      }
    }
  }
}
