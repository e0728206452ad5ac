// dst = minimum(src, scalar), pixel-wise. The kept pixel is converted from its own type (exact).
__kernel void minimum_image_and_scalar(__global const SRC_T* src, __global DST_T* dst,
                                       const float scalar, const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    const SRC_T a = src[i];
    dst[i] = ((float)a <= scalar) ? CONVERT_DST_T(a) : CONVERT_DST_T(scalar);
  }
}
