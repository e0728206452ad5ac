package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.plugin.ZProjector;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageAssert;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Z projections against a plain double-precision CPU reference (max/min exact; mean/sum/sd within
 * the documented float tolerance) and against ImageJ's ZProjector.
 */
class ProjectionsTest {
  static Stream<Arguments> typesAndDepths() {
    return TestGpu.TYPES.stream()
        .flatMap(
            t ->
                Stream.of(
                    Arguments.of(t, 31, 17, 5),
                    Arguments.of(t, 33, 9, 2),
                    Arguments.of(t, 32, 9, 6))); // 32×9: vectorized
  }

  /** Reductions along z in double: 0 max, 1 min, 2 sum, 3 mean, 4 sample sd. */
  static CpuImage reference(CpuImage in, int kind, PixelType out) {
    CpuImage r = new CpuImage(in.w, in.h, 1, out);
    for (int y = 0; y < in.h; y++) {
      for (int x = 0; x < in.w; x++) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int z = 0; z < in.d; z++) {
          double v = in.get(x, y, z);
          max = Math.max(max, v);
          min = Math.min(min, v);
          sum += v;
        }
        double mean = sum / in.d;
        double ss = 0;
        for (int z = 0; z < in.d; z++) ss += (in.get(x, y, z) - mean) * (in.get(x, y, z) - mean);
        double v =
            switch (kind) {
              case 0 -> max;
              case 1 -> min;
              case 2 -> sum;
              case 3 -> mean;
              default -> Math.sqrt(ss / (in.d - 1));
            };
        r.set(x, y, 0, v);
      }
    }
    return r;
  }

  static double maxAbs(CpuImage img) {
    double m = 0;
    for (double v : img.data) m = Math.max(m, Math.abs(v));
    return m;
  }

  @Covers({
    "maximumZProjection",
    "minimumZProjection",
    "sumZProjection",
    "meanZProjection",
    "standardDeviationZProjection"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndDepths")
  void projectionsMatchCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 21);
    double scale = maxAbs(in);
    try (GpuImage src = in.push(gpu);
        GpuImage max = Projections.maximumZProjection(src, null);
        GpuImage min = Projections.minimumZProjection(src, null);
        GpuImage sum = Projections.sumZProjection(src, null);
        GpuImage mean = Projections.meanZProjection(src, null);
        GpuImage sd = Projections.standardDeviationZProjection(src, null)) {
      assertEquals(t, max.type());
      assertEquals(1, max.depth());
      assertEquals(PixelType.FLOAT32, mean.type());
      assertImageEquals(reference(in, 0, t), max);
      assertImageEquals(reference(in, 1, t), min);
      // documented tolerances (see the @Op annotations)
      assertImageClose(reference(in, 2, PixelType.FLOAT32), sum, d * 0x1p-24 * scale * d, 0);
      assertImageClose(reference(in, 3, PixelType.FLOAT32), mean, 1e-6 * scale, 1e-6);
      assertImageClose(reference(in, 4, PixelType.FLOAT32), sd, 1e-5 * scale, 1e-5);
    }
  }

  static CpuImage imagej(CpuImage in, String method, PixelType t) {
    ImagePlus proj = ZProjector.run(ImageJBridge.imagePlus(in), method);
    return ImageJBridge.fromProcessor(proj.getProcessor(), t);
  }

  @Covers({
    "maximumZProjection",
    "minimumZProjection",
    "sumZProjection",
    "meanZProjection",
    "standardDeviationZProjection"
  })
  @ParameterizedTest(name = "{0}")
  @MethodSource("imagejTypes")
  void projectionsMatchImageJZProjector(PixelType t) {
    projectionsMatchImageJZProjector(t, 31, 17, 7);
    projectionsMatchImageJZProjector(t, 40, 6, 7); // vectorized
  }

  private void projectionsMatchImageJZProjector(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 22);
    double scale = maxAbs(in);
    try (GpuImage src = in.push(gpu);
        GpuImage max = Projections.maximumZProjection(src, null);
        GpuImage min = Projections.minimumZProjection(src, null);
        GpuImage sum = Projections.sumZProjection(src, null);
        GpuImage mean = Projections.meanZProjection(src, null);
        GpuImage sd = Projections.standardDeviationZProjection(src, null)) {
      assertImageEquals(imagej(in, "max", t), max);
      assertImageEquals(imagej(in, "min", t), min);
      assertImageEquals(imagej(in, "sum", PixelType.FLOAT32), sum);
      if (t == PixelType.FLOAT32) {
        assertImageClose(imagej(in, "avg", PixelType.FLOAT32), mean, 0, 1e-6);
      } else {
        // ImageJ rounds the mean of 8/16-bit stacks half up into the input type
        assertImageClose(imagej(in, "avg", PixelType.FLOAT32), mean, 0.5 + 1e-4, 0);
      }
      assertImageClose(imagej(in, "sd", PixelType.FLOAT32), sd, 1e-5 * scale, 1e-5);
    }
  }

  static Stream<PixelType> imagejTypes() {
    return Stream.of(PixelType.UINT8, PixelType.UINT16, PixelType.FLOAT32);
  }

  @Covers("maximumZProjection")
  @Test
  void intoPreallocatedDestinationOfAnotherType() {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{31, 17}, {32, 9}}) { // scalar and vectorized kernels
      CpuImage in = CpuImage.random(s[0], s[1], 5, PixelType.UINT16, 23);
      try (GpuImage src = in.push(gpu);
          GpuImage dst = gpu.create(s[0], s[1], 1, PixelType.UINT8);
          GpuImage sd = gpu.create(s[0], s[1], 1, PixelType.UINT16)) {
        assertTrue(Projections.maximumZProjection(src, dst) == dst);
        assertImageEquals(reference(in, 0, PixelType.UINT8), dst); // saturated into uint8
        Projections.standardDeviationZProjection(src, sd);
        ImageAssert.assertImageClose(reference(in, 4, PixelType.UINT16), sd, 1, 0);
      }
    }
  }

  @Covers({"maximumZProjection", "standardDeviationZProjection"})
  @Test
  void tinyStacks() {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{1, 1, 2}, {1, 7, 3}, {8, 1, 3}, {7, 1, 4}}) {
      CpuImage in = CpuImage.random(s[0], s[1], s[2], PixelType.FLOAT32, 24);
      try (GpuImage src = in.push(gpu);
          GpuImage max = Projections.maximumZProjection(src, null);
          GpuImage sd = Projections.standardDeviationZProjection(src, null)) {
        assertImageEquals(reference(in, 0, PixelType.FLOAT32), max);
        assertImageClose(reference(in, 4, PixelType.FLOAT32), sd, 1e-5 * 1100, 1e-5);
      }
    }
  }

  @Test
  void rejectsBadInput() {
    Gpu gpu = TestGpu.get();
    try (GpuImage flat = gpu.create(31, 17, 1, PixelType.UINT8);
        GpuImage stack = gpu.create(31, 17, 5, PixelType.UINT8);
        GpuImage wrong = gpu.create(17, 31, 1, PixelType.FLOAT32)) {
      FoveaException.InvalidArgument e =
          assertThrows(
              FoveaException.InvalidArgument.class,
              () -> Projections.standardDeviationZProjection(flat, null));
      assertTrue(e.getMessage().contains("3D"), e.getMessage());
      e =
          assertThrows(
              FoveaException.InvalidArgument.class,
              () -> Projections.meanZProjection(stack, wrong));
      assertTrue(e.getMessage().contains("destination"), e.getMessage());
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Projections.standardDeviationZProjection(stack, stack));
    }
  }
}
