// dst = src * scalar, pixel-wise over the linear buffer (one kernel for 2D and 3D).
__kernel void multiply_image_and_scalar(__global const SRC_T* src, __global DST_T* dst,
                                        const float scalar, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    dst[i] = CONVERT_DST_T((float)src[i] * scalar);
  }
}
