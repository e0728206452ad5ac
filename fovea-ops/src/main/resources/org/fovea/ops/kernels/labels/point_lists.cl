// Point lists (CLIJ2 layout: an image of width n and height d = 2 or 3, column k holding point k's
// x, y[, z]) and labelled spots. Defines SRC_T (the list or label map) and DST_T.

// dst[(l - 1) + np * k] = coordinate k of the pixel labelled l (1 <= l <= np); dims rows.
__kernel void labelled_spots_to_point_list(__global const SRC_T* labels, __global DST_T* dst,
                                           const int w, const int h, const int d, const int np,
                                           const int dims) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const uint l = (uint)labels[FOVEA_IDX(x, y, z, w, h)];
  if (l == 0 || l > (uint)np) return;
  const size_t k = l - 1;
  dst[k] = (DST_T)x;
  dst[np + k] = (DST_T)y;
  if (dims > 2) dst[2 * (size_t)np + k] = (DST_T)z;
}

// Writes one value per column of a list: at x, y[, z] (coordinates truncated to integers; points
// outside the image are skipped). labelMode: the value is k + 1 and the list has dims coordinate
// rows; else the last of `rows` rows is the value.
__kernel void write_values_to_positions(__global const SRC_T* list, __global DST_T* dst,
                                        const int np, const int rows, const int w, const int h,
                                        const int d, const int labelMode) {
  const int k = get_global_id(0);
  if (k >= np) return;
  const int coords = labelMode ? rows : rows - 1;
  const int x = (int)list[k];
  const int y = (int)list[np + k];
  const int z = coords > 2 ? (int)list[2 * np + k] : 0;
  if (x < 0 || y < 0 || z < 0 || x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  if (labelMode) dst[i] = (DST_T)(k + 1);
  else dst[i] = CONVERT_DST_T((float)list[(size_t)(rows - 1) * np + k]);
}
