package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Relations.NeighborStatistic;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Statistics over touching neighbours and the meshes, against plain-Java references: touch matrices
 * built here from label maps (2D and 3D, odd sizes), statistics by sorting and counting, lines by
 * stepping along each segment.
 */
class TouchingNeighborsTest {

  /** Random boxes of labels 1..n (later boxes overwrite earlier ones; some labels vanish). */
  static CpuImage boxLabels(int w, int h, int d, int boxes, long seed) {
    CpuImage l = new CpuImage(w, h, d, PixelType.UINT32);
    Random r = new Random(seed);
    for (int k = 1; k <= boxes; k++) {
      int x0 = r.nextInt(w), y0 = r.nextInt(h), z0 = r.nextInt(d);
      int bw = 1 + r.nextInt(7), bh = 1 + r.nextInt(6), bd = 1 + r.nextInt(3);
      for (int z = z0; z < Math.min(d, z0 + bd); z++)
        for (int y = y0; y < Math.min(h, y0 + bh); y++)
          for (int x = x0; x < Math.min(w, x0 + bw); x++) l.set(x, y, z, k);
    }
    return l;
  }

  /** (n+1)×(n+1) touch matrix: 1 at x = a, y = b (a < b) where labels a, b are face neighbours. */
  static CpuImage touchMatrix(CpuImage labels, int n, PixelType type) {
    CpuImage m = new CpuImage(n + 1, n + 1, 1, type);
    int[][] steps = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    for (int z = 0; z < labels.d; z++)
      for (int y = 0; y < labels.h; y++)
        for (int x = 0; x < labels.w; x++)
          for (int[] s : steps) {
            int x2 = x + s[0], y2 = y + s[1], z2 = z + s[2];
            if (x2 >= labels.w || y2 >= labels.h || z2 >= labels.d) continue;
            int a = (int) labels.get(x, y, z), b = (int) labels.get(x2, y2, z2);
            if (a != b) m.set(Math.min(a, b), Math.max(a, b), 0, 1);
          }
    return m;
  }

  /** Statistic over the values of element i and (j ≠ i) its neighbours, by definition. */
  static double reference(NeighborStatistic s, double[] v, CpuImage touch, int i) {
    List<Double> set = new ArrayList<>();
    if (s != NeighborStatistic.mode) set.add(v[i]);
    for (int j = 0; j < v.length; j++) {
      if (j != i && touch.get(Math.min(i, j), Math.max(i, j), 0) != 0) set.add(v[j]);
    }
    double[] a = set.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int c = a.length;
    double mean = Arrays.stream(a).sum() / c;
    switch (s) {
      case mean:
        return mean;
      case median:
        return a[c / 2];
      case minimum:
        return a[0];
      case maximum:
        return a[c - 1];
      case standardDeviation:
        double q = 0;
        for (double x : a) q += (x - mean) * (x - mean);
        return Math.sqrt(q / (2 * c - 1));
      default:
        int[] hist = new int[256];
        for (double x : a) {
          long k = (long) x;
          if (k >= 0 && k <= 255) hist[(int) k]++;
        }
        int best = 0;
        for (int k = 1; k < 256; k++) if (hist[k] > hist[best]) best = k;
        return hist[best] == 0 ? 0 : best;
    }
  }

  static void check(Gpu gpu, CpuImage values, CpuImage touch, String what) {
    try (GpuImage v = values.push(gpu);
        GpuImage t = touch.push(gpu)) {
      for (NeighborStatistic s : NeighborStatistic.values()) {
        CpuImage expected = new CpuImage(values.w, 1, 1, PixelType.FLOAT32);
        for (int i = 0; i < values.w; i++)
          expected.set(i, 0, 0, reference(s, values.data, touch, i));
        try (GpuImage out = Relations.ofTouchingNeighbors(s, v, t, null)) {
          boolean exact = s != NeighborStatistic.mean && s != NeighborStatistic.standardDeviation;
          assertImageClose(expected, out, exact ? 0 : 1e-3, exact ? 0 : 1e-5);
        } catch (AssertionError e) {
          throw new AssertionError(what + " " + s + "OfTouchingNeighbors: " + e.getMessage(), e);
        }
      }
    }
  }

