// Spot detection kernels. One work item per pixel; sizes are kernel arguments.

// dst = 1 where src is the maximum of its box neighbourhood (radii rx, ry, rz; neighbours outside
// the image are ignored), else 0. Ties: a pixel must be ≥ every neighbour and > every neighbour
// that precedes it in raster order (x fastest, then y, then z); so a plateau smaller than the box
// gives exactly one point, its first pixel in raster order. Compared in the source type.
__kernel void detect_maxima_box(__global const SRC_T* src, __global DST_T* dst, const int w,
                                const int h, const int d, const int rx, const int ry,
                                const int rz) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const SRC_T v = src[FOVEA_IDX(x, y, z, w, h)];
  int isMax = 1;
  const int z0 = max(z - rz, 0), z1 = min(z + rz, d - 1);
  const int y0 = max(y - ry, 0), y1 = min(y + ry, h - 1);
  const int x0 = max(x - rx, 0), x1 = min(x + rx, w - 1);
  for (int zz = z0; zz <= z1 && isMax; zz++) {
    for (int yy = y0; yy <= y1 && isMax; yy++) {
      for (int xx = x0; xx <= x1; xx++) {
        const SRC_T u = src[FOVEA_IDX(xx, yy, zz, w, h)];
        const int before = zz < z || (zz == z && (yy < y || (yy == y && xx < x)));
        if (u > v || (before && u == v)) {
          isMax = 0;
          break;
        }
      }
    }
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = (DST_T)isMax;
}

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
