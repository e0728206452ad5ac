// Pixel-wise arithmetic of two images; OPERATION (defined by the host) selects it:
// 0 add, 1 subtract, 2 multiply: dst = src0 (+ - *) src1 in float, then converted into the
//   destination type;
// 3 maximum, 4 minimum: integer inputs are compared exactly (as ulong), otherwise in float; the
//   chosen pixel is converted from its own type, so no precision is lost.
// Pixel-wise over the linear buffer (one kernel for 2D and 3D). Each work item handles 8
// consecutive pixels with OpenCL vector types (one wide load per input, one wide store), which
// keeps enough bytes in flight on GPUs and lets CPU drivers (PoCL) use SIMD; the last, partial
// group of 8 is done pixel by pixel with the same arithmetic. Buffers start at offset 0, so the
// vector accesses are aligned. The host defines VSRC_T.. (8-wide types) and the conversions
// CVT_F(x) (float8 -> destination, saturating, round half to even), CVT_I(x) (integer vector ->
// destination, saturating), CVT_SRC*(x) (source vector -> destination, exact where possible) and
// MASK(x) (a -1/0 comparison result -> the signed vector matching the destination's width).

// RESULT8(a, b): 8 pixels of the destination; RESULT(a, b): one pixel.
#if OPERATION <= 2
#if OPERATION == 0
#define FOP(a, b) ((a) + (b))
#elif OPERATION == 1
#define FOP(a, b) ((a) - (b))
#else
#define FOP(a, b) ((a) * (b))
#endif
#define RESULT8(a, b) CVT_F(FOP(convert_float8(a), convert_float8(b)))
#define RESULT(a, b) CONVERT_DST_T(FOP((float)(a), (float)(b)))
#elif OPERATION <= 4
#if OPERATION == 3
#define KEEPS >=
#else
#define KEEPS <=
#endif
#if SRC0_IS_FLOAT || SRC1_IS_FLOAT
#define KEEP_A(a, b) ((float)(a) KEEPS (float)(b))
#define VKEEP_A(a, b) (convert_float8(a) KEEPS convert_float8(b))
#else
#define KEEP_A(a, b) ((ulong)(a) KEEPS (ulong)(b))
#define VKEEP_A(a, b) (convert_ulong8(a) KEEPS convert_ulong8(b))
#endif
#define RESULT8(a, b) select(CVT_SRC1(b), CVT_SRC0(a), MASK(VKEEP_A(a, b)))
#define RESULT(a, b) (KEEP_A(a, b) ? CONVERT_DST_T(a) : CONVERT_DST_T(b))
#else
#error "OPERATION must be 0 (add), 1 (subtract), 2 (multiply), 3 (maximum) or 4 (minimum)"
#endif

__kernel void two_images(__global const SRC0_T* src0, __global const SRC1_T* src1,
                         __global DST_T* dst, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC0_T a = ((__global const VSRC0_T*)src0)[g];
    const VSRC1_T b = ((__global const VSRC1_T*)src1)[g];
    ((__global VDST_T*)dst)[g] = RESULT8(a, b);
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      const SRC0_T a = src0[i];
      const SRC1_T b = src1[i];
      dst[i] = RESULT(a, b);
    }
  }
}
