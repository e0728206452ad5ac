package org.fovea.ops.testkit;

import org.fovea.core.PixelType;

/**
 * Plain, direct (non-separable) CPU references for neighbourhood filters, in double, with the
 * clamp-to-edge border rule. Slow on purpose.
 */
public final class CpuFilters {
  private CpuFilters() {}

  /** Normalised Gaussian weights exp(−k²/2σ²), |k| ≤ ceil(4σ), in double; {1} for σ = 0. */
  public static double[] gaussian(double sigma) {
    if (sigma <= 0) return new double[] {1};
    int r = (int) Math.ceil(4 * sigma);
    double[] g = new double[2 * r + 1];
    double sum = 0;
    for (int k = -r; k <= r; k++) sum += g[k + r] = Math.exp(-k * k / (2 * sigma * sigma));
    for (int i = 0; i < g.length; i++) g[i] /= sum;
    return g;
  }

  /** Direct convolution with the outer product of per-axis weights, clamped at the borders. */
  public static CpuImage convolve(CpuImage in, double[] wx, double[] wy, double[] wz, PixelType t) {
    CpuImage out = CpuImage.like(in, t);
    int rx = wx.length / 2;
    int ry = wy.length / 2;
    int rz = wz.length / 2;
    for (int z = 0; z < in.d; z++) {
      for (int y = 0; y < in.h; y++) {
        for (int x = 0; x < in.w; x++) {
          double s = 0;
          for (int k = -rz; k <= rz; k++) {
            for (int j = -ry; j <= ry; j++) {
              double wyz = wz[k + rz] * wy[j + ry];
              for (int i = -rx; i <= rx; i++) {
                s += wyz * wx[i + rx] * in.getClamped(x + i, y + j, z + k);
              }
            }
          }
          out.set(x, y, z, s);
        }
      }
    }
    return out;
  }

  /** Unrounded double result of {@link #convolve} (type FLOAT32 would round to float). */
  public static double[] convolveRaw(CpuImage in, double[] wx, double[] wy, double[] wz) {
    double[] out = new double[in.data.length];
    int rx = wx.length / 2;
    int ry = wy.length / 2;
    int rz = wz.length / 2;
    for (int z = 0; z < in.d; z++) {
      for (int y = 0; y < in.h; y++) {
        for (int x = 0; x < in.w; x++) {
          double s = 0;
          for (int k = -rz; k <= rz; k++) {
            for (int j = -ry; j <= ry; j++) {
              for (int i = -rx; i <= rx; i++) {
                s += wz[k + rz] * wy[j + ry] * wx[i + rx] * in.getClamped(x + i, y + j, z + k);
              }
            }
          }
          out[in.index(x, y, z)] = s;
        }
      }
    }
    return out;
  }

  /** Box statistics over the clamped box: 0 mean, 1 min, 2 max. */
  public static CpuImage box(CpuImage in, int rx, int ry, int rz, int kind, PixelType t) {
    CpuImage out = CpuImage.like(in, t);
    for (int z = 0; z < in.d; z++) {
      for (int y = 0; y < in.h; y++) {
        for (int x = 0; x < in.w; x++) {
          double sum = 0;
          double min = Double.POSITIVE_INFINITY;
          double max = Double.NEGATIVE_INFINITY;
          int n = 0;
          for (int k = -rz; k <= rz; k++) {
            for (int j = -ry; j <= ry; j++) {
              for (int i = -rx; i <= rx; i++) {
                double v = in.getClamped(x + i, y + j, z + k);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
              }
            }
          }
          out.set(x, y, z, kind == 0 ? sum / n : kind == 1 ? min : max);
        }
      }
    }
    return out;
  }

  /** Largest absolute pixel value (for tolerances relative to the image's scale). */
  public static double maxAbs(CpuImage img) {
    double m = 0;
    for (double v : img.data) m = Math.max(m, Math.abs(v));
    return m;
  }
}
