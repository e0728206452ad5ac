// Binary thresholds: dst = 1 for foreground pixels, else 0 (one kernel file for 2D and 3D).

// Fixed threshold (CLIJ2 semantics): dst = src >= t. Integer images compare exactly with
// t_int = ceil(t) (clamped by the host); float images compare in float.
// Each work item handles 8 consecutive pixels with one vector load and one vector store (buffers
// start at offset 0, so the accesses are aligned); the last partial group of 8 goes pixel by pixel.
// VSRC_T / VDST_T are the 8-wide vector types of SRC_T / DST_T.
#if SRC_IS_FLOAT
#define FG(v) ((v) >= t)
#else
#define FG(v) ((long)(v) >= t_int)
#endif
#define BODY(o, v) o = FG(v) ? (DST_T)1 : (DST_T)0

__kernel void threshold_fixed(__global const SRC_T* src, __global DST_T* dst, const float t,
                              const long t_int, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC_T a = ((__global const VSRC_T*)src)[g];
    VDST_T o;
    BODY(o.s0, a.s0);
    BODY(o.s1, a.s1);
    BODY(o.s2, a.s2);
    BODY(o.s3, a.s3);
    BODY(o.s4, a.s4);
    BODY(o.s5, a.s5);
    BODY(o.s6, a.s6);
    BODY(o.s7, a.s7);
    ((__global VDST_T*)dst)[g] = o;
  } else {
    for (size_t i = i0; i < (size_t)n; i++) BODY(dst[i], src[i]);
  }
}
