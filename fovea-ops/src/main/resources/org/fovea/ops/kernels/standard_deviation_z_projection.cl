// Sample standard deviation along z (divides by n - 1, as ImageJ's ZProjector), in one read of
// the stack with Welford's update in float (numerically stable, no second pass).
// One work item per (x, y) walks down the stack; neighbouring work items read neighbouring pixels
// of every slice (coalesced). When the plane size is a multiple of 8 (VECTORIZED, chosen by the
// host) each work item handles 8 consecutive pixels with vector loads, so that enough bytes are in
// flight to reach memory bandwidth even for 8- and 16-bit stacks.

#if VECTORIZED
__kernel void standard_deviation_z_projection(__global const SRC_T* src, __global DST_T* dst, const long plane,
                     const int depth) {
  const size_t g = get_global_id(0);
  const size_t vplane = (size_t)plane / 8;
  if (g >= vplane) return;
  __global const VSRC_T* s = (__global const VSRC_T*)src;
  float8 mean = (float8)(0.0f);
  float8 m2 = (float8)(0.0f);
  for (int z = 0; z < depth; z++) {
    const VSRC_T v = s[g + (size_t)z * vplane];
    const float8 x = convert_float8(v);
    const float8 delta = x - mean;
    mean += delta / (float)(z + 1);
    m2 += delta * (x - mean);
  }
  ((__global VDST_T*)dst)[g] = CONVERT_VDST_T(sqrt(depth > 1 ? max(m2 / (float)(depth - 1), (float8)(0.0f)) : (float8)(0.0f)));
}
#else
__kernel void standard_deviation_z_projection(__global const SRC_T* src, __global DST_T* dst, const long plane,
                     const int depth) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)plane) return;
  float mean = 0.0f;
  float m2 = 0.0f;
  for (int z = 0; z < depth; z++) {
    const SRC_T v = src[i + (size_t)z * (size_t)plane];
    const float x = (float)v;
    const float delta = x - mean;
    mean += delta / (float)(z + 1);
    m2 += delta * (x - mean);
  }
  dst[i] = CONVERT_DST_T(sqrt(depth > 1 ? max(m2 / (float)(depth - 1), 0.0f) : 0.0f));
}
#endif
