// dst = src ^ exponent, pixel-wise in float (OpenCL pow), then converted into the destination type.
__kernel void power(__global const SRC_T* src, __global DST_T* dst, const float exponent,
                    const long n) {
  const size_t i = get_global_id(0);
  if (i < (size_t)n) {
    dst[i] = CONVERT_DST_T(pow((float)src[i], exponent));
  }
}
