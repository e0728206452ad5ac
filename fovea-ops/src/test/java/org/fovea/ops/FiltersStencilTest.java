package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.plugin.filter.Convolver;
import ij.plugin.filter.RankFilters;
import ij.process.FloatProcessor;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * sobel, laplaceBox/Diamond, gradientX/Y/Z, convolve, blur2D/3D and the variance / standard
 * deviation family against plain CPU references in double (every pixel type, 2D and 3D, odd sizes),
 * and against ImageJ where it has the operation. CLIJ2 agreement: FiltersClij2ParityTest in
 * fovea-bench.
 */
class FiltersStencilTest {
  static final int[] SMOOTH = {1, 2, 1};
  static final int[] DERIV = {-1, 0, 1};

  static double sobelAt(CpuImage in, int x, int y, int z) {
    int rz = in.d > 1 ? 1 : 0;
    double gx = 0, gy = 0, gz = 0;
    for (int c = -rz; c <= rz; c++)
      for (int b = -1; b <= 1; b++)
        for (int a = -1; a <= 1; a++) {
          double v = in.getClamped(x + a, y + b, z + c);
          double sz = rz == 0 ? 1 : SMOOTH[c + 1];
          gx += DERIV[a + 1] * SMOOTH[b + 1] * sz * v;
          gy += SMOOTH[a + 1] * DERIV[b + 1] * sz * v;
          if (rz == 1) gz += SMOOTH[a + 1] * SMOOTH[b + 1] * DERIV[c + 1] * v;
        }
    return Math.sqrt(gx * gx + gy * gy + gz * gz);
  }

  static double laplaceAt(CpuImage in, int x, int y, int z, boolean box) {
    int rz = in.d > 1 ? 1 : 0;
    double sum = 0;
    int n = 0;
    for (int c = -rz; c <= rz; c++)
      for (int b = -1; b <= 1; b++)
        for (int a = -1; a <= 1; a++) {
          int manhattan = Math.abs(a) + Math.abs(b) + Math.abs(c);
          if (manhattan == 0 || (!box && manhattan > 1)) continue;
          sum += in.getClamped(x + a, y + b, z + c);
          n++;
        }
    return n * in.get(x, y, z) - sum;
  }

  static double convolveAt(CpuImage in, CpuImage k, int x, int y, int z) {
    double sum = 0;
    int kd = in.d > 1 ? k.d : 1;
    for (int c = 0; c < kd; c++)
      for (int b = 0; b < k.h; b++)
        for (int a = 0; a < k.w; a++) {
          sum += k.get(a, b, c) * in.getClamped(x + a - k.w / 2, y + b - k.h / 2, z + c - kd / 2);
        }
    return sum;
  }

  /** Population variance of the neighbourhood, two passes in double. */
  static double varianceAt(CpuImage in, int x, int y, int z, int rx, int ry, int rz, boolean sph) {
    double sum = 0;
    int n = 0;
    double[] vals = new double[(2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1)];
    for (int c = -rz; c <= rz; c++)
      for (int b = -ry; b <= ry; b++)
        for (int a = -rx; a <= rx; a++) {
          if (sph) {
            double e =
                (rx == 0 ? (a == 0 ? 0 : 2) : (double) a * a / (rx * rx))
                    + (ry == 0 ? (b == 0 ? 0 : 2) : (double) b * b / (ry * ry))
                    + (rz == 0 ? (c == 0 ? 0 : 2) : (double) c * c / (rz * rz));
            if (e > 1 + 1e-12) continue;
          }
          vals[n] = in.getClamped(x + a, y + b, z + c);
          sum += vals[n++];
        }
    double mean = sum / n;
    double ss = 0;
    for (int i = 0; i < n; i++) ss += (vals[i] - mean) * (vals[i] - mean);
    return ss / n;
  }

  interface At {
    double at(int x, int y, int z);
  }

  static CpuImage map(CpuImage like, PixelType t, At f) {
    CpuImage out = CpuImage.like(like, t);
    for (int z = 0; z < like.d; z++)
      for (int y = 0; y < like.h; y++)
        for (int x = 0; x < like.w; x++) out.set(x, y, z, f.at(x, y, z));
    return out;
  }

