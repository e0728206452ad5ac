// Sum along z, accumulated in float from z = 0 upwards (the order of ImageJ's ZProjector), or
// with MEAN = 1 (defined by the host, else 0) the mean: that sum divided by the depth.
// One work item per (x, y) walks down the stack; neighbouring work items read neighbouring pixels
// of every slice (coalesced). When the plane size is a multiple of 8 (VECTORIZED, chosen by the
// host) each work item handles 8 consecutive pixels with vector loads, so that enough bytes are in
// flight to reach memory bandwidth even for 8- and 16-bit stacks.

#if MEAN
#define FINISH(acc) ((acc) / (float)depth)
#else
#define FINISH(acc) (acc)
#endif

#if VECTORIZED
__kernel void sum_z_projection(__global const SRC_T* src, __global DST_T* dst, const long plane,
                     const int depth) {
  const size_t g = get_global_id(0);
  const size_t vplane = (size_t)plane / 8;
  if (g >= vplane) return;
  __global const VSRC_T* s = (__global const VSRC_T*)src;
  float8 acc = (float8)(0.0f);
  for (int z = 0; z < depth; z++) {
    const VSRC_T v = s[g + (size_t)z * vplane];
    acc += convert_float8(v);
  }
  ((__global VDST_T*)dst)[g] = CONVERT_VDST_T(FINISH(acc));
}
#else
__kernel void sum_z_projection(__global const SRC_T* src, __global DST_T* dst, const long plane,
                     const int depth) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)plane) return;
  float acc = 0.0f;
  for (int z = 0; z < depth; z++) {
    const SRC_T v = src[i + (size_t)z * (size_t)plane];
    acc += (float)v;
  }
  dst[i] = CONVERT_DST_T(FINISH(acc));
}
#endif
