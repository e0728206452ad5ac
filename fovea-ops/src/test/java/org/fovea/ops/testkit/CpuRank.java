package org.fovea.ops.testkit;

import java.util.Arrays;
import org.fovea.core.PixelType;

/**
 * CPU reference of the rank filters and binary morphology (minimum, maximum, mean, median over a
 * box or an ellipsoid), clamp-to-edge, written independently of production (it shares no code with
 * the ops it checks: issue 9 item 10). Slow on purpose.
 */
public final class CpuRank {
  private CpuRank() {}

  /** The statistic over the neighbourhood. */
  public enum Rank {
    MIN,
    MAX,
    MEAN,
    MEDIAN
  }

  /**
   * The neighbourhood as CLIJ2 defines it, written here independently of production: a box, or the
   * ellipsoid (dx/rx)² + (dy/ry)² + (dz/rz)² ≤ 1 with a radius of 0 counting as 1, evaluated
   * exactly in rationals (both sides multiplied by the squared radii).
   */
  public static boolean inNeighbourhood(
      int dx, int dy, int dz, int rx, int ry, int rz, boolean sphere) {
    if (dx < -rx || dx > rx || dy < -ry || dy > ry || dz < -rz || dz > rz) return false;
    if (!sphere) return true;
    long[] r2 = {sq(Math.max(1, rx)), sq(Math.max(1, ry)), sq(Math.max(1, rz))};
    long[] d2 = {sq(dx), sq(dy), sq(dz)};
    long lhs = 0;
    for (int i = 0; i < 3; i++) lhs += d2[i] * r2[(i + 1) % 3] * r2[(i + 2) % 3];
    return lhs <= r2[0] * r2[1] * r2[2];
  }

  private static long sq(long v) {
    return v * v;
  }

  /** Plain CPU reference: clamp-to-edge neighbourhood gathered with {@link #inNeighbourhood}. */
  public static CpuImage reference(
      CpuImage in, int rx, int ry, int rz, Rank rank, boolean sphere, boolean binary) {
    CpuImage out = CpuImage.like(in, binary ? PixelType.UINT8 : in.type);
    double[] vals = new double[(2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1)];
    for (int z = 0; z < in.d; z++) {
      for (int y = 0; y < in.h; y++) {
        for (int x = 0; x < in.w; x++) {
          int n = 0;
          for (int dz = -rz; dz <= rz; dz++) {
            for (int dy = -ry; dy <= ry; dy++) {
              for (int dx = -rx; dx <= rx; dx++) {
                if (!inNeighbourhood(dx, dy, dz, rx, ry, rz, sphere)) continue;
                double v = in.getClamped(x + dx, y + dy, z + dz);
                vals[n++] = binary ? (v != 0 ? 1 : 0) : v;
              }
            }
          }
          double[] a = Arrays.copyOf(vals, n);
          double r =
              switch (rank) {
                case MIN -> Arrays.stream(a).min().getAsDouble();
                case MAX -> Arrays.stream(a).max().getAsDouble();
                case MEAN -> Arrays.stream(a).sum() / n;
                case MEDIAN -> {
                  Arrays.sort(a);
                  yield a[n / 2];
                }
              };
          out.set(x, y, z, r);
        }
      }
    }
    return out;
  }
}
