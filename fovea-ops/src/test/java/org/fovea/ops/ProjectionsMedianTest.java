package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.plugin.ZProjector;
import java.util.Arrays;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** medianZProjection against a sorting CPU reference and ImageJ's Z Project (Median). */
class ProjectionsMedianTest {
  static Stream<Arguments> typesAndDepths() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> Stream.of(Arguments.of(t, 31, 17, 5), Arguments.of(t, 33, 9, 4)));
  }

  static CpuImage medianCpu(CpuImage in) {
    CpuImage e = new CpuImage(in.w, in.h, 1, in.type);
    double[] v = new double[in.d];
    for (int y = 0; y < in.h; y++)
      for (int x = 0; x < in.w; x++) {
        for (int z = 0; z < in.d; z++) v[z] = in.get(x, y, z);
        Arrays.sort(v);
        int m = in.d / 2;
        double med = in.d % 2 == 1 ? v[m] : ((float) v[m - 1] + (float) v[m]) * 0.5f;
        e.set(x, y, 0, CpuImage.convert(med, in.type));
      }
    return e;
  }

  @Covers("medianZProjection")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndDepths")
  void medianZProjectionMatchesCpuAndImageJ(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 11);
    CpuImage expected = medianCpu(in);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Projections.medianZProjection(src, null)) {
      assertEquals(t, dst.type());
      assertEquals(1, dst.depth());
      assertImageEquals(expected, dst);
      // ImageJ: exact where no integer rounding of a .5 is involved (float32, or an odd depth)
      if (t != PixelType.UINT32 && (t == PixelType.FLOAT32 || d % 2 == 1)) {
        ImagePlus proj = ZProjector.run(ImageJBridge.imagePlus(in), "median");
        assertImageEquals(ImageJBridge.fromProcessor(proj.getProcessor(), t), dst);
      }
      assertThrows(
          FoveaException.class,
          () -> Projections.medianZProjection(dst, null)); // a 2D image has no z to project
    }
  }
}
