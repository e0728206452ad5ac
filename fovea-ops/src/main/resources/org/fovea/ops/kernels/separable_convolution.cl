// One pass of a separable convolution along one axis, with host-computed weights (2 * radius + 1
// floats, weights[radius] is the centre). Border: clamp to edge (outside pixels take the value of
// the nearest edge pixel). Accumulation is fma(weight, value, sum) from the lowest coordinate up,
// so every kernel below gives bit-identical results.
#ifndef MODE
#define MODE 0
#endif

// Work groups of 32 x 8 (x, y), global (w, h, d) padded; axis 0, 1, 2 = x, y, z.
__kernel void convolve_axis(__global const SRC_T* src, __global DST_T* dst,
                            __global const float* weights, const int radius, const int axis, const int w, const int h,
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
  dst[i] = CONVERT_DST_T(s);
}

// The x pass through a local-memory tile: a work group of TILE_W x TILE_H pixels loads its rows
// plus radius pixels on either side once (coalesced), then every work item reads its 2r+1 taps
// from local memory. tile holds TILE_H * (TILE_W + 2 * radius) floats.
#define TILE_W 64
#define TILE_H 4
__kernel void convolve_x_tiled(__global const SRC_T* src, __global DST_T* dst,
                               __global const float* weights, const int radius, const int w, const int h, const int d,
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
  dst[i] = CONVERT_DST_T(s);
}

// ---------------------------------------------------------------------------------------------
// Two convolutions at once (difference of Gaussians): every pass convolves src1 with weights1 and
// src2 with weights2. MODE 0 writes both results; MODE 1 (the last pass) writes only
// dst1 = conv1 - conv2. A radius of 0 (weights {1}) copies. Same fma order as above, so the
// results are bit-identical to two separate blurs followed by a subtraction.

__kernel void convolve_axis_dual(__global const SRC_T* src1, __global const SRC_T* src2,
                                 __global DST_T* dst1, __global DST_T* dst2,
                                 __global const float* weights1, const int radius1,
                                 __global const float* weights2, const int radius2,
                                 const int axis, const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int c = axis == 0 ? x : (axis == 1 ? y : z);
  const int len = axis == 0 ? w : (axis == 1 ? h : d);
  const long stride = axis == 0 ? 1L : (axis == 1 ? (long)w : (long)w * (long)h);
  const long off = (long)i - (long)c * stride;
  __global const SRC_T* line1 = src1 + off;
  __global const SRC_T* line2 = src2 + off;
  float s1 = 0.0f;
  float s2 = 0.0f;
  for (int k = -radius1; k <= radius1; k++) {
    const int cc = clamp(c + k, 0, len - 1);
    s1 = fma(weights1[k + radius1], (float)line1[(long)cc * stride], s1);
  }
  for (int k = -radius2; k <= radius2; k++) {
    const int cc = clamp(c + k, 0, len - 1);
    s2 = fma(weights2[k + radius2], (float)line2[(long)cc * stride], s2);
  }
#if MODE == 1
  dst1[i] = CONVERT_DST_T(s1 - s2);
#else
  dst1[i] = CONVERT_DST_T(s1);
  dst2[i] = CONVERT_DST_T(s2);
#endif
}

// The first (x) pass of the dual convolution: one tile of src serves both kernels (src is read
// once). The tile has TILE_H rows of TILE_W + 2 * max(radius1, radius2) floats.
__kernel void convolve_x_tiled_dual(__global const SRC_T* src, __global DST_T* dst1,
                                    __global DST_T* dst2, __global const float* weights1,
                                    const int radius1, __global const float* weights2,
                                    const int radius2, const int w, const int h, const int d,
                                    __local float* tile) {
  const int lx = get_local_id(0);
  const int ly = get_local_id(1);
  const int x0 = get_group_id(0) * TILE_W;
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  const int radius = max(radius1, radius2);
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
  float s1 = 0.0f;
  float s2 = 0.0f;
  for (int k = 0; k <= 2 * radius1; k++) {
    s1 = fma(weights1[k], row[lx + radius - radius1 + k], s1);
  }
  for (int k = 0; k <= 2 * radius2; k++) {
    s2 = fma(weights2[k], row[lx + radius - radius2 + k], s2);
  }
  const size_t i = FOVEA_IDX(x, y, z, w, h);
#if MODE == 1
  dst1[i] = CONVERT_DST_T(s1 - s2);
#else
  dst1[i] = CONVERT_DST_T(s1);
  dst2[i] = CONVERT_DST_T(s2);
#endif
}
