package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * The extended-depth-of-focus projections against a double-precision CPU reference written from
 * their definitions (focus measure per slice, Gaussian blur in x and y, first slice of the largest
 * blurred measure): every pixel type, an odd 31×17×5 stack, σ 1.5 and 0. Where two slices' blurred
 * measures lie within float32 rounding of each other, either slice's pixel is accepted.
 */
class ExtendedDepthOfFocusTest {

  /** The population variance of the ellipse (dx/rx)² + (dy/ry)² ≤ 1 around (x, y) in slice z. */
  static double variance(CpuImage in, int x, int y, int z, int rx, int ry) {
    double s = 0, s2 = 0;
    int n = 0;
    for (int dy = -ry; dy <= ry; dy++) {
      for (int dx = -rx; dx <= rx; dx++) {
        double ex = rx == 0 ? (dx == 0 ? 0 : 2) : (double) dx * dx / ((double) rx * rx);
        double ey = ry == 0 ? (dy == 0 ? 0 : 2) : (double) dy * dy / ((double) ry * ry);
        if (ex + ey > 1) continue;
        double v = in.getClamped(x + dx, y + dy, z);
        s += v;
        s2 += v * v;
        n++;
      }
    }
    double m = s / n;
    return s2 / n - m * m;
  }

  /** Sobel derivatives of slice z at (x, y): {gx, gy}, edge pixels repeated. */
  static double[] gradient(CpuImage in, int x, int y, int z) {
    double gx = 0, gy = 0;
    for (int j = -1; j <= 1; j++) {
      for (int i = -1; i <= 1; i++) {
        double v = in.getClamped(x + i, y + j, z);
        gx += i * (2 - j * j) * v;
        gy += j * (2 - i * i) * v;
      }
    }
    return new double[] {gx, gy};
  }

