package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
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

/** Logical ops: non-zero is true, the result is a uint8 0/1 image. */
class BinaryTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /**
   * About half the pixels zero, the others random non-zero values of the type (some fractional).
   */
  static CpuImage sparse(int w, int h, int d, PixelType t, long seed) {
    CpuImage img = CpuImage.random(w, h, d, t, seed);
    Random r = new Random(seed + 1000);
    for (int i = 0; i < img.data.length; i++) {
      if (r.nextBoolean()) img.data[i] = 0;
      else if (img.data[i] == 0) img.data[i] = 1;
    }
    if (t == PixelType.FLOAT32) img.data[0] = 0.25; // small non-zero float is true
    return img;
  }

  static CpuImage logic(
      CpuImage a, CpuImage b, java.util.function.BiPredicate<Boolean, Boolean> f) {
    CpuImage out = CpuImage.like(a, PixelType.UINT8);
    for (int i = 0; i < a.data.length; i++) {
      out.data[i] = f.test(a.data[i] != 0, b == null ? false : b.data[i] != 0) ? 1 : 0;
    }
    return out;
  }

  @Covers({"binaryAnd", "binaryOr", "binaryXOr", "binaryNot"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void logicOpsMatchCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = sparse(w, h, d, t, 11);
    CpuImage b = sparse(w, h, d, t, 12);
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu)) {
      try (GpuImage dst = Binary.binary(Binary.Logic.And, ga, gb, null)) {
        assertEquals(PixelType.UINT8, dst.type());
        assertImageEquals(logic(a, b, (x, y) -> x && y), dst);
      }
      try (GpuImage dst = Binary.binary(Binary.Logic.Or, ga, gb, null)) {
        assertImageEquals(logic(a, b, (x, y) -> x || y), dst);
      }
      try (GpuImage dst = Binary.binary(Binary.Logic.XOr, ga, gb, null)) {
        assertImageEquals(logic(a, b, (x, y) -> x ^ y), dst);
      }
      try (GpuImage dst = Binary.binaryNot(ga, null)) {
        assertEquals(PixelType.UINT8, dst.type());
        assertImageEquals(logic(a, null, (x, y) -> !x), dst);
      }
    }
  }

  @Covers({"binaryAnd", "binaryNot"})
  @Test
  void mixedInputTypesAndOtherDestinationType() {
    Gpu gpu = TestGpu.get();
    CpuImage a = sparse(31, 17, 5, PixelType.UINT16, 13);
    CpuImage b = sparse(31, 17, 5, PixelType.FLOAT32, 14);
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu);
        GpuImage dst = gpu.create(31, 17, 5, PixelType.FLOAT32)) {
      Binary.binary(Binary.Logic.And, ga, gb, dst);
      CpuImage e = logic(a, b, (x, y) -> x && y);
      CpuImage ef = CpuImage.like(e, PixelType.FLOAT32);
      System.arraycopy(e.data, 0, ef.data, 0, e.data.length);
      assertImageEquals(ef, dst);
      Binary.binaryNot(gb, dst);
      CpuImage n = logic(b, null, (x, y) -> !x);
      System.arraycopy(n.data, 0, ef.data, 0, n.data.length);
      assertImageEquals(ef, dst);
    }
  }

  @Test
  void binaryNotRejectsWrongDestination() {
    Gpu gpu = TestGpu.get();
    try (GpuImage a = gpu.create(31, 17, 1, PixelType.UINT8);
        GpuImage b = gpu.create(17, 31, 1, PixelType.UINT8)) {
      // binaryAnd/Or/XOr read a second image of another shape clamped to its edge (PairShapesTest)
      assertThrows(FoveaException.InvalidArgument.class, () -> Binary.binaryNot(a, b));
    }
  }
}
