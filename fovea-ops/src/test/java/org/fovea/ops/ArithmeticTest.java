package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;

import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArithmeticTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  @Covers("addImageAndScalar")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void addImageAndScalarMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 42);
    CpuImage expected = CpuImage.like(in);
    float scalar = 100.5f;
    for (int i = 0; i < in.data.length; i++)
      expected.setRaw(i, (float) ((float) in.data[i] + scalar));
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Arithmetic.addImageAndScalar(src, null, scalar)) {
      assertImageEquals(expected, dst);
    }
  }
}
