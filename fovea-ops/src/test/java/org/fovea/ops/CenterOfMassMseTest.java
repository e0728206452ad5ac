package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertValueClose;
import static org.fovea.ops.testkit.ImageAssert.assertValuesClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** centerOfMass and meanSquaredError against plain loops, every type, 2D and 3D, odd sizes. */
class CenterOfMassMseTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  static void near(double expected, double actual, double rel, String what) {
    assertValueClose(what, expected, actual, 1e-12, rel);
  }

  @ParameterizedTest
  @MethodSource("typesAndShapes")
  @Covers({"centerOfMass", "meanSquaredError"})
  void matchTheReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = CpuImage.random(w, h, d, t, 3);
    CpuImage b = CpuImage.random(w, h, d, t, 4);
    double s = 0, sx = 0, sy = 0, sz = 0, sq = 0;
    for (int z = 0; z < d; z++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double v = a.get(x, y, z);
          s += v;
          sx += v * x;
          sy += v * y;
          sz += v * z;
          double e = a.get(x, y, z) - b.get(x, y, z);
          sq += e * e;
        }
      }
    }
    String what = t + " " + w + "x" + h + "x" + d;
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu)) {
      double[] c = Measurements.centerOfMass(ga);
      assertEquals(3, c.length);
      near(sx / s, c[0], 1e-9, what + " x");
      near(sy / s, c[1], 1e-9, what + " y");
      near(d > 1 ? sz / s : 0, c[2], 1e-9, what + " z");
      near(sq / a.data.length, Measurements.meanSquaredError(ga, gb), 1e-6, what + " MSE");
      assertEquals(0.0, Measurements.meanSquaredError(ga, ga), what + " MSE with itself");
    }
  }

  @Test
  @Covers({"centerOfMass", "meanSquaredError"})
  void edgeCasesAndErrors() {
    Gpu gpu = TestGpu.get();
    try (GpuImage zero = gpu.create(7, 5, 1, PixelType.UINT8);
        GpuImage one = gpu.create(7, 5, 1, PixelType.FLOAT32);
        GpuImage other = gpu.create(5, 7, 1, PixelType.FLOAT32)) {
      gpu.fill(zero, 0);
      gpu.fill(one, 1);
      assertTrue(Double.isNaN(Measurements.centerOfMass(zero)[0]), "no mass: NaN, as CLIJ2");
      double[] c = Measurements.centerOfMass(one);
      assertValuesClose("centre of a constant 7×5 image", new double[] {3, 2, 0}, c, 1e-12, 0);
      // mixed types: the difference is taken in float32
      assertValueClose(
          "MSE uint8 0 vs float 1", 1, Measurements.meanSquaredError(zero, one), 1e-12, 0);
      var e =
          assertThrows(
              FoveaException.InvalidArgument.class,
              () -> Measurements.meanSquaredError(one, other));
      assertTrue(e.getMessage().contains("meanSquaredError"), e.getMessage());
    }
  }
}
