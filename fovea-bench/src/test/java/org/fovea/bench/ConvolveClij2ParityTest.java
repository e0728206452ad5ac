package org.fovea.bench;

import static org.fovea.bench.DetectionClij2ParityTest.imagePlus;
import static org.fovea.bench.DetectionClij2ParityTest.push;
import static org.fovea.bench.FiltersClij2ParityTest.assertClose;

import java.util.Random;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Filters;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * convolve against CLIJ2 2.5.3.1 (its kernel builds on PoCL for these cases): 2D float32 with an
 * asymmetric 3×3 kernel, 3D uint8 with a 3×3×3 kernel; both float32 results within float rounding.
 */
class ConvolveClij2ParityTest {
  @Test
  void matchesClij2() {
    CLIJ2 clij = CLIJ2.getInstance();
    Gpu gpu = TestGpu.get();
    Random r = new Random(21);
    int w = 15, h = 11;
    for (int d : new int[] {1, 5}) {
      PixelType t = d == 1 ? PixelType.FLOAT32 : PixelType.UINT8;
      float[] img = new float[w * h * d];
      for (int i = 0; i < img.length; i++) img[i] = r.nextInt(100);
      int kd = d == 1 ? 1 : 3;
      float[] k = new float[9 * kd];
      for (int i = 0; i < k.length; i++) k[i] = i - 4.5f * kd + (i % 4) * 0.25f;
      ClearCLBuffer in = clij.push(imagePlus(img, w, h, d, t));
      ClearCLBuffer kb = clij.push(imagePlus(k, 3, 3, kd, PixelType.FLOAT32));
      ClearCLBuffer out = clij.create(in.getDimensions(), NativeTypeEnum.Float);
      clij.convolve(in, kb, out);
      double[] e = Peers.pixels(clij, out);
      clij.release(in);
      clij.release(kb);
      clij.release(out);
      try (GpuImage src = push(gpu, img, w, h, d, t);
          GpuImage kernel = gpu.push(k, 3, 3, kd);
          GpuImage o = Filters.convolve(src, kernel, null)) {
        assertClose(e, Peers.pixels(o), 1e-3, 1e-5, "convolve " + w + "x" + h + "x" + d);
      }
    }
  }
}
