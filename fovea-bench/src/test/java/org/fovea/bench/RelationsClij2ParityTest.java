package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.LabelMeasurements;
import org.fovea.ops.Labels;
import org.fovea.ops.Relations;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fovea's relation ops against CLIJ2 2.5.3.1 in the same JVM, on blob label maps the test makes
 * itself (Gaussian blobs, thresholded, labelled; a 2D and a 3D one, with labels touching each
 * other, the background and the edge).
 */
class RelationsClij2ParityTest {
  static CLIJ2 clij;

  /** One blob label map: CLIJ2's and Fovea's copies (identical, checked) and its size. */
  record Case(String name, int w, int h, int d, ClearCLBuffer clijLabels, GpuImage labels, int n) {}

  static final List<Case> CASES = new ArrayList<>();

  @BeforeAll
  static void labelBlobs() {
    clij = CLIJ2.getInstance();
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{67, 53, 1}, {37, 31, 11}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      // 14 (2D) and 16 (3D) blobs, grown by 2 pixels so that many touch
      float[] mask =
          Clij2Parity.threshold(
              Clij2Parity.blobs(w, h, d, d == 1 ? 25 : 20, d == 1 ? 2 : 1.5, 5), 30);
      ClearCLBuffer bin = clij.push(Clij2Parity.imagePlus(mask, w, h, d));
      ClearCLBuffer seeds = clij.create(bin);
      ClearCLBuffer lab = clij.create(bin);
      clij.connectedComponentsLabelingBox(bin, seeds);
      clij.dilateLabels(seeds, lab, 2);
      clij.release(bin);
      clij.release(seeds);
      try (GpuImage m = gpu.push(mask, w, h, d);
          GpuImage sd = Labels.connectedComponentsLabelingBox(m, null)) {
        GpuImage labels = Labels.dilateLabels(sd, null, 2);
        Clij2Parity.assertSame(
            Peers.pixels(clij, lab), Peers.pixels(labels), w, h, "labels " + w + "x" + h + "x" + d);
        int n = (int) clij.maximumOfAllPixels(lab);
        assertTrue(n > 8, "too few labels: " + n);
        CASES.add(new Case(w + "x" + h + "x" + d, w, h, d, lab, labels, n));
      }
    }
  }

  @AfterAll
  static void release() {
    for (Case c : CASES) c.labels().close();
    CASES.clear();
    if (clij != null) clij.clear();
  }

  /**
   * A zeroed float32 CLIJ2 image (CLIJ2's distance matrix leaves row and column 0 unwritten: they
   * are zero only in a fresh buffer).
   */
  static ClearCLBuffer matrix(long w, long h) {
    ClearCLBuffer m = clij.create(new long[] {w, h}, NativeTypeEnum.Float);
    clij.set(m, 0);
    return m;
  }

  /** CLIJ2's float32 result against Fovea's: same shape, values within relTol. */
  static void assertClose(ClearCLBuffer expected, GpuImage actual, double relTol, String what) {
    try (actual) {
      compare(expected, actual, relTol, what);
    }
  }

  /** As assertClose, keeping {@code actual} open. */
  static void compare(ClearCLBuffer expected, GpuImage actual, double relTol, String what) {
    try {
      assertEquals(expected.getWidth(), actual.width(), what + ": width");
      assertEquals(expected.getHeight(), actual.height(), what + ": height");
      assertEquals(expected.getDepth(), actual.depth(), what + ": depth");
      double[] e = Peers.pixels(clij, expected);
      double[] a = Peers.pixels(actual);
      int w = actual.width();
      for (int i = 0; i < e.length; i++) {
        boolean same = e[i] == a[i] || Math.abs(e[i] - a[i]) <= relTol * Math.abs(e[i]);
        if (!same) {
          fail(what + ": x=" + i % w + " y=" + i / w + ": CLIJ2 " + e[i] + ", Fovea " + a[i]);
        }
      }
    } finally {
      clij.release(expected);
    }
  }

  static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  @Test
  void touchMatrixMatchesClij2() {
    for (Case c : CASES) {
      ClearCLBuffer tm = matrix(c.n() + 1, c.n() + 1);
      clij.generateTouchMatrix(c.clijLabels(), tm);
      assertTrue(clij.sumOfAllPixels(tm) > c.n(), c.name() + ": too few touching pairs");
      assertClose(tm, Relations.generateTouchMatrix(c.labels(), null), 0, "touch " + c.name());
    }
  }

  @Test
  void distanceMatrixOfCentroidsMatchesClij2() {
    for (Case c : CASES) {
      int dims = c.d() > 1 ? 3 : 2;
      ClearCLBuffer pl = clij.create(new long[] {c.n(), dims}, NativeTypeEnum.Float);
      clij.centroidsOfLabels(c.clijLabels(), pl);
      ClearCLBuffer dm = matrix(c.n() + 1, c.n() + 1);
      clij.generateDistanceMatrix(pl, pl, dm);
      // a second list: the first half of the centroids (the matrix is not square)
      int half = c.n() / 2;
      ClearCLBuffer hl = clij.create(new long[] {half, dims}, NativeTypeEnum.Float);
      clij.crop2D(pl, hl, 0, 0);
      ClearCLBuffer dm2 = matrix(c.n() + 1, half + 1);
      clij.generateDistanceMatrix(pl, hl, dm2);
      try (GpuImage ours = LabelMeasurements.centroidsOfLabels(c.labels(), null);
          GpuImage oursHalf = TestGpu.get().push(floats(Peers.pixels(clij, hl)), half, dims, 1)) {
        compare(pl, ours, 1e-5, "centroids " + c.name());
        assertClose(dm, Relations.generateDistanceMatrix(ours, ours, null), 1e-5, c.name());
        assertClose(
            dm2, Relations.generateDistanceMatrix(ours, oursHalf, null), 1e-5, c.name() + " half");
      }
      clij.release(hl);
    }
  }

  static ClearCLBuffer vector(long w) {
    return matrix(w, 1);
  }

  /** A Fovea uint32 copy of a CLIJ2 image (the same input for both). */
  static GpuImage same(ClearCLBuffer b) {
    Gpu gpu = TestGpu.get();
    try (GpuImage f =
        gpu.push(
            floats(Peers.pixels(clij, b)),
            (int) b.getWidth(),
            (int) b.getHeight(),
            (int) b.getDepth())) {
      return gpu.convert(f, org.fovea.core.PixelType.UINT32);
    }
  }

  /** A float32 Fovea copy of a CLIJ2 matrix. */
  static GpuImage sameMatrix(ClearCLBuffer b) {
    return TestGpu.get()
        .push(floats(Peers.pixels(clij, b)), (int) b.getWidth(), (int) b.getHeight(), 1);
  }

  /**
   * The 3D case only: CLIJ2 builds separate 2D and 3D kernels for each of these ops, and those
   * builds are most of this test's time (the 2D paths are checked against the CPU reference in
   * RelationsTest).
   */
  @Test
  void labelMapRelationsMatchClij2() {
    for (Case c : CASES.subList(1, 2)) {
      int n = c.n() + 1;
      String what = c.name();
      ClearCLBuffer tc = matrix(n, n);
      clij.generateTouchCountMatrix(c.clijLabels(), tc);
      assertClose(tc, Relations.generateTouchCountMatrix(c.labels(), null), 0, "count " + what);
      ClearCLBuffer map = clij.create(c.clijLabels().getDimensions(), NativeTypeEnum.Float);
      clij.touchingNeighborCountMap(c.clijLabels(), map);
      assertClose(map, Relations.touchingNeighborCountMap(c.labels(), null), 0, "map " + what);
      map = clij.create(c.clijLabels().getDimensions(), NativeTypeEnum.Float);
      clij.proximalNeighborCountMap(c.clijLabels(), map, 3, 14.5);
      assertClose(
          map, Relations.proximalNeighborCountMap(c.labels(), null, 3, 14.5f), 0, "prox " + what);
      // a second label map: the labels moved by 3 pixels in x, every third label removed, the
      // rest renumbered without gaps (CLIJ2 gives absent label numbers a centroid)
      double[] px = Peers.pixels(clij, c.clijLabels());
      float[] moved = new float[px.length];
      int[] renumber = new int[n];
      int next = 0;
      for (int i = 0; i < px.length; i++) {
        int l = i % c.w() >= 3 ? (int) px[i - 3] : 0;
        if (l % 3 != 0 && renumber[l] == 0) renumber[l] = ++next;
        moved[i] = renumber[l];
      }
      ClearCLBuffer other = clij.push(Clij2Parity.imagePlus(moved, c.w(), c.h(), c.d()));
      int m = (int) clij.maximumOfAllPixels(other) + 1;
      try (GpuImage second = same(other)) {
        map = clij.create(c.clijLabels().getDimensions(), NativeTypeEnum.Float);
        clij.labelProximalNeighborCountMap(c.clijLabels(), other, map, 0, 11.5);
        assertClose(
            map,
            Relations.labelProximalNeighborCountMap(c.labels(), second, null, 0, 11.5f),
            0,
            "label prox " + what);
        ClearCLBuffer ov = matrix(n, m);
        clij.generateBinaryOverlapMatrix(c.clijLabels(), other, ov);
        assertClose(
            ov, Relations.generateBinaryOverlapMatrix(c.labels(), second, null), 0, "ov " + what);
        ClearCLBuffer jm = matrix(n, m);
        clij.generateJaccardIndexMatrix(c.clijLabels(), other, jm);
        assertClose(
            jm,
            Relations.generateJaccardIndexMatrix(c.labels(), second, null),
            1e-6,
            "jaccard " + what);
      }
      clij.release(other);
    }
  }

  /** Matrices are 2D images whatever the label map: the 2D case's matrices suffice. */
  @Test
  void matrixOpsMatchClij2() {
    for (Case c : CASES.subList(0, 1)) {
      int n = c.n() + 1;
      String what = c.name();
      ClearCLBuffer tm = matrix(n, n);
      clij.generateTouchMatrix(c.clijLabels(), tm);
      int dims = c.d() > 1 ? 3 : 2;
      ClearCLBuffer pl = clij.create(new long[] {c.n(), dims}, NativeTypeEnum.Float);
      clij.centroidsOfLabels(c.clijLabels(), pl);
      ClearCLBuffer dm = matrix(n, n);
      clij.generateDistanceMatrix(pl, pl, dm);
      clij.release(pl);
      // the diagonal set high, so that shortestDistances finds the nearest other label
      ClearCLBuffer far = matrix(n, n);
      clij.copy(dm, far);
      clij.setWhereXequalsY(far, 1000);
      try (GpuImage t = sameMatrix(tm);
          GpuImage d = sameMatrix(dm);
          GpuImage fd = sameMatrix(far)) {
        ClearCLBuffer out = matrix(n, n);
        clij.touchMatrixToAdjacencyMatrix(tm, out);
        assertClose(out, Relations.touchMatrixToAdjacencyMatrix(t, null), 0, "adj " + what);
        out = matrix(n, n);
        clij.neighborsOfNeighbors(tm, out);
        assertClose(out, Relations.neighborsOfNeighbors(t, null), 0, "non " + what);
        out = vector(n);
        clij.countTouchingNeighbors(tm, out);
        assertClose(out, Relations.countTouchingNeighbors(t, null), 0, "count " + what);
        out = vector(n);
        clij.averageDistanceOfTouchingNeighbors(dm, tm, out);
        assertClose(
            out, Relations.averageDistanceOfTouchingNeighbors(d, t, null), 1e-5, "avg " + what);
        out = vector(n);
        clij.shortestDistances(far, out);
        assertClose(out, Relations.shortestDistances(fd, null), 0, "shortest " + what);
        for (int k : new int[] {1, 3}) {
          out = vector(n);
          clij.averageDistanceOfNClosestPoints(dm, out, k);
          assertClose(
              out, Relations.averageDistanceOfNClosestPoints(d, null, k), 1e-5, k + " " + what);
          // CLIJ2 overwrites parts of its input here: give it a copy
          ClearCLBuffer copy = matrix(n, n);
          clij.copy(dm, copy);
          out = matrix(n, n);
          clij.generateNNearestNeighborsMatrix(copy, out, k);
          clij.release(copy);
          assertClose(
              out, Relations.generateNNearestNeighborsMatrix(d, null, k), 0, k + "nn " + what);
        }
      }
      clij.release(tm);
      clij.release(dm);
      clij.release(far);
    }
  }
}
