package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertValueClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ImageStatistics;
import java.util.stream.Stream;
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

class ReductionsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /** Random pixels with some zeros, so that countNonZeroPixels has something to count. */
  static CpuImage input(PixelType t, int w, int h, int d, long seed) {
    CpuImage in = CpuImage.random(w, h, d, t, seed);
    for (int i = 0; i < in.data.length; i += 7) in.data[i] = 0;
    return in;
  }

  /** Float sums: relative to the sum of absolute values (double accumulation on PoCL/NVIDIA). */
  static double floatTolerance(CpuImage in) {
    double abs = 0;
    for (double v : in.data) abs += Math.abs(v);
    return abs * (GpuCaps.hasFp64(TestGpu.get()) ? 1e-12 : 1e-6);
  }

  @Covers({
    "sumOfAllPixels",
    "countNonZeroPixels",
    "minimumOfAllPixels",
    "maximumOfAllPixels",
    "meanOfAllPixels"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void reductionsMatchCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = input(t, w, h, d, 7);
    double sum = 0;
    long nonZero = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : in.data) {
      sum += v;
      if (v != 0) nonZero++;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double tol = t.isFloatingPoint() ? floatTolerance(in) : 0;
    try (GpuImage src = in.push(gpu)) {
      assertValueClose("sum", sum, Measurements.sumOfAllPixels(src), tol, 0);
      assertValueClose("count", nonZero, Measurements.countNonZeroPixels(src), 0, 0);
      assertValueClose("min", min, Measurements.minimumOfAllPixels(src), 0, 0);
      assertValueClose("max", max, Measurements.maximumOfAllPixels(src), 0, 0);
      double mean = Measurements.meanOfAllPixels(src);
      assertValueClose("mean", sum / in.data.length, mean, tol / in.data.length, 0);
    }
  }

  @Covers({"sumOfAllPixels", "minimumOfAllPixels", "maximumOfAllPixels"})
  @Test
  void largeIntegerSumsAreExactAndExtremesAnywhere() {
    // more pixels than one pass of work groups, uint32 values near 2^32: a float or 32-bit
    // accumulator would be off; extremes placed at the last pixel catch grid-stride bugs
    Gpu gpu = TestGpu.get();
    int w = 1031;
    int h = 517;
    int[] px = new int[w * h];
    long sum = 0;
    for (int i = 0; i < px.length; i++) {
      long v = 4_000_000_000L + (i % 1000) * 100_003L % 200_000_000L;
      px[i] = (int) v;
      sum += v;
    }
    px[px.length - 1] = 5; // the minimum
    sum = sum - (4_000_000_000L + ((px.length - 1) % 1000) * 100_003L % 200_000_000L) + 5;
    try (GpuImage src = gpu.push(px, w, h, 1)) {
      assertEquals((double) sum, Measurements.sumOfAllPixels(src), 0);
      assertEquals(5, Measurements.minimumOfAllPixels(src), 0);
      assertEquals(
          4_000_000_000L + 999 * 100_003L % 200_000_000L, Measurements.maximumOfAllPixels(src), 0);
    }
  }

  @Covers({"meanOfAllPixels", "minimumOfAllPixels", "maximumOfAllPixels"})
  @Test
  void matchesImageJStatistics() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 3);
    FloatProcessor fp = new FloatProcessor(31, 17, (float[]) in.toArray());
    ImageStatistics st = new ImagePlus("x", fp).getStatistics();
    try (GpuImage src = in.push(gpu)) {
      double tol = floatTolerance(in) / in.data.length;
      assertValueClose("ImageJ mean", st.mean, Measurements.meanOfAllPixels(src), tol, 0);
      assertValueClose("ImageJ min", st.min, Measurements.minimumOfAllPixels(src), 0, 0);
      assertValueClose("ImageJ max", st.max, Measurements.maximumOfAllPixels(src), 0, 0);
    }
  }

  /**
   * The GPU layout (grid-stride groups of 256, local-memory reductions, atomic sub-histograms)
   * forced on whatever device runs the tests, so that PoCL exercises the code NVIDIA runs.
   */
  @Covers({
    "sumOfAllPixels",
    "countNonZeroPixels",
    "minimumOfAllPixels",
    "maximumOfAllPixels",
    "histogram",
    "boundingBox",
    "automaticThreshold"
  })
  @ParameterizedTest(name = "{0}")
  @MethodSource("gpuLayoutTypes")
  void gpuLayoutMatchesCpuReferences(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = input(t, 257, 131, 3, 77);
    in.data[in.data.length - 1] = 0;
    GpuCaps.withGpuLayout(() -> checkReductions(gpu, in, t));
  }

  private static void checkReductions(Gpu gpu, CpuImage in, PixelType t) {
    try (GpuImage src = in.push(gpu)) {
      double sum = 0;
      long nonZero = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : in.data) {
        sum += v;
        if (v != 0) nonZero++;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertEquals(
          sum, Measurements.sumOfAllPixels(src), t.isFloatingPoint() ? floatTolerance(in) : 0);
      assertEquals(nonZero, Measurements.countNonZeroPixels(src));
      assertEquals(min, Measurements.minimumOfAllPixels(src), 0);
      assertEquals(max, Measurements.maximumOfAllPixels(src), 0);
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          HistogramsTest.reference(in, 256, min, max), Measurements.histogramBins(src, 256));
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          HistogramsTest.reference(in, 1000, min, max), Measurements.histogramBins(src, 1000));
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          MeasurementsTest.reference(in), Measurements.boundingBox(src));
      CpuImage blobs = ThresholdsTest.twoPhase(257, 131, 3, t, 78, 60, 15, 150, 30);
      try (GpuImage b = blobs.push(gpu);
          GpuImage mask = Thresholds.automaticThreshold(b, null, Thresholds.Method.Otsu)) {
        org.fovea.ops.testkit.ImageAssert.assertImageEquals(
            ThresholdsTest.referenceMask(blobs, Thresholds.Method.Otsu), mask);
      }
    }
  }

  /** Two types keep the extra kernel builds of this layout few; the code paths are the same. */
  static Stream<PixelType> gpuLayoutTypes() {
    return Stream.of(PixelType.UINT16, PixelType.FLOAT32);
  }
}