  /** Blur of each slice of f (w×h×d) with a normalised Gaussian of radius ceil(4σ), clamped. */
  static double[] blurXY(double[] f, int w, int h, int d, double sigma) {
    if (sigma == 0) return f.clone();
    int r = (int) Math.ceil(4 * sigma);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
    for (int i = 0; i < k.length; i++) k[i] /= sum;
    double[] a = new double[f.length];
    double[] b = new double[f.length];
    for (int z = 0; z < d; z++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int i = -r; i <= r; i++) {
            s += k[i + r] * f[z * w * h + y * w + Math.min(Math.max(x + i, 0), w - 1)];
          }
          a[z * w * h + y * w + x] = s;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int i = -r; i <= r; i++) {
            s += k[i + r] * a[z * w * h + Math.min(Math.max(y + i, 0), h - 1) * w + x];
          }
          b[z * w * h + y * w + x] = s;
        }
      }
    }
    return b;
  }

  /**
   * Checks out(x, y) against the source pixels of the slices whose blurred focus lies within tol of
   * the ray's largest; returns how many rays had such a near tie.
   */
  static int assertSelected(CpuImage in, double[] focus, double sigma, double tol, GpuImage out) {
    int w = in.w, h = in.h, d = in.d;
    assertEquals(in.type, out.type());
    assertEquals(1, out.depth());
    double[] b = blurXY(focus, w, h, d, sigma);
    CpuImage got = CpuImage.pull(out);
    CpuImage expected = new CpuImage(w, h, 1, in.type);
    boolean[] unique = new boolean[w * h];
    int ties = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int best = 0;
        for (int z = 1; z < d; z++) if (b[z * w * h + i] > b[best * w * h + i]) best = z;
        boolean ok = got.data[i] == in.get(x, y, best);
        int near = 0;
        for (int z = 0; z < d; z++) {
          if (z != best && b[z * w * h + i] >= b[best * w * h + i] - tol) {
            near++;
            ok |= got.data[i] == in.get(x, y, z);
          }
        }
        if (near > 0) ties++;
        unique[i] = near == 0;
        expected.set(x, y, 0, in.get(x, y, best));
        assertTrue(
            ok,
            "at ("
                + x
                + ", "
                + y
                + ") expected slice "
                + best
                + " ("
                + in.get(x, y, best)
                + "), got "
                + got.data[i]);
      }
    }
    // the rays without a near tie have exactly one right answer: the sharpest slice's pixel
    org.fovea.ops.testkit.ImageAssert.assertImageClose(
        expected, got, 0, 0, i -> unique[i], "rays without a near tie:");
    return ties;
  }

  @Test
  @Covers({
    "extendedDepthOfFocusVarianceProjection",
    "extendedDepthOfFocusSobelProjection",
    "extendedDepthOfFocusTenengradProjection"
  })
  void matchCpuReferenceOnEveryType() {
    Gpu gpu = TestGpu.get();
    int w = 31, h = 17, d = 5;
    for (PixelType t : TestGpu.TYPES) {
      CpuImage in = CpuImage.random(w, h, d, t, 401 + t.ordinal());
      double[] var = new double[w * h * d];
      double[] sob = new double[w * h * d];
      double[] ten = new double[w * h * d];
      double max = 0;
      for (int z = 0; z < d; z++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int i = in.index(x, y, z);
            max = Math.max(max, Math.abs(in.data[i]));
            var[i] = variance(in, x, y, z, 2, 1);
            double[] g = gradient(in, x, y, z);
            ten[i] = g[0] * g[0] + g[1] * g[1];
            sob[i] = Math.sqrt(ten[i]);
          }
        }
      }
      int ties = 0;
      try (GpuImage src = in.push(gpu)) {
        for (float sigma : new float[] {1.5f, 0f}) {
          String at = t + " σ " + sigma + ": ";
          try (GpuImage o =
              Projections.extendedDepthOfFocusVarianceProjection(src, null, 2, 1, sigma)) {
            ties += assertSelected(in, var, sigma, 2e-5 * max * max, o);
          }
          try (GpuImage o =
              Projections.extendedDepthOfFocusGradientProjection(
                  Projections.FocusGradient.Sobel, src, null, sigma)) {
            ties += assertSelected(in, sob, sigma, 1e-5 * 8 * max, o);
          }
          try (GpuImage o =
              Projections.extendedDepthOfFocusGradientProjection(
                  Projections.FocusGradient.Tenengrad, src, null, sigma)) {
            ties += assertSelected(in, ten, sigma, 1e-5 * 64 * max * max, o);
          }
          assertTrue(ties < w * h / 10, at + ties + " near ties: the test image is degenerate");
        }
      }
    }
  }

  @Test
  void inFocusRegionsArePickedAndBadInputsFail() {
    Gpu gpu = TestGpu.get();
    // slice z carries texture in the column band [6z, 6z + 6) and is flat elsewhere
    int w = 30, h = 9, d = 5;
    CpuImage in = new CpuImage(w, h, d, PixelType.FLOAT32);
    java.util.Random r = new java.util.Random(5);
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) in.set(x, y, z, x / 6 == z ? r.nextInt(100) : 50 + z);
    try (GpuImage src = in.push(gpu);
        GpuImage o = Projections.extendedDepthOfFocusVarianceProjection(src, null, 1, 1, 0)) {
      CpuImage got = CpuImage.pull(o);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          if (x % 6 == 0 || x % 6 == 5) continue; // the band edges see two slices' texture
          assertEquals(in.get(x, y, x / 6), got.get(x, y, 0), "at " + x + ", " + y);
        }
      try (GpuImage flat = gpu.create(4, 3, 1, PixelType.FLOAT32)) {
        assertThrows(
            FoveaException.class,
            () -> Projections.extendedDepthOfFocusVarianceProjection(flat, null, 2, 2, 1));
      }
      assertThrows(
          FoveaException.class,
          () ->
              Projections.extendedDepthOfFocusGradientProjection(
                  Projections.FocusGradient.Sobel, src, null, -1));
      assertThrows(
          FoveaException.class,
          () -> Projections.extendedDepthOfFocusVarianceProjection(src, null, -1, 2, 1));
    }
  }

  @Test
  @Covers("depthColorProjection")
  void depthColorProjectionMatchesCpuReference() {
    Gpu gpu = TestGpu.get();
    int w = 31, h = 17, d = 5, n = 256;
    CpuImage lut = new CpuImage(n, 1, 3, PixelType.UINT8);
    for (int i = 0; i < n; i++) {
      lut.set(i, 0, 0, i);
      lut.set(i, 0, 1, 255 - i);
      lut.set(i, 0, 2, (i * 7) % 256);
    }
    try (GpuImage l = lut.push(gpu)) {
      for (PixelType t : TestGpu.TYPES) {
        CpuImage in = CpuImage.random(w, h, d, t, 501 + t.ordinal());
        double lo = t == PixelType.UINT8 ? 20 : 100, hi = t == PixelType.UINT8 ? 200 : 3000;
        CpuImage expected = new CpuImage(w, h, 3, t);
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++) {
            int k = 0;
            for (int z = 1; z < d; z++) if (in.get(x, y, z) > in.get(x, y, k)) k = z;
            double f = Math.min(1, Math.max(0, (in.get(x, y, k) - lo) / (hi - lo)));
            int e = 255 * k / (d - 1);
            for (int c = 0; c < 3; c++) expected.set(x, y, c, (float) (lut.get(e, 0, c) * f));
          }
        try (GpuImage src = in.push(gpu);
            GpuImage out = Projections.depthColorProjection(src, l, null, (float) lo, (float) hi)) {
          assertEquals(t, out.type());
          assertEquals(3, out.depth());
          // float32 intensity factor: 1e-6 relative; integer outputs may round the other way
          org.fovea.ops.testkit.ImageAssert.assertImageClose(
              expected, out, t.isFloatingPoint() ? 1e-3 : 1, 1e-6);
          if (t == PixelType.UINT8) {
            // what ImageJ makes of the three planes: Image > Type > RGB Color
            CpuImage got = CpuImage.pull(out);
            ij.ImageStack st = new ij.ImageStack(w, h);
            for (int c = 0; c < 3; c++) {
              byte[] px = new byte[w * h];
              for (int i = 0; i < w * h; i++) px[i] = (byte) got.data[c * w * h + i];
              st.addSlice(new ij.process.ByteProcessor(w, h, px));
            }
            ij.ImagePlus imp = new ij.ImagePlus("rgb", st);
            new ij.process.ImageConverter(imp).convertRGBStackToRGB();
            int[] rgb = imp.getProcessor().getPixel(3, 2, null);
            for (int c = 0; c < 3; c++) assertEquals(got.get(3, 2, c), rgb[c], "channel " + c);
          }
        }
      }
      try (GpuImage src = CpuImage.random(5, 4, 3, PixelType.UINT8, 3).push(gpu);
          GpuImage bad = gpu.create(16, 1, 1, PixelType.UINT8)) {
        assertThrows(
            FoveaException.class, () -> Projections.depthColorProjection(src, bad, null, 0, 255));
        assertThrows(
            FoveaException.class, () -> Projections.depthColorProjection(src, l, null, 9, 9));
      }
    }
  }
}
