package org.fovea.ops.testkit;

import java.util.ArrayDeque;
import org.fovea.core.PixelType;

/**
 * Plain-Java label references that share no code with the GPU ops: a sequential flood-fill labeler
 * in raster order (labels 1..n in the order of each object's first pixel, x fastest).
 */
public final class CpuLabels {
  private CpuLabels() {}

  /** Labels the non-zero pixels; {@code box}: 8/26-connected, else 4/6-connected. */
  public static CpuImage connectedComponents(CpuImage in, boolean box) {
    CpuImage out = CpuImage.like(in, PixelType.UINT32);
    long next = 0;
    ArrayDeque<int[]> queue = new ArrayDeque<>();
    for (int z = 0; z < in.d; z++) {
      for (int y = 0; y < in.h; y++) {
        for (int x = 0; x < in.w; x++) {
          if (in.get(x, y, z) == 0 || out.get(x, y, z) != 0) continue;
          next++;
          out.set(x, y, z, next);
          queue.add(new int[] {x, y, z});
          while (!queue.isEmpty()) {
            int[] p = queue.poll();
            for (int dz = -1; dz <= 1; dz++) {
              for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                  int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
                  if (manhattan == 0 || (!box && manhattan != 1)) continue;
                  int xx = p[0] + dx, yy = p[1] + dy, zz = p[2] + dz;
                  if (xx < 0 || yy < 0 || zz < 0 || xx >= in.w || yy >= in.h || zz >= in.d)
                    continue;
                  if (in.get(xx, yy, zz) != 0 && out.get(xx, yy, zz) == 0) {
                    out.set(xx, yy, zz, next);
                    queue.add(new int[] {xx, yy, zz});
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** The largest label of a label map. */
  public static long max(CpuImage labels) {
    double m = 0;
    for (double v : labels.data) m = Math.max(m, v);
    return (long) m;
  }
}
