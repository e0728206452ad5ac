// One pass of a separable convolution along one axis, with host-computed weights (2 * radius + 1
// floats, weights[radius] is the centre). Border: clamp to edge (outside pixels take the value of
// the nearest edge pixel). Accumulation is fma(weight, value, sum) from the lowest coordinate up,
// so every kernel below gives bit-identical results.
//
// MODE 0: dst = conv(src).   MODE 1: dst = base - conv(src)   (difference of Gaussians, fused).
#ifndef MODE
#define MODE 0
#endif

// Work groups of 32 x 8 (x, y), global (w, h, d) padded; axis 0, 1, 2 = x, y, z.
__kernel void convolve_axis(__global const SRC_T* src, __global DST_T* dst,
                            __global const float* weights, __global const float* base,
                            const int radius, const int axis, const int w, const int h,
                            const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int c = axis == 0 ? x : (axis == 1 ? y : z);
  const int len = axis == 0 ? w : (axis == 1 ? h : d);
  const long stride = axis == 0 ? 1L : (axis == 1 ? (long)w : (long)w * (long)h);
  __global const SRC_T* line = src + ((long)i - (long)c * stride);
  float s = 0.0f;
  if (c >= radius && c + radius < len) {
    __global const SRC_T* p = line + (long)(c - radius) * stride;
    for (int k = 0; k <= 2 * radius; k++) {
      s = fma(weights[k], (float)p[(long)k * stride], s);
    }
  } else {
    for (int k = -radius; k <= radius; k++) {
      const int cc = clamp(c + k, 0, len - 1);
      s = fma(weights[k + radius], (float)line[(long)cc * stride], s);
    }
  }
#if MODE == 1
  dst[i] = CONVERT_DST_T(base[i] - s);
#else
  dst[i] = CONVERT_DST_T(s);
#endif
}

// The x pass through a local-memory tile: a work group of TILE_W x TILE_H pixels loads its rows
// plus radius pixels on either side once (coalesced), then every work item reads its 2r+1 taps
// from local memory. tile holds TILE_H * (TILE_W + 2 * radius) floats.
#define TILE_W 64
#define TILE_H 4
__kernel void convolve_x_tiled(__global const SRC_T* src, __global DST_T* dst,
                               __global const float* weights, __global const float* base,
                               const int radius, const int w, const int h, const int d,
                               __local float* tile) {
  const int lx = get_local_id(0);
  const int ly = get_local_id(1);
  const int x0 = get_group_id(0) * TILE_W;
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  const int span = TILE_W + 2 * radius;
  __local float* row = tile + ly * span;
  if (y < h && z < d) {
    __global const SRC_T* line = src + FOVEA_IDX(0, y, z, w, h);
    for (int j = lx; j < span; j += TILE_W) {
      const int xx = clamp(x0 - radius + j, 0, w - 1);
      row[j] = (float)line[xx];
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  const int x = x0 + lx;
  if (x >= w || y >= h || z >= d) return;
  float s = 0.0f;
  for (int k = 0; k <= 2 * radius; k++) {
    s = fma(weights[k], row[lx + k], s);
  }
  const size_t i = FOVEA_IDX(x, y, z, w, h);
#if MODE == 1
  dst[i] = CONVERT_DST_T(base[i] - s);
#else
  dst[i] = CONVERT_DST_T(s);
#endif
}
