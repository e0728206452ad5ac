package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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

/** copy and convert: exact, saturating, round half to even. */
class ConversionsTest {
  static Stream<Arguments> pairsAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(
            from ->
                TestGpu.TYPES.stream()
                    .flatMap(
                        to ->
                            TestGpu.SHAPES.stream()
                                .map(s -> Arguments.of(from, to, s[0], s[1], s[2]))));
  }

  @Covers({"copy", "convert"})
  @ParameterizedTest(name = "{0} → {1} {2}x{3}x{4}")
  @MethodSource("pairsAndShapes")
  void copyAndConvertMatchCpuReference(PixelType from, PixelType to, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, from, 31);
    CpuImage expected = CpuImage.like(in, to);
    for (int i = 0; i < in.data.length; i++) expected.setRaw(i, in.data[i]);
    try (GpuImage src = in.push(gpu);
        GpuImage converted = Conversions.convert(src, null, to.label());
        GpuImage into = gpu.create(w, h, d, to)) {
      assertEquals(to, converted.type());
      assertImageEquals(expected, converted);
      assertTrue(Conversions.copy(src, into) == into);
      assertImageEquals(expected, into);
    }
  }

  @Covers("copy")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void copyWithoutDestinationIsAnIdenticalNewImage(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 5, t, 32);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Conversions.copy(src, null)) {
      assertNotSame(src, dst);
      assertEquals(t, dst.type());
      assertImageEquals(in, dst);
    }
  }

  static Stream<PixelType> types() {
    return TestGpu.TYPES.stream();
  }

  /** Hand-picked values: rounding half to even, saturation at both ends, NaN. */
  @Covers("convert")
  @Test
  void floatConversionRoundsHalfToEvenAndSaturates() {
    Gpu gpu = TestGpu.get();
    float[] v = {
      -1f,
      -0.5f,
      0.5f,
      1.5f,
      2.5f,
      3.5f,
      254.5f,
      255.5f,
      256f,
      65534.5f,
      65535.5f,
      70000f,
      4.0e9f,
      5.0e9f,
      Float.NaN,
      1e-3f,
      0.49999997f,
      0.50000006f
    };
    double[] u8 = {0, 0, 0, 2, 2, 4, 254, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 1};
    double[] u16 = {0, 0, 0, 2, 2, 4, 254, 256, 256, 65534, 65535, 65535, 65535, 65535, 0, 0, 0, 1};
    double[] u32 = {
      0, 0, 0, 2, 2, 4, 254, 256, 256, 65534, 65536, 70000, 4.0e9, 4294967295.0, 0, 0, 0, 1
    };
    try (GpuImage src = gpu.push(v, v.length, 1)) {
      check(src, PixelType.UINT8, u8);
      check(src, PixelType.UINT16, u16);
      check(src, PixelType.UINT32, u32);
    }
  }

  /** Integer → narrower integer saturates; integer → float is exact below 2^24. */
  @Covers("convert")
  @Test
  void integerConversionsSaturate() {
    Gpu gpu = TestGpu.get();
    int[] v = {0, 1, 255, 256, 65535, 65536, 16777216, -1};
    try (GpuImage src = gpu.push(v, v.length, 1)) {
      check(src, PixelType.UINT8, new double[] {0, 1, 255, 255, 255, 255, 255, 255});
      check(src, PixelType.UINT16, new double[] {0, 1, 255, 256, 65535, 65535, 65535, 65535});
      check(
          src,
          PixelType.FLOAT32,
          new double[] {0, 1, 255, 256, 65535, 65536, 16777216, 4294967296.0});
    }
  }

  private static void check(GpuImage src, PixelType to, double[] expected) {
    CpuImage e = new CpuImage(expected.length, 1, 1, to);
    System.arraycopy(expected, 0, e.data, 0, expected.length);
    try (GpuImage dst = Conversions.convert(src, null, to.label())) {
      assertImageEquals(e, dst);
    }
  }

  @Test
  void rejectsBadInput() {
    Gpu gpu = TestGpu.get();
    try (GpuImage a = gpu.create(31, 17, 1, PixelType.UINT8);
        GpuImage b = gpu.create(31, 17, 2, PixelType.UINT8)) {
      FoveaException.InvalidArgument e =
          assertThrows(FoveaException.InvalidArgument.class, () -> Conversions.copy(a, b));
      assertTrue(e.getMessage().contains("destination"), e.getMessage());
      e =
          assertThrows(
              FoveaException.InvalidArgument.class, () -> Conversions.convert(a, null, "int64"));
      assertTrue(e.getMessage().contains("int64"), e.getMessage());
      assertThrows(FoveaException.InvalidArgument.class, () -> Conversions.copy(null, null));
    }
  }
}
