// Geometry kernels: flips, 90° rotations and an interpolating affine sampler.
// Images are linear buffers, x fastest. One work item per destination pixel; the global size is
// the destination shape, but every kernel checks its bounds anyway.
//
// Coordinate convention of the affine sampler ("pixel centres at +0.5"): pixel i covers the
// interval [i, i+1) and its centre is i + 0.5. The host passes the 3×4 matrix M that maps a
// destination centre (x+0.5, y+0.5, z+0.5) to a source position p. A position outside the source
// extent [0,w)×[0,h)×[0,d) samples 0. Nearest: the pixel floor(p). Linear: index coordinates
// q = p − 0.5, trilinear between floor(q) and floor(q)+1, neighbours clamped into the image.
#pragma OPENCL FP_CONTRACT OFF

#if SRC_IS_FLOAT || DST_IS_FLOAT
#define COPY_TO_DST(v) CONVERT_DST_T((float)(v))
#else
#define COPY_TO_DST(v) CONVERT_DST_T(v)
#endif

__kernel void flip(__global const SRC_T* src, __global DST_T* dst, const int w, const int h,
                   const int d, const int fx, const int fy, const int fz) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int sx = fx ? w - 1 - x : x;
  const int sy = fy ? h - 1 - y : y;
  const int sz = fz ? d - 1 - z : z;
  dst[FOVEA_IDX(x, y, z, w, h)] = COPY_TO_DST(src[FOVEA_IDX(sx, sy, sz, w, h)]);
}

// Like flip (source and destination of one type), eight consecutive x per work item: one
// 8-wide vector load (reversed with a swizzle when mirroring x) and one 8-wide store per work
// item; the last partial group of a row is copied pixel by pixel.
__kernel void flip8(__global const SRC_T* src, __global DST_T* dst, const int w, const int h,
                    const int d, const int fx, const int fy, const int fz) {
  const int x0 = get_global_id(0) * 8;
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x0 >= w || y >= h || z >= d) return;
  const int sy = fy ? h - 1 - y : y;
  const int sz = fz ? d - 1 - z : z;
  __global const SRC_T* srow = src + FOVEA_IDX(0, sy, sz, w, h);
  __global DST_T* drow = dst + FOVEA_IDX(0, y, z, w, h);
  if (x0 + 8 <= w) {
    const int sx0 = fx ? w - 8 - x0 : x0;
    // rows start at multiples of w: with w % 8 == 0 every group of eight is vector-aligned, and
    // the cast lets the compiler issue one wide load/store (vload8 only assumes element alignment)
    const int aligned = (w & 7) == 0;
    SRC_T8 v = aligned ? ((__global const SRC_T8*)srow)[sx0 >> 3] : vload8(0, srow + sx0);
    if (fx) v = v.s76543210;
    if (aligned) ((__global DST_T8*)drow)[x0 >> 3] = v;
    else vstore8(v, 0, drow + x0);
  } else {
    for (int x = x0; x < w; x++) drow[x] = srow[fx ? w - 1 - x : x];
  }
}

// 90° rotations through a 32×32 local-memory tile (work groups of 32×8, each item moves four
// pixels): reads along source rows and writes along destination rows are both coalesced.
// cw = 1: dst(i, j, z) = src(j, h-1-i, z); cw = 0: dst(i, j, z) = src(w-1-j, i, z). dst is h×w×d.
// Launched over (ceil(h/32)*32, ceil(w/32)*8, d).
__kernel void rotate90_tiled(__global const SRC_T* src, __global DST_T* dst, const int w,
                             const int h, const int d, const int cw) {
  __local SRC_T tile[32][33];
  const int tx = get_local_id(0);
  const int ty = get_local_id(1);
  const int i0 = get_group_id(0) * 32;  // destination x (0..h)
  const int j0 = get_group_id(1) * 32;  // destination y (0..w)
  const int z = get_global_id(2);
  if (z >= d) return;
  for (int k = ty; k < 32; k += 8) {
    // tile[k][tx]: cw: src(j0 + tx, h-1-(i0+k)); ccw: src(w-1-j0-31+tx, i0+k)
    const int sx = cw ? j0 + tx : w - 1 - j0 - 31 + tx;
    const int sy = cw ? h - 1 - (i0 + k) : i0 + k;
    if (sx >= 0 && sx < w && sy >= 0 && sy < h) tile[k][tx] = src[FOVEA_IDX(sx, sy, z, w, h)];
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int k = ty; k < 32; k += 8) {
    const int i = i0 + tx;
    const int j = j0 + k;
    if (i < h && j < w) dst[FOVEA_IDX(i, j, z, h, w)] = COPY_TO_DST(cw ? tile[tx][k] : tile[tx][31 - k]);
  }
}

// dst is h×w×d; dst(i, j, z) = src(j, h-1-i, z) (ImageJ's rotateRight).
__kernel void rotate_clockwise(__global const SRC_T* src, __global DST_T* dst, const int w,
                               const int h, const int d) {
  const int i = get_global_id(0);
  const int j = get_global_id(1);
  const int z = get_global_id(2);
  if (i >= h || j >= w || z >= d) return;
  dst[FOVEA_IDX(i, j, z, h, w)] = COPY_TO_DST(src[FOVEA_IDX(j, h - 1 - i, z, w, h)]);
}

