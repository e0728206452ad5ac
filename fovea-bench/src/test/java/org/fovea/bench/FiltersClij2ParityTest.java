package org.fovea.bench;

import static org.fovea.bench.Clij2Parity.assertSame;
import static org.fovea.bench.Clij2Parity.blobs;
import static org.fovea.bench.DetectionClij2ParityTest.imagePlus;
import static org.fovea.bench.DetectionClij2ParityTest.push;
import static org.fovea.bench.DetectionClij2ParityTest.quantised;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Consumer;
import java.util.function.Supplier;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Filters;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLIJ2-named filters (blur2D, sobel, laplace*, gradient*, variance*, standardDeviation*)
 * against CLIJ2 2.5.3.1 in the same JVM, on blob images with integral grey levels (so float sums
 * are exact where the operation allows): same output type and values, with the differences each
 * reference page documents.
 */
class FiltersClij2ParityTest {
  static CLIJ2 clij;

  @BeforeAll
  static void startClij() {
    clij = CLIJ2.getInstance();
  }

  /** CLIJ2's result in an output of the type CLIJ2's macro layer would create. */
  static double[] clij(ClearCLBuffer in, NativeTypeEnum type, Consumer<ClearCLBuffer> op) {
    ClearCLBuffer out = clij.create(in.getDimensions(), type);
    op.accept(out);
    double[] px = Peers.pixels(clij, out);
    clij.release(out);
    return px;
  }

  static double[] fovea(Supplier<GpuImage> op, PixelType expectedType, String what) {
    try (GpuImage out = op.get()) {
      assertEquals(expectedType, out.type(), what + ": output type");
      return Peers.pixels(out);
    }
  }

  static void assertClose(double[] e, double[] a, double abs, double rel, String what) {
    assertEquals(e.length, a.length, what);
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(e[i] - a[i]) <= abs + rel * Math.abs(e[i]))) {
        fail(what + ": pixel " + i + ": CLIJ2 " + e[i] + ", Fovea " + a[i]);
      }
    }
  }

  @Test
  void filtersMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{41, 33, 1}, {23, 19, 7}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      boolean is3D = d > 1;
      float[] img = quantised(blobs(w, h, d, is3D ? 12 : 15, is3D ? 2 : 3, 9), 1);
      for (PixelType t : new PixelType[] {PixelType.UINT8, PixelType.FLOAT32}) {
        NativeTypeEnum same =
            t == PixelType.UINT8 ? NativeTypeEnum.UnsignedByte : NativeTypeEnum.Float;
        String at = w + "x" + h + "x" + d + " " + t + " ";
        ClearCLBuffer in = clij.push(imagePlus(img, w, h, d, t));
        try (GpuImage src = push(gpu, img, w, h, d, t)) {
          // laplace: exact (integral sums); CLIJ2's 3D box has centre weight 1 (see the page)
          double[] lb = clij(in, same, o -> clij.laplaceBox(in, o));
          double[] ours = fovea(() -> Filters.laplace(Filters.Laplace.Box, src, null), t, at);
          if (!is3D) {
            assertSame(lb, ours, w, h, at + "laplaceBox");
          } else if (t == PixelType.FLOAT32) {
            for (int i = 0; i < ours.length; i++) lb[i] += 25 * img[i];
            assertSame(lb, ours, w, h, at + "laplaceBox = CLIJ2 + 25·src");
          }
          assertSame(
              clij(in, same, o -> clij.laplaceSphere(in, o)), // LaplaceDiamond's Java name
              fovea(() -> Filters.laplace(Filters.Laplace.Diamond, src, null), t, at),
              w,
              h,
              at + "laplaceDiamond");
          // gradients: float32 output, exact
          for (int axis = 0; axis < 3; axis++) {
            if (axis == 2 && !is3D) continue;
            int ax = axis;
            double[] e =
                clij(
                    in,
                    NativeTypeEnum.Float,
                    o -> {
                      if (ax == 0) clij.gradientX(in, o);
                      else if (ax == 1) clij.gradientY(in, o);
                      else clij.gradientZ(in, o);
                    });
            assertSame(
                e,
                fovea(
                    () ->
                        ax == 2
                            ? Filters.gradientZ(src, null)
                            : Filters.gradient(Filters.Axis.values()[ax], src, null),
                    PixelType.FLOAT32,
                    at),
                w,
                h,
                at + "gradient" + "XYZ".charAt(ax));
          }
          // convolve is not compared: CLIJ2's convolve kernel does not build on PoCL
          // (CL_BUILD_PROGRAM_FAILURE); FiltersStencilTest compares it with ImageJ's Convolver
          // variance and standard deviation: float32, within float rounding
          for (Filters.Spread which : Filters.Spread.values()) {
            double[] e =
                clij(
                    in,
                    NativeTypeEnum.Float,
                    o -> {
                      switch (which) {
                        case varianceBox -> clij.varianceBox(in, o, 2, 1, 1);
                        case varianceSphere -> clij.varianceSphere(in, o, 2, 1, 1);
                        case standardDeviationBox -> clij.standardDeviationBox(in, o, 2, 1, 1);
                        default -> clij.standardDeviationSphere(in, o, 2, 1, 1);
                      }
                    });
            double[] a =
                fovea(() -> Filters.spread(which, src, null, 2, 1, 1), PixelType.FLOAT32, at);
            assertClose(e, a, which.name().startsWith("var") ? 1e-2 : 1e-3, 1e-5, at + which);
          }
          if (!is3D) {
            // sobel 2D: integer outputs ±1 (Fovea rounds half to even, CLIJ2 truncates)
            double[] e = clij(in, same, o -> clij.sobel(in, o));
            double[] a = fovea(() -> Filters.sobel(src, null), t, at);
            assertClose(e, a, t == PixelType.UINT8 ? 1 : 1e-3, 1e-5, at + "sobel");
            if (t == PixelType.UINT8) {
              for (int i = 0; i < e.length; i++) {
                assertTrue(a[i] >= e[i], at + "sobel: CLIJ2 truncates, so it is never above");
              }
            }
            // blur2D is gaussianBlur2D in CLIJ2 (a subclass) and in Fovea
            double[] b1 = clij(in, same, o -> clij.blur2D(in, o, 2, 1.5));
            double[] b2 = clij(in, same, o -> clij.gaussianBlur2D(in, o, 2, 1.5));
            assertSame(b1, b2, w, h, at + "CLIJ2 blur2D = gaussianBlur2D");
            double[] ob = fovea(() -> Filters.blur2D(src, null, 2, 1.5f), t, at);
            double max = 0;
            for (double v : img) max = Math.max(max, v);
            // the Gaussian kernels differ slightly (Fovea: ±ceil(4σ), CLIJ2 its own radius);
            // integer outputs also round differently
            assertClose(b1, ob, t == PixelType.UINT8 ? 1 : 2e-3 * max, 0, at + "blur2D");
          }
        }
        clij.release(in);
      }
    }
  }
}
