// Copies src into dst, converting the pixel type: saturating, round half to even.
__kernel void convert(__global const SRC_T* src, __global DST_T* dst, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
#if SRC_IS_FLOAT || DST_IS_FLOAT
    dst[i] = CONVERT_DST_T((float)src[i]);
#else
    dst[i] = CONVERT_DST_T(src[i]);
#endif
  }
}
