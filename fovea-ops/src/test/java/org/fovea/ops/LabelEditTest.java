package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;

import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The label-map editing ops against plain-Java references, on every pixel type, 2D and 3D. */
class LabelEditTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /** Labels with gaps (boxes overwrite each other), stored in type t. */
  static CpuImage labels(int w, int h, int d, PixelType t) {
    CpuImage u = LabelMeasurementsTest.randomLabels(w, h, d, 14, 8);
    CpuImage l = CpuImage.like(u, t);
    System.arraycopy(u.data, 0, l.data, 0, u.data.length);
    return l;
  }

  /** Keeps the present labels that pass {@code keep}, renumbered 1..m in order (uint32). */
  static CpuImage renumbered(CpuImage in, LongPredicate keep) {
    TreeSet<Long> present = new TreeSet<>();
    for (double v : in.data) if (v != 0) present.add((long) v);
    TreeMap<Long, Long> map = new TreeMap<>();
    long next = 0;
    for (long l : present) if (keep.test(l)) map.put(l, ++next);
    CpuImage out = CpuImage.like(in, PixelType.UINT32);
    for (int i = 0; i < in.data.length; i++) {
      out.data[i] = in.data[i] == 0 ? 0 : map.getOrDefault((long) in.data[i], 0L);
    }
    return out;
  }

  static long count(CpuImage in, long label) {
    long c = 0;
    for (double v : in.data) if (v == label) c++;
    return c;
  }

  @Covers({
    "closeIndexGapsInLabelMap",
    "excludeLabelsOnEdges",
    "excludeLabelsOutsideSizeRange",
    "excludeLabelsWithValuesOutOfRange",
    "excludeLabelsWithValuesWithinRange",
    "excludeLabels"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void renumberingOpsMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = labels(w, h, d, t);
    TreeSet<Long> edge = new TreeSet<>();
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          boolean onEdge =
              x == 0 || y == 0 || x == w - 1 || y == h - 1 || (d > 1 && (z == 0 || z == d - 1));
          if (onEdge) edge.add((long) in.get(x, y, z));
        }
    // a value per label 0..14 and a flag list
    CpuImage values = new CpuImage(15, 1, 1, PixelType.FLOAT32);
    CpuImage flags = new CpuImage(15, 1, 1, PixelType.UINT8);
    for (int l = 0; l < 15; l++) {
      values.set(l, 0, 0, (l * 37) % 11);
      flags.set(l, 0, 0, l % 3 == 1 ? 1 : 0);
    }
    try (GpuImage src = in.push(gpu);
        GpuImage vals = values.push(gpu);
        GpuImage fl = flags.push(gpu)) {
      try (GpuImage r = Labels.closeIndexGapsInLabelMap(src, null)) {
        assertImageEquals(renumbered(in, l -> true), r);
      }
      try (GpuImage r = Labels.excludeLabelsOnEdges(src, null)) {
        assertImageEquals(renumbered(in, l -> !edge.contains(l)), r);
      }
      try (GpuImage r = Labels.excludeLabelsOutsideSizeRange(src, null, 5, 40)) {
        assertImageEquals(renumbered(in, l -> count(in, l) >= 5 && count(in, l) <= 40), r);
      }
      try (GpuImage r = Labels.excludeLabelsWithValuesOutOfRange(vals, src, null, 3, 7)) {
        assertImageEquals(renumbered(in, l -> (l * 37) % 11 >= 3 && (l * 37) % 11 <= 7), r);
      }
      try (GpuImage r = Labels.excludeLabelsWithValuesWithinRange(vals, src, null, 3, 7)) {
        assertImageEquals(renumbered(in, l -> !((l * 37) % 11 >= 3 && (l * 37) % 11 <= 7)), r);
      }
      try (GpuImage r = Labels.excludeLabels(fl, src, null)) {
        assertImageEquals(renumbered(in, l -> l % 3 != 1), r);
      }
    }
  }

  @Covers({"labelToMask", "maskLabel", "replaceIntensity", "replaceIntensities"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void pixelwiseOpsMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage lab = labels(w, h, d, t);
    CpuImage img = CpuImage.random(w, h, d, t, 9);
    CpuImage vector = new CpuImage(10, 1, 1, PixelType.FLOAT32);
    for (int k = 0; k < 10; k++) vector.set(k, 0, 0, 100 + 3 * k);
    CpuImage mask = CpuImage.like(lab, PixelType.UINT8);
    CpuImage masked = CpuImage.like(img);
    CpuImage replaced = CpuImage.like(lab);
    CpuImage mapped = CpuImage.like(lab);
    for (int i = 0; i < lab.data.length; i++) {
      double l = lab.data[i];
      mask.setRaw(i, l == 3 ? 1 : 0);
      masked.setRaw(i, l == 3 ? img.data[i] : 0);
      replaced.setRaw(i, l == 5 ? 77 : l);
      mapped.setRaw(i, l < 10 ? 100 + 3 * l : l);
    }
    try (GpuImage l = lab.push(gpu);
        GpuImage s = img.push(gpu);
        GpuImage v = vector.push(gpu)) {
      try (GpuImage r = Labels.labelToMask(l, null, 3)) {
        assertImageEquals(mask, r);
      }
      try (GpuImage r = Labels.maskLabel(s, l, null, 3)) {
        assertImageEquals(masked, r);
      }
      try (GpuImage r = Labels.replaceIntensity(l, null, 5, 77)) {
        assertImageEquals(replaced, r);
      }
      try (GpuImage r = Labels.replaceIntensities(l, v, null)) {
        assertImageEquals(mapped, r);
      }
    }
  }

  @Covers({"detectLabelEdges", "reduceLabelsToLabelEdges"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void labelEdgesMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage lab = labels(w, h, d, t);
    CpuImage edges = CpuImage.like(lab, PixelType.UINT8);
    CpuImage reduced = CpuImage.like(lab, PixelType.UINT32);
    int[][] six = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          boolean edge = false;
          for (int[] o : six) {
            int xx = x + o[0], yy = y + o[1], zz = z + o[2];
            if (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d) continue;
            if (lab.get(xx, yy, zz) != lab.get(x, y, z)) edge = true;
          }
          edges.set(x, y, z, edge ? 1 : 0);
          reduced.set(x, y, z, edge ? lab.get(x, y, z) : 0);
        }
    try (GpuImage l = lab.push(gpu);
        GpuImage e = Labels.detectLabelEdges(l, null);
        GpuImage r = Labels.reduceLabelsToLabelEdges(l, null)) {
      assertImageEquals(edges, e);
      assertImageEquals(reduced, r);
    }
  }
}
