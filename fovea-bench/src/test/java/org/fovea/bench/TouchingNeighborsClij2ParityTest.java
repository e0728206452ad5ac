package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.Relations;
import org.fovea.ops.Relations.NeighborMapStatistic;
import org.fovea.ops.Relations.NeighborStatistic;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * Statistics over touching neighbours and the meshes against CLIJ2 2.5.3.1 in the same JVM, on blob
 * label maps the test makes itself; CLIJ2's own touch matrix, centroids, distance matrix and
 * closest-point list are the inputs of both.
 */
class TouchingNeighborsClij2ParityTest extends Clij2Parity {
  static GpuImage toFovea(Gpu gpu, ClearCLBuffer b) {
    double[] px = Peers.pixels(clij, b);
    float[] f = new float[px.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) px[i];
    return gpu.push(f, (int) b.getWidth(), (int) b.getHeight(), (int) b.getDepth());
  }

  static ClearCLBuffer floats(long... dims) {
    ClearCLBuffer b = clij.create(dims, NativeTypeEnum.Float);
    clij.set(b, 0f);
    return b;
  }

  interface ClijVectorOp {
    void run(ClearCLBuffer values, ClearCLBuffer touch, ClearCLBuffer dst);
  }

  static ClijVectorOp clijOp(NeighborStatistic s) {
    return switch (s) {
      case mean -> clij::meanOfTouchingNeighbors;
      case median -> clij::medianOfTouchingNeighbors;
      case minimum -> clij::minimumOfTouchingNeighbors;
      case maximum -> clij::maximumOfTouchingNeighbors;
      case standardDeviation -> clij::standardDeviationOfTouchingNeighbors;
      case mode -> clij::modeOfTouchingNeighbors;
    };
  }

  static void assertClose(double[] e, double[] a, double rel, String what) {
    assertEquals(e.length, a.length, what);
    for (int i = 0; i < e.length; i++) {
      assertTrue(
          Math.abs(e[i] - a[i]) <= rel * Math.abs(e[i]) + 1e-6,
          what + ": element " + i + ": CLIJ2 " + e[i] + ", Fovea " + a[i]);
    }
  }