// dst is h×w×d; dst(i, j, z) = src(w-1-j, i, z) (ImageJ's rotateLeft).
__kernel void rotate_counter_clockwise(__global const SRC_T* src, __global DST_T* dst,
                                       const int w, const int h, const int d) {
  const int i = get_global_id(0);
  const int j = get_global_id(1);
  const int z = get_global_id(2);
  if (i >= h || j >= w || z >= d) return;
  dst[FOVEA_IDX(i, j, z, h, w)] = COPY_TO_DST(src[FOVEA_IDX(w - 1 - j, i, z, w, h)]);
}

// fovea_at (src as float), fovea_corner, fovea_trilinear
#include "lib/sampling.cl"

// The value of src at position (px, py, pz) (pixel centres at +0.5), see the convention above;
// zeroBorder (linear only): neighbours outside the image count as 0 (CLIJ2's clamp-to-zero
// sampler) instead of being clamped to the edge pixel, and positions outside the image are not
// cut to 0 but fade out through those zero neighbours (as CLIJ2).
float fovea_sample(__global const SRC_T* src, const float px, const float py, const float pz,
                   const int sw, const int sh, const int sd, const int linear,
                   const int zeroBorder) {
  // with zero neighbours (CLIJ2) a linear sample fades out over the half pixel past the edge
  if (!(linear && zeroBorder)
      && !(px >= 0.0f && py >= 0.0f && pz >= 0.0f && px < (float)sw && py < (float)sh
           && pz < (float)sd)) {
    return 0.0f;
  }
  if (!linear) {
    const int ix = min((int)floor(px), sw - 1);
    const int iy = min((int)floor(py), sh - 1);
    const int iz = min((int)floor(pz), sd - 1);
    return fovea_at(src, ix, iy, iz, sw, sh);
  }
  // 2D images (sd == 1) interpolate in x and y only
  int x0;
  int y0;
  int z0 = 0;
  const float ax = fovea_corner(px, &x0);
  const float ay = fovea_corner(py, &y0);
  const float az = sd == 1 ? 0.0f : fovea_corner(pz, &z0);
  float c[2][2][2];
  for (int k = 0; k < 2; k++) {
    for (int j = 0; j < 2; j++) {
      for (int i = 0; i < 2; i++) {
        const int xi = x0 + i;
        const int yj = y0 + j;
        const int zk = z0 + k;
        const int inside = xi >= 0 && xi < sw && yj >= 0 && yj < sh && zk >= 0 && zk < sd;
        c[k][j][i] = zeroBorder && !inside
                         ? 0.0f
                         : fovea_at(src, clamp(xi, 0, sw - 1), clamp(yj, 0, sh - 1),
                                    clamp(zk, 0, sd - 1), sw, sh);
      }
    }
  }
  return fovea_trilinear(c, ax, ay, az);
}

__kernel void affine_sample(__global const SRC_T* src, __global DST_T* dst, const int sw,
                            const int sh, const int sd, const int dw, const int dh, const int dd,
                            const float m00, const float m01, const float m02, const float m03,
                            const float m10, const float m11, const float m12, const float m13,
                            const float m20, const float m21, const float m22, const float m23,
                            const int linear, const int zeroBorder) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= dw || y >= dh || z >= dd) return;
  const float cx = (float)x + 0.5f;
  const float cy = (float)y + 0.5f;
  const float cz = (float)z + 0.5f;
  const float px = m00 * cx + m01 * cy + m02 * cz + m03;
  const float py = m10 * cx + m11 * cy + m12 * cz + m13;
  const float pz = m20 * cx + m21 * cy + m22 * cz + m23;
  dst[FOVEA_IDX(x, y, z, dw, dh)] =
      CONVERT_DST_T(fovea_sample(src, px, py, pz, sw, sh, sd, linear, zeroBorder));
}

#ifdef VX_T
// applyVectorField: dst(x, y, z) = src sampled at its centre plus (vx, vy, vz)(x, y, z) (vz only
// when hasZ); the vector images have dst's shape, src may differ.
__kernel void vector_field_sample(__global const SRC_T* src, __global const VX_T* vx,
                                  __global const VY_T* vy, __global const VZ_T* vz,
                                  __global DST_T* dst, const int sw, const int sh, const int sd,
                                  const int dw, const int dh, const int dd, const int hasZ,
                                  const int linear) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= dw || y >= dh || z >= dd) return;
  const size_t i = FOVEA_IDX(x, y, z, dw, dh);
  const float px = (float)x + 0.5f + (float)vx[i];
  const float py = (float)y + 0.5f + (float)vy[i];
  const float pz = (float)z + 0.5f + (hasZ ? (float)vz[i] : 0.0f);
  dst[i] = CONVERT_DST_T(fovea_sample(src, px, py, pz, sw, sh, sd, linear, 1));
}
#endif
