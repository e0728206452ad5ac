// equalizeMeanIntensitiesOfSlices in three steps (one file, 2D slices of a 3D stack):
// row_sums: one work item per row (y, z) sums its w pixels in float into sums[y + h * z];
// slice_factors: one work item per slice z: factor[z] = sum of slice ref / sum of slice z (the
//   ratio of the slices' means; 0 where slice z sums to 0);
// scale_slices: dst = src * factor[z], converted to dst's type.
#ifdef SRC_T
__kernel void row_sums(__global const SRC_T* src, __global float* sums, const int w, const int h,
                       const int d) {
  const int y = get_global_id(0);
  const int z = get_global_id(1);
  if (y >= h || z >= d) return;
  float s = 0.0f;
  for (int x = 0; x < w; x++) s += (float)src[FOVEA_IDX(x, y, z, w, h)];
  sums[(size_t)y + (size_t)h * z] = s;
}

#endif

__kernel void slice_factors(__global const float* sums, __global float* factors, const int h,
                            const int d, const int ref) {
  const int z = get_global_id(0);
  if (z >= d) return;
  float sz = 0.0f;
  float sr = 0.0f;
  for (int y = 0; y < h; y++) {
    sz += sums[(size_t)y + (size_t)h * z];
    sr += sums[(size_t)y + (size_t)h * ref];
  }
  factors[z] = sz != 0.0f ? sr / sz : 0.0f;
}

#ifdef DST_T
__kernel void scale_slices(__global const SRC_T* src, __global DST_T* dst,
                           __global const float* factors, const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  dst[i] = CONVERT_DST_T((float)src[i] * factors[z]);
}
#endif