  @Test
  void neighborStatisticsAndMeshesMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      String what = w + "x" + h + "x" + d;
      float[] mask = threshold(blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7), 80);
      ClearCLBuffer bin = clij.push(imagePlus(mask, w, h, d));
      ClearCLBuffer lab = clij.create(bin);
      clij.voronoiLabeling(bin, lab);
      int n = (int) clij.maximumOfAllPixels(lab);
      assertTrue(n > 10, what + ": too few labels " + n);
      ClearCLBuffer touch = floats(n + 1, n + 1);
      clij.generateTouchMatrix(lab, touch);
      // values with ties (median, mode) and fractions (mode's integer parts), some above 255
      float[] v = new float[n + 1];
      for (int i = 0; i <= n; i++) v[i] = (i * 37) % 29 + 0.25f * (i % 4) + (i % 11 == 0 ? 300 : 0);
      ClearCLBuffer values = clij.push(imagePlus(v, n + 1, 1, 1));
      ClearCLBuffer points = floats(n, d > 1 ? 3 : 2);
      clij.centroidsOfLabels(lab, points);
      ClearCLBuffer dm = floats(n + 1, n + 1);
      clij.generateDistanceMatrix(points, points, dm);
      ClearCLBuffer index = floats(n + 1, 3);
      clij.nClosestPoints(dm, index);
      try (GpuImage t = toFovea(gpu, touch);
          GpuImage vals = gpu.push(v, n + 1, 1, 1);
          GpuImage pl = toFovea(gpu, points);
          GpuImage dmf = toFovea(gpu, dm);
          GpuImage il = toFovea(gpu, index)) {
        // the statistics only see the vector and the matrix: 2D labels suffice
        for (NeighborStatistic st : d > 1 ? new NeighborStatistic[0] : NeighborStatistic.values()) {
          ClearCLBuffer dst = floats(n + 1, 1);
          clijOp(st).run(values, touch, dst);
          try (GpuImage ours = Relations.ofTouchingNeighbors(st, vals, t, null)) {
            assertClose(
                Peers.pixels(clij, dst), Peers.pixels(ours), 1e-5, what + " " + st + "OfTouching");
          }
          clij.release(dst);
          // a vector one element shorter than the matrix (clij2-docs' filtering_in_graphs.ijm)
          ClearCLBuffer shortValues = clij.push(imagePlus(v, n, 1, 1));
          dst = floats(n, 1);
          clijOp(st).run(shortValues, touch, dst);
          try (GpuImage sv = gpu.push(Arrays.copyOf(v, n), n, 1, 1);
              GpuImage ours = Relations.ofTouchingNeighbors(st, sv, t, null)) {
            assertClose(
                Peers.pixels(clij, dst), Peers.pixels(ours), 1e-5, what + " " + st + " short");
          }
          clij.release(dst);
          clij.release(shortValues);
        }
        if (d == 1) shortVectorWithBackgroundNeighbours(gpu, bin, v);
        ClearCLBuffer mesh = clij.create(lab.getDimensions(), NativeTypeEnum.Float);
        try (GpuImage ours = gpu.create(w, h, d, org.fovea.core.PixelType.FLOAT32)) {
          clij.set(mesh, 0f);
          gpu.fill(ours, 0);
          clij.touchMatrixToMesh(points, touch, mesh);
          Relations.touchMatrixToMesh(pl, t, ours);
          assertSame(Peers.pixels(clij, mesh), Peers.pixels(ours), w, h, what + " touch mesh");
          clij.set(mesh, 0f);
          gpu.fill(ours, 0);
          clij.distanceMatrixToMesh(points, dm, mesh, 15f);
          Relations.distanceMatrixToMesh(pl, dmf, ours, 15f);
          assertSame(Peers.pixels(clij, mesh), Peers.pixels(ours), w, h, what + " distance mesh");
          clij.set(mesh, 0f);
          gpu.fill(ours, 0);
          clij.pointIndexListToMesh(points, index, mesh);
          Relations.pointIndexListToMesh(pl, il, ours);
          double[] e = Peers.pixels(clij, mesh);
          assertSame(e, Peers.pixels(ours), w, h, what + " point index mesh");
          double drawn = 0;
          for (double x : e) drawn += x;
          assertTrue(drawn > 100, what + ": too few mesh pixels " + drawn);
        }
        clij.release(mesh);
      }
      for (ClearCLBuffer b : new ClearCLBuffer[] {bin, lab, touch, values, points, dm, index}) {
        clij.release(b);
      }
    }
  }

  /** Separate objects: each touches only the background, so label 0's value decides. */
  static void shortVectorWithBackgroundNeighbours(Gpu gpu, ClearCLBuffer bin, float[] v) {
    ClearCLBuffer lab = clij.create(bin);
    clij.connectedComponentsLabelingBox(bin, lab);
    int n = (int) clij.maximumOfAllPixels(lab);
    assertTrue(n > 3 && n < v.length, "labels " + n);
    ClearCLBuffer touch = floats(n + 1, n + 1);
    clij.generateTouchMatrix(lab, touch);
    ClearCLBuffer values = clij.push(imagePlus(Arrays.copyOf(v, n), n, 1, 1));
    try (GpuImage t = toFovea(gpu, touch);
        GpuImage sv = gpu.push(Arrays.copyOf(v, n), n, 1, 1)) {
      for (NeighborStatistic st : NeighborStatistic.values()) {
        ClearCLBuffer dst = floats(n, 1);
        clijOp(st).run(values, touch, dst);
        try (GpuImage ours = Relations.ofTouchingNeighbors(st, sv, t, null)) {
          assertClose(Peers.pixels(clij, dst), Peers.pixels(ours), 1e-5, st + " short, CCL");
        }
        clij.release(dst);
      }
    }
    for (ClearCLBuffer b : new ClearCLBuffer[] {lab, touch, values}) clij.release(b);
  }

  interface ClijMapOp {
    void run(ClearCLBuffer map, ClearCLBuffer labels, ClearCLBuffer dst, int radius, boolean ig);
  }

  static ClijMapOp clijMapOp(NeighborMapStatistic s) {
    return switch (s) {
      case mean -> clij::meanOfTouchingNeighborsMap;
      case minimum -> clij::minimumOfTouchingNeighborsMap;
      case maximum -> clij::maximumOfTouchingNeighborsMap;
      case standardDeviation -> clij::standardDeviationOfTouchingNeighborsMap;
      case mode -> clij::modeOfTouchingNeighborsMap;
    };
  }

  interface ClijImageOp {
    void run(ClearCLBuffer dst);
  }

  /** Runs CLIJ2 into a float image like {@code like} and compares with Fovea's result. */
  static void compare(ClearCLBuffer like, ClijImageOp clijOp, GpuImage ours, double rel, String w) {
    ClearCLBuffer dst = clij.create(like.getDimensions(), NativeTypeEnum.Float);
    clij.set(dst, 0f);
    clijOp.run(dst);
    double[] e = Peers.pixels(clij, dst);
    clij.release(dst);
    try (ours) {
      double[] a = Peers.pixels(ours);
      if (rel == 0) assertSame(e, a, (int) like.getWidth(), (int) like.getHeight(), w);
      else assertClose(e, a, rel, w);
      double sum = 0;
      for (double x : e) sum += Math.abs(x);
      assertTrue(sum > 0, w + ": empty result");
    }
  }

  @Test
  void neighborMapsAndLabelMeshesMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      String what = w + "x" + h + "x" + d;
      float[] mask = threshold(blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7), 80);
      ClearCLBuffer bin = clij.push(imagePlus(mask, w, h, d));
      // blob labels grown by 3: touching, isolated and background-touching labels
      ClearCLBuffer seeds = clij.create(bin);
      clij.connectedComponentsLabelingBox(bin, seeds);
      ClearCLBuffer lab = clij.create(bin);
      clij.dilateLabels(seeds, lab, 3);
      int n = (int) clij.maximumOfAllPixels(lab);
      float[] v = new float[n + 1];
      for (int i = 0; i <= n; i++) v[i] = (i * 37) % 29 + 0.25f * (i % 4);
      v[0] = 3; // the background's value matters where it is a neighbour
      ClearCLBuffer values = clij.push(imagePlus(v, n + 1, 1, 1));
      ClearCLBuffer map = clij.create(bin.getDimensions(), NativeTypeEnum.Float);
      clij.replaceIntensities(lab, values, map);
      try (GpuImage labels = toFovea(gpu, lab);
          GpuImage pm = toFovea(gpu, map)) {
        // maps (dimension-free once the touch matrix is made) in 2D; the label meshes in 2D and 3D
        for (NeighborMapStatistic st :
            d > 1 ? new NeighborMapStatistic[0] : NeighborMapStatistic.values()) {
          for (int r : new int[] {1, 2}) {
            for (boolean ig : new boolean[] {false, true}) {
              compare(
                  bin,
                  dst -> clijMapOp(st).run(map, lab, dst, r, ig),
                  Relations.ofTouchingNeighborsMap(st, pm, labels, null, r, ig),
                  1e-5,
                  what + " " + st + "OfTouchingNeighborsMap radius " + r + " " + ig);
            }
          }
        }
        for (int k : d > 1 ? new int[] {2} : new int[] {1, 3}) {
          if (d == 1) {
            compare(
                bin,
                dst -> clij.maximumOfNNearestNeighborsMap(map, lab, dst, k),
                Relations.maximumOfNNearestNeighborsMap(pm, labels, null, k),
                0,
                what + " maximumOfNNearestNeighborsMap " + k);
          }
          compare(
              bin,
              dst -> clij.drawMeshBetweenNNearestLabels(lab, dst, k),
              Relations.drawMeshBetweenNLabels(Relations.MeshName.Nearest, labels, null, k),
              0,
              what + " drawMeshBetweenNNearestLabels " + k);
        }
        compare(
            bin,
            dst -> clij.drawMeshBetweenNClosestLabels(lab, dst, 2),
            Relations.drawMeshBetweenNLabels(Relations.MeshName.Closest, labels, null, 2),
            0,
            what + " drawMeshBetweenNClosestLabels 2");
        if (d == 1) {
          compare(
              bin,
              dst -> clij.maximumOfProximalNeighborsMap(map, lab, dst, 4, 15),
              Relations.maximumOfProximalNeighborsMap(pm, labels, null, 4, 15),
              0,
              what + " maximumOfProximalNeighborsMap 4..15");
        }
        compare(
            bin,
            dst -> clij.drawMeshBetweenTouchingLabels(lab, dst),
            Relations.drawMeshBetweenTouchingLabels(labels, null),
            0,
            what + " drawMeshBetweenTouchingLabels");
      }
      for (ClearCLBuffer b : new ClearCLBuffer[] {bin, seeds, lab, values, map}) clij.release(b);
    }
  }
}
