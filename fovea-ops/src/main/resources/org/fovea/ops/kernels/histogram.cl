// Histogram of numberOfBins bins between mn and mx (ImageJ's binning):
//   scale = nbins / (mx - mn); bin = (int)((v - mn) * scale), clamped to nbins - 1;
//   values outside [mn, mx] (and NaN) are not counted; mx == mn puts every pixel of value mn in bin 0.
// Arithmetic in double when USE_FP64 (then bit-identical to the same formula in Java), else float.
// mn/mx come either from a 2-pixel range image of the source type computed on the device
// (use_range = 1: no host round trip) or from the host as raw bits of a double (float without fp64).
//
// Each work group builds a sub-histogram in local memory (atomic_inc), then adds its populated
// bins to the global uint histogram with one atomic_add per bin (the host zeroes it first).
// histogram_convert copies the uint counts into a destination of another type.

#if USE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define HREAL double
#define HREAL_FROM_BITS(b) as_double(b)
#else
#define HREAL float
#define HREAL_FROM_BITS(b) as_float((int)(b))
#endif

// FOR_EACH_PIXEL(i, n): the pixel loop of a whole-image pass (chunked on CPU devices)
#include "lib/reduction.cl"

__kernel void histogram_local(__global const SRC_T* src, __global uint* hist,
                                __global const SRC_T* range, const long mn_bits,
                                const long mx_bits, const int use_range, const int nbins,
                                const long n, const int copies, __local uint* lhist) {
  const size_t lid = get_local_id(0);
  const size_t lsz = get_local_size(0);
  for (int b = (int)lid; b < nbins * copies; b += (int)lsz) lhist[b] = 0;
  // `copies` interleaved sub-histograms (bin * copies + copy): items of one warp that hit the same
  // bin (a dark background) spread over several addresses and banks instead of serialising.
  const int copy = (int)(lid % (size_t)copies);
  HREAL mn, mx;
  if (use_range) {
    mn = (HREAL)range[0];
    mx = (HREAL)range[1];
  } else {
    mn = HREAL_FROM_BITS(mn_bits);
    mx = HREAL_FROM_BITS(mx_bits);
  }
  const HREAL scale = mx > mn ? (HREAL)nbins / (mx - mn) : (HREAL)0;
  barrier(CLK_LOCAL_MEM_FENCE);
  FOR_EACH_PIXEL(i, n) {
    const HREAL v = (HREAL)src[i];
    if (v >= mn && v <= mx) {
      // f is NaN only for an infinite pixel in an infinite range: bin 0 (as Java's (int)NaN);
      // the comparisons keep every index inside the local histogram
      const HREAL f = (v - mn) * scale;
      int bin = f < (HREAL)nbins ? (int)f : nbins - 1;
      if (!(f >= (HREAL)0)) bin = 0;
#if CHUNKED
      lhist[bin]++;  // one work item per group (copies = 1): no other item touches this sub-histogram
#else
      atomic_inc(&lhist[bin * copies + copy]);
#endif
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  for (int b = (int)lid; b < nbins; b += (int)lsz) {
    uint c = 0;
    for (int k = 0; k < copies; k++) c += lhist[b * copies + k];
    if (c != 0) atomic_add(&hist[b], c);
  }
}

__kernel void histogram_convert(__global const uint* hist, __global DST_T* dst, const int nbins) {
  const int b = (int)get_global_id(0);
  if (b < nbins) dst[b] = CONVERT_DST_T(hist[b]);
}
