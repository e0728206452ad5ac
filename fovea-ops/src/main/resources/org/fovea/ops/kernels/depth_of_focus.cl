// Extended depth of focus: a focus measure per slice, then for each (x, y) the pixel of the slice
// whose (blurred) measure is largest.
#pragma OPENCL FP_CONTRACT OFF

#if SRC_IS_FLOAT || DST_IS_FLOAT
#define COPY_TO_DST(v) CONVERT_DST_T((float)(v))
#else
#define COPY_TO_DST(v) CONVERT_DST_T(v)
#endif
#ifndef SQUARED
#define SQUARED 0
#endif

// The in-slice gradient of every voxel: gx = the derivative (−1, 0, 1) along x smoothed with
// (1, 2, 1) along y, gy likewise; neighbours outside the slice repeat its edge pixels. Writes
// sqrt(gx² + gy²) (SQUARED 0, the Sobel magnitude) or gx² + gy² (SQUARED 1, Tenengrad) into a
// float32 dst.
__kernel void slice_gradient(__global const SRC_T* src, __global DST_T* dst, const int w,
                             const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int xl = max(x - 1, 0), xr = min(x + 1, w - 1);
  const int yu = max(y - 1, 0), yd = min(y + 1, h - 1);
  __global const SRC_T* s = src + (size_t)z * (size_t)w * (size_t)h;
#define P(px, py) ((float)s[(size_t)(py) * (size_t)w + (size_t)(px)])
  const float gx = (P(xr, yu) - P(xl, yu)) + 2.0f * (P(xr, y) - P(xl, y)) + (P(xr, yd) - P(xl, yd));
  const float gy = (P(xl, yd) - P(xl, yu)) + 2.0f * (P(x, yd) - P(x, yu)) + (P(xr, yd) - P(xr, yu));
#undef P
  const float m = gx * gx + gy * gy;
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(SQUARED ? m : sqrt(m));
}

// dst(x, y) = src(x, y, k) for the first k (from z = 0) with the largest focus(x, y, k); a NaN
// focus value never wins. One work item per pixel of the plane walks down the stack.
__kernel void focus_select(__global const SRC_T* src, __global const float* focus,
                           __global DST_T* dst, const long plane, const int depth) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)plane) return;
  float best = focus[i];
  int k = 0;
  for (int z = 1; z < depth; z++) {
    const float f = focus[i + (size_t)z * (size_t)plane];
    if (f > best || (isnan(best) && !isnan(f))) {
      best = f;
      k = z;
    }
  }
  dst[i] = COPY_TO_DST(src[i + (size_t)k * (size_t)plane]);
}

