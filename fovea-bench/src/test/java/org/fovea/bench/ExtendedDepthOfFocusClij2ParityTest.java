package org.fovea.bench;

import static org.fovea.bench.DetectionClij2ParityTest.imagePlus;
import static org.fovea.bench.DetectionClij2ParityTest.push;
import static org.fovea.bench.FiltersClij2ParityTest.assertClose;
import static org.fovea.bench.LabelsClij2ParityTest.blobs;
import static org.fovea.bench.MorphologyProjectionsClij2ParityTest.clij;
import static org.fovea.bench.MorphologyProjectionsClij2ParityTest.ours;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Consumer;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import net.haesleinhuepf.clij2.plugins.DepthColorProjection;
import net.haesleinhuepf.clij2.plugins.ExtendedDepthOfFocusSobelProjection;
import net.haesleinhuepf.clij2.plugins.ExtendedDepthOfFocusVarianceProjection;
import net.haesleinhuepf.clij2.plugins.SobelSliceBySlice;
import net.haesleinhuepf.clij2.plugins.TenengradSliceBySlice;
import net.haesleinhuepf.clij2.plugins.VarianceSphere;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Projections;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * extendedDepthOfFocusVarianceProjection and extendedDepthOfFocusSobelProjection against CLIJ2
 * 2.5.3.1 in the same JVM (uint8 and float32, an odd 23×19×7 stack of blobs plus noise, σ 2 and 0);
 * and the measured definition of CLIJ2's tenengradSliceBySlice (gy² + gz² of the 3×3×3 Sobel
 * operator), which its extendedDepthOfFocusTenengradProjection uses and Fovea's does not (see the
 * reference page).
 */
class ExtendedDepthOfFocusClij2ParityTest {
  static CLIJ2 clij2;

  @BeforeAll
  static void start() {
    MorphologyProjectionsClij2ParityTest.startClij();
    clij2 = MorphologyProjectionsClij2ParityTest.clij;
  }

  static float[] stack(int w, int h, int d) {
    float[] img = blobs(w, h, d, 12, 2, 23);
    Random r = new Random(4);
    for (int i = 0; i < img.length; i++) img[i] = Math.min(255, Math.round(img[i] + r.nextInt(9)));
    return img;
  }

  /** CLIJ2's focus measure of {@code in}, blurred as its projection does (σ, σ, 0). */
  static double[] focus(ClearCLBuffer in, float sigma, Consumer<ClearCLBuffer> measure) {
    ClearCLBuffer f = clij2.create(in.getDimensions(), NativeTypeEnum.Float);
    measure.accept(f);
    double[] b =
        clij(
            f,
            f.getDimensions(),
            NativeTypeEnum.Float,
            o -> clij2.gaussianBlur3D(f, o, sigma, sigma, 0));
    clij2.release(f);
    return b;
  }

  /**
   * Fovea's projection equals CLIJ2's except on rays where CLIJ2's own blurred focus measure has
   * two slices within float32 rounding (1e-5 of the largest measure) of the maximum: there both
   * must hold the pixel of one of those slices. At most 2 % of the rays may be such near ties.
   */
  static void assertSameUpToTies(double[] focus, float[] img, double[] e, double[] a, String what) {
    int plane = e.length, d = img.length / plane;
    double top = 0;
    for (double f : focus) top = Math.max(top, Math.abs(f));
    double tol = 1e-5 * top;
    int ties = 0;
    for (int i = 0; i < plane; i++) {
      if (e[i] == a[i]) continue;
      double best = Double.NEGATIVE_INFINITY;
      for (int z = 0; z < d; z++) best = Math.max(best, focus[z * plane + i]);
      boolean eOk = false, aOk = false;
      for (int z = 0; z < d; z++) {
        if (focus[z * plane + i] < best - tol) continue;
        eOk |= img[z * plane + i] == e[i];
        aOk |= img[z * plane + i] == a[i];
      }
      assertTrue(eOk && aOk, what + ": pixel " + i + ": CLIJ2 " + e[i] + ", Fovea " + a[i]);
      ties++;
    }
    assertTrue(ties <= plane / 50, what + ": " + ties + " rays differ at near ties");
  }

