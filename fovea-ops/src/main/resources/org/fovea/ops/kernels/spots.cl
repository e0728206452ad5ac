// Spot detection kernels. One work item per pixel; sizes are kernel arguments.

// Candidates for findMaxima (ImageJ's MaximumFinder): 1 where no in-image 8-neighbour is strictly
// greater (plateaus included), else 0. 2D.
__kernel void local_maxima_8(__global const SRC_T* src, __global uchar* dst, const int w,
                             const int h) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  if (x >= w || y >= h) return;
  const SRC_T v = src[FOVEA_IDX(x, y, 0, w, h)];
  uchar isMax = 1;
  for (int dy = -1; dy <= 1; dy++) {
    const int yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (int dx = -1; dx <= 1; dx++) {
      const int xx = x + dx;
      if (xx < 0 || xx >= w) continue;
      if (src[FOVEA_IDX(xx, yy, 0, w, h)] > v) isMax = 0;
    }
  }
  dst[FOVEA_IDX(x, y, 0, w, h)] = isMax;
}

// detectMaximaBox / detectMinimaBox (CLIJ2's rules), step 1, one pass per axis: dst = the float
// mean of the 2 * radius + 1 clamped source pixels along the axis, summed in float from the lowest
// offset up and divided by the count.
__kernel void line_mean(__global const SRC_T* src, __global float* dst, const int radius,
                        const int axis, const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  float acc = 0.0f;
  for (int k = -radius; k <= radius; k++) {
    const int xx = axis == 0 ? clamp(x + k, 0, w - 1) : x;
    const int yy = axis == 1 ? clamp(y + k, 0, h - 1) : y;
    const int zz = axis == 2 ? clamp(z + k, 0, d - 1) : z;
    acc += (float)src[FOVEA_IDX(xx, yy, zz, w, h)];
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = acc / (float)(2 * radius + 1);
}

// Step 2: the pixel's 3×3 (2D) or 3×3×3 (3D) neighbourhood is visited in the order dx, then dy,
// then dz (dz fastest) from −1 to 1; offsets that give a negative coordinate are skipped, those
// beyond the far edge read the edge pixel. The running best starts at the pixel's own value minus
// 1 (plus 1 for minima) and is replaced by a strictly better value; dst = 1 when the last
// replacement was the pixel itself (offset 0), else 0. So a pixel is marked when nothing visited is
// better and no equal value was visited before it. MINIMA 0 or 1 is a kernel argument.
__kernel void optimum_scan(__global const float* src, __global DST_T* dst, const int minima,
                           const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const float self = src[FOVEA_IDX(x, y, z, w, h)];
  const float sign = minima ? -1.0f : 1.0f;
  float best = minima ? self + 1.0f : self - 1.0f;
  int bestIsSelf = 1;
  const int rz = d > 1 ? 1 : 0;
  for (int dx = -1; dx <= 1; dx++) {
    for (int dy = -1; dy <= 1; dy++) {
      for (int dz = -rz; dz <= rz; dz++) {
        const int xx = x + dx, yy = y + dy, zz = z + dz;
        if (xx < 0 || yy < 0 || zz < 0) continue;
        const float u = src[FOVEA_IDX(min(xx, w - 1), min(yy, h - 1), min(zz, d - 1), w, h)];
        if (sign * u > sign * best) {
          best = u;
          bestIsSelf = dx == 0 && dy == 0 && dz == 0;
        }
      }
    }
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = (DST_T)bestIsSelf;
}
