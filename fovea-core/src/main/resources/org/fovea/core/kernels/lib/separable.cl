// Helpers of separable passes (one axis at a time): the pixel of a pass along any axis, and the
// local-memory row tile of an x pass.

// A pass along `axis` (0, 1, 2 = x, y, z) over a w×h×d image, one pixel per work item (global
// (w, h, d), padded): declares x, y, z (returns when outside the image), i (the pixel's index),
// c (its coordinate along the axis), len (the axis' length) and stride (elements between
// neighbours along the axis).
#define FOVEA_AXIS_PIXEL(axis, w, h, d)                                                     \
  const int x = get_global_id(0);                                                          \
  const int y = get_global_id(1);                                                          \
  const int z = get_global_id(2);                                                          \
  if (x >= (w) || y >= (h) || z >= (d)) return;                                            \
  const size_t i = FOVEA_IDX(x, y, z, (w), (h));                                           \
  const int c = (axis) == 0 ? x : ((axis) == 1 ? y : z);                                   \
  const int len = (axis) == 0 ? (w) : ((axis) == 1 ? (h) : (d));                           \
  const long stride = (axis) == 0 ? 1L : ((axis) == 1 ? (long)(w) : (long)(w) * (long)(h));

// The row tile of a separable x pass: a work group of tile_w × (rows) items loads, for each of its
// rows, tile_w + 2·radius pixels from x0 − radius on (clamped to the edge) into local memory, once
// and coalesced, so that every item reads its 2·radius + 1 taps from there. The kernel passes
// `tile` (rows × (tile_w + 2·radius) elements of LOCAL_T, allocated by the host) and src (SRC_T).
// Declares x, y, z (the item's pixel), lx (its first tap in row) and row (its row of the tile),
// and ends with the barrier; items outside the image take part in the load and return after it.
#define FOVEA_ROW_TILE(LOCAL_T, tile, src, radius, w, h, d, tile_w)                        \
  const int lx = get_local_id(0);                                                          \
  const int tx0_ = get_group_id(0) * (tile_w);                                             \
  const int y = get_global_id(1);                                                          \
  const int z = get_global_id(2);                                                          \
  const int span_ = (tile_w) + 2 * (radius);                                               \
  __local LOCAL_T* row = (tile) + get_local_id(1) * span_;                                 \
  if (y < (h) && z < (d)) {                                                                \
    __global const SRC_T* tline_ = (src) + FOVEA_IDX(0, y, z, (w), (h));                   \
    for (int j_ = lx; j_ < span_; j_ += (tile_w)) {                                        \
      row[j_] = (LOCAL_T)tline_[clamp(tx0_ - (radius) + j_, 0, (w) - 1)];                  \
    }                                                                                      \
  }                                                                                        \
  barrier(CLK_LOCAL_MEM_FENCE);                                                            \
  const int x = tx0_ + lx;                                                                 \
  if (x >= (w) || y >= (h) || z >= (d)) return;
