// Meshes: straight segments between the points of a point list (width n; rows x, y[, z]); the
// table says which: a touch or distance matrix, or an index list.
// A segment from a to b is sampled every half unit of its length, starting at a; each sample is
// truncated to whole pixels and written (b itself is not a sample). As CLIJ2 reads a 2D list's
// third row by clamping to its second, the length of a 2D segment is computed with z = y, which
// only makes the sampling denser.

inline float fovea_coord(__global const POINTS_T* points, const int n, const int rows,
                         const int k, const int axis) {
  return (float)points[(size_t)min(axis, rows - 1) * n + k];
}

inline void fovea_segment(__global const POINTS_T* points, const int n, const int rows,
                          const int a, const int b, __global DST_T* dst, const int w,
                          const int h, const int d, const float value) {
  const float ax = fovea_coord(points, n, rows, a, 0);
  const float ay = fovea_coord(points, n, rows, a, 1);
  const float az = fovea_coord(points, n, rows, a, 2);
  const float dx = fovea_coord(points, n, rows, b, 0) - ax;
  const float dy = fovea_coord(points, n, rows, b, 1) - ay;
  const float dz = fovea_coord(points, n, rows, b, 2) - az;
  const float length = sqrt(dx * dx + dy * dy + dz * dz);
  for (float s = 0.0f; s < length; s += 0.5f) {
    const int x = (int)(ax + dx * s / length);
    const int y = (int)(ay + dy * s / length);
    const int z = d > 1 ? (int)(az + dz * s / length) : 0;
    if (x < 0 || y < 0 || z < 0 || x >= w || y >= h || z >= d) continue;
    dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(value);
  }
}

// mode 0: touch matrix (segment where the element is non-zero, drawn with its value);
// mode 1: distance matrix (segment where the element is below threshold, drawn with 1).
// Points a < b are pair (a + 1, b + 1) of the m×m matrix: the element at x = a + 1, y = b + 1.
__kernel void matrix_to_mesh(__global const POINTS_T* points, __global const TABLE_T* table,
                             __global DST_T* dst, const int n, const int rows, const int m,
                             const int mode, const float threshold, const int w, const int h,
                             const int d) {
  const int a = get_global_id(0);
  if (a >= n) return;
  for (int b = a + 1; b < n; b++) {
    const float e = (float)table[(size_t)(a + 1) + (size_t)m * (size_t)(b + 1)];
    if (mode == 0 ? e != 0.0f : e < threshold) {
      fovea_segment(points, n, rows, a, b, dst, w, h, d, mode == 0 ? e : 1.0f);
    }
  }
}

// Column c ≥ 1 of the index list (iw×ih) lists 1-based indices of the points that point c − 1 is
// joined to; 0 (or an index past the list) is no point.
__kernel void index_list_to_mesh(__global const POINTS_T* points, __global const TABLE_T* table,
                                 __global DST_T* dst, const int n, const int rows, const int iw,
                                 const int ih, const int w, const int h, const int d) {
  const int c = get_global_id(0);
  if (c < 1 || c > n || c >= iw) return;
  for (int r = 0; r < ih; r++) {
    const float fb = (float)table[(size_t)c + (size_t)iw * r] - 1.0f;
    if (!(fb >= 0.0f) || fb >= (float)n) continue;
    const int b = (int)fb;
    fovea_segment(points, n, rows, c - 1, b, dst, w, h, d, 1.0f);
  }
}
