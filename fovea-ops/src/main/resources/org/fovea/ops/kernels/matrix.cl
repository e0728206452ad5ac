// Matrix product of two 2D images: dst (w x h) = src0 (inner x h) * src1 (w x inner), the pixel
// (x, y) being row y, column x. One work item per result element; the sum runs over k in order
// with fused multiply-adds in float.
__kernel void multiply_matrix(__global const SRC0_T* src0, __global const SRC1_T* src1,
                              __global DST_T* dst, const int w, const int h, const int inner) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  if (x >= w || y >= h) return;
  float s = 0.0f;
  for (int k = 0; k < inner; k++) {
    s = fma((float)src0[(size_t)k + (size_t)inner * y], (float)src1[(size_t)x + (size_t)w * k], s);
  }
  dst[(size_t)x + (size_t)w * y] = CONVERT_DST_T(s);
}
