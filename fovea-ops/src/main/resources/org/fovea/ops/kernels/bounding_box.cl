// Bounding box of the non-zero pixels, stage 1: each work group walks the linear buffer with a
// grid stride and reduces min/max of x, y, z over its non-zero pixels (coordinates are decomposed
// only for non-zero pixels). partial[6 * group + k] = {minX, minY, minZ, maxX, maxY, maxZ};
// a group without non-zero pixels writes INT_MAX minima and -1 maxima. The host combines.

__kernel void bounding_box_partial(__global const SRC_T* src, __global int* partial,
                                   const int w, const int h, const int d, const long n,
                                   __local int* scratch) {
  const size_t lid = get_local_id(0);
  const size_t lsz = get_local_size(0);
  int mnx = INT_MAX, mny = INT_MAX, mnz = INT_MAX;
  int mxx = -1, mxy = -1, mxz = -1;
  const long plane = (long)w * (long)h;
#define UPDATE_BOX(x, y, z) \
  mnx = min(mnx, x);        \
  mny = min(mny, y);        \
  mnz = min(mnz, z);        \
  mxx = max(mxx, x);        \
  mxy = max(mxy, y);        \
  mxz = max(mxz, z)
#if CHUNKED
  // one contiguous chunk per work item: coordinates advance incrementally, no divisions
  const size_t per = ((size_t)n + get_global_size(0) - 1) / get_global_size(0);
  const size_t begin = get_global_id(0) * per;
  const size_t end = min(begin + per, (size_t)n);
  if (begin < end) {
    int z = (int)((long)begin / plane);
    const long r0 = (long)begin - (long)z * plane;
    int y = (int)(r0 / w);
    int x = (int)(r0 - (long)y * w);
    for (size_t i = begin; i < end; i++) {
      if (src[i] != 0) {
        UPDATE_BOX(x, y, z);
      }
      if (++x == w) {
        x = 0;
        if (++y == h) {
          y = 0;
          z++;
        }
      }
    }
  }
#else
  for (size_t i = get_global_id(0); i < (size_t)n; i += get_global_size(0)) {
    if (src[i] != 0) {
      const int z = (int)((long)i / plane);
      const long r = (long)i - (long)z * plane;
      const int y = (int)(r / w);
      const int x = (int)(r - (long)y * w);
      UPDATE_BOX(x, y, z);
    }
  }
#endif
  __local int* s = scratch;
  s[0 * lsz + lid] = mnx;
  s[1 * lsz + lid] = mny;
  s[2 * lsz + lid] = mnz;
  s[3 * lsz + lid] = mxx;
  s[4 * lsz + lid] = mxy;
  s[5 * lsz + lid] = mxz;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t k = lsz / 2; k > 0; k >>= 1) {
    if (lid < k) {
      for (int c = 0; c < 3; c++) s[c * lsz + lid] = min(s[c * lsz + lid], s[c * lsz + lid + k]);
      for (int c = 3; c < 6; c++) s[c * lsz + lid] = max(s[c * lsz + lid], s[c * lsz + lid + k]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) {
    for (int c = 0; c < 6; c++) partial[6 * get_group_id(0) + c] = s[c * lsz];
  }
}
