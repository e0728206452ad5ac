package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** entropyBox against a double-precision CPU reference (ImageJ 1.x has no entropy filter). */
class EntropyBoxTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /** The documented definition: 256 bins over [min, max], clamp-to-edge box, bits. */
  static CpuImage entropyCpu(CpuImage in, int rx, int ry, int rz) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (double v : in.data) {
      min = Math.min(min, (float) v);
      max = Math.max(max, (float) v);
    }
    float scale = max > min ? 256f / (max - min) : 0f;
    if (in.d == 1) rz = 0;
    CpuImage e = new CpuImage(in.w, in.h, in.d, PixelType.FLOAT32);
    int n = (2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1);
    for (int z = 0; z < in.d; z++)
      for (int y = 0; y < in.h; y++)
        for (int x = 0; x < in.w; x++) {
          int[] hist = new int[256];
          for (int dz = -rz; dz <= rz; dz++)
            for (int dy = -ry; dy <= ry; dy++)
              for (int dx = -rx; dx <= rx; dx++) {
                float v = (float) in.getClamped(x + dx, y + dy, z + dz);
                hist[Math.max(0, Math.min(255, (int) ((v - min) * scale)))]++;
              }
          double h = 0;
          for (int c : hist) {
            if (c > 0) {
              double p = (double) c / n;
              h -= p * Math.log(p) / Math.log(2);
            }
          }
          e.set(x, y, z, h);
        }
    return e;
  }

  @Covers("entropyBox")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void entropyBoxMatchesCpu(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 21);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Filters.entropyBox(src, null, 2, 1, 1)) {
      assertEquals(PixelType.FLOAT32, dst.type());
      assertImageClose(entropyCpu(in, 2, 1, 1), dst, 1e-4, 0);
      assertThrows(FoveaException.class, () -> Filters.entropyBox(src, null, -1, 1, 1));
    }
    CpuImage constant = CpuImage.like(in);
    java.util.Arrays.fill(constant.data, 7);
    try (GpuImage src = constant.push(gpu);
        GpuImage dst = Filters.entropyBox(src, null, 1, 1, 1)) {
      assertImageClose(CpuImage.like(constant, PixelType.FLOAT32), dst, 0, 0);
    }
  }
}
