// Exact Euclidean distance map of a binary image (non-zero = foreground): every pixel gets the
// distance to the nearest background (zero) pixel of the image, 0 on background. Separable
// squared-distance transform, one pass per axis; each pass is one work item per pixel taking the
// minimum over its whole line (O(line length) per pixel, no scratch memory):
// edt_x: f(x) = min over background q of its row of (x - q)^2 (INFINITY when the row has none);
// edt_pass: g(p) = min over q of its line along axis (1 y, 2 z) of f(q) + (p - q)^2; the last
//   pass writes sqrt(g) into the destination's type (last = 1), the others g as float.
// edt_x is compiled when the host binds the binary source (src), edt_pass otherwise.
// Squared distances are integers below 2^24 for lines up to 4096 pixels, so float is exact.

#ifdef SRC_T
__kernel void edt_x(__global const SRC_T* src, __global float* dst, const int w, const int h,
                    const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t row = FOVEA_IDX(0, y, z, w, h);
  float best = src[row + x] == 0 ? 0.0f : INFINITY;
  for (int q = 0; q < w && best > 0.0f; q++) {
    if (src[row + q] == 0) best = fmin(best, (float)((x - q) * (x - q)));
  }
  dst[row + x] = best;
}

#else
__kernel void edt_pass(__global const float* src, __global DST_T* dst, const int w, const int h,
                       const int d, const int axis, const int last) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int p = axis == 1 ? y : z;
  const int len = axis == 1 ? h : d;
  const size_t stride = axis == 1 ? (size_t)w : (size_t)w * h;
  const size_t start = FOVEA_IDX(x, axis == 1 ? 0 : y, axis == 1 ? z : 0, w, h);
  float best = src[start + stride * p];
  for (int q = 0; q < len; q++) {
    best = fmin(best, src[start + stride * q] + (float)((p - q) * (p - q)));
  }
  dst[start + stride * p] = last ? CONVERT_DST_T(sqrt(best)) : (DST_T)best;
}
#endif
