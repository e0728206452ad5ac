package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageAssert;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * customOperation with user snippets in CLIJ2's style (READ_IMAGE / WRITE_IMAGE / POS_*_INSTANCE /
 * CONVERT_*_PIXEL_TYPE, a helper in global_code) on 2D and 3D odd sizes and mixed pixel types,
 * against the same arithmetic on the CPU; clamped reads, skipped out-of-range writes, and the
 * errors for code that does not compile and for bad names.
 */
class CustomOperationTest {
  static final String GLOBAL = "inline float weighted(float a, float b) { return a + b * 0.25f; }";
  static final String CODE =
      "float a = READ_IMAGE(original, sampler, POS_original_INSTANCE(x, y, z, 0)).x;\n"
          + "float b = READ_IMAGE(background, sampler, POS_background_INSTANCE(x - 1, y, z, 0)).x;\n"
          + "WRITE_IMAGE(result, POS_result_INSTANCE(x, y, z, 0),"
          + " CONVERT_result_PIXEL_TYPE(weighted(a, b)));\n"
          // a write past the image is skipped, not a memory error
          + "WRITE_IMAGE(result, POS_result_INSTANCE(x + 100000, y, z, 0), 0);\n";

  @Test
  void runsAUserSnippetWithImagesBoundByName() {
    Gpu gpu = TestGpu.get();
    for (int d : new int[] {1, 3}) {
      int w = 13, h = 7;
      CpuImage a = CpuImage.random(w, h, d, PixelType.UINT8, 11 + d);
      CpuImage b = CpuImage.random(w, h, d, PixelType.UINT16, 12 + d);
      for (PixelType rt : new PixelType[] {PixelType.UINT8, PixelType.FLOAT32}) {
        CpuImage expected = new CpuImage(w, h, d, rt);
        for (int z = 0; z < d; z++)
          for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
              expected.set(x, y, z, (float) (a.get(x, y, z) + b.getClamped(x - 1, y, z) * 0.25));
        try (GpuImage ga = a.push(gpu);
            GpuImage gb = b.push(gpu);
            GpuImage out = gpu.create(w, h, d, rt)) {
          Map<String, GpuImage> images = new LinkedHashMap<>();
          images.put("result", out);
          images.put("original", ga);
          images.put("background", gb);
          CustomOperation.customOperation(CODE, GLOBAL, images);
          ImageAssert.assertImageClose(expected, out, 0, 1e-6);
        }
      }
    }
  }

  @Test
  void codeThatDoesNotCompileStopsWithTheBuildLog() {
    Gpu gpu = TestGpu.get();
    try (GpuImage img = gpu.create(5, 4, 1, PixelType.FLOAT32)) {
      gpu.fill(img, 3);
      Map<String, GpuImage> images = Map.of("image", img);
      FoveaException.KernelBuildFailed e =
          assertThrows(
              FoveaException.KernelBuildFailed.class,
              () -> CustomOperation.customOperation("float v = undeclared_thing;", "", images));
      assertTrue(e.getMessage().startsWith("customOperation: the OpenCL code does not compile"));
      assertTrue(e.getMessage().contains("float v = undeclared_thing;"), e.getMessage());
      assertTrue(e.buildLog().contains("undeclared_thing"), e.buildLog());
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> CustomOperation.customOperation("", "", Map.of("not a name", img)));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> CustomOperation.customOperation("", "", Map.of()));
      // the image is untouched by the failures
      assertEquals(3.0, CpuImage.pull(img).data[0]);
    }
  }
}
