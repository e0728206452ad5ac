// Reslicing kernels (CLIJ2 semantics) and X/Y maximum projections. One work item per destination
// pixel; sizes are the SOURCE sizes (w, h, d). Every kernel checks its bounds.
#pragma OPENCL FP_CONTRACT OFF

#if SRC_IS_FLOAT || DST_IS_FLOAT
#define COPY_TO_DST(v) CONVERT_DST_T((float)(v))
#else
#define COPY_TO_DST(v) CONVERT_DST_T(v)
#endif

// dst is w×d×h: dst(x, z, y) = src(x, y, z)
__kernel void reslice_top(__global const SRC_T* src, __global DST_T* dst, const int w,
                          const int h, const int d) {
  const int x = get_global_id(0);
  const int z = get_global_id(1);
  const int y = get_global_id(2);
  if (x >= w || z >= d || y >= h) return;
  dst[FOVEA_IDX(x, z, y, w, d)] = COPY_TO_DST(src[FOVEA_IDX(x, y, z, w, h)]);
}

// dst is w×d×h: dst(x, z, h-1-y) = src(x, y, z)
__kernel void reslice_bottom(__global const SRC_T* src, __global DST_T* dst, const int w,
                             const int h, const int d) {
  const int x = get_global_id(0);
  const int z = get_global_id(1);
  const int k = get_global_id(2);
  if (x >= w || z >= d || k >= h) return;
  dst[FOVEA_IDX(x, z, k, w, d)] = COPY_TO_DST(src[FOVEA_IDX(x, h - 1 - k, z, w, h)]);
}

// dst is h×d×w: dst(y, z, x) = src(x, y, z)
__kernel void reslice_left(__global const SRC_T* src, __global DST_T* dst, const int w,
                           const int h, const int d) {
  const int y = get_global_id(0);
  const int z = get_global_id(1);
  const int x = get_global_id(2);
  if (y >= h || z >= d || x >= w) return;
  dst[FOVEA_IDX(y, z, x, h, d)] = COPY_TO_DST(src[FOVEA_IDX(x, y, z, w, h)]);
}

// dst is h×d×w: dst(y, z, w-1-x) = src(x, y, z)
__kernel void reslice_right(__global const SRC_T* src, __global DST_T* dst, const int w,
                            const int h, const int d) {
  const int y = get_global_id(0);
  const int z = get_global_id(1);
  const int k = get_global_id(2);
  if (y >= h || z >= d || k >= w) return;
  dst[FOVEA_IDX(y, z, k, h, d)] = COPY_TO_DST(src[FOVEA_IDX(w - 1 - k, y, z, w, h)]);
}

// fovea_at_or_zero, fovea_bilinear
#include "lib/sampling.cl"

// dst is radius×d×angles: dst(r, z, a) = bilinear src(cx + sin(t)·r·sx, cy + cos(t)·r·sy, z),
// t = (a·deltaAngle + startAngle) in degrees; positions in index coordinates (pixel centres at
// integers); neighbours outside the image contribute 0 (as CLIJ2's CLK_ADDRESS_CLAMP sampler).
__kernel void reslice_radial(__global const SRC_T* src, __global DST_T* dst, const int w,
                             const int h, const int d, const int nr, const int na,
                             const float deltaAngle, const float startAngle, const float cx,
                             const float cy, const float sx, const float sy) {
  const int r = get_global_id(0);
  const int z = get_global_id(1);
  const int a = get_global_id(2);
  if (r >= nr || z >= d || a >= na) return;
  const float t = ((float)a * deltaAngle + startAngle) * (M_PI_F / 180.0f);
  const float px = cx + sin(t) * (float)r * sx;
  const float py = cy + cos(t) * (float)r * sy;
  const float fx = floor(px);
  const float fy = floor(py);
  const float ax = px - fx;
  const float ay = py - fy;
  const int x0 = (int)fx;
  const int y0 = (int)fy;
  const float c[2][2] = {
      {fovea_at_or_zero(src, x0, y0, z, w, h), fovea_at_or_zero(src, x0 + 1, y0, z, w, h)},
      {fovea_at_or_zero(src, x0, y0 + 1, z, w, h), fovea_at_or_zero(src, x0 + 1, y0 + 1, z, w, h)}};
  dst[FOVEA_IDX(r, z, a, nr, d)] = CONVERT_DST_T(fovea_bilinear(c, ax, ay));
}

