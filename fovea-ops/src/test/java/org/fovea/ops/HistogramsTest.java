package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertValuesClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
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

class HistogramsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /**
   * CPU reference of the binning: scale = bins/(max − min), bin = (int)((v − min)·scale), last bin
   * includes max, values outside [min, max] not counted. Double arithmetic (the fp64 path).
   */
  static long[] reference(CpuImage in, int bins, double mn, double mx) {
    long[] h = new long[bins];
    double scale = mx > mn ? bins / (mx - mn) : 0;
    for (double v : in.data) {
      if (v >= mn && v <= mx) {
        int b = (int) ((v - mn) * scale);
        h[Math.min(b, bins - 1)]++;
      }
    }
    return h;
  }

  static double[] minMax(CpuImage in) {
    double mn = Double.POSITIVE_INFINITY;
    double mx = Double.NEGATIVE_INFINITY;
    for (double v : in.data) {
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
    }
    return new double[] {mn, mx};
  }

  static double[] asDoubles(long[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }

  @Covers("histogram")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void histogramMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 11);
    double[] r = minMax(in);
    try (GpuImage src = in.push(gpu)) {
      // determineMinAndMax, 256 bins, float32 output (CLIJ2 default)
      try (GpuImage hist = Measurements.histogram(src, null, 256, 0, 0, true)) {
        assertEquals(256, hist.width());
        assertEquals(PixelType.FLOAT32, hist.type());
        assertValuesClose(
            "256 bins",
            asDoubles(reference(in, 256, r[0], r[1])),
            Reductions.pullValues(hist),
            0,
            0);
      }
      // given range narrower than the data (values outside are not counted), 37 bins, uint32
      float lo = (float) (r[0] + (r[1] - r[0]) * 0.1);
      float hi = (float) (r[0] + (r[1] - r[0]) * 0.8);
      try (GpuImage hist = gpu.create(37, 1, 1, PixelType.UINT32)) {
        Measurements.histogram(src, hist, 37, lo, hi, false);
        assertValuesClose(
            "37 bins", asDoubles(reference(in, 37, lo, hi)), Reductions.pullValues(hist), 0, 0);
      }
      assertArrayEquals(reference(in, 256, r[0], r[1]), Measurements.histogramBins(src, 256));
    }
  }

  @Covers("histogram")
  @Test
  void uint8HistogramOver0To255EqualsImageJHistogram() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(67, 45, 1, PixelType.UINT8, 5);
    ByteProcessor bp = new ByteProcessor(67, 45, (byte[]) in.toArray());
    int[] ij = bp.getHistogram();
    long[] expected = new long[256];
    for (int i = 0; i < 256; i++) expected[i] = ij[i];
    try (GpuImage src = in.push(gpu)) {
      assertArrayEquals(expected, Measurements.histogramBins(src, 256, 0, 255));
    }
  }

  @Covers("histogram")
  @Test
  void float32HistogramBetweenMinAndMaxEqualsImageJ256BinHistogram() {
    // ImageJ's FloatStatistics: scale = nBins/(max − min), bin = (int)(scale·(v − min)), clamped
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(67, 45, 1, PixelType.FLOAT32, 6);
    FloatProcessor fp = new FloatProcessor(67, 45, (float[]) in.toArray());
    int[] ij = new ImagePlus("x", fp).getStatistics().histogram;
    long[] expected = new long[256];
    for (int i = 0; i < 256; i++) expected[i] = ij[i];
    try (GpuImage src = in.push(gpu)) {
      assertArrayEquals(expected, Measurements.histogramBins(src, 256));
    }
  }

  @Covers("histogram")
  @Test
  void constantImageAndBadArguments() {
    Gpu gpu = TestGpu.get();
    float[] px = new float[100];
    java.util.Arrays.fill(px, 3.5f);
    try (GpuImage src = gpu.push(px, 10, 10, 1)) {
      long[] h = Measurements.histogramBins(src, 8);
      assertEquals(100, h[0]);
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Measurements.histogram(src, null, 0, 0, 1, false));
      int live = gpu.liveImageCount();
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Measurements.histogram(src, null, 8, 2, 1, false));
      // the rejected call allocated no output it would leave behind (it used to leak one)
      assertEquals(live, gpu.liveImageCount(), "no image left behind by a rejected call");
      try (GpuImage wrong = gpu.create(7, 1, 1, PixelType.FLOAT32)) {
        assertThrows(
            FoveaException.InvalidArgument.class,
            () -> Measurements.histogram(src, wrong, 8, 0, 1, true));
      }
    }
  }

  @Covers("histogram")
  @Test
  void nanPixelsAreNotCountedAndInfinitePixelsStayInRange() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 15);
    in.data[3] = Double.NaN;
    in.data[100] = Double.NaN;
    double[] r = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double v : in.data) {
      if (!Double.isNaN(v)) {
        r[0] = Math.min(r[0], v);
        r[1] = Math.max(r[1], v);
      }
    }
    try (GpuImage src = in.push(gpu)) {
      assertArrayEquals(reference(in, 256, r[0], r[1]), Measurements.histogramBins(src, 256));
      assertEquals(
          in.data.length - 2, java.util.Arrays.stream(Measurements.histogramBins(src, 64)).sum());
    }
    // +Inf makes the range infinite: every finite pixel lands in bin 0, +Inf in bin 0 too (its
    // position is NaN); no index leaves the histogram
    in.data[7] = Double.POSITIVE_INFINITY;
    try (GpuImage src = in.push(gpu)) {
      long[] h = Measurements.histogramBins(src, 256);
      assertEquals(in.data.length - 2, h[0]);
      try (GpuImage mask = Thresholds.automaticThreshold(src, null, Thresholds.Method.Otsu)) {
        assertEquals(in.data.length, mask.pixelCount());
      }
    }
  }
}
