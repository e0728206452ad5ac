// Passes of a separable convolution along one axis, with host-computed weights (2 * radius + 1
// floats, weights[radius] is the centre). Border: clamp to edge (outside pixels take the value of
// the nearest edge pixel). Results are accumulated in float with fma.
#ifndef MODE
#define MODE 0
#endif

// Weighted sum of the n = 2 * radius + 1 taps TAP(0..n-1) with four independent accumulators
// (tap k goes to accumulator k % 4, the last n % 4 taps to the first), so that the fma latency
// does not serialise the loop on CPU devices (PoCL). Every kernel below sums in this same order, so
// the tiled and untiled variants give bit-identical results.
#define WEIGHTED_SUM(result, n, weights, TAP)                   \
  {                                                             \
    float a0_ = 0.0f, a1_ = 0.0f, a2_ = 0.0f, a3_ = 0.0f;       \
    int k_ = 0;                                                 \
    for (; k_ + 3 < (n); k_ += 4) {                             \
      a0_ = fma((weights)[k_], TAP(k_), a0_);                   \
      a1_ = fma((weights)[k_ + 1], TAP(k_ + 1), a1_);           \
      a2_ = fma((weights)[k_ + 2], TAP(k_ + 2), a2_);           \
      a3_ = fma((weights)[k_ + 3], TAP(k_ + 3), a3_);           \
    }                                                           \
    for (; k_ < (n); k_++) a0_ = fma((weights)[k_], TAP(k_), a0_); \
    result = (a0_ + a1_) + (a2_ + a3_);                         \
  }

// Work groups of 32 x 8 (x, y), global (w, h, d) padded; axis 0, 1, 2 = x, y, z.
__kernel void convolve_axis(__global const SRC_T* src, __global DST_T* dst,
                            __global const float* weights, const int radius, const int axis,
                            const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int c = axis == 0 ? x : (axis == 1 ? y : z);
  const int len = axis == 0 ? w : (axis == 1 ? h : d);
  const long stride = axis == 0 ? 1L : (axis == 1 ? (long)w : (long)w * (long)h);
  __global const SRC_T* line = src + ((long)i - (long)c * stride);
  const int n = 2 * radius + 1;
  float s;
  if (c >= radius && c + radius < len) {
    __global const SRC_T* p = line + (long)(c - radius) * stride;
#define TAP_IN(k) ((float)p[(long)(k) * stride])
    WEIGHTED_SUM(s, n, weights, TAP_IN)
  } else {
#define TAP_CLAMPED(k) ((float)line[(long)clamp(c - radius + (k), 0, len - 1) * stride])
    WEIGHTED_SUM(s, n, weights, TAP_CLAMPED)
  }
  dst[i] = CONVERT_DST_T(s);
}

// The x pass through a local-memory tile: a work group of TILE_W x TILE_H pixels loads its rows
// plus radius pixels on either side once (coalesced), then every work item reads its 2r+1 taps
// from local memory. tile holds TILE_H * (TILE_W + 2 * radius) floats.
#define TILE_W 64
#define TILE_H 4
__kernel void convolve_x_tiled(__global const SRC_T* src, __global DST_T* dst,
                               __global const float* weights, const int radius, const int w,
                               const int h, const int d, __local float* tile) {
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
  float s;
#define TAP_TILE(k) (row[lx + (k)])
  WEIGHTED_SUM(s, 2 * radius + 1, weights, TAP_TILE)
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(s);
}

// ---------------------------------------------------------------------------------------------
// Two convolutions at once (difference of Gaussians): every pass convolves src1 with weights1 and
// src2 with weights2. MODE 0 writes both results; MODE 1 (the last pass) writes only
// dst1 = conv1 - conv2. A radius of 0 (weights {1}) copies. Same summation order as above, so the
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
  float s1;
  float s2;
  const int radius = max(radius1, radius2);
  if (c >= radius && c + radius < len) {
    __global const SRC_T* p1 = line1 + (long)(c - radius1) * stride;
    __global const SRC_T* p2 = line2 + (long)(c - radius2) * stride;
#define TAP_IN_1(k) ((float)p1[(long)(k) * stride])
#define TAP_IN_2(k) ((float)p2[(long)(k) * stride])
    WEIGHTED_SUM(s1, 2 * radius1 + 1, weights1, TAP_IN_1)
    WEIGHTED_SUM(s2, 2 * radius2 + 1, weights2, TAP_IN_2)
  } else {
#define TAP_1(k) ((float)line1[(long)clamp(c - radius1 + (k), 0, len - 1) * stride])
#define TAP_2(k) ((float)line2[(long)clamp(c - radius2 + (k), 0, len - 1) * stride])
    WEIGHTED_SUM(s1, 2 * radius1 + 1, weights1, TAP_1)
    WEIGHTED_SUM(s2, 2 * radius2 + 1, weights2, TAP_2)
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
  float s1;
  float s2;
#define TAP_TILE_1(k) (row[lx + radius - radius1 + (k)])
#define TAP_TILE_2(k) (row[lx + radius - radius2 + (k)])
  WEIGHTED_SUM(s1, 2 * radius1 + 1, weights1, TAP_TILE_1)
  WEIGHTED_SUM(s2, 2 * radius2 + 1, weights2, TAP_TILE_2)
  const size_t i = FOVEA_IDX(x, y, z, w, h);
#if MODE == 1
  dst1[i] = CONVERT_DST_T(s1 - s2);
#else
  dst1[i] = CONVERT_DST_T(s1);
  dst2[i] = CONVERT_DST_T(s2);
#endif
}

