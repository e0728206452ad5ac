// Binary thresholds: dst = 1 for foreground pixels, else 0 (one kernel file for 2D and 3D).

#if USE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define HREAL double
#define HREAL_FROM_BITS(b) as_double(b)
#else
#define HREAL float
#define HREAL_FROM_BITS(b) as_float((int)(b))
#endif

// Fixed threshold (CLIJ2 semantics): dst = src >= t. Integer images compare exactly with
// t_int = ceil(t) (clamped by the host); float images compare in float.
__kernel void threshold_fixed(__global const SRC_T* src, __global DST_T* dst, const float t,
                              const long t_int, const long n) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
#if SRC_IS_FLOAT
  dst[i] = src[i] >= t ? (DST_T)1 : (DST_T)0;
#else
  dst[i] = (long)src[i] >= t_int ? (DST_T)1 : (DST_T)0;
#endif
}

// Foreground = pixels whose histogram bin (binning of histogram.cl) is above `above_bin`, and
// pixels above the histogram's max. Exactly consistent with the histogram the threshold came from.
__kernel void threshold_bins(__global const SRC_T* src, __global DST_T* dst,
                             __global const SRC_T* range, const long mn_bits, const long mx_bits,
                             const int use_range, const int nbins, const int above_bin,
                             const long n) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  HREAL mn, mx;
  if (use_range) {
    mn = (HREAL)range[0];
    mx = (HREAL)range[1];
  } else {
    mn = HREAL_FROM_BITS(mn_bits);
    mx = HREAL_FROM_BITS(mx_bits);
  }
  const HREAL scale = mx > mn ? (HREAL)nbins / (mx - mn) : (HREAL)0;
  const HREAL v = (HREAL)src[i];
  int fg;
  if (v > mx) {
    fg = 1;
  } else if (v >= mn) {
    int bin = (int)((v - mn) * scale);
    if (bin >= nbins) bin = nbins - 1;
    fg = bin > above_bin;
  } else {
    fg = 0;
  }
  dst[i] = fg ? (DST_T)1 : (DST_T)0;
}