  static double maxAbs(CpuImage img) {
    double m = 0;
    for (double v : img.data) m = Math.max(m, Math.abs(v));
    return m;
  }

  @Test
  @Covers({"sobel", "laplaceBox", "laplaceDiamond", "gradientX", "gradientY", "gradientZ"})
  void stencilsMatchCpuReferenceOnEveryType() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      for (PixelType t : TestGpu.TYPES) {
        CpuImage in = CpuImage.random(s[0], s[1], s[2], t, 21 + t.ordinal());
        double scale = maxAbs(in);
        boolean fl = t == PixelType.FLOAT32;
        try (GpuImage src = in.push(gpu)) {
          try (GpuImage out = Filters.sobel(src, null)) {
            assertEquals(t, out.type());
            // integer outputs: the float32 sqrt may round the other way at .5
            assertImageClose(
                map(in, t, (x, y, z) -> sobelAt(in, x, y, z)), out, fl ? 1e-4 * scale : 1, 1e-5);
          }
          for (Filters.Laplace shape : Filters.Laplace.values()) {
            boolean box = shape == Filters.Laplace.Box;
            try (GpuImage out = Filters.laplace(shape, src, null)) {
              assertEquals(t, out.type());
              assertImageClose(
                  map(in, t, (x, y, z) -> laplaceAt(in, x, y, z, box)), out, 1e-4 * scale, 0);
            }
          }
          for (Filters.Axis axis : Filters.Axis.values()) {
            if (axis == Filters.Axis.Z && s[2] == 1) {
              assertThrows(FoveaException.class, () -> Filters.gradient(axis, src, null));
              continue;
            }
            int[] o = new int[3];
            o[axis.ordinal()] = 1;
            CpuImage expected =
                map(
                    in,
                    PixelType.FLOAT32,
                    (x, y, z) ->
                        in.getClamped(x + o[0], y + o[1], z + o[2])
                            - in.getClamped(x - o[0], y - o[1], z - o[2]));
            try (GpuImage out = Filters.gradient(axis, src, null)) {
              assertEquals(PixelType.FLOAT32, out.type());
              assertImageClose(expected, out, fl ? 1e-4 : 0, 0);
            }
          }
        }
      }
    }
  }

  @Test
  @Covers("convolve")
  void convolveMatchesCpuReferenceAndImageJ() {
    Gpu gpu = TestGpu.get();
    // an asymmetric kernel, odd in x and even in y (its last row is used twice, as in CLIJ2)
    CpuImage k2 = new CpuImage(3, 2, 1, PixelType.FLOAT32);
    double[] kv = {1, -2, 0.5, 3, 0, -1};
    System.arraycopy(kv, 0, k2.data, 0, kv.length);
    CpuImage k2even = new CpuImage(3, 3, 1, PixelType.FLOAT32); // what the even kernel means
    for (int i = 0; i < 9; i++) k2even.data[i] = kv[Math.min(i, 3 + i % 3)];
    CpuImage k3 = CpuImage.random(3, 3, 3, PixelType.UINT8, 5);
    for (int[] s : TestGpu.SHAPES) {
      for (PixelType t : TestGpu.TYPES) {
        CpuImage in = CpuImage.random(s[0], s[1], s[2], t, 31 + t.ordinal());
        double scale = maxAbs(in) * 500;
        try (GpuImage src = in.push(gpu);
            GpuImage kernel2 = k2.push(gpu);
            GpuImage kernel3 = k3.push(gpu)) {
          try (GpuImage out = Filters.convolve(src, kernel2, null)) {
            assertEquals(PixelType.FLOAT32, out.type());
            assertImageClose(
                map(in, PixelType.FLOAT32, (x, y, z) -> convolveAt(in, k2even, x, y, z)),
                out,
                1e-6 * scale,
                1e-6);
          }
          try (GpuImage out = Filters.convolve(src, kernel3, null)) {
            assertImageClose(
                map(in, PixelType.FLOAT32, (x, y, z) -> convolveAt(in, k3, x, y, z)),
                out,
                1e-6 * scale,
                1e-6);
          }
        }
      }
    }
    // ImageJ's Convolver (not normalised) also correlates with a clamped border
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 3);
    float[] k = {1, -2, 0.5f, 3, 0, -1, 2, 1, 1};
    FloatProcessor ip = new FloatProcessor(31, 17);
    for (int i = 0; i < in.data.length; i++) ip.setf(i, (float) in.data[i]);
    Convolver cv = new Convolver();
    cv.setNormalize(false);
    cv.convolve(ip, k, 3, 3);
    CpuImage expected = CpuImage.like(in);
    for (int i = 0; i < in.data.length; i++) expected.data[i] = ip.getf(i);
    try (GpuImage src = in.push(gpu);
        GpuImage kernel = gpu.push(k, 3, 3, 1);
        GpuImage out = Filters.convolve(src, kernel, null)) {
      assertImageClose(expected, out, 1e-3, 1e-5);
    }
  }

  @Test
  void sobelMatchesImageJFindEdges() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 4);
    FloatProcessor ip = new FloatProcessor(31, 17);
    for (int i = 0; i < in.data.length; i++) ip.setf(i, (float) in.data[i]);
    ip.findEdges();
    CpuImage expected = CpuImage.like(in);
    for (int i = 0; i < in.data.length; i++) expected.data[i] = ip.getf(i);
    try (GpuImage src = in.push(gpu);
        GpuImage out = Filters.sobel(src, null)) {
      assertImageClose(expected, out, 1e-3, 1e-5);
    }
  }

  @Test
  @Covers({"blur2D", "blur3D"})
  void blurIsGaussianBlur() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      CpuImage in = CpuImage.random(s[0], s[1], s[2], PixelType.FLOAT32, 8);
      try (GpuImage src = in.push(gpu);
          GpuImage a = Filters.blur3D(src, null, 1.5f, 1f, 0.5f);
          GpuImage b = Filters.gaussianBlur3D(src, null, 1.5f, 1f, 0.5f)) {
        assertImageEquals(CpuImage.pull(b), a);
      }
      if (s[2] == 1) {
        try (GpuImage src = in.push(gpu);
            GpuImage a = Filters.blur2D(src, null, 1.5f, 1f);
            GpuImage b = Filters.gaussianBlur2D(src, null, 1.5f, 1f)) {
          assertImageEquals(CpuImage.pull(b), a);
        }
      }
    }
  }

  @Test
  @Covers({"varianceBox", "varianceSphere", "standardDeviationBox", "standardDeviationSphere"})
  void spreadMatchesCpuReferenceOnEveryType() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      for (PixelType t : TestGpu.TYPES) {
        CpuImage in = CpuImage.random(s[0], s[1], s[2], t, 41 + t.ordinal());
        double scale = maxAbs(in);
        try (GpuImage src = in.push(gpu)) {
          for (Filters.Spread which : Filters.Spread.values()) {
            int rx = 2, ry = 1, rz = 1;
            CpuImage expected =
                map(
                    in,
                    PixelType.FLOAT32,
                    (x, y, z) -> {
                      double v = varianceAt(in, x, y, z, rx, ry, s[2] > 1 ? rz : 0, which.sphere);
                      return which.std ? Math.sqrt(v) : v;
                    });
            try (GpuImage out = Filters.spread(which, src, null, rx, ry, rz)) {
              assertEquals(PixelType.FLOAT32, out.type());
              assertImageClose(expected, out, 1e-5 * (which.std ? scale : scale * scale), 0);
            }
          }
        }
      }
    }
  }

  @Test
  void varianceSphereMatchesImageJVariance() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 6);
    FloatProcessor ip = new FloatProcessor(31, 17);
    for (int i = 0; i < in.data.length; i++) ip.setf(i, (float) in.data[i]);
    new RankFilters().rank(ip, 1.9, RankFilters.VARIANCE); // ImageJ's circle of 1.9 = sphere 2
    CpuImage expected = CpuImage.like(in);
    for (int i = 0; i < in.data.length; i++) expected.data[i] = ip.getf(i);
    try (GpuImage src = in.push(gpu);
        GpuImage out = Filters.spread(Filters.Spread.varianceSphere, src, null, 2, 2, 0)) {
      assertImageClose(expected, out, 1e-5 * 1000 * 1000, 1e-5);
    }
  }
}