  @Test
  void matchesClij2() {
    Gpu gpu = TestGpu.get();
    int w = 23, h = 19, d = 7;
    float[] img = stack(w, h, d);
    long[] plane = {w, h};
    for (PixelType t : new PixelType[] {PixelType.UINT8, PixelType.FLOAT32}) {
      NativeTypeEnum nt = t == PixelType.UINT8 ? NativeTypeEnum.UnsignedByte : NativeTypeEnum.Float;
      ClearCLBuffer in = clij2.push(imagePlus(img, w, h, d, t));
      try (GpuImage src = push(gpu, img, w, h, d, t)) {
        for (float sigma : new float[] {2f, 0f}) {
          String at = t + " σ " + sigma + ": ";
          double[] var =
              focus(in, sigma, o -> VarianceSphere.varianceSphere(clij2, in, o, 2, 1, 0));
          assertSameUpToTies(
              var,
              img,
              clij(
                  in,
                  plane,
                  nt,
                  o ->
                      ExtendedDepthOfFocusVarianceProjection.extendedDepthOfFocusVarianceProjection(
                          clij2, in, o, 2, 1, sigma)),
              ours(
                  () -> Projections.extendedDepthOfFocusVarianceProjection(src, null, 2, 1, sigma)),
              at + "extendedDepthOfFocusVarianceProjection");
          // CLIJ2 names the static method of its Sobel plugin
          // extendedDepthOfFocusVarianceProjection
          double[] sob = focus(in, sigma, o -> SobelSliceBySlice.sobelSliceBySlice(clij2, in, o));
          assertSameUpToTies(
              sob,
              img,
              clij(
                  in,
                  plane,
                  nt,
                  o ->
                      ExtendedDepthOfFocusSobelProjection.extendedDepthOfFocusVarianceProjection(
                          clij2, in, o, sigma)),
              ours(
                  () ->
                      Projections.extendedDepthOfFocusGradientProjection(
                          Projections.FocusGradient.Sobel, src, null, sigma)),
              at + "extendedDepthOfFocusSobelProjection");
        }
      }
      clij2.release(in);
    }
  }

  /** CLIJ2's tenengradSliceBySlice equals gy² + gz² of the 3×3×3 Sobel operator (clamped). */
  @Test
  void clij2TenengradSliceBySliceIsSobelYz() {
    int w = 11, h = 9, d = 4;
    float[] img = stack(w, h, d);
    ClearCLBuffer in = clij2.push(imagePlus(img, w, h, d, PixelType.FLOAT32));
    double[] e =
        clij(
            in,
            in.getDimensions(),
            NativeTypeEnum.Float,
            o -> TenengradSliceBySlice.tenengradSliceBySlice(clij2, in, o));
    clij2.release(in);
    double[] model = new double[img.length];
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          double gy = 0, gz = 0;
          for (int k = -1; k <= 1; k++)
            for (int j = -1; j <= 1; j++)
              for (int i = -1; i <= 1; i++) {
                int xx = Math.min(Math.max(x + i, 0), w - 1);
                int yy = Math.min(Math.max(y + j, 0), h - 1);
                int zz = Math.min(Math.max(z + k, 0), d - 1);
                double v = img[(zz * h + yy) * w + xx];
                gy += j * (2 - i * i) * (2 - k * k) * v;
                gz += k * (2 - i * i) * (2 - j * j) * v;
              }
          model[(z * h + y) * w + x] = gy * gy + gz * gz;
        }
    assertClose(e, model, 1e-3, 1e-6, "CLIJ2 tenengradSliceBySlice = gy² + gz² (3D Sobel)");
  }

  /**
   * depthColorProjection: CLIJ2's table entry may be one above or below Fovea's (see the reference
   * page), so with a table whose neighbouring entries differ by at most 1 the colours agree within
   * 1, plus 1 on uint8 (CLIJ2 truncates, Fovea rounds).
   */
  @Test
  void depthColorProjectionMatchesClij2WithinOneTableEntry() {
    Gpu gpu = TestGpu.get();
    int w = 23, h = 19, d = 7, n = 256;
    float[] img = stack(w, h, d);
    float[] lut = new float[3 * n];
    for (int i = 0; i < n; i++) {
      lut[i] = i;
      lut[n + i] = 255 - i;
      lut[2 * n + i] = i / 2;
    }
    ClearCLBuffer l = clij2.push(imagePlus(lut, n, 1, 3, PixelType.UINT8));
    for (PixelType t : new PixelType[] {PixelType.UINT8, PixelType.FLOAT32}) {
      NativeTypeEnum nt = t == PixelType.UINT8 ? NativeTypeEnum.UnsignedByte : NativeTypeEnum.Float;
      ClearCLBuffer in = clij2.push(imagePlus(img, w, h, d, t));
      try (GpuImage src = push(gpu, img, w, h, d, t);
          GpuImage gl = push(gpu, lut, n, 1, 3, PixelType.UINT8)) {
        double[] e =
            clij(
                in,
                new long[] {w, h, 3},
                nt,
                o -> DepthColorProjection.depthColorProjection(clij2, in, l, o, 10f, 200f));
        double[] a = ours(() -> Projections.depthColorProjection(src, gl, null, 10, 200));
        assertClose(e, a, t == PixelType.UINT8 ? 2 : 1.0001, 0, t + " depthColorProjection");
      }
      clij2.release(in);
    }
    clij2.release(l);
  }
}