  @Covers({
    "meanOfTouchingNeighbors",
    "medianOfTouchingNeighbors",
    "minimumOfTouchingNeighbors",
    "maximumOfTouchingNeighbors",
    "standardDeviationOfTouchingNeighbors",
    "modeOfTouchingNeighbors"
  })
  @ParameterizedTest(name = "{0}")
  @EnumSource(PixelType.class)
  void statisticsOfTouchingNeighborsMatchReference(PixelType t) {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      int n = 25;
      CpuImage labels = boxLabels(s[0], s[1], s[2], n, 3 + s[2]);
      // uint8 matrix in 2D, float32 in 3D: any non-zero pixel means "touching"
      CpuImage touch = touchMatrix(labels, n, s[2] > 1 ? PixelType.FLOAT32 : PixelType.UINT8);
      CpuImage values = CpuImage.random(n + 1, 1, 1, t, 11 + s[2]);
      // repeated values (median and mode ties) in the low range
      for (int i = 0; i < n + 1; i += 3) values.set(i, 0, 0, i % 7);
      check(gpu, values, touch, t + " " + s[0] + "x" + s[1] + "x" + s[2]);
    }
  }

  @Covers({"meanOfTouchingNeighbors", "medianOfTouchingNeighbors", "modeOfTouchingNeighbors"})
  @Test
  void aVectorOneShorterThanTheMatrixIsReadAsCLIJ2ReadsIt() {
    // as a Results column gives it (no background element)
    Gpu gpu = TestGpu.get();
    int n = 25;
    CpuImage labels = boxLabels(31, 17, 1, n, 4);
    CpuImage touch = touchMatrix(labels, n, PixelType.FLOAT32);
    CpuImage values = CpuImage.random(n, 1, 1, PixelType.FLOAT32, 5);
    for (int i = 0; i < n; i += 3) values.set(i, 0, 0, i % 7);
    // the label n touches some label: leaving it out changes a result
    boolean touchesN = false;
    for (int i = 0; i < n; i++) touchesN |= touch.get(i, n, 0) != 0;
    assertTrue(touchesN);
    // element j is label j + 1's value (label 0 takes element 0's); label n is left out
    double[] byLabel = new double[n];
    for (int j = 0; j < n; j++) byLabel[j] = values.data[Math.max(j - 1, 0)];
    try (GpuImage v = values.push(gpu);
        GpuImage t = touch.push(gpu)) {
      for (NeighborStatistic s : NeighborStatistic.values()) {
        CpuImage expected = new CpuImage(n, 1, 1, PixelType.FLOAT32);
        for (int i = 0; i < n; i++) expected.set(i, 0, 0, reference(s, byLabel, touch, i));
        try (GpuImage out = Relations.ofTouchingNeighbors(s, v, t, null)) {
          assertImageClose(expected, out, 1e-3, 1e-5);
        }
      }
    }
  }

  @Test
  void emptyAndFullLabelMaps() {
    Gpu gpu = TestGpu.get();
    // an empty label map: only the background, a 1×1 matrix
    CpuImage empty = new CpuImage(9, 7, 3, PixelType.UINT32);
    CpuImage v1 = new CpuImage(1, 1, 1, PixelType.FLOAT32);
    v1.set(0, 0, 0, 4.5);
    check(gpu, v1, touchMatrix(empty, 0, PixelType.FLOAT32), "empty");
    // one label filling the image: it touches nothing, not even the background
    CpuImage full = new CpuImage(9, 7, 1, PixelType.UINT32);
    Arrays.fill(full.data, 1);
    CpuImage v2 = new CpuImage(2, 1, 1, PixelType.FLOAT32);
    v2.set(0, 0, 0, 100);
    v2.set(1, 0, 0, 3);
    CpuImage t2 = touchMatrix(full, 1, PixelType.FLOAT32);
    assertTrue(t2.get(0, 1, 0) == 0);
    check(gpu, v2, t2, "full");
  }

  // ------------------------------------------------------------------ meshes

  /** The segment a→b sampled every half unit of its length, truncated; 2D: length with z = y. */
  static void line(CpuImage img, float[] a, float[] b, double value) {
    float ax = a[0], ay = a[1], az = a.length > 2 ? a[2] : a[1];
    float bx = b[0], by = b[1], bz = b.length > 2 ? b[2] : b[1];
    float dx = bx - ax, dy = by - ay, dz = bz - az;
    float len = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    for (int k = 0; 0.5f * k < len; k++) {
      float s = 0.5f * k;
      int x = (int) (ax + dx * s / len), y = (int) (ay + dy * s / len);
      int z = img.d > 1 ? (int) (az + dz * s / len) : 0;
      if (x >= 0 && y >= 0 && z >= 0 && x < img.w && y < img.h && z < img.d)
        img.set(x, y, z, value);
    }
  }

  static float[][] randomPoints(int n, int dims, int w, int h, int d, Random r) {
    float[][] p = new float[n][dims];
    int[] size = {w, h, d};
    for (float[] q : p)
      for (int c = 0; c < dims; c++) q[c] = (float) (r.nextDouble() * (size[c] - 1));
    return p;
  }

  static CpuImage pointList(float[][] p) {
    CpuImage l = new CpuImage(p.length, p[0].length, 1, PixelType.FLOAT32);
    for (int k = 0; k < p.length; k++)
      for (int c = 0; c < p[k].length; c++) l.set(k, c, 0, p[k][c]);
    return l;
  }

  static int[] extent(float[][] p) {
    int[] e = {1, 1, 1};
    for (float[] q : p) for (int c = 0; c < q.length; c++) e[c] = Math.max(e[c], (int) q[c] + 1);
    return e;
  }

  @Covers({"touchMatrixToMesh", "distanceMatrixToMesh", "pointIndexListToMesh"})
  @Test
  void meshesMatchReference() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      int dims = s[2] > 1 ? 3 : 2, n = 9;
      Random r = new Random(5 + dims);
      float[][] p = randomPoints(n, dims, s[0], s[1], s[2], r);
      CpuImage touch = new CpuImage(n + 1, n + 1, 1, PixelType.FLOAT32);
      CpuImage dist = new CpuImage(n + 1, n + 1, 1, PixelType.FLOAT32);
      CpuImage index = new CpuImage(n + 1, 2, 1, PixelType.FLOAT32);
      CpuImage eTouch = new CpuImage(s[0], s[1], s[2], PixelType.FLOAT32);
      int[] e = extent(p);
      CpuImage eDist = new CpuImage(e[0], e[1], dims > 2 ? e[2] : 1, PixelType.FLOAT32);
      CpuImage eIndex = CpuImage.like(eDist);
      float maxDistance = 9.5f;
      for (int a = 0; a <= n; a++) {
        for (int b = a + 1; b <= n; b++) {
          // background pairs and the upper triangle are never drawn
          touch.set(b, a, 0, 9);
          if (r.nextInt(3) == 0) touch.set(a, b, 0, a == 0 ? 1 : 1 + b % 2);
          double dd = 0;
          if (a > 0) for (int c = 0; c < dims; c++) dd += Math.pow(p[a - 1][c] - p[b - 1][c], 2);
          dist.set(a, b, 0, Math.sqrt(dd));
          dist.set(b, a, 0, 0);
        }
      }
      for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) {
          // lines of one value per pixel: draw value 2 first, then 1 over it as no order is fixed
          if (touch.get(a + 1, b + 1, 0) == 2) line(eTouch, p[a], p[b], 2);
        }
      for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++) {
          if (touch.get(a + 1, b + 1, 0) == 1) line(eTouch, p[a], p[b], 1);
          if (dist.get(a + 1, b + 1, 0) < maxDistance) line(eDist, p[a], p[b], 1);
        }
      for (int c = 1; c <= n; c++) {
        int i1 = 1 + r.nextInt(n), i2 = r.nextInt(n + 3); // 0 and past the end: skipped
        index.set(c, 0, 0, i1);
        index.set(c, 1, 0, i2);
        line(eIndex, p[c - 1], p[i1 - 1], 1);
        if (i2 >= 1 && i2 <= n) line(eIndex, p[c - 1], p[i2 - 1], 1);
      }
      index.set(0, 0, 0, 1); // column 0 (background) is skipped
      index.set(0, 1, 0, 2);
      try (GpuImage pl = pointList(p).push(gpu);
          GpuImage t = touch.push(gpu);
          GpuImage dm = dist.push(gpu);
          GpuImage il = index.push(gpu);
          GpuImage dst = gpu.create(s[0], s[1], s[2], PixelType.FLOAT32);
          GpuImage md = Relations.distanceMatrixToMesh(pl, dm, null, maxDistance);
          GpuImage mi = Relations.pointIndexListToMesh(pl, il, null)) {
        gpu.fill(dst, 0);
        assertImageEquals(eDist, md);
        assertImageEquals(eIndex, mi);
        // touching pairs of value 2 first, so that the reference's overwrite order is the op's:
        // draw with a matrix holding only the 2s, then one holding only the 1s
        CpuImage twos = CpuImage.like(touch), ones = CpuImage.like(touch);
        for (int i = 0; i < touch.data.length; i++) {
          if (touch.data[i] == 2 || touch.data[i] == 9) twos.data[i] = touch.data[i];
          if (touch.data[i] == 1) ones.data[i] = 1;
        }
        try (GpuImage t2 = twos.push(gpu);
            GpuImage t1 = ones.push(gpu)) {
          Relations.touchMatrixToMesh(pl, t2, dst);
          Relations.touchMatrixToMesh(pl, t1, dst);
        }
        assertImageEquals(eTouch, dst);
        assertTrue(Arrays.stream(eTouch.data).filter(v -> v == 2).count() > 5, "too few lines");
      }
    }
  }

  @Test
  void meshIsDrawnOverTheDestination() {
    Gpu gpu = TestGpu.get();
    float[][] p = {{1.5f, 2.25f}, {9.75f, 6.5f}};
    CpuImage expected = new CpuImage(13, 9, 1, PixelType.UINT8);
    Arrays.fill(expected.data, 3);
    line(expected, p[0], p[1], 7);
    CpuImage touch = new CpuImage(3, 3, 1, PixelType.UINT8);
    touch.set(1, 2, 0, 7);
    try (GpuImage pl = pointList(p).push(gpu);
        GpuImage t = touch.push(gpu);
        GpuImage dst = gpu.create(13, 9, 1, PixelType.UINT8)) {
      gpu.fill(dst, 3);
      Relations.touchMatrixToMesh(pl, t, dst);
      assertImageEquals(expected, dst);
    }
  }

  @Test
  void badInputsAreRejected() {
    Gpu gpu = TestGpu.get();
    try (GpuImage v = gpu.create(5, 1, 1, PixelType.FLOAT32);
        GpuImage m4 = gpu.create(4, 4, 1, PixelType.FLOAT32);
        GpuImage m5 = gpu.create(5, 5, 1, PixelType.FLOAT32);
        GpuImage p4 = gpu.create(4, 4, 1, PixelType.FLOAT32)) {
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.ofTouchingNeighbors(NeighborStatistic.mean, v, m4, null));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.ofTouchingNeighbors(NeighborStatistic.mean, m5, m5, null));
      try (GpuImage m7 = gpu.create(7, 7, 1, PixelType.FLOAT32)) {
        assertThrows(
            FoveaException.InvalidArgument.class,
            () -> Relations.ofTouchingNeighbors(NeighborStatistic.mean, v, m7, null));
      }
      assertThrows(
          FoveaException.InvalidArgument.class, () -> Relations.touchMatrixToMesh(p4, m5, null));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Relations.distanceMatrixToMesh(v, m4, null, 3));
    }
  }
}