// dst is d×h: dst(z, y) = max over x of src(x, y, z)
__kernel void maximum_x_projection(__global const SRC_T* src, __global DST_T* dst, const int w,
                                   const int h, const int d) {
  const int z = get_global_id(0);
  const int y = get_global_id(1);
  if (z >= d || y >= h) return;
  SRC_T m = src[FOVEA_IDX(0, y, z, w, h)];
  for (int x = 1; x < w; x++) {
    const SRC_T v = src[FOVEA_IDX(x, y, z, w, h)];
    m = v > m ? v : m;
  }
  dst[FOVEA_IDX(z, y, 0, d, h)] = COPY_TO_DST(m);
}

// dst is w×d: dst(x, z) = max over y of src(x, y, z)
__kernel void maximum_y_projection(__global const SRC_T* src, __global DST_T* dst, const int w,
                                   const int h, const int d) {
  const int x = get_global_id(0);
  const int z = get_global_id(1);
  if (x >= w || z >= d) return;
  SRC_T m = src[FOVEA_IDX(x, 0, z, w, h)];
  for (int y = 1; y < h; y++) {
    const SRC_T v = src[FOVEA_IDX(x, y, z, w, h)];
    m = v > m ? v : m;
  }
  dst[FOVEA_IDX(x, z, 0, w, d)] = COPY_TO_DST(m);
}

// Projection along one axis over the index range [t0, t1] (the host clamps it to the image):
// operation 0 maximum, 1 minimum (in the source type), 2 mean (float32 sum from t0 up, divided by
// the count). The destination is laid out as CLIJ2's: axis 0 (x) gives d×h, dst(z, y); axis 1 (y)
// gives w×d, dst(x, z); axis 2 (z) gives w×h, dst(x, y). Launched over the destination's (width,
// height).
__kernel void axis_projection(__global const SRC_T* src, __global DST_T* dst, const int w,
                              const int h, const int d, const int axis, const int t0,
                              const int t1, const int operation) {
  const int u = get_global_id(0);
  const int v = get_global_id(1);
  const int ow = axis == 0 ? d : w;
  const int oh = axis == 1 ? d : h;
  if (u >= ow || v >= oh) return;
  const int x0 = axis == 0 ? 0 : u;
  const int y0 = axis == 0 ? v : (axis == 1 ? 0 : v);
  const int z0 = axis == 0 ? u : (axis == 1 ? v : 0);
  const long step = axis == 0 ? 1L : (axis == 1 ? (long)w : (long)w * h);
  __global const SRC_T* p = src + FOVEA_IDX(x0, y0, z0, w, h);
  SRC_T m = p[t0 * step];
  float sum = 0.0f;
  for (int t = t0; t <= t1; t++) {
    const SRC_T s = p[t * step];
    sum += (float)s;
    if (operation == 0 ? s > m : s < m) m = s;
  }
  const size_t o = FOVEA_IDX(u, v, 0, ow, oh);
  if (operation == 2) {
    dst[o] = CONVERT_DST_T(sum / (float)(t1 - t0 + 1));
  } else {
    dst[o] = COPY_TO_DST(m);
  }
}

// dst(x, y, z) = src[base + x·s0 + y·s1 + z·s2] for a dw×dh×dd destination: axis permutations
// (transposeXY/XZ/YZ) and slice subsampling (reduceStack). The host checks that every index lies
// inside src.
__kernel void copy_strided(__global const SRC_T* src, __global DST_T* dst, const int dw,
                           const int dh, const int dd, const long base, const long s0,
                           const long s1, const long s2) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= dw || y >= dh || z >= dd) return;
  dst[FOVEA_IDX(x, y, z, dw, dh)] = COPY_TO_DST(src[base + x * s0 + y * s1 + z * s2]);
}