// ---------------------------------------------------------------------------------------------
// y and z passes, 8 consecutive x pixels per work item with float8 arithmetic (one vector load
// per tap: wide, coalesced accesses on GPUs, SIMD on CPU devices). Global (ceil(w / 8), h, d).
// The last, partial group of 8 in a row is done pixel by pixel in the same summation order.
// The host defines CVT_F(x) (float8 -> the destination type).

#define VTAP_ROW(k) convert_float8(vload8(0, line + (long)clamp(c - radius + (k), 0, len - 1) * stride))
#define VWEIGHTED_SUM(result, n, weights, TAP)                                     \
  {                                                                                \
    float8 a0_ = (float8)(0.0f), a1_ = (float8)(0.0f), a2_ = (float8)(0.0f),       \
           a3_ = (float8)(0.0f);                                                   \
    int k_ = 0;                                                                    \
    for (; k_ + 3 < (n); k_ += 4) {                                                \
      a0_ = fma((float8)((weights)[k_]), TAP(k_), a0_);                            \
      a1_ = fma((float8)((weights)[k_ + 1]), TAP(k_ + 1), a1_);                    \
      a2_ = fma((float8)((weights)[k_ + 2]), TAP(k_ + 2), a2_);                    \
      a3_ = fma((float8)((weights)[k_ + 3]), TAP(k_ + 3), a3_);                    \
    }                                                                              \
    for (; k_ < (n); k_++) a0_ = fma((float8)((weights)[k_]), TAP(k_), a0_);       \
    result = (a0_ + a1_) + (a2_ + a3_);                                            \
  }

__kernel void convolve_yz_v8(__global const SRC_T* src, __global DST_T* dst,
                             __global const float* weights, const int radius, const int axis,
                             const int w, const int h, const int d) {
  const int x = get_global_id(0) * 8;
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int c = axis == 1 ? y : z;
  const int len = axis == 1 ? h : d;
  const long stride = axis == 1 ? (long)w : (long)w * (long)h;
  const int n = 2 * radius + 1;
  if (x + 8 <= w) {
    __global const SRC_T* line = src + ((long)i - (long)c * stride);
    float8 s;
    VWEIGHTED_SUM(s, n, weights, VTAP_ROW)
    vstore8(CVT_F(s), 0, dst + i);
  } else {
    for (int xx = x; xx < w; xx++) {
      __global const SRC_T* line = src + ((long)(i + (xx - x)) - (long)c * stride);
      float s;
#define TAP_ROW(k) ((float)line[(long)clamp(c - radius + (k), 0, len - 1) * stride])
      WEIGHTED_SUM(s, n, weights, TAP_ROW)
      dst[i + (xx - x)] = CONVERT_DST_T(s);
    }
  }
}

// The dual (difference of Gaussians) y and z passes, 8 x pixels per work item.
__kernel void convolve_yz_v8_dual(__global const SRC_T* src1, __global const SRC_T* src2,
                                  __global DST_T* dst1, __global DST_T* dst2,
                                  __global const float* weights1, const int radius1,
                                  __global const float* weights2, const int radius2,
                                  const int axis, const int w, const int h, const int d) {
  const int x = get_global_id(0) * 8;
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int c = axis == 1 ? y : z;
  const int len = axis == 1 ? h : d;
  const long stride = axis == 1 ? (long)w : (long)w * (long)h;
  const long off = (long)i - (long)c * stride;
  if (x + 8 <= w) {
    float8 s1;
    float8 s2;
    {
      __global const SRC_T* line = src1 + off;
      const int radius = radius1;
      VWEIGHTED_SUM(s1, 2 * radius1 + 1, weights1, VTAP_ROW)
    }
    {
      __global const SRC_T* line = src2 + off;
      const int radius = radius2;
      VWEIGHTED_SUM(s2, 2 * radius2 + 1, weights2, VTAP_ROW)
    }
#if MODE == 1
    vstore8(CVT_F(s1 - s2), 0, dst1 + i);
#else
    vstore8(CVT_F(s1), 0, dst1 + i);
    vstore8(CVT_F(s2), 0, dst2 + i);
#endif
  } else {
    for (int xx = x; xx < w; xx++) {
      const long o = off + (xx - x);
      float s1;
      float s2;
      {
        __global const SRC_T* line = src1 + o;
        const int radius = radius1;
        WEIGHTED_SUM(s1, 2 * radius1 + 1, weights1, TAP_ROW)
      }
      {
        __global const SRC_T* line = src2 + o;
        const int radius = radius2;
        WEIGHTED_SUM(s2, 2 * radius2 + 1, weights2, TAP_ROW)
      }
#if MODE == 1
      dst1[i + (xx - x)] = CONVERT_DST_T(s1 - s2);
#else
      dst1[i + (xx - x)] = CONVERT_DST_T(s1);
      dst2[i + (xx - x)] = CONVERT_DST_T(s2);
#endif
    }
  }
}
