package org.fovea.ops;

import static org.fovea.ops.testkit.CpuImage.map;
import static org.fovea.ops.testkit.CpuImage.map2;
import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Pixel-wise arithmetic against plain-Java references that emulate the float math of the kernels
 * ({@code (float)} after every operation) and the saturating round-half-even conversion.
 */
class ArithmeticTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.typesAndShapes();
  }

  static float f(double v) {
    return (float) v;
  }

  @Covers("addImageAndScalar")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void addImageAndScalarMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 42);
    float scalar = 100.5f;
    CpuImage expected = map(in, t, v -> f(f(v) + scalar));
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Arithmetic.addImageAndScalar(src, null, scalar)) {
      assertImageEquals(expected, dst);
    }
  }

  @Covers("multiplyImageAndScalar")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void multiplyImageAndScalarMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 43);
    // 2.5 makes half-integers (round half to even) and saturates uint8/uint16.
    float scalar = 2.5f;
    CpuImage expected = map(in, t, v -> f(f(v) * scalar));
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Arithmetic.multiplyImageAndScalar(src, null, scalar)) {
      assertImageEquals(expected, dst);
    }
  }

  @Covers("multiplyImageAndScalar")
  @Test
  void multiplyImageAndScalarRoundsHalfToEvenAndSaturates() {
    Gpu gpu = TestGpu.get();
    // 0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4, 100, 0; repeated 5× (40 pixels: vector and tail paths)
    byte[] in = repeat(new byte[] {1, 3, 5, 7, (byte) 200, 0, 1, 100}, 5);
    try (GpuImage src = push(gpu, in);
        GpuImage half = Arithmetic.multiplyImageAndScalar(src, null, 0.5f);
        GpuImage negative = Arithmetic.multiplyImageAndScalar(src, null, -3f);
        GpuImage triple = Arithmetic.multiplyImageAndScalar(src, null, 3f)) {
      assertImageEquals(
          expected(PixelType.UINT8, repeat(new double[] {0, 2, 2, 4, 100, 0, 0, 50}, 5)), half);
      // negative results saturate at 0, large ones at 255
      assertImageEquals(expected(PixelType.UINT8, new double[40]), negative);
      assertImageEquals(
          expected(PixelType.UINT8, repeat(new double[] {3, 9, 15, 21, 255, 0, 3, 255}, 5)),
          triple);
    }
  }

  static byte[] repeat(byte[] v, int times) {
    byte[] out = new byte[v.length * times];
    for (int i = 0; i < out.length; i++) out[i] = v[i % v.length];
    return out;
  }

  static int[] repeat(int[] v, int times) {
    int[] out = new int[v.length * times];
    for (int i = 0; i < out.length; i++) out[i] = v[i % v.length];
    return out;
  }

  static double[] repeat(double[] v, int times) {
    double[] out = new double[v.length * times];
    for (int i = 0; i < out.length; i++) out[i] = v[i % v.length];
    return out;
  }

  static CpuImage expected(PixelType t, double[] v) {
    CpuImage e = new CpuImage(v.length, 1, 1, t);
    System.arraycopy(v, 0, e.data, 0, v.length);
    return e;
  }

  /** Pushes a 1-row image. */
  static GpuImage push(Gpu gpu, Object array) {
    return gpu.push(array, java.lang.reflect.Array.getLength(array), 1);
  }

  @Covers("addImagesWeighted")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void addImagesWeightedMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = CpuImage.random(w, h, d, t, 1);
    CpuImage b = CpuImage.random(w, h, d, t, 2);
    float fa = 0.75f;
    float fb = -0.3f;
    CpuImage expected = map2(a, b, t, (x, y) -> Math.fma(f(x), fa, f(f(y) * fb)));
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu);
        GpuImage dst = Arithmetic.addImagesWeighted(ga, gb, null, fa, fb)) {
      assertImageEquals(expected, dst);
    }
  }

  @Covers({"addImages", "subtractImages", "multiplyImages", "maximumImages", "minimumImages"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void twoImageOpsMatchCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = CpuImage.random(w, h, d, t, 3);
    CpuImage b = CpuImage.random(w, h, d, t, 4);
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu)) {
      try (GpuImage dst = Arithmetic.addImages(ga, gb, null)) {
        assertImageEquals(map2(a, b, t, (x, y) -> f(f(x) + f(y))), dst);
      }
      try (GpuImage dst = Arithmetic.subtractImages(ga, gb, null)) {
        assertImageEquals(map2(a, b, t, (x, y) -> f(f(x) - f(y))), dst);
      }
      try (GpuImage dst = Arithmetic.multiplyImages(ga, gb, null)) {
        assertImageEquals(map2(a, b, t, (x, y) -> f(f(x) * f(y))), dst);
      }
      try (GpuImage dst = Arithmetic.maximumImages(ga, gb, null)) {
        assertImageEquals(map2(a, b, t, Math::max), dst);
      }
      try (GpuImage dst = Arithmetic.minimumImages(ga, gb, null)) {
        assertImageEquals(map2(a, b, t, Math::min), dst);
      }
    }
  }

  @Covers({"subtractImages", "maximumImages", "addImagesWeighted"})
  @Test
  void mixedTypesAndFloatDestination() {
    Gpu gpu = TestGpu.get();
    CpuImage a = CpuImage.random(31, 17, 5, PixelType.UINT8, 5);
    CpuImage b = CpuImage.random(31, 17, 5, PixelType.FLOAT32, 6);
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu);
        GpuImage fdst = gpu.create(31, 17, 5, PixelType.FLOAT32)) {
      // uint8 − float into a float destination keeps negative values
      Arithmetic.subtractImages(ga, gb, fdst);
      assertImageEquals(map2(a, b, PixelType.FLOAT32, (x, y) -> f(f(x) - f(y))), fdst);
      try (GpuImage dst = Arithmetic.maximumImages(ga, gb, null)) {
        assertImageEquals(map2(a, b, PixelType.UINT8, Math::max), dst);
      }
      try (GpuImage dst = Arithmetic.addImagesWeighted(gb, ga, null, 0.5f, 2f)) {
        assertImageEquals(
            map2(b, a, PixelType.FLOAT32, (x, y) -> Math.fma(f(x), 0.5f, f(f(y) * 2f))), dst);
      }
    }
  }

  @Covers({"maximumImages", "minimumImages", "maximumImageAndScalar"})
  @Test
  void uint32ExtremaKeepFullPrecision() {
    Gpu gpu = TestGpu.get();
    // 16777217 and 16777216 are equal in float; the comparison must still be exact.
    // 5 × 4 pixels: vector and tail paths
    int[] a = repeat(new int[] {16777216, 16777217, -1, 5}, 5);
    int[] b = repeat(new int[] {16777217, 16777216, -2, 6}, 5);
    try (GpuImage ga = push(gpu, a);
        GpuImage gb = push(gpu, b);
        GpuImage max = Arithmetic.maximumImages(ga, gb, null);
        GpuImage min = Arithmetic.minimumImages(ga, gb, null);
        GpuImage maxS = Arithmetic.maximumImageAndScalar(ga, null, 3f)) {
      PixelType u = PixelType.UINT32;
      assertImageEquals(
          expected(u, repeat(new double[] {16777217, 16777217, 4294967295.0, 6}, 5)), max);
      assertImageEquals(
          expected(u, repeat(new double[] {16777216, 16777216, 4294967294.0, 5}, 5)), min);
      assertImageEquals(
          expected(u, repeat(new double[] {16777216, 16777217, 4294967295.0, 5}, 5)), maxS);
    }
  }

  @Covers({"maximumImageAndScalar", "minimumImageAndScalar"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void imageAndScalarExtremaMatchCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 7);
    float s = 100.5f; // rounds to 100 in integer outputs
    try (GpuImage src = in.push(gpu);
        GpuImage max = Arithmetic.maximumImageAndScalar(src, null, s);
        GpuImage min = Arithmetic.minimumImageAndScalar(src, null, s)) {
      assertImageEquals(map(in, t, v -> v >= s ? v : s), max);
      assertImageEquals(map(in, t, v -> v <= s ? v : s), min);
    }
  }

  @Covers("absolute")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void absoluteMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 8);
    if (t == PixelType.FLOAT32) {
      assertTrue(java.util.Arrays.stream(in.data).anyMatch(v -> v < 0), "test needs negatives");
    }
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Arithmetic.absolute(src, null)) {
      assertImageEquals(map(in, t, Math::abs), dst);
    }
  }

  @Covers("power")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void powerMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 9);
    float e = 1.5f; // negative float pixels give NaN
    CpuImage expected = map(in, t, v -> f(Math.pow(f(v), e)));
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Arithmetic.power(src, null, e)) {
      // documented: 1e-5 relative; integer outputs ±1 at rounding boundaries
      assertImageClose(expected, dst, t.isFloatingPoint() ? 0 : 1, 1e-5);
    }
  }

  @Test
  void twoImageOpsRejectWrongDestination() {
    Gpu gpu = TestGpu.get();
    try (GpuImage a = gpu.create(31, 17, 1, PixelType.UINT8);
        GpuImage c = gpu.create(31, 17, 2, PixelType.UINT8)) {
      // a second image of another shape is read clamped to its edge (PairShapesTest)
      // a destination of the wrong shape
      FoveaException.InvalidArgument ex =
          assertThrows(FoveaException.InvalidArgument.class, () -> Arithmetic.addImages(a, a, c));
      assertTrue(ex.getMessage().contains("destination"), ex.getMessage());
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Arithmetic.multiplyImageAndScalar(null, null, 1));
    }
  }
}
