// Two-stage reductions over the whole image (one kernel file for 2D and 3D: the image is read as a
// linear buffer of n pixels). Stage 1: every work group walks the buffer with a grid stride
// (coalesced reads), reduces in local memory and writes one partial per group. Stage 2 combines the
// few partials (on the host, or on the device with minmax_final).
//
// Defines: USE_FP64 (0/1: the device has cl_khr_fp64), COUNT_NONZERO (0/1, sum_partial only).
// Sums of integer images accumulate in 64-bit integers (exact). Sums of float images accumulate in
// double when USE_FP64, else in float with Kahan compensation per work item.

#if USE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// FOR_EACH_PIXEL(i, n): the pixel loop of a whole-image pass (chunked on CPU devices)
#include "lib/reduction.cl"

#if COUNT_NONZERO
#define ACC_T ulong
#define VALUE(x) ((ACC_T)((x) != 0))
#elif SRC_IS_FLOAT
#if USE_FP64
#define ACC_T double
#else
#define ACC_T float
#define KAHAN 1
#endif
#define VALUE(x) ((ACC_T)(x))
#else
#define ACC_T ulong
#define VALUE(x) ((ACC_T)(x))
#endif

#if SRC_IS_FLOAT
#define RMIN(a, b) fmin((a), (b))
#define RMAX(a, b) fmax((a), (b))
#else
#define RMIN(a, b) min((a), (b))
#define RMAX(a, b) max((a), (b))
#endif

// partial[group] = sum over the group's pixels. Local size must be a power of two.
__kernel void sum_partial(__global const SRC_T* src, __global ACC_T* partial, const long n,
                          __local ACC_T* scratch) {
  const size_t lid = get_local_id(0);
  ACC_T acc = 0;
#ifdef KAHAN
  ACC_T comp = 0;
#endif
  FOR_EACH_PIXEL(i, n) {
#ifdef KAHAN
    const ACC_T y = VALUE(src[i]) - comp;
    const ACC_T t = acc + y;
    comp = (t - acc) - y;
    acc = t;
#else
    acc += VALUE(src[i]);
#endif
  }
  scratch[lid] = acc;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {
    if (lid < s) scratch[lid] += scratch[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) partial[get_group_id(0)] = scratch[0];
}

// partial[group] = min, partial[groups + group] = max over the group's pixels (NaN ignored).
__kernel void minmax_partial(__global const SRC_T* src, __global SRC_T* partial, const long n,
                             __local SRC_T* smin, __local SRC_T* smax) {
  const size_t lid = get_local_id(0);
  const size_t groups = get_num_groups(0);
  SRC_T lo = src[0];
  SRC_T hi = src[0];
  FOR_EACH_PIXEL(i, n) {
    const SRC_T v = src[i];
    lo = RMIN(lo, v);
    hi = RMAX(hi, v);
  }
  smin[lid] = lo;
  smax[lid] = hi;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {
    if (lid < s) {
      smin[lid] = RMIN(smin[lid], smin[lid + s]);
      smax[lid] = RMAX(smax[lid], smax[lid + s]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) {
    partial[get_group_id(0)] = smin[0];
    partial[groups + get_group_id(0)] = smax[0];
  }
}

// One work group: range[0] = min of the partial minima, range[1] = max of the partial maxima.
__kernel void minmax_final(__global const SRC_T* partial, __global SRC_T* range, const int groups,
                           __local SRC_T* smin, __local SRC_T* smax) {
  const size_t lid = get_local_id(0);
  SRC_T lo = partial[0];
  SRC_T hi = partial[groups];
  for (int g = (int)lid; g < groups; g += (int)get_local_size(0)) {
    lo = RMIN(lo, partial[g]);
    hi = RMAX(hi, partial[groups + g]);
  }
  smin[lid] = lo;
  smax[lid] = hi;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {
    if (lid < s) {
      smin[lid] = RMIN(smin[lid], smin[lid + s]);
      smax[lid] = RMAX(smax[lid], smax[lid + s]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) {
    range[0] = smin[0];
    range[1] = smax[0];
  }
}
