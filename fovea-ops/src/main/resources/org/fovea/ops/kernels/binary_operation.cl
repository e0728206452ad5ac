// Logical and / or / xor of two images: non-zero is true; dst = 1 where true, else 0.
// OPERATION (defined by the host) selects the operator: 0 and, 1 or, 2 xor.
// Pixel-wise over the linear buffer (one kernel for 2D and 3D). Each work item handles 8
// consecutive pixels with OpenCL vector types (one wide load per input, one wide store), which
// keeps enough bytes in flight on GPUs and lets CPU drivers (PoCL) use SIMD; the last, partial
// group of 8 is done pixel by pixel with the same arithmetic. Buffers start at offset 0, so the
// vector accesses are aligned. The host defines VSRC_T.. (8-wide types) and the conversions
// CVT_F(x) (float8 -> destination, saturating, round half to even), CVT_I(x) (integer vector ->
// destination, saturating), CVT_SRC*(x) (source vector -> destination, exact where possible) and
// MASK(x) (a -1/0 comparison result -> the signed vector matching the destination's width).
// NZ: a -1/0 int8 mask of the non-zero pixels
#define NZ0(v) convert_int8((v) != (VSRC0_T)(0))
#define NZ1(v) convert_int8((v) != (VSRC1_T)(0))
// VOP: the operator on -1/0 int8 masks; OP: on C truth values (0 or 1)
#if OPERATION == 0
#define VOP(a, b) ((a) & (b))
#define OP(a, b) ((a) && (b))
#elif OPERATION == 1
#define VOP(a, b) ((a) | (b))
#define OP(a, b) ((a) || (b))
#elif OPERATION == 2
#define VOP(a, b) ((a) ^ (b))
#define OP(a, b) ((a) != (b))
#else
#error "OPERATION must be 0 (and), 1 (or) or 2 (xor)"
#endif

__kernel void binary_operation(__global const SRC0_T* src0, __global const SRC1_T* src1,
                     __global DST_T* dst, const long n) {
  const size_t g = get_global_id(0);
  const size_t i0 = g * 8;
  if (i0 + 8 <= (size_t)n) {
    const VSRC0_T a = ((__global const VSRC0_T*)src0)[g];
    const VSRC1_T b = ((__global const VSRC1_T*)src1)[g];
    ((__global VDST_T*)dst)[g] = CVT_I(-VOP(NZ0(a), NZ1(b)));
  } else {
    for (size_t i = i0; i < (size_t)n; i++) {
      const SRC0_T a = src0[i];
      const SRC1_T b = src1[i];
      dst[i] = (OP(a != 0, b != 0) ? (DST_T)1 : (DST_T)0);
    }
  }
}
