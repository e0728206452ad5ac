// Sample standard deviation along z (divides by n - 1, as ImageJ's ZProjector), in one read of
// the stack with Welford's update in float (numerically stable, no second pass).
__kernel void standard_deviation_z_projection(__global const SRC_T* src, __global DST_T* dst,
                                              const long plane, const int depth) {
  const size_t i = get_global_id(0);
  if (i < (size_t)plane) {
    float mean = 0.0f;
    float m2 = 0.0f;
    for (int z = 0; z < depth; z++) {
      const float v = (float)src[i + (size_t)z * (size_t)plane];
      const float delta = v - mean;
      mean += delta / (float)(z + 1);
      m2 += delta * (v - mean);
    }
    const float var = depth > 1 ? m2 / (float)(depth - 1) : 0.0f;
    dst[i] = CONVERT_DST_T(sqrt(max(var, 0.0f)));
  }
}
