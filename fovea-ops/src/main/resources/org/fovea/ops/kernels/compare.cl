// Pixel-wise comparisons: dst = 1 where the comparison holds, else 0. The operator is a kernel
// argument (one build serves the whole family): 0 >, 1 >=, 2 <, 3 <=, 4 ==, 5 !=.
// compare_images (built when the host binds src0 and src1): src0 (op) src1; two integer images
//   are compared exactly (as long), otherwise both as float.
// compare_constant (built when the host binds src): src (op) constant; float images compare with
//   the float constant c, integer images exactly with the integer k that the host derives from
//   the constant (p > 2.5 is p > 2, p >= 2.5 is p >= 3, p == 2.5 is never true, ...).
// Pixel-wise over the linear buffer (one kernel for 2D and 3D). Each work item handles 8
// consecutive pixels with OpenCL vector types (one wide load per input, one wide store), which
// keeps enough bytes in flight on GPUs and lets CPU drivers (PoCL) use SIMD; the last, partial
// group of 8 is done pixel by pixel with the same arithmetic. Buffers start at offset 0, so the
// vector accesses are aligned. The host defines VSRC_T.. (8-wide types) and the conversions
// CVT_F(x) (float8 -> destination, saturating, round half to even), CVT_I(x) (integer vector ->
// destination, saturating), CVT_SRC*(x) (source vector -> destination, exact where possible) and
// MASK(x) (a -1/0 comparison result -> the signed vector matching the destination's width).
#ifdef SRC0_T
#define CMP_FLOAT (SRC0_IS_FLOAT || SRC1_IS_FLOAT)
#else
#define CMP_FLOAT SRC_IS_FLOAT
#endif
#if CMP_FLOAT
#define CMP_T float
#define CMP_T8 float8
#define TO_CMP8(x) convert_float8(x)
#else
#define CMP_T long
#define CMP_T8 long8
#define TO_CMP8(x) convert_long8(x)
#endif

// -1 where a (op) b holds, else 0
inline int8 compare8(const CMP_T8 a, const CMP_T8 b, const int op) {
  switch (op) {
    case 0: return convert_int8(a > b);
    case 1: return convert_int8(a >= b);
    case 2: return convert_int8(a < b);
    case 3: return convert_int8(a <= b);
    case 4: return convert_int8(a == b);
    default: return convert_int8(a != b);
  }
}

inline int compare1(const CMP_T a, const CMP_T b, const int op) {
  switch (op) {
    case 0: return a > b;
    case 1: return a >= b;
    case 2: return a < b;
    case 3: return a <= b;
    case 4: return a == b;
    default: return a != b;
  }
}

#ifdef SRC0_T
__kernel void compare_images(__global const SRC0_T* src0, __global const SRC1_T* src1,
                             __global DST_T* dst, const int op, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const CMP_T8 a = TO_CMP8(((__global const VSRC0_T*)src0)[g]);
    const CMP_T8 b = TO_CMP8(((__global const VSRC1_T*)src1)[g]);
    ((__global VDST_T*)dst)[g] = CVT_I(-compare8(a, b, op));
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      dst[i] = compare1((CMP_T)src0[i], (CMP_T)src1[i], op) ? (DST_T)1 : (DST_T)0;
    }
  }
}
#else
__kernel void compare_constant(__global const SRC_T* src, __global DST_T* dst, const int op,
                               const float c, const long k, const long n) {
#if CMP_FLOAT
  const CMP_T b = c;
#else
  const CMP_T b = k;
#endif
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const CMP_T8 a = TO_CMP8(((__global const VSRC_T*)src)[g]);
    ((__global VDST_T*)dst)[g] = CVT_I(-compare8(a, (CMP_T8)(b), op));
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      dst[i] = compare1((CMP_T)src[i], b, op) ? (DST_T)1 : (DST_T)0;
    }
  }
}
#endif
