// dst = src0 + src1 in float, then converted into the destination type.
// Pixel-wise over the linear buffer (one kernel for 2D and 3D): each work item handles 8
// consecutive pixels with one vector load per input and one vector store (wide memory
// transactions keep enough bytes in flight to run at memory bandwidth); the last, partial group of
// 8 is done pixel by pixel. Buffers start at offset 0, so vector accesses are aligned.
#define BODY(o, a, b) o = CONVERT_DST_T((float)(a) + (float)(b))

__kernel void add_images(__global const SRC0_T* src0, __global const SRC1_T* src1,
                     __global DST_T* dst, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC0_T a = ((__global const VSRC0_T*)src0)[g];
    const VSRC1_T b = ((__global const VSRC1_T*)src1)[g];
    VDST_T o;
    BODY(o.s0, a.s0, b.s0);
    BODY(o.s1, a.s1, b.s1);
    BODY(o.s2, a.s2, b.s2);
    BODY(o.s3, a.s3, b.s3);
    BODY(o.s4, a.s4, b.s4);
    BODY(o.s5, a.s5, b.s5);
    BODY(o.s6, a.s6, b.s6);
    BODY(o.s7, a.s7, b.s7);
    ((__global VDST_T*)dst)[g] = o;
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      BODY(dst[i], src0[i], src1[i]);
    }
  }
}
