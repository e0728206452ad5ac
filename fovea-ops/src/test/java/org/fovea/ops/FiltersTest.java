package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.RankFilters;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuFilters;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gaussian blur, difference of Gaussians and box mean against direct (non-separable) double
 * precision CPU convolutions, and against ImageJ's GaussianBlur and RankFilters.
 */
class FiltersTest {
  static Stream<PixelType> types() {
    return TestGpu.TYPES.stream();
  }

  /** The documented tolerance: float 1e-5·max|src|; integer outputs ±1. */
  static void assertFilterClose(CpuImage expected, GpuImage actual, double scale, double rel) {
    double abs = expected.type.isFloatingPoint() ? rel * scale : 1;
    assertImageClose(expected, actual, abs, 0);
  }

  static double[] g(double s) {
    return CpuFilters.gaussian(s);
  }

  @Covers("gaussianBlur2D")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void gaussianBlur2DMatchesDirectConvolution(PixelType t) {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{31, 17}, {150, 9}}) { // 150: several x tiles
      CpuImage in = CpuImage.random(s[0], s[1], 1, t, 51);
      double scale = CpuFilters.maxAbs(in);
      try (GpuImage src = in.push(gpu)) {
        for (float[] sig : new float[][] {{1.5f, 2f}, {0.7f, 0f}, {0f, 5f}, {5f, 3f}}) {
          CpuImage e = CpuFilters.convolve(in, g(sig[0]), g(sig[1]), g(0), t);
          try (GpuImage dst = Filters.gaussianBlur2D(src, null, sig[0], sig[1])) {
            assertEquals(t, dst.type());
            assertFilterClose(e, dst, scale, 1e-5);
          }
        }
      }
    }
  }

  @Covers("gaussianBlur3D")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void gaussianBlur3DMatchesDirectConvolution(PixelType t) {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{31, 17, 5}, {31, 17, 1}, {70, 6, 4}}) {
      CpuImage in = CpuImage.random(s[0], s[1], s[2], t, 52);
      double scale = CpuFilters.maxAbs(in);
      try (GpuImage src = in.push(gpu)) {
        for (float[] sig : new float[][] {{1.5f, 2f, 1f}, {2f, 2f, 0f}, {0f, 0f, 1.2f}}) {
          CpuImage e = CpuFilters.convolve(in, g(sig[0]), g(sig[1]), g(sig[2]), t);
          try (GpuImage dst = Filters.gaussianBlur3D(src, null, sig[0], sig[1], sig[2])) {
            assertFilterClose(e, dst, scale, 1e-5);
          }
        }
      }
    }
  }

  @Covers({"gaussianBlur2D", "gaussianBlur3D"})
  @Test
  void zeroSigmaCopiesAndInPlaceWorks() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 5, PixelType.FLOAT32, 53);
    try (GpuImage src = in.push(gpu);
        GpuImage copy = Filters.gaussianBlur3D(src, null, 0, 0, 0)) {
      assertImageClose(in, copy, 0, 0);
      // in place, one pass (x) and three passes
      CpuImage e1 = CpuFilters.convolve(in, g(2), g(0), g(0), PixelType.FLOAT32);
      Filters.gaussianBlur3D(src, src, 2, 0, 0);
      assertImageClose(e1, src, 1e-5 * CpuFilters.maxAbs(in), 0);
      CpuImage e2 = CpuFilters.convolve(e1, g(1), g(1), g(1), PixelType.FLOAT32);
      Filters.gaussianBlur3D(src, src, 1, 1, 1);
      assertImageClose(e2, src, 1e-5 * CpuFilters.maxAbs(in), 0);
    }
  }

  @Covers("gaussianBlur2D")
  @Test
  void largeRadiusUsesUntiledPassAndClampsAtBorders() {
    Gpu gpu = TestGpu.get();
    // σ = 70: radius 280 > the tiled limit, much wider than the image
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 54);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Filters.gaussianBlur2D(src, null, 70f, 0f)) {
      CpuImage e = CpuFilters.convolve(in, g(70), g(0), g(0), PixelType.FLOAT32);
      assertImageClose(e, dst, 1e-5 * CpuFilters.maxAbs(in), 0);
    }
  }

  /** A loop of filters on one image size allocates nothing after the first call. */
  @Covers({"gaussianBlur3D", "differenceOfGaussian3D"})
  @Test
  void scratchImagesAreReusedAndBounded() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 5, PixelType.UINT16, 65);
    try (GpuImage src = in.push(gpu);
        GpuImage blur = gpu.create(31, 17, 5, PixelType.UINT16);
        GpuImage dog = gpu.create(31, 17, 5, PixelType.FLOAT32)) {
      Filters.gaussianBlur3D(src, blur, 1, 1, 1);
      Filters.differenceOfGaussian3D(src, dog, 1, 1, 1, 2, 2, 2);
      java.util.Set<String> live = liveIds(gpu);
      assertTrue(Filters.Scratch.freeCount(gpu) > 0, "scratch images are kept");
      for (int i = 0; i < 3; i++) {
        Filters.gaussianBlur3D(src, blur, 1, 1, 1);
        Filters.differenceOfGaussian3D(src, dog, 1, 1, 1, 2, 2, 2);
        assertEquals(live, liveIds(gpu), "the same images, no new allocations in steady state");
      }
      assertTrue(Filters.Scratch.freeCount(gpu) <= Filters.Scratch.MAX_FREE_PER_GPU);
      int before = gpu.liveImageCount();
      Filters.releaseCaches(gpu);
      assertEquals(0, Filters.Scratch.freeCount(gpu));
      assertTrue(gpu.liveImageCount() < before, "cached scratch and weights were freed");
      assertImageClose(CpuFilters.convolve(in, g(1), g(1), g(1), PixelType.UINT16), blur, 1, 0);
      assertImageClose(
          dog(in, new double[] {1, 1, 1}, new double[] {2, 2, 2}),
          dog,
          2e-5 * CpuFilters.maxAbs(in),
          0);
    }
  }

  /** Ids of the live images, from the memory report (" #12 31×17 float32 ..."). */
  static java.util.Set<String> liveIds(Gpu gpu) {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^\\s+#(\\d+) ").matcher(gpu.memoryReport());
    while (m.find()) ids.add(m.group(1));
    return ids;
  }

  @Test
  void gaussianWeightsAreNormalisedAndSymmetric() {
    for (double s : new double[] {0.3, 1, 2, 6.5}) {
      float[] w = Filters.gaussianWeights(s);
      assertEquals(2 * (int) Math.ceil(4 * s) + 1, w.length);
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        sum += w[i];
        assertEquals(w[i], w[w.length - 1 - i]);
      }
      assertEquals(1.0, sum, 1e-6);
    }
    assertEquals(1, Filters.gaussianWeights(0).length);
    assertEquals(1f, Filters.gaussianWeights(0)[0]);
  }

  /**
   * ImageJ's GaussianBlur (accuracy 0.0002, its setting for float images) on a float image: its
   * kernel differs slightly (radius, smoothed tail; downscaling for σ > 4.5), so the documented
   * tolerance is 2e-5 of the image's value range (measured: ≤ 9e-6 on this white-noise image, the
   * worst case); the comparison covers the whole image (both clamp to edge).
   */
  @Covers("gaussianBlur2D")
  @Test
  void gaussianBlur2DMatchesImageJ() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(64, 48, 1, PixelType.FLOAT32, 55);
    double range = 1100;
    try (GpuImage src = in.push(gpu)) {
      for (double[] sig :
          new double[][] {{0.5, 0.5}, {1.0, 1.0}, {2.0, 3.0}, {4.0, 1.5}, {6, 6}, {10, 10}}) {
        FloatProcessor fp = (FloatProcessor) ImageJBridge.processor(in, 0);
        new GaussianBlur().blurGaussian(fp, sig[0], sig[1], 0.0002);
        CpuImage ij = ImageJBridge.fromProcessor(fp, PixelType.FLOAT32);
        try (GpuImage dst = Filters.gaussianBlur2D(src, null, (float) sig[0], (float) sig[1])) {
          assertImageClose(ij, dst, 2e-5 * range, 0);
        }
      }
    }
  }

  /** ImageJ's "Gaussian Blur 3D" (GaussianBlur3D.blur) on a float stack, same tolerance. */
  @Covers("gaussianBlur3D")
  @Test
  void gaussianBlur3DMatchesImageJ() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(40, 30, 12, PixelType.FLOAT32, 67);
    double range = 1100;
    try (GpuImage src = in.push(gpu)) {
      for (double[] sig : new double[][] {{1.5, 1.5, 1.0}, {2.0, 3.0, 2.0}, {1.0, 1.0, 0.0}}) {
        ij.ImagePlus imp = ImageJBridge.imagePlus(in);
        ij.plugin.GaussianBlur3D.blur(imp, sig[0], sig[1], sig[2]);
        CpuImage ij = ImageJBridge.fromStack(imp.getStack(), PixelType.FLOAT32);
        try (GpuImage dst =
            Filters.gaussianBlur3D(src, null, (float) sig[0], (float) sig[1], (float) sig[2])) {
          assertImageClose(ij, dst, 2e-5 * range, 0); // measured: ≤ 7e-6 of the range
        }
      }
    }
  }

  @Covers({"differenceOfGaussian2D", "differenceOfGaussian3D"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void differenceOfGaussianMatchesDirectConvolutions(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in2 = CpuImage.random(31, 17, 1, t, 56);
    CpuImage in3 = CpuImage.random(31, 17, 5, t, 57);
    try (GpuImage s2 = in2.push(gpu);
        GpuImage s3 = in3.push(gpu);
        GpuImage d2 = Filters.differenceOfGaussian2D(s2, null, 1, 1.5f, 3, 2.5f);
        GpuImage d3 = Filters.differenceOfGaussian3D(s3, null, 1, 1, 1, 2, 3, 1.5f);
        GpuImage d3xy = Filters.differenceOfGaussian3D(s3, null, 2, 2, 0, 6, 6, 0)) {
      assertEquals(PixelType.FLOAT32, d2.type());
      assertImageClose(
          dog(in2, new double[] {1, 1.5, 0}, new double[] {3, 2.5, 0}),
          d2,
          2e-5 * CpuFilters.maxAbs(in2),
          0);
      assertImageClose(
          dog(in3, new double[] {1, 1, 1}, new double[] {2, 3, 1.5}),
          d3,
          2e-5 * CpuFilters.maxAbs(in3),
          0);
      assertImageClose(
          dog(in3, new double[] {2, 2, 0}, new double[] {6, 6, 0}),
          d3xy,
          2e-5 * CpuFilters.maxAbs(in3),
          0);
    }
  }

  static CpuImage dog(CpuImage in, double[] s1, double[] s2) {
    double[] a = CpuFilters.convolveRaw(in, g(s1[0]), g(s1[1]), g(s1[2]));
    double[] b = CpuFilters.convolveRaw(in, g(s2[0]), g(s2[1]), g(s2[2]));
    CpuImage out = CpuImage.like(in, PixelType.FLOAT32);
    for (int i = 0; i < a.length; i++) out.setRaw(i, a[i] - b[i]);
    return out;
  }

  @Covers({"differenceOfGaussian2D", "differenceOfGaussian3D"})
  @Test
  void differenceOfGaussianEdgeCases() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 5, PixelType.UINT16, 58);
    double tol = 2e-5 * CpuFilters.maxAbs(in);
    try (GpuImage src = in.push(gpu);
        GpuImage noSecond = Filters.differenceOfGaussian3D(src, null, 1, 1, 1, 0, 0, 0);
        GpuImage noFirst = Filters.differenceOfGaussian3D(src, null, 0, 0, 0, 1, 2, 0);
        GpuImage intoU16 = gpu.create(31, 17, 5, PixelType.UINT16)) {
      assertImageClose(dog(in, new double[] {1, 1, 1}, new double[] {0, 0, 0}), noSecond, tol, 0);
      assertImageClose(dog(in, new double[] {0, 0, 0}, new double[] {1, 2, 0}), noFirst, tol, 0);
      // into a uint16 destination: negative values saturate at 0
      Filters.differenceOfGaussian3D(src, intoU16, 3, 3, 0, 1, 1, 0);
      CpuImage e = dog(in, new double[] {3, 3, 0}, new double[] {1, 1, 0});
      CpuImage eu = CpuImage.like(e, PixelType.UINT16);
      for (int i = 0; i < e.data.length; i++) eu.setRaw(i, e.data[i]);
      assertImageClose(eu, intoU16, 1, 0);
    }
  }

  @Covers({"differenceOfGaussian2D", "differenceOfGaussian3D"})
  @Test
  void differenceOfGaussianInPlaceWideAndLargeRadius() {
    Gpu gpu = TestGpu.get();
    CpuImage wide = CpuImage.random(150, 9, 1, PixelType.FLOAT32, 63); // several x tiles
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 64);
    double tol = 2e-5 * 1100;
    try (GpuImage w = wide.push(gpu);
        GpuImage d = Filters.differenceOfGaussian2D(w, null, 2, 2, 6, 6);
        GpuImage src = in.push(gpu);
        GpuImage big = Filters.differenceOfGaussian2D(src, null, 1, 0, 70, 0);
        GpuImage zero = Filters.differenceOfGaussian3D(src, null, 0, 0, 0, 0, 0, 0)) {
      assertImageClose(dog(wide, new double[] {2, 2, 0}, new double[] {6, 6, 0}), d, tol, 0);
      assertImageClose(dog(in, new double[] {1, 0, 0}, new double[] {70, 0, 0}), big, tol, 0);
      assertImageClose(CpuImage.like(in), zero, 0, 0);
      // in place: one pass (x only) and two passes
      Filters.differenceOfGaussian2D(src, src, 1, 0, 2, 0);
      CpuImage e1 = dog(in, new double[] {1, 0, 0}, new double[] {2, 0, 0});
      assertImageClose(e1, src, tol, 0);
      Filters.differenceOfGaussian2D(src, src, 1, 1, 0, 2);
      assertImageClose(dog(e1, new double[] {1, 1, 0}, new double[] {0, 2, 0}), src, tol, 0);
    }
  }

  @Covers({"mean2DBox", "mean3DBox"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void meanBoxMatchesCpuBoxMean(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in2 = CpuImage.random(31, 17, 1, t, 59);
    CpuImage in3 = CpuImage.random(31, 17, 5, t, 60);
    CpuImage wide = CpuImage.random(140, 5, 3, t, 61);
    try (GpuImage s2 = in2.push(gpu);
        GpuImage s3 = in3.push(gpu);
        GpuImage sw = wide.push(gpu)) {
      for (int[] r : new int[][] {{1, 1}, {2, 0}, {0, 3}, {4, 9}}) {
        try (GpuImage dst = Filters.mean2DBox(s2, null, r[0], r[1])) {
          assertEquals(t, dst.type());
          assertFilterClose(
              CpuFilters.box(in2, r[0], r[1], 0, 0, t), dst, CpuFilters.maxAbs(in2), 1e-5);
        }
      }
      for (int[] r : new int[][] {{1, 1, 1}, {2, 1, 0}, {0, 0, 2}, {3, 2, 6}}) {
        try (GpuImage dst = Filters.mean3DBox(s3, null, r[0], r[1], r[2])) {
          assertFilterClose(
              CpuFilters.box(in3, r[0], r[1], r[2], 0, t), dst, CpuFilters.maxAbs(in3), 1e-5);
        }
        try (GpuImage dst = Filters.mean3DBox(sw, null, r[0], r[1], r[2])) {
          assertFilterClose(
              CpuFilters.box(wide, r[0], r[1], r[2], 0, t), dst, CpuFilters.maxAbs(wide), 1e-5);
        }
      }
    }
  }

  /**
   * The GPU variant of the fused separable kernels (radii compiled in, one build per radius triple)
   * on PoCL: Gaussian, box mean, box minimum/maximum and difference of Gaussians, 2D and 3D, one
   * pixel type (the type-dependent code is shared with the CPU variant tested above).
   */
  @Covers({
    "gaussianBlur2D",
    "gaussianBlur3D",
    "mean3DBox",
    "minimum3DBox",
    "maximum3DBox",
    "differenceOfGaussian3D"
  })
  @Test
  void fusedGpuVariantMatchesCpuReferences() {
    Gpu gpu = TestGpu.get();
    PixelType t = PixelType.FLOAT32;
    CpuImage in3 = CpuImage.random(31, 17, 5, t, 62);
    CpuImage in2 = CpuImage.random(31, 17, 1, t, 63);
    double scale = CpuFilters.maxAbs(in3);
    GpuCaps.withGpuLayout(
        () -> {
          try (GpuImage s3 = in3.push(gpu);
              GpuImage s2 = in2.push(gpu);
              GpuImage g3 = Filters.gaussianBlur3D(s3, null, 1.5f, 1f, 1f);
              GpuImage g2 = Filters.gaussianBlur2D(s2, null, 1.5f, 1f);
              GpuImage m3 = Filters.mean3DBox(s3, null, 2, 1, 1);
              GpuImage lo = Filters.extremum3DBox(Filters.Extremum.minimum, s3, null, 2, 1, 1);
              GpuImage hi = Filters.extremum3DBox(Filters.Extremum.maximum, s3, null, 2, 1, 1);
              GpuImage dg = Filters.differenceOfGaussian3D(s3, null, 1, 1, 1, 2, 3, 1.5f)) {
            assertFilterClose(CpuFilters.convolve(in3, g(1.5), g(1), g(1), t), g3, scale, 1e-5);
            assertFilterClose(
                CpuFilters.convolve(in2, g(1.5), g(1), g(0), t), g2, CpuFilters.maxAbs(in2), 1e-5);
            assertFilterClose(CpuFilters.box(in3, 2, 1, 1, 0, t), m3, scale, 1e-5);
            assertImageClose(CpuFilters.box(in3, 2, 1, 1, 1, t), lo, 0, 0);
            assertImageClose(CpuFilters.box(in3, 2, 1, 1, 2, t), hi, 0, 0);
            assertImageClose(
                dog(in3, new double[] {1, 1, 1}, new double[] {2, 3, 1.5}), dg, 2e-5 * scale, 0);
          }
        });
  }

  /** ImageJ's Mean filter of radius 1 is the 3×3 box with edge padding. */
  @Covers("mean2DBox")
  @Test
  void mean2DBoxRadiusOneMatchesImageJMean() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 62);
    ImageProcessor ip = ImageJBridge.processor(in, 0);
    new RankFilters().rank(ip, 1, RankFilters.MEAN);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Filters.mean2DBox(src, null, 1, 1)) {
      assertImageClose(
          ImageJBridge.fromProcessor(ip, PixelType.FLOAT32), dst, 1e-5 * CpuFilters.maxAbs(in), 0);
    }
  }

  /** Degenerate shapes: single pixels, single rows and columns, one-pixel-wide stacks. */
  @Covers({"gaussianBlur3D", "mean3DBox", "differenceOfGaussian3D"})
  @Test
  void tinyShapes() {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{1, 1, 1}, {1, 7, 1}, {7, 1, 1}, {1, 1, 3}, {2, 3, 2}}) {
      CpuImage in = CpuImage.random(s[0], s[1], s[2], PixelType.FLOAT32, 66);
      double tol = 2e-5 * 1100;
      try (GpuImage src = in.push(gpu);
          GpuImage blur = Filters.gaussianBlur3D(src, null, 1.5f, 2f, 1f);
          GpuImage mean = Filters.mean3DBox(src, null, 2, 1, 3);
          GpuImage dog = Filters.differenceOfGaussian3D(src, null, 1, 1, 1, 2, 2, 2)) {
        assertImageClose(
            CpuFilters.convolve(in, g(1.5), g(2), g(1), PixelType.FLOAT32), blur, tol, 0);
        assertImageClose(CpuFilters.box(in, 2, 1, 3, 0, PixelType.FLOAT32), mean, tol, 0);
        assertImageClose(dog(in, new double[] {1, 1, 1}, new double[] {2, 2, 2}), dog, tol, 0);
      }
    }
  }

  @Test
  void rejectsBadInput() {
    Gpu gpu = TestGpu.get();
    try (GpuImage flat = gpu.create(31, 17, 1, PixelType.FLOAT32);
        GpuImage stack = gpu.create(31, 17, 5, PixelType.FLOAT32)) {
      expect("3D", () -> Filters.gaussianBlur2D(stack, null, 1, 1));
      expect("3D", () -> Filters.differenceOfGaussian2D(stack, null, 1, 1, 2, 2));
      expect("3D", () -> Filters.mean2DBox(stack, null, 1, 1));
      expect("sigmaX", () -> Filters.gaussianBlur2D(flat, null, -1, 1));
      expect("sigmaZ", () -> Filters.gaussianBlur3D(stack, null, 1, 1, Float.NaN));
      expect("sigmaY", () -> Filters.differenceOfGaussian2D(flat, null, 1, -2, 2, 2));
      expect("radiusY", () -> Filters.mean3DBox(stack, null, 1, -1, 1));
      expect("destination", () -> Filters.gaussianBlur3D(stack, flat, 1, 1, 1));
      expect("null", () -> Filters.gaussianBlur2D(null, null, 1, 1));
    }
  }

  static void expect(String inMessage, Runnable r) {
    FoveaException.InvalidArgument e = assertThrows(FoveaException.InvalidArgument.class, r::run);
    assertTrue(e.getMessage().contains(inMessage), e.getMessage());
  }
}
