// dst = src0 * src1, pixel-wise in float, then converted into the destination type.
__kernel void multiply_images(__global const SRC0_T* src0, __global const SRC1_T* src1,
                    __global DST_T* dst, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    dst[i] = CONVERT_DST_T((float)src0[i] * (float)src1[i]);
  }
}
