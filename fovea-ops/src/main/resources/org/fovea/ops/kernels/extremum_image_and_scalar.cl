// dst = maximum(src, scalar) (OPERATION 0) or minimum(src, scalar) (OPERATION 1; the host
// defines it): pixels >= scalar (maximum) or <= scalar (minimum) are kept as they are (converted
// from their own type, exact), the others become the scalar (rounded into the destination type).
// Pixel-wise over the linear buffer (one kernel for 2D and 3D). Each work item handles 8
// consecutive pixels with OpenCL vector types (one wide load per input, one wide store), which
// keeps enough bytes in flight on GPUs and lets CPU drivers (PoCL) use SIMD; the last, partial
// group of 8 is done pixel by pixel with the same arithmetic. Buffers start at offset 0, so the
// vector accesses are aligned. The host defines VSRC_T.. (8-wide types) and the conversions
// CVT_F(x) (float8 -> destination, saturating, round half to even), CVT_I(x) (integer vector ->
// destination, saturating), CVT_SRC*(x) (source vector -> destination, exact where possible) and
// MASK(x) (a -1/0 comparison result -> the signed vector matching the destination's width).
#if OPERATION == 0
#define KEEPS >=
#elif OPERATION == 1
#define KEEPS <=
#else
#error "OPERATION must be 0 (maximum) or 1 (minimum)"
#endif

__kernel void extremum_image_and_scalar(__global const SRC_T* src, __global DST_T* dst, const float scalar, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC_T a = ((__global const VSRC_T*)src)[g];
    ((__global VDST_T*)dst)[g] = select(CVT_F((float8)(scalar)), CVT_SRC(a), MASK(convert_float8(a) KEEPS scalar));
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      const SRC_T a = src[i];
      dst[i] = (((float)a KEEPS scalar) ? CONVERT_DST_T(a) : CONVERT_DST_T(scalar));
    }
  }
}
