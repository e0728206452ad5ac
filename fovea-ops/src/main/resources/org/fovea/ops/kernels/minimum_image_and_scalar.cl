// dst = minimum(src, scalar); the kept pixel is converted from its own type (exact).
// Pixel-wise over the linear buffer (one kernel for 2D and 3D): each work item handles 8
// consecutive pixels with one vector load per input and one vector store (wide memory
// transactions keep enough bytes in flight to run at memory bandwidth); the last, partial group of
// 8 is done pixel by pixel. Buffers start at offset 0, so vector accesses are aligned.
#define BODY(o, a) o = (((float)(a) <= scalar) ? CONVERT_DST_T(a) : CONVERT_DST_T(scalar))

__kernel void minimum_image_and_scalar(__global const SRC_T* src, __global DST_T* dst, const float scalar, const long n) {
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
    for (size_t i = i0; i < (size_t)n; i++) {
      BODY(dst[i], src[i]);
    }
  }
}
