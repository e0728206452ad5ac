package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
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

/**
 * voronoiOctagon, labelVoronoiOctagon, mergeTouchingLabels, labelOverlapCountMap,
 * euclideanDistanceFromLabelCentroidMap, labelSurface, excludeLabelsOnSurface, getJaccardIndex and
 * getSorensenDiceCoefficient against plain-Java references written pixel by pixel, on every pixel
 * type, 2D and 3D, odd sizes (random boxes that touch, overlap and cross the border), plus empty
 * images and one label filling the image.
 */
class LabelRegionsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  // ------------------------------------------------------------------ references

  /** 1 where a 4/6 neighbour inside the image has another value. */
  static CpuImage edges(CpuImage lab) {
    CpuImage out = CpuImage.like(lab, PixelType.UINT8);
    int[][] six = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (int z = 0; z < lab.d; z++)
      for (int y = 0; y < lab.h; y++)
        for (int x = 0; x < lab.w; x++) {
          for (int[] o : six) {
            int xx = x + o[0], yy = y + o[1], zz = z + o[2];
            if (xx < 0 || yy < 0 || zz < 0 || xx >= lab.w || yy >= lab.h || zz >= lab.d) continue;
            if (lab.get(xx, yy, zz) != lab.get(x, y, z)) out.set(x, y, z, 1);
          }
        }
    return out;
  }

  /** Groups of face-touching labels (graph search), numbered by their first pixel (raster). */
  static CpuImage merged(CpuImage lab) {
    int nl = (int) CpuLabels.max(lab) + 1;
    boolean[][] touch = new boolean[nl][nl];
    for (int z = 0; z < lab.d; z++)
      for (int y = 0; y < lab.h; y++)
        for (int x = 0; x < lab.w; x++) {
          int a = (int) lab.get(x, y, z);
          int[][] fwd = {{x + 1, y, z}, {x, y + 1, z}, {x, y, z + 1}};
          for (int[] p : fwd) {
            if (p[0] >= lab.w || p[1] >= lab.h || p[2] >= lab.d) continue;
            int b = (int) lab.get(p[0], p[1], p[2]);
            if (a != 0 && b != 0 && a != b) touch[a][b] = touch[b][a] = true;
          }
        }
    int[] group = new int[nl];
    int next = 0;
    for (double v : lab.data) {
      int l = (int) v;
      if (l == 0 || group[l] != 0) continue;
      group[l] = ++next;
      java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(java.util.List.of(l));
      while (!todo.isEmpty()) {
        int a = todo.poll();
        for (int b = 1; b < nl; b++) {
          if (touch[a][b] && group[b] == 0) {
            group[b] = next;
            todo.add(b);
          }
        }
      }
    }
    CpuImage out = CpuImage.like(lab, PixelType.UINT32);
    for (int i = 0; i < lab.data.length; i++) out.data[i] = group[(int) lab.data[i]];
    return out;
  }

  /** Per label of a: how many distinct non-zero labels of b share a pixel with it. */
  static CpuImage overlapCounts(CpuImage a, CpuImage b) {
    TreeMap<Long, Set<Long>> partners = new TreeMap<>();
    for (int i = 0; i < a.data.length; i++) {
      long la = (long) a.data[i], lb = (long) b.data[i];
      if (la != 0 && lb != 0) partners.computeIfAbsent(la, k -> new HashSet<>()).add(lb);
    }
    CpuImage out = CpuImage.like(a, PixelType.FLOAT32);
    for (int i = 0; i < a.data.length; i++) {
      Set<Long> s = partners.get((long) a.data[i]);
      out.data[i] = a.data[i] == 0 || s == null ? 0 : s.size();
    }
    return out;
  }

  /** Centroids (double) per label: c[label] = {x, y, z}; null for absent labels. */
  static double[][] centroids(CpuImage lab) {
    int nl = (int) CpuLabels.max(lab) + 1;
    double[][] sum = new double[nl][4];
    for (int z = 0; z < lab.d; z++)
      for (int y = 0; y < lab.h; y++)
        for (int x = 0; x < lab.w; x++) {
          double[] s = sum[(int) lab.get(x, y, z)];
          s[0] += x;
          s[1] += y;
          s[2] += z;
          s[3]++;
        }
    double[][] c = new double[nl][];
    for (int l = 1; l < nl; l++) {
      if (sum[l][3] > 0)
        c[l] = new double[] {sum[l][0] / sum[l][3], sum[l][1] / sum[l][3], sum[l][2] / sum[l][3]};
    }
    return c;
  }

  static CpuImage centroidDistances(CpuImage lab) {
    double[][] c = centroids(lab);
    CpuImage out = CpuImage.like(lab, PixelType.FLOAT32);
    for (int z = 0; z < lab.d; z++)
      for (int y = 0; y < lab.h; y++)
        for (int x = 0; x < lab.w; x++) {
          int l = (int) lab.get(x, y, z);
          if (l == 0) continue;
          double dx = x - c[l][0], dy = y - c[l][1], dz = z - c[l][2];
          out.set(x, y, z, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
    return out;
  }

  /**
   * True when the ray from centre through point p (float steps of unit length beyond p, truncated
   * coordinates) meets no label other than l before leaving the image.
   */
  static boolean onSurface(CpuImage lab, int l, float[] p, float[] c) {
    boolean three = lab.d > 1;
    float dx = p[0] - c[0], dy = p[1] - c[1], dz = three ? p[2] - c[2] : 0f;
    float len = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (!(len > 0)) return true;
    dx /= len;
    dy /= len;
    dz /= len;
    float x = p[0] + dx, y = p[1] + dy, z = (three ? p[2] : 0f) + dz;
    while (x >= 0 && y >= 0 && z >= 0 && x < lab.w && y < lab.h && z < lab.d) {
      double v = lab.get((int) x, (int) y, (int) z);
      if (v != 0 && v != l) return false;
      x += dx;
      y += dy;
      z += dz;
    }
    return true;
  }

  /** The labels kept (on the surface, or below it), renumbered 1..m in order. */
  static CpuImage surface(CpuImage lab, float[] centre, boolean keepSurface) {
    double[][] c = centroids(lab);
    return LabelEditTest.renumbered(
        lab,
        l -> {
          double[] p = c[(int) l];
          float[] pf = {(float) p[0], (float) p[1], (float) p[2]};
          return onSurface(lab, (int) l, pf, centre) == keepSurface;
        });
  }

  static CpuImage asUint32(CpuImage in) {
    CpuImage out = CpuImage.like(in, PixelType.UINT32);
    System.arraycopy(in.data, 0, out.data, 0, in.data.length);
    return out;
  }

  // ------------------------------------------------------------------ tests

  @Covers({
    "voronoiOctagon",
    "labelVoronoiOctagon",
    "mergeTouchingLabels",
    "labelOverlapCountMap",
    "euclideanDistanceFromLabelCentroidMap"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void regionOpsMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage bin = LabelsTest.randomBinary(w, h, d, t, 0.04, 5);
    CpuImage lab = LabelEditTest.labels(w, h, d, t);
    CpuImage other = LabelGrowthTest.seeds(w, h, d, PixelType.UINT16, 9, 33);
    CpuImage voronoi = LabelGrowthTest.grow(CpuLabels.connectedComponents(bin, true), null, -1);
    try (GpuImage b = bin.push(gpu);
        GpuImage l = lab.push(gpu);
        GpuImage o = other.push(gpu);
        GpuImage vo = Labels.voronoiOctagon(b, null);
        GpuImage lvo = Labels.labelVoronoiOctagon(l, null);
        GpuImage m = Labels.mergeTouchingLabels(l, null);
        GpuImage oc = LabelMeasurements.labelOverlapCountMap(l, o, null);
        GpuImage ed = LabelMeasurements.euclideanDistanceFromLabelCentroidMap(l, null)) {
      assertEquals(PixelType.UINT8, vo.type());
      assertImageEquals(edges(voronoi), vo);
      assertImageEquals(LabelGrowthTest.grow(lab, null, -1), lvo);
      CpuImage expectedMerge = merged(lab);
      assertTrue(CpuLabels.max(expectedMerge) < CpuLabels.max(lab), "the boxes must touch");
      assertImageEquals(expectedMerge, m);
      assertImageEquals(overlapCounts(lab, other), oc);
      assertImageClose(centroidDistances(lab), ed, 1e-4, 1e-5);
    }
  }

  @Covers({
    "labelSurface",
    "excludeLabelsOnSurface",
    "getJaccardIndex",
    "getSorensenDiceCoefficient"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void surfaceAndOverlapMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage lab = LabelGrowthTest.seeds(w, h, d, t, 25, 17);
    CpuImage a = LabelsTest.randomBinary(w, h, d, t, 0.5, 7);
    CpuImage b = LabelsTest.randomBinary(w, h, d, PixelType.UINT8, 0.4, 8);
    float[] middle = {0.5f * w, 0.5f * h, 0.5f * d};
    float[] corner = {3.25f, 2.5f, 1f};
    long both = 0, either = 0, na = 0, nb = 0;
    for (int i = 0; i < a.data.length; i++) {
      boolean x = a.data[i] != 0, y = b.data[i] != 0;
      both += x && y ? 1 : 0;
      either += x || y ? 1 : 0;
      na += x ? 1 : 0;
      nb += y ? 1 : 0;
    }
    try (GpuImage l = lab.push(gpu);
        GpuImage s = Labels.labelSurface(l, null, 0.5f, 0.5f, 0.5f);
        GpuImage points = LabelMeasurements.centroidsOfLabels(l, null);
        GpuImage below =
            Labels.excludeLabelsOnSurface(points, l, null, corner[0], corner[1], corner[2]);
        GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu)) {
      CpuImage expectedSurface = surface(lab, middle, true);
      CpuImage expectedBelow = surface(lab, corner, false);
      assertTrue(CpuLabels.max(expectedSurface) > 0 && CpuLabels.max(expectedBelow) > 0);
      assertImageEquals(expectedSurface, s);
      assertImageEquals(expectedBelow, below);
      assertEquals((double) both / either, Measurements.getJaccardIndex(ga, gb), 1e-15);
      assertEquals(2.0 * both / (na + nb), Measurements.getSorensenDiceCoefficient(ga, gb), 1e-15);
    }
  }

  @Covers({
    "voronoiOctagon",
    "labelVoronoiOctagon",
    "mergeTouchingLabels",
    "labelOverlapCountMap",
    "euclideanDistanceFromLabelCentroidMap",
    "labelSurface",
    "excludeLabelsOnSurface",
    "getJaccardIndex",
    "getSorensenDiceCoefficient"
  })
  @Test
  void emptyFullChainsAndErrors() {
    Gpu gpu = TestGpu.get();
    int w = 9, h = 7, d = 3;
    CpuImage empty = new CpuImage(w, h, d, PixelType.UINT32);
    CpuImage full = CpuImage.like(empty);
    java.util.Arrays.fill(full.data, 4);
    // a chain 1-2-3 of face contacts, 4 touching 3 only diagonally, 5 alone
    CpuImage chain = new CpuImage(w, h, 1, PixelType.UINT32);
    int[][] px = {{0, 0, 1}, {1, 0, 2}, {1, 1, 3}, {2, 2, 4}, {6, 5, 5}, {7, 5, 5}};
    for (int[] p : px) chain.set(p[0], p[1], 0, p[2]);
    CpuImage chainMerged = new CpuImage(w, h, 1, PixelType.UINT32);
    int[] merged = {1, 1, 1, 2, 3, 3};
    for (int k = 0; k < px.length; k++) chainMerged.set(px[k][0], px[k][1], 0, merged[k]);
    try (GpuImage e = empty.push(gpu);
        GpuImage f = full.push(gpu);
        GpuImage c = chain.push(gpu)) {
      CpuImage zeros8 = CpuImage.like(empty, PixelType.UINT8);
      CpuImage zerosF = CpuImage.like(empty, PixelType.FLOAT32);
      for (GpuImage g :
          new GpuImage[] {Labels.voronoiOctagon(e, null), Labels.voronoiOctagon(f, null)}) {
        try (g) {
          assertImageEquals(zeros8, g);
        }
      }
      try (GpuImage g = Labels.labelVoronoiOctagon(e, null)) {
        assertImageEquals(empty, g);
      }
      try (GpuImage g = Labels.mergeTouchingLabels(f, null)) {
        CpuImage ones = CpuImage.like(empty);
        java.util.Arrays.fill(ones.data, 1);
        assertImageEquals(ones, g);
      }
      try (GpuImage g = Labels.mergeTouchingLabels(c, null)) {
        assertImageEquals(chainMerged, g);
      }
      try (GpuImage g = LabelMeasurements.labelOverlapCountMap(e, f, null)) {
        assertImageEquals(zerosF, g);
      }
      try (GpuImage g = LabelMeasurements.labelOverlapCountMap(f, f, null)) {
        CpuImage ones = CpuImage.like(zerosF);
        java.util.Arrays.fill(ones.data, 1);
        assertImageEquals(ones, g);
      }
      try (GpuImage g = LabelMeasurements.euclideanDistanceFromLabelCentroidMap(e, null)) {
        assertImageEquals(zerosF, g);
      }
      try (GpuImage g = LabelMeasurements.euclideanDistanceFromLabelCentroidMap(f, null)) {
        assertImageClose(centroidDistances(full), g, 1e-4, 1e-5);
      }
      // one label filling the image: alone on the surface, from the centre and from a corner
      try (GpuImage g = Labels.labelSurface(f, null, 0.5f, 0.5f, 0.5f);
          GpuImage p = LabelMeasurements.centroidsOfLabels(f, null);
          GpuImage x = Labels.excludeLabelsOnSurface(p, f, null, 0, 0, 0);
          GpuImage eg = Labels.labelSurface(e, null, 0.5f, 0.5f, 0.5f)) {
        CpuImage one = CpuImage.like(empty);
        java.util.Arrays.fill(one.data, 1);
        assertImageEquals(one, g);
        assertImageEquals(empty, x);
        assertImageEquals(empty, eg);
      }
      assertTrue(Double.isNaN(Measurements.getJaccardIndex(e, e)));
      assertTrue(Double.isNaN(Measurements.getSorensenDiceCoefficient(e, e)));
      assertEquals(1.0, Measurements.getJaccardIndex(f, f));
      assertEquals(0.0, Measurements.getSorensenDiceCoefficient(e, f));
      // errors: shapes, a 2-row point list for a 3D map
      assertThrows(FoveaException.class, () -> Measurements.getJaccardIndex(e, c));
      assertThrows(FoveaException.class, () -> LabelMeasurements.labelOverlapCountMap(e, c, null));
      try (GpuImage p2 = gpu.create(4, 2, 1, PixelType.FLOAT32)) {
        assertThrows(
            FoveaException.class, () -> Labels.excludeLabelsOnSurface(p2, f, null, 0, 0, 0));
      }
      assertThrows(FoveaException.class, () -> Labels.mergeTouchingLabels(f, f));
    }
  }
}
