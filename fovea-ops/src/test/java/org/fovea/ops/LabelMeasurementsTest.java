package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertValuesClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.LabelStatistics.Column;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelMeasurementsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /**
   * Brute-force statistics of one label over all pixels (three separate loops: sums, then
   * deviations and distances from the first loop's centres), straight from the definitions.
   */
  static double[] reference(CpuImage img, CpuImage labels, long label, boolean whole) {
    double n = 0, sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    double[] s = new double[3], si = new double[3];
    int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    int[] hi = {-1, -1, -1};
    List<int[]> pixels = new ArrayList<>();
    for (int z = 0; z < img.d; z++) {
      for (int y = 0; y < img.h; y++) {
        for (int x = 0; x < img.w; x++) {
          if (!whole && labels.get(x, y, z) != label) continue;
          pixels.add(new int[] {x, y, z});
          double v = img.get(x, y, z);
          int[] c = {x, y, z};
          n++;
          sum += v;
          min = Math.min(min, v);
          max = Math.max(max, v);
          for (int k = 0; k < 3; k++) {
            s[k] += c[k];
            si[k] += v * c[k];
            lo[k] = Math.min(lo[k], c[k]);
            hi[k] = Math.max(hi[k], c[k]);
          }
        }
      }
    }
    double[] r = new double[Column.values().length];
    r[Column.IDENTIFIER.ordinal()] = whole ? 0 : label;
    if (n == 0) return r;
    double mean = sum / n;
    double[] centroid = {s[0] / n, s[1] / n, s[2] / n};
    double[] mass = {si[0] / sum, si[1] / sum, si[2] / sum};
    double ssd = 0, sdc = 0, sdm = 0, mdc = 0, mdm = 0;
    for (int[] p : pixels) {
      double v = img.get(p[0], p[1], p[2]);
      ssd += (v - mean) * (v - mean);
      double dc =
          Math.hypot(Math.hypot(p[0] - centroid[0], p[1] - centroid[1]), p[2] - centroid[2]);
      double dm = Math.hypot(Math.hypot(p[0] - mass[0], p[1] - mass[1]), p[2] - mass[2]);
      sdc += dc;
      sdm += dm;
      mdc = Math.max(mdc, dc);
      mdm = Math.max(mdm, dm);
    }
    double[] values = {
      lo[0],
      lo[1],
      lo[2],
      hi[0],
      hi[1],
      hi[2],
      hi[0] - lo[0] + 1,
      hi[1] - lo[1] + 1,
      hi[2] - lo[2] + 1,
      min,
      max,
      mean,
      sum,
      Math.sqrt(ssd / n),
      n,
      si[0],
      si[1],
      si[2],
      mass[0],
      mass[1],
      mass[2],
      s[0],
      s[1],
      s[2],
      centroid[0],
      centroid[1],
      centroid[2],
      sdm,
      sdm / n,
      mdm,
      mdm / (sdm / n),
      sdc,
      sdc / n,
      mdc,
      mdc / (sdc / n)
    };
    System.arraycopy(values, 0, r, 1, values.length);
    return r;
  }

  static void assertRowsClose(List<double[]> expected, LabelStatistics actual, String what) {
    assertEquals(expected.size(), actual.rows(), what + ": rows");
    Column[] columns = Column.values();
    for (int row = 0; row < expected.size(); row++) {
      double[] e = new double[columns.length];
      double[] a = new double[columns.length];
      for (Column c : columns) {
        e[c.ordinal()] = expected.get(row)[c.ordinal()];
        a[c.ordinal()] = actual.get(row, c);
      }
      // value [i] is column Column.values()[i]
      assertValuesClose(what + ": row " + row, e, a, 1e-9, 1e-9);
    }
  }

  /** A label map of random boxes (overlaps overwrite: labels may vanish, leaving gaps). */
  static CpuImage randomLabels(int w, int h, int d, int count, long seed) {
    CpuImage lab = new CpuImage(w, h, d, PixelType.UINT32);
    Random r = new Random(seed);
    for (int k = 1; k <= count; k++) {
      int x0 = r.nextInt(w), y0 = r.nextInt(h), z0 = r.nextInt(d);
      int x1 = Math.min(w, x0 + 1 + r.nextInt(9)), y1 = Math.min(h, y0 + 1 + r.nextInt(7));
      int z1 = Math.min(d, z0 + 1 + r.nextInt(3));
      for (int z = z0; z < z1; z++)
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) lab.set(x, y, z, k);
    }
    return lab;
  }

  @Covers({
    "statisticsOfLabelledPixels",
    "statisticsOfBackgroundAndLabelledPixels",
    "statisticsOfImage"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void statisticsMatchBruteForce(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage img = CpuImage.random(w, h, d, t, 3);
    CpuImage lab = randomLabels(w, h, d, 12, 4);
    long max = 0;
    for (double v : lab.data) max = Math.max(max, (long) v);
    try (GpuImage src = img.push(gpu);
        GpuImage labels = lab.push(gpu)) {
      List<double[]> fg = new ArrayList<>();
      for (long l = 1; l <= max; l++) fg.add(reference(img, lab, l, false));
      assertRowsClose(fg, LabelMeasurements.statisticsOfLabelledPixels(src, labels), "labelled");
      List<double[]> all = new ArrayList<>();
      all.add(reference(img, lab, 0, false));
      all.addAll(fg);
      assertRowsClose(
          all,
          LabelMeasurements.statisticsOfBackgroundAndLabelledPixels(src, labels),
          "background and labelled");
      assertRowsClose(
          List.of(reference(img, lab, 0, true)), LabelMeasurements.statisticsOfImage(src), "image");
    }
  }

  /**
   * Rows wider than one work item's segment (256 pixels): runs that cross the segment borders (at x
   * = 201 and 402 for width 601) and a label filling a whole row are flushed in parts that must add
   * up; the background is accumulated only where its row is asked for.
   */
  @Covers({
    "statisticsOfLabelledPixels",
    "statisticsOfBackgroundAndLabelledPixels",
    "statisticsOfImage"
  })
  @Test
  void statisticsOfRowsWiderThanASegment() {
    Gpu gpu = TestGpu.get();
    int w = 601, h = 5, d = 2;
    CpuImage img = CpuImage.random(w, h, d, PixelType.FLOAT32, 6);
    CpuImage lab = new CpuImage(w, h, d, PixelType.UINT32);
    for (int z = 0; z < d; z++) {
      for (int x = 190; x <= 420; x++) {
        lab.set(x, 1, z, 1);
        lab.set(x, 2, z, 1);
      }
      for (int x = 199; x <= 203; x++) lab.set(x, 4, z, 3);
    }
    for (int x = 0; x < w; x++) lab.set(x, 3, 1, 2);
    try (GpuImage src = img.push(gpu);
        GpuImage labels = lab.push(gpu)) {
      List<double[]> fg = new ArrayList<>();
      for (long l = 1; l <= 3; l++) fg.add(reference(img, lab, l, false));
      assertRowsClose(fg, LabelMeasurements.statisticsOfLabelledPixels(src, labels), "labelled");
      List<double[]> all = new ArrayList<>();
      all.add(reference(img, lab, 0, false));
      all.addAll(fg);
      assertRowsClose(
          all,
          LabelMeasurements.statisticsOfBackgroundAndLabelledPixels(src, labels),
          "background and labelled");
      assertRowsClose(
          List.of(reference(img, lab, 0, true)), LabelMeasurements.statisticsOfImage(src), "image");
    }
  }

  @Covers("statisticsOfLabelledPixels")
  @Test
  void emptyLabelMapAndOneLabelFillingTheImage() {
    Gpu gpu = TestGpu.get();
    CpuImage img = CpuImage.random(13, 9, 3, PixelType.FLOAT32, 5);
    CpuImage empty = new CpuImage(13, 9, 3, PixelType.UINT32);
    CpuImage full = new CpuImage(13, 9, 3, PixelType.UINT32);
    java.util.Arrays.fill(full.data, 1);
    try (GpuImage src = img.push(gpu);
        GpuImage e = empty.push(gpu);
        GpuImage f = full.push(gpu)) {
      assertEquals(0, LabelMeasurements.statisticsOfLabelledPixels(src, e).rows());
      assertRowsClose(
          List.of(reference(img, full, 1, false)),
          LabelMeasurements.statisticsOfLabelledPixels(src, f),
          "full");
    }
  }

  @Covers({
    "pixelCountMap",
    "meanIntensityMap",
    "maximumIntensityMap",
    "minimumIntensityMap",
    "standardDeviationIntensityMap",
    "extensionRatioMap",
    "centroidsOfLabels",
    "centroidsOfBackgroundAndLabels"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void parametricMapsAndCentroidsMatchBruteForce(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage img = CpuImage.random(w, h, d, t, 6);
    CpuImage lab = randomLabels(w, h, d, 12, 7);
    int max = 0;
    for (double v : lab.data) max = Math.max(max, (int) v);
    double[][] ref = new double[max + 1][];
    double[][] refLab = new double[max + 1][];
    for (int l = 0; l <= max; l++) {
      ref[l] = reference(img, lab, l, false);
      refLab[l] = reference(lab, lab, l, false);
    }
    Column[] cols = {
      Column.MEAN_INTENSITY,
      Column.MAXIMUM_INTENSITY,
      Column.MINIMUM_INTENSITY,
      Column.STANDARD_DEVIATION_INTENSITY
    };
    try (GpuImage src = img.push(gpu);
        GpuImage labels = lab.push(gpu)) {
      for (Column c : cols) {
        CpuImage expected = CpuImage.like(lab, PixelType.FLOAT32);
        for (int i = 0; i < lab.data.length; i++) {
          int l = (int) lab.data[i];
          expected.setRaw(i, l == 0 ? 0 : ref[l][c.ordinal()]);
        }
        GpuImage actual =
            switch (c) {
              case MEAN_INTENSITY -> LabelMeasurements.meanIntensityMap(src, labels, null);
              case MAXIMUM_INTENSITY -> LabelMeasurements.maximumIntensityMap(src, labels, null);
              case MINIMUM_INTENSITY -> LabelMeasurements.minimumIntensityMap(src, labels, null);
              default -> LabelMeasurements.standardDeviationIntensityMap(src, labels, null);
            };
        try (actual) {
          org.fovea.ops.testkit.ImageAssert.assertImageEquals(expected, actual);
        }
      }
      for (Column c :
          new Column[] {Column.PIXEL_COUNT, Column.MAX_MEAN_DISTANCE_TO_CENTROID_RATIO}) {
        CpuImage expected = CpuImage.like(lab, PixelType.FLOAT32);
        for (int i = 0; i < lab.data.length; i++) {
          int l = (int) lab.data[i];
          expected.setRaw(i, l == 0 ? 0 : refLab[l][c.ordinal()]);
        }
        try (GpuImage actual =
            c == Column.PIXEL_COUNT
                ? LabelMeasurements.pixelCountMap(labels, null)
                : LabelMeasurements.extensionRatioMap(labels, null)) {
          org.fovea.ops.testkit.ImageAssert.assertImageEquals(expected, actual);
        }
      }
      int dims = d > 1 ? 3 : 2;
      Column[] cc = {Column.CENTROID_X, Column.CENTROID_Y, Column.CENTROID_Z};
      for (boolean bg : new boolean[] {false, true}) {
        int first = bg ? 0 : 1;
        int n = max + 1 - first;
        CpuImage expected = new CpuImage(n, dims, 1, PixelType.FLOAT32);
        for (int l = first; l <= max; l++)
          for (int k = 0; k < dims; k++) expected.set(l - first, k, 0, refLab[l][cc[k].ordinal()]);
        try (GpuImage actual =
            bg
                ? LabelMeasurements.centroidsOfBackgroundAndLabels(labels, null)
                : LabelMeasurements.centroidsOfLabels(labels, null)) {
          org.fovea.ops.testkit.ImageAssert.assertImageEquals(expected, actual);
        }
      }
    }
  }

  @Covers("reduceLabelsToCentroids")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void reduceLabelsToCentroidsMatchesBruteForce(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage lab0 = randomLabels(w, h, d, 12, 9);
    CpuImage lab = CpuImage.like(lab0, t);
    System.arraycopy(lab0.data, 0, lab.data, 0, lab0.data.length);
    CpuImage expected = CpuImage.like(lab, PixelType.UINT32);
    int max = 0;
    for (double v : lab.data) max = Math.max(max, (int) v);
    for (int l = 1; l <= max; l++) {
      double[] r = reference(lab, lab, l, false);
      if (r[Column.PIXEL_COUNT.ordinal()] == 0) continue;
      expected.set(
          (int) Math.floor(r[Column.CENTROID_X.ordinal()]),
          (int) Math.floor(r[Column.CENTROID_Y.ordinal()]),
          (int) Math.floor(r[Column.CENTROID_Z.ordinal()]),
          l);
    }
    try (GpuImage labels = lab.push(gpu);
        GpuImage actual = LabelMeasurements.reduceLabelsToCentroids(labels, null)) {
      org.fovea.ops.testkit.ImageAssert.assertImageEquals(expected, actual);
    }
  }
}
