package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * Relations with more than 65,535 labels: a 301×250 map with one pixel per label (75,250 labels,
 * uint32) against a map of 3 vertical bands, checked against plain CPU loops.
 *
 * <p>Covered, one case per family whose result is linear in the label count: the overlap matrices
 * (generateBinaryOverlapMatrix, generateJaccardIndexMatrix: 75,251×4), the distance matrix of two
 * point lists (generateDistanceMatrix: 75,250 × 3 points) and the centroid-based count maps
 * (labelProximalNeighborCountMap: centroids of 75,250 labels, a 75,251×4 distance matrix,
 * replaceIntensities). Not covered: every op built on a square touch or distance matrix of one
 * map's labels (generateTouchMatrix, generateTouchCountMatrix, touchingNeighborCountMap,
 * countTouchingNeighbors, neighborsOfNeighbors, the *OfTouchingNeighbors(Map) family,
 * proximalNeighborCountMap, maximumOfProximalNeighborsMap, generateNNearestNeighborsMatrix and the
 * meshes): for 65,536 labels that matrix alone is 65,537² float32 = 17 GB, beyond PoCL in CI (and
 * beyond most GPUs); CLIJ2 builds the same matrices.
 */
class RelationsManyLabelsTest {
  static final int W = 301, H = 250, N = W * H;

  static int band(int x) {
    return 1 + x * 3 / W;
  }

  @Test
  @Covers({
    "generateBinaryOverlapMatrix",
    "generateJaccardIndexMatrix",
    "generateDistanceMatrix",
    "labelProximalNeighborCountMap"
  })
  void moreThan65535Labels() {
    Gpu gpu = TestGpu.get();
    CpuImage l1 = new CpuImage(W, H, 1, PixelType.UINT32);
    CpuImage l2 = new CpuImage(W, H, 1, PixelType.UINT32);
    int[] bandSize = new int[4];
    double[] bandX = new double[4];
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) {
        l1.set(x, y, 0, 1 + y * W + x);
        l2.set(x, y, 0, band(x));
        bandSize[band(x)]++;
        bandX[band(x)] += x;
      }
    try (GpuImage g1 = l1.push(gpu);
        GpuImage g2 = l2.push(gpu)) {
      try (GpuImage m = Relations.generateBinaryOverlapMatrix(g1, g2, null);
          GpuImage j = Relations.generateJaccardIndexMatrix(g1, g2, null)) {
        assertEquals(N + 1, m.width());
        assertEquals(4, m.height());
        CpuImage bm = CpuImage.pull(m), jm = CpuImage.pull(j);
        for (int b = 0; b < 4; b++)
          for (int a = 0; a <= N; a++) {
            boolean same = a > 0 && b > 0 && band((a - 1) % W) == b;
            assertEquals(same ? 1.0 : 0.0, bm.get(a, b, 0), "overlap " + a + ", " + b);
            assertEquals(
                same ? 1.0 / bandSize[b] : 0.0, jm.get(a, b, 0), 1e-9, "jaccard " + a + ", " + b);
          }
      }
      // point lists: every pixel of the map, and the three band centroids
      float[] p1 = new float[2 * N];
      for (int i = 0; i < N; i++) {
        p1[i] = i % W;
        p1[N + i] = i / W;
      }
      float[] p2 = new float[6];
      for (int b = 1; b <= 3; b++) {
        p2[b - 1] = (float) (bandX[b] / bandSize[b]);
        p2[3 + b - 1] = (H - 1) / 2f;
      }
      try (GpuImage c1 = gpu.push(p1, N, 2, 1);
          GpuImage c2 = gpu.push(p2, 3, 2, 1);
          GpuImage dm = Relations.generateDistanceMatrix(c1, c2, null);
          GpuImage counts = Relations.labelProximalNeighborCountMap(g1, g2, null, 0, 60)) {
        assertEquals(N + 1, dm.width());
        CpuImage d = CpuImage.pull(dm), c = CpuImage.pull(counts);
        for (int i = 0; i < N; i++) {
          int near = 0, edge = 0;
          for (int b = 1; b <= 3; b++) {
            double dist = Math.hypot(p1[i] - p2[b - 1], p1[N + i] - p2[3 + b - 1]);
            assertEquals(dist, d.get(i + 1, b, 0), 1e-5 * dist + 1e-5, "distance " + i + ", " + b);
            if (dist <= 60) near++;
            if (Math.abs(dist - 60) < 1e-3) edge++;
          }
          if (edge == 0) {
            assertEquals(near, c.get(i % W, i / W, 0), "proximal count of label " + (i + 1));
          }
        }
      }
    }
  }
}
