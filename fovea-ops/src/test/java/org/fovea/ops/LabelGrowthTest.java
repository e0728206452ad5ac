package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.CpuLabels;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dilateLabels and the Voronoi labelings against a sequential reference, every type, 2D + 3D. */
class LabelGrowthTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /**
   * Reference growth, one pixel at a time: step k (from 0) looks at the 8/26 neighbours when k is
   * even, at the 4/6 face neighbours when odd; a 0 pixel (inside mask, if any) takes the largest
   * neighbouring label. steps < 0: until a box step and a diamond step in a row change nothing (a
   * diamond step alone may change nothing where a box step would still grow diagonally).
   */
  static CpuImage grow(CpuImage labels, CpuImage mask, int steps) {
    CpuImage cur = CpuImage.like(labels, PixelType.UINT32);
    System.arraycopy(labels.data, 0, cur.data, 0, cur.data.length);
    int w = cur.w, h = cur.h, d = cur.d;
    for (int k = 0; steps < 0 || k < steps; k++) {
      CpuImage next = CpuImage.like(cur);
      boolean changed = false;
      for (int z = 0; z < d; z++)
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++) {
            double v = cur.get(x, y, z);
            if (v == 0 && (mask == null || mask.get(x, y, z) != 0)) {
              double best = 0;
              for (int dz = -1; dz <= 1; dz++)
                for (int dy = -1; dy <= 1; dy++)
                  for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx, yy = y + dy, zz = z + dz;
                    if (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d) continue;
                    int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
                    if (k % 2 == 1 && manhattan != 1) continue;
                    best = Math.max(best, cur.get(xx, yy, zz));
                  }
              if (best != 0) changed = true;
              v = best;
            }
            next.set(x, y, z, v);
          }
      cur = next;
      if (steps < 0 && !changed) break;
    }
    return cur;
  }

  /** A few small label boxes (labels 1..count, some overwritten) in type t. */
  static CpuImage seeds(int w, int h, int d, PixelType t, int count, long seed) {
    CpuImage u = LabelMeasurementsTest.randomLabels(w, h, d, count, seed);
    CpuImage l = CpuImage.like(u, t);
    System.arraycopy(u.data, 0, l.data, 0, u.data.length);
    return l;
  }

  @Covers({"dilateLabels", "extendLabelingViaVoronoi"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void dilateAndExtendMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage lab = seeds(w, h, d, t, 7, 21);
    try (GpuImage l = lab.push(gpu)) {
      for (int r : new int[] {0, 1, 2, 3}) {
        try (GpuImage g = Labels.dilateLabels(l, null, r)) {
          assertEquals(PixelType.UINT32, g.type());
          assertImageEquals(grow(lab, null, r), g);
        }
      }
      try (GpuImage g = Labels.extendLabelingViaVoronoi(l, null)) {
        assertImageEquals(grow(lab, null, -1), g);
      }
    }
  }

  @Covers({"voronoiLabeling", "maskedVoronoiLabeling"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void voronoiLabelingsMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage bin = LabelsTest.randomBinary(w, h, d, t, 0.04, 5);
    CpuImage mask = LabelsTest.randomBinary(w, h, d, PixelType.UINT8, 0.7, 6);
    CpuImage labels = CpuLabels.connectedComponents(bin, true);
    try (GpuImage b = bin.push(gpu);
        GpuImage m = mask.push(gpu);
        GpuImage v = Labels.voronoiLabeling(b, null);
        GpuImage mv = Labels.maskedVoronoiLabeling(b, m, null)) {
      assertImageEquals(grow(labels, null, -1), v);
      assertImageEquals(grow(labels, mask, -1), mv);
    }
  }

  @Covers({"dilateLabels", "extendLabelingViaVoronoi", "voronoiLabeling"})
  @Test
  void emptyImagesDestinationsOfOtherTypesAndErrors() {
    Gpu gpu = TestGpu.get();
    CpuImage empty = new CpuImage(9, 7, 3, PixelType.UINT8);
    CpuImage lab = seeds(9, 7, 3, PixelType.UINT16, 3, 8);
    try (GpuImage e = empty.push(gpu);
        GpuImage l = lab.push(gpu);
        GpuImage v = Labels.extendLabelingViaVoronoi(e, null);
        GpuImage vl = Labels.voronoiLabeling(e, null);
        GpuImage f = gpu.create(9, 7, 3, PixelType.FLOAT32)) {
      assertImageEquals(CpuImage.like(empty, PixelType.UINT32), v);
      assertImageEquals(CpuImage.like(empty, PixelType.UINT32), vl);
      Labels.dilateLabels(l, f, 2);
      CpuImage expected = grow(lab, null, 2);
      CpuImage asFloat = CpuImage.like(expected, PixelType.FLOAT32);
      System.arraycopy(expected.data, 0, asFloat.data, 0, asFloat.data.length);
      assertImageEquals(asFloat, f);
      assertThrows(FoveaException.class, () -> Labels.dilateLabels(l, null, -1));
      assertThrows(FoveaException.class, () -> Labels.dilateLabels(l, l, 1));
    }
  }

  /** Reference erodeLabels (see the op's notes), written pixel by pixel. */
  static CpuImage erode(CpuImage labels, int radius, boolean relabel) {
    CpuImage cur = CpuImage.like(labels, PixelType.UINT32);
    System.arraycopy(labels.data, 0, cur.data, 0, cur.data.length);
    if (radius <= 0) return cur;
    int w = cur.w, h = cur.h, d = cur.d;
    int steps = radius >= 2 ? radius : 0;
    for (int k = -1; k < steps; k++) {
      CpuImage next = CpuImage.like(cur);
      for (int z = 0; z < d; z++)
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++) {
            double v = cur.get(x, y, z);
            boolean keep = v != 0;
            for (int dz = -1; dz <= 1; dz++)
              for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                  int xx = x + dx, yy = y + dy, zz = z + dz;
                  if (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d) continue;
                  int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
                  boolean box = k >= 0 && k % 2 == 1;
                  if (manhattan == 0 || (!box && manhattan != 1)) continue;
                  double u = cur.get(xx, yy, zz);
                  if (k < 0 ? u != v : u == 0) keep = false;
                }
            next.set(x, y, z, keep ? v : 0);
          }
      cur = next;
    }
    if (relabel) return CpuLabels.connectedComponents(cur, false);
    java.util.Map<Double, Double> rank = new java.util.HashMap<>();
    CpuImage out = CpuImage.like(cur);
    for (int i = 0; i < cur.data.length; i++) {
      double v = cur.data[i];
      if (v == 0) continue;
      if (!rank.containsKey(v)) rank.put(v, (double) rank.size() + 1);
      out.data[i] = rank.get(v);
    }
    return out;
  }

  @Covers("erodeLabels")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void erodeLabelsMatchesReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    // big touching boxes: labels split, vanish and touch each other
    CpuImage lab = CpuImage.like(LabelMeasurementsTest.randomLabels(w, h, d, 9, 31), t);
    CpuImage u = LabelMeasurementsTest.randomLabels(w, h, d, 9, 31);
    System.arraycopy(u.data, 0, lab.data, 0, u.data.length);
    try (GpuImage l = lab.push(gpu)) {
      for (int r : new int[] {0, 1, 2, 3}) {
        for (boolean relabel : new boolean[] {false, true}) {
          try (GpuImage g = Labels.erodeLabels(l, null, r, relabel)) {
            assertEquals(PixelType.UINT32, g.type());
            assertImageEquals(erode(lab, r, relabel), g);
          }
        }
      }
    }
  }

  @Covers("voronoiOtsuLabeling")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void voronoiOtsuLabelingIsItsPipeline(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage img = CpuImage.random(w, h, d, t, 17);
    boolean is3D = d > 1;
    try (GpuImage src = img.push(gpu);
        GpuImage a = gpu.create(w, h, d, PixelType.FLOAT32);
        GpuImage b = gpu.create(w, h, d, PixelType.FLOAT32)) {
      // the steps, each verified by its own tests; the growth is the sequential reference here
      if (is3D) {
        Filters.gaussianBlur3D(src, a, 2, 2, 2);
        Filters.gaussianBlur3D(src, b, 1, 1, 1);
      } else {
        Filters.gaussianBlur2D(src, a, 2, 2);
        Filters.gaussianBlur2D(src, b, 1, 1);
      }
      CpuImage expected;
      try (GpuImage spots =
              is3D
                  ? Detection.detectMaxima3DBox(a, null, 0, 0, 0)
                  : Detection.detectMaxima2DBox(a, null, 0, 0);
          GpuImage blurred = gpu.create(w, h, d, PixelType.FLOAT32)) {
        gpu.copy(b, blurred);
        CpuImage sp = CpuImage.pull(spots), bin = otsuAsClij2(CpuImage.pull(blurred));
        CpuImage seeds = CpuImage.like(sp);
        for (int i = 0; i < seeds.data.length; i++) {
          seeds.data[i] = sp.data[i] != 0 && bin.data[i] != 0 ? 1 : 0;
        }
        expected = grow(CpuLabels.connectedComponents(seeds, true), bin, -1);
      }
      try (GpuImage g = Labels.voronoiOtsuLabeling(src, null, 2, 1)) {
        assertEquals(PixelType.UINT32, g.type());
        assertImageEquals(expected, g);
      }
    }
  }

  /**
   * CLIJ2 2.5.3.1's Otsu rule (measured by running it): 256 bins of (v − min)·255/(max − min),
   * ImageJ's Otsu bin k, foreground v > min + (k + 1)·(max − min)/255.
   */
  static CpuImage otsuAsClij2(CpuImage img) {
    double mn = Double.MAX_VALUE, mx = -Double.MAX_VALUE;
    for (double v : img.data) {
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
    }
    int[] hist = new int[256];
    for (double v : img.data) hist[Math.min(255, (int) ((v - mn) * 255 / (mx - mn)))]++;
    int k =
        new ij.process.AutoThresholder().getThreshold(ij.process.AutoThresholder.Method.Otsu, hist);
    double t = mn + (k + 1) * (mx - mn) / 255;
    CpuImage out = CpuImage.like(img, PixelType.UINT8);
    for (int i = 0; i < img.data.length; i++) out.data[i] = img.data[i] > t ? 1 : 0;
    return out;
  }
}
