// dst = src0 - src1 in float, then converted into the destination type.
// Pixel-wise over the linear buffer (one kernel for 2D and 3D). Each work item handles 8
// consecutive pixels with OpenCL vector types (one wide load per input, one wide store), which
// keeps enough bytes in flight on GPUs and lets CPU drivers (PoCL) use SIMD; the last, partial
// group of 8 is done pixel by pixel with the same arithmetic. Buffers start at offset 0, so the
// vector accesses are aligned. The host defines VSRC_T.. (8-wide types) and the conversions
// CVT_F(x) (float8 -> destination, saturating, round half to even), CVT_I(x) (integer vector ->
// destination, saturating), CVT_SRC*(x) (source vector -> destination, exact where possible) and
// MASK(x) (a -1/0 comparison result -> the signed vector matching the destination's width).

__kernel void subtract_images(__global const SRC0_T* src0, __global const SRC1_T* src1,
                     __global DST_T* dst, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC0_T a = ((__global const VSRC0_T*)src0)[g];
    const VSRC1_T b = ((__global const VSRC1_T*)src1)[g];
    ((__global VDST_T*)dst)[g] = CVT_F(convert_float8(a) - convert_float8(b));
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      const SRC0_T a = src0[i];
      const SRC1_T b = src1[i];
      dst[i] = CONVERT_DST_T((float)a - (float)b);
    }
  }
}
