// Logical not: dst = 1 where src is zero, else 0.
__kernel void binary_not(__global const SRC_T* src, __global DST_T* dst, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    dst[i] = (src[i] == 0) ? (DST_T)1 : (DST_T)0;
  }
}
