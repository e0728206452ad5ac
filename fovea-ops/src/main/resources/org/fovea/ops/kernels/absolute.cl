// dst = |src|, pixel-wise; unsigned integer types are copied (converted into the destination type).
__kernel void absolute(__global const SRC_T* src, __global DST_T* dst, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
#if SRC_IS_FLOAT
    dst[i] = CONVERT_DST_T(fabs(src[i]));
#else
    dst[i] = CONVERT_DST_T(src[i]);
#endif
  }
}
