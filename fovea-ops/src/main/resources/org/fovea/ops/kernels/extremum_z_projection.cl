// Maximum (OPERATION 0) or minimum (OPERATION 1; the host defines it) along z, compared in the
// source type (exact for every type).
// One work item per (x, y) walks down the stack; neighbouring work items read neighbouring pixels
// of every slice (coalesced). When the plane size is a multiple of 8 (VECTORIZED, chosen by the
// host) each work item handles 8 consecutive pixels with vector loads, so that enough bytes are in
// flight to reach memory bandwidth even for 8- and 16-bit stacks.

// BETTER(v, m): v replaces the running extremum m
#if OPERATION == 0
#define BETTER(v, m) ((v) > (m))
#elif OPERATION == 1
#define BETTER(v, m) ((v) < (m))
#else
#error "OPERATION must be 0 (maximum) or 1 (minimum)"
#endif

#if VECTORIZED
__kernel void extremum_z_projection(__global const SRC_T* src, __global DST_T* dst, const long plane,
                     const int depth) {
  const size_t g = get_global_id(0);
  const size_t vplane = (size_t)plane / 8;
  if (g >= vplane) return;
  __global const VSRC_T* s = (__global const VSRC_T*)src;
  VSRC_T m = s[g];
  for (int z = 1; z < depth; z++) {
    const VSRC_T v = s[g + (size_t)z * vplane];
    m = select(m, v, BETTER(v, m));
  }
  ((__global VDST_T*)dst)[g] = CONVERT_VDST_T(m);
}
#else
__kernel void extremum_z_projection(__global const SRC_T* src, __global DST_T* dst, const long plane,
                     const int depth) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)plane) return;
  SRC_T m = src[i];
  for (int z = 1; z < depth; z++) {
    const SRC_T v = src[i + (size_t)z * (size_t)plane];
    m = BETTER(v, m) ? v : m;
  }
  dst[i] = CONVERT_DST_T(m);
}
#endif
