package org.fovea.bench;

import static org.fovea.bench.DetectionClij2ParityTest.imagePlus;
import static org.fovea.bench.DetectionClij2ParityTest.push;
import static org.fovea.bench.LabelsClij2ParityTest.assertSame;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.CustomOperation;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * customOperation: the same user code (CLIJ2's macro convention, a helper in global_code, a read
 * one pixel left of x) gives CLIJ2 2.5.3.1's pixels on a 3D uint8 + uint16 → float32 case.
 */
class CustomOperationClij2ParityTest {
  @Test
  void theSameCodeGivesClij2sPixels() {
    CLIJ2 clij = CLIJ2.getInstance();
    Gpu gpu = TestGpu.get();
    int w = 13, h = 7, d = 3;
    float[] a = new float[w * h * d];
    float[] b = new float[a.length];
    Random r = new Random(8);
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextInt(256);
      b[i] = r.nextInt(4096);
    }
    String global = "inline float weighted(float a, float b) { return a + b * 0.25f; }";
    String code =
        "float a = READ_IMAGE(original, sampler, POS_original_INSTANCE(x, y, z, 0)).x;\n"
            + "float b = READ_IMAGE(background, sampler, POS_background_INSTANCE(x - 1, y, z,"
            + " 0)).x;\n"
            + "WRITE_IMAGE(result, POS_result_INSTANCE(x, y, z, 0),"
            + " CONVERT_result_PIXEL_TYPE(weighted(a, b)));\n";
    ClearCLBuffer ca = clij.push(imagePlus(a, w, h, d, PixelType.UINT8));
    ClearCLBuffer cb = clij.push(imagePlus(b, w, h, d, PixelType.UINT16));
    ClearCLBuffer co = clij.create(new long[] {w, h, d}, NativeTypeEnum.Float);
    HashMap<String, ClearCLBuffer> cp = new HashMap<>();
    cp.put("result", co);
    cp.put("original", ca);
    cp.put("background", cb);
    clij.customOperation(code, global, cp);
    double[] e = Peers.pixels(clij, co);
    try (GpuImage ga = push(gpu, a, w, h, d, PixelType.UINT8);
        GpuImage gb = push(gpu, b, w, h, d, PixelType.UINT16);
        GpuImage out = gpu.create(w, h, d, PixelType.FLOAT32)) {
      Map<String, GpuImage> images = new LinkedHashMap<>();
      images.put("result", out);
      images.put("original", ga);
      images.put("background", gb);
      CustomOperation.customOperation(code, global, images);
      assertSame(e, Peers.pixels(out), w, h, "customOperation");
    }
    clij.release(ca);
    clij.release(cb);
    clij.release(co);
  }
}
