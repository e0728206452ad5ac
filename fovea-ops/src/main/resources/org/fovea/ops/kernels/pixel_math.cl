// Pixel-wise math; the operation is a kernel argument (one build per pixel-type combination
// serves the whole group).
// math_images (built when the host binds src0 and src1), in float unless noted:
//   0 absolute difference |a - b|, 1 squared difference (a - b)^2, 2 quotient a / b,
//   3 mask: a where b != 0, else 0 (a is copied exactly, not through float).
// math_image (built when the host binds src), with the scalar s:
//   0 s - a, 1 natural logarithm, 2 exponential, 3 negation -a (all in float),
//   4 a where it is finite, else 0 (integer images are copied exactly).
// Pixel-wise over the linear buffer (one kernel for 2D and 3D). Each work item handles 8
// consecutive pixels with OpenCL vector types (one wide load per input, one wide store), which
// keeps enough bytes in flight on GPUs and lets CPU drivers (PoCL) use SIMD; the last, partial
// group of 8 is done pixel by pixel with the same arithmetic. Buffers start at offset 0, so the
// vector accesses are aligned. The host defines VSRC_T.. (8-wide types) and the conversions
// CVT_F(x) (float8 -> destination, saturating, round half to even), CVT_I(x) (integer vector ->
// destination, saturating), CVT_SRC*(x) (source vector -> destination, exact where possible) and
// MASK(x) (a -1/0 comparison result -> the signed vector matching the destination's width).
#ifdef SRC0_T
inline float8 images8(const float8 a, const float8 b, const int op) {
  switch (op) {
    case 0: return fabs(a - b);
    case 1: return (a - b) * (a - b);
    default: return a / b;
  }
}

inline float images1(const float a, const float b, const int op) {
  switch (op) {
    case 0: return fabs(a - b);
    case 1: return (a - b) * (a - b);
    default: return a / b;
  }
}

__kernel void math_images(__global const SRC0_T* src0, __global const SRC1_T* src1,
                          __global DST_T* dst, const int op, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC0_T a = ((__global const VSRC0_T*)src0)[g];
    const VSRC1_T b = ((__global const VSRC1_T*)src1)[g];
    ((__global VDST_T*)dst)[g] =
        op == 3 ? select((VDST_T)(0), CVT_SRC0(a), MASK(convert_int8(b != (VSRC1_T)(0))))
                : CVT_F(images8(convert_float8(a), convert_float8(b), op));
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      const SRC0_T a = src0[i];
      const SRC1_T b = src1[i];
      dst[i] = op == 3 ? (b != 0 ? CONVERT_DST_T(a) : (DST_T)0)
                       : CONVERT_DST_T(images1((float)a, (float)b, op));
    }
  }
}
#else
inline float8 image8(const float8 a, const float s, const int op) {
  switch (op) {
    case 0: return s - a;
    case 1: return log(a);
    case 2: return exp(a);
    default: return -a;
  }
}

inline float image1(const float a, const float s, const int op) {
  switch (op) {
    case 0: return s - a;
    case 1: return log(a);
    case 2: return exp(a);
    default: return -a;
  }
}

#if SRC_IS_FLOAT
#define FINITE8(a) select((float8)(0.0f), (a), isfinite(a))
#define FINITE1(a) (isfinite(a) ? (a) : 0.0f)
#else
#define FINITE8(a) (a)
#define FINITE1(a) (a)
#endif

__kernel void math_image(__global const SRC_T* src, __global DST_T* dst, const int op,
                         const float s, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC_T a = ((__global const VSRC_T*)src)[g];
    ((__global VDST_T*)dst)[g] =
        op == 4 ? CVT_SRC(FINITE8(a)) : CVT_F(image8(convert_float8(a), s, op));
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      const SRC_T a = src[i];
      dst[i] = op == 4 ? CONVERT_DST_T(FINITE1(a)) : CONVERT_DST_T(image1((float)a, s, op));
    }
  }
}
#endif
