// Passes of a separable maximum (OPERATION 0) or minimum (OPERATION 1; the host defines it)
// filter over a box of 2 * radius + 1 pixels along one axis, in the source type (exact; the
// destination type only at the last pass). Border: clamp to edge (for a maximum or minimum the
// same as ignoring outside pixels).
// BETTER(v, m): v replaces the running extremum m
#if OPERATION == 0
#define BETTER(v, m) ((v) > (m))
#elif OPERATION == 1
#define BETTER(v, m) ((v) < (m))
#else
#error "OPERATION must be 0 (maximum) or 1 (minimum)"
#endif
#define PICK(a, b) (BETTER(b, a) ? (b) : (a))

// FOVEA_AXIS_PIXEL (the pixel of a pass along any axis), FOVEA_ROW_TILE (the x pass' tile)
#include "lib/separable.cl"

// Any axis, one pixel per work item: work groups of 32 x 8, global (w, h, d) padded.
__kernel void extremum_box_axis(__global const SRC_T* src, __global DST_T* dst, const int radius,
                              const int axis, const int w, const int h, const int d) {
  FOVEA_AXIS_PIXEL(axis, w, h, d)
  __global const SRC_T* line = src + ((long)i - (long)c * stride);
  const int lo = max(c - radius, 0);
  const int hi = min(c + radius, len - 1);
  SRC_T m = line[(long)lo * stride];
  for (int cc = lo + 1; cc <= hi; cc++) {
    m = PICK(m, line[(long)cc * stride]);
  }
  dst[i] = CONVERT_DST_T(m);
}

// y and z passes with 8 consecutive x pixels per work item (one vector load per tap);
// global (ceil(w / 8), h, d). The last, partial group of a row is done pixel by pixel. The host
// defines VSRC_T (8-wide source vector) and CVT_SRC(x) (source vector -> destination vector).
__kernel void extremum_box_yz_v8(__global const SRC_T* src, __global DST_T* dst, const int radius,
                               const int axis, const int w, const int h, const int d) {
  const int x = get_global_id(0) * 8;
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int c = axis == 1 ? y : z;
  const int len = axis == 1 ? h : d;
  const long stride = axis == 1 ? (long)w : (long)w * (long)h;
  const int lo = max(c - radius, 0);
  const int hi = min(c + radius, len - 1);
  if (x + 8 <= w) {
    __global const SRC_T* line = src + ((long)i - (long)c * stride);
    VSRC_T m = vload8(0, line + (long)lo * stride);
    for (int cc = lo + 1; cc <= hi; cc++) {
      const VSRC_T v = vload8(0, line + (long)cc * stride);
      m = select(m, v, BETTER(v, m));
    }
    vstore8(CVT_SRC(m), 0, dst + i);
  } else {
    for (int xx = x; xx < w; xx++) {
      __global const SRC_T* line = src + ((long)(i + (xx - x)) - (long)c * stride);
      SRC_T m = line[(long)lo * stride];
      for (int cc = lo + 1; cc <= hi; cc++) {
        m = PICK(m, line[(long)cc * stride]);
      }
      dst[i + (xx - x)] = CONVERT_DST_T(m);
    }
  }
}

// The x pass through a local-memory tile of TILE_H rows of TILE_W + 2 * radius pixels.
#define TILE_W 64
#define TILE_H 4
__kernel void extremum_box_x_tiled(__global const SRC_T* src, __global DST_T* dst,
                                 const int radius, const int w, const int h, const int d,
                                 __local SRC_T* tile) {
  FOVEA_ROW_TILE(SRC_T, tile, src, radius, w, h, d, TILE_W)
  SRC_T m = row[lx];
  for (int k = 1; k <= 2 * radius; k++) {
    m = PICK(m, row[lx + k]);
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(m);
}
