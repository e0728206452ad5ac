// dst = minimum(src0, src1), pixel-wise. Integer inputs are compared exactly (as ulong), otherwise
// in float; the chosen pixel is converted from its own type, so no precision is lost.
__kernel void minimum_images(__global const SRC0_T* src0, __global const SRC1_T* src1,
                           __global DST_T* dst, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    const SRC0_T a = src0[i];
    const SRC1_T b = src1[i];
#if SRC0_IS_FLOAT || SRC1_IS_FLOAT
    const int keepA = (float)a <= (float)b;
#else
    const int keepA = (ulong)a <= (ulong)b;
#endif
    dst[i] = keepA ? CONVERT_DST_T(a) : CONVERT_DST_T(b);
  }
}
