// One pass of a separable maximum filter over a box of 2 * radius + 1 pixels along one axis, in
// the source type (exact; the destination type only at the last pass). Border: clamp to edge.
#define PICK(a, b) (((b) > (a)) ? (b) : (a))

// Work groups of 32 x 8 (x, y), global (w, h, d) padded; axis 0, 1, 2 = x, y, z.
__kernel void maximum_box_axis(__global const SRC_T* src, __global DST_T* dst, const int radius,
                              const int axis, const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int c = axis == 0 ? x : (axis == 1 ? y : z);
  const int len = axis == 0 ? w : (axis == 1 ? h : d);
  const long stride = axis == 0 ? 1L : (axis == 1 ? (long)w : (long)w * (long)h);
  __global const SRC_T* line = src + ((long)i - (long)c * stride);
  const int lo = max(c - radius, 0);
  const int hi = min(c + radius, len - 1);
  SRC_T m = line[(long)lo * stride];
  for (int cc = lo + 1; cc <= hi; cc++) {
    m = PICK(m, line[(long)cc * stride]);
  }
  dst[i] = CONVERT_DST_T(m);
}

// The x pass through a local-memory tile of TILE_H rows of TILE_W + 2 * radius pixels.
#define TILE_W 64
#define TILE_H 4
__kernel void maximum_box_x_tiled(__global const SRC_T* src, __global DST_T* dst,
                                 const int radius, const int w, const int h, const int d,
                                 __local SRC_T* tile) {
  const int lx = get_local_id(0);
  const int ly = get_local_id(1);
  const int x0 = get_group_id(0) * TILE_W;
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  const int span = TILE_W + 2 * radius;
  __local SRC_T* row = tile + ly * span;
  if (y < h && z < d) {
    __global const SRC_T* line = src + FOVEA_IDX(0, y, z, w, h);
    for (int j = lx; j < span; j += TILE_W) {
      row[j] = line[clamp(x0 - radius + j, 0, w - 1)];
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  const int x = x0 + lx;
  if (x >= w || y >= h || z >= d) return;
  SRC_T m = row[lx];
  for (int k = 1; k <= 2 * radius; k++) {
    m = PICK(m, row[lx + k]);
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(m);
}
