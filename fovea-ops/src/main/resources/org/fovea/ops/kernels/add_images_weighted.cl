// dst = src0 * factor0 + src1 * factor1, pixel-wise. The sum is an explicit fma (one rounding), so
// the result does not depend on whether the compiler contracts multiply-adds.
__kernel void add_images_weighted(__global const SRC0_T* src0, __global const SRC1_T* src1,
                                  __global DST_T* dst, const float factor0,
                                  const float factor1, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    const float b = (float)src1[i] * factor1;
    dst[i] = CONVERT_DST_T(fma((float)src0[i], factor0, b));
  }
}
