// Logical or of two images: non-zero is true; dst = 1 where true, else 0.
__kernel void binary_or(__global const SRC0_T* src0, __global const SRC1_T* src1,
                         __global DST_T* dst, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    const int a = src0[i] != 0;
    const int b = src1[i] != 0;
    dst[i] = (a || b) ? (DST_T)1 : (DST_T)0;
  }
}
