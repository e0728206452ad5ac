// depthColorProjection: dst is three planes (red, green, blue) of the source's width and height.
// Each ray's maximum (the first slice k from z = 0 that holds it) selects the lookup-table entry
// (255·k) / (depth − 1) (integer division, clamped to the table), scaled by the maximum's display
// intensity clamp((max − lo) / (hi − lo), 0, 1). lut is lut_width × 1 × 3 (red, green, blue rows).
__kernel void depth_color(__global const SRC_T* src, __global const LUT_T* lut,
                          __global DST_T* dst, const long plane, const int depth,
                          const int lut_width, const float lo, const float hi) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)plane) return;
  SRC_T m = src[i];
  int k = 0;
  for (int z = 1; z < depth; z++) {
    const SRC_T v = src[i + (size_t)z * (size_t)plane];
    if (v > m) {
      m = v;
      k = z;
    }
  }
  const float t = fmin(fmax(((float)m - lo) / (hi - lo), 0.0f), 1.0f);
  const int e = min((255 * k) / max(depth - 1, 1), lut_width - 1);
  for (int c = 0; c < 3; c++) {
    dst[i + (size_t)c * (size_t)plane] = CONVERT_DST_T((float)lut[e + c * lut_width] * t);
  }
}
