// Ops on touch and distance matrices in CLIJ2's layout (float32 matrices of w columns and h rows,
// index x + w * y; row and column 0 = background). A touch matrix marks the pair of labels a < b
// in the cell x = a, y = b only (below the diagonal). Vectors: one value per column, index = label.

#define AT(m, x, y, w) (m)[(size_t)(x) + (size_t)(w) * (size_t)(y)]

// The pair (a, b) as marked in a touch matrix: cell (min, max).
static float pair_value(__global const float* m, int a, int b, int w) {
  return AT(m, min(a, b), max(a, b), w);
}

// Symmetric matrix: m(x, y) + m(y, x) (so a touch matrix's marks appear on both sides).
__kernel void touch_to_adjacency(__global const float* m, __global float* dst, const int w) {
  const int x = get_global_id(0), y = get_global_id(1);
  if (x >= w || y >= w) return;
  AT(dst, x, y, w) = AT(m, x, y, w) + AT(m, y, x, w);
}

// Per label l: the number of labels k != l (k >= first) whose pair cell (min, max) is non-zero;
// first = 1 leaves the background out, element 0 included (0).
__kernel void count_touching(__global const float* m, __global float* dst, const int w,
                             const int first) {
  const int l = get_global_id(0);
  if (l >= w) return;
  int c = 0;
  for (int k = first; k < w && l >= first; k++) c += k != l && pair_value(m, k, l, w) != 0.0f ? 1 : 0;
  dst[l] = (float)c;
}

static bool adjacent(__global const float* m, int a, int b, int w) {
  return AT(m, a, b, w) != 0.0f || AT(m, b, a, w) != 0.0f;
}

// Cell (x, y), x < y: 1 when some k (background and x, y themselves included where the matrix
// marks them) is adjacent to both (adjacency = a non-zero cell on either side of the diagonal).
__kernel void neighbors_of_neighbors(__global const float* m, __global float* dst, const int w) {
  const int x = get_global_id(0), y = get_global_id(1);
  if (x >= w || y >= w) return;
  bool found = false;
  if (x < y) {
    for (int k = 0; k < w && !found; k++) found = adjacent(m, x, k, w) && adjacent(m, k, y, w);
  }
  AT(dst, x, y, w) = found ? 1.0f : 0.0f;
}

// Per column x: the smallest value > -1 in rows 1..h-1 (the diagonal included); 0 when none.
__kernel void shortest_distances(__global const float* m, __global float* dst, const int w,
                                 const int h) {
  const int x = get_global_id(0);
  if (x >= w) return;
  float best = 0.0f;
  bool any = false;
  for (int y = 1; y < h; y++) {
    const float v = AT(m, x, y, w);
    if (v > -1.0f && (!any || v < best)) {
      best = v;
      any = true;
    }
  }
  dst[x] = best;
}

// The next row after (prev, prevRow) in the order (value, row) among rows 1..h-1 except row x;
// returns -1 when there is none.
static int next_closest(__global const float* m, int x, int w, int h, float prev, int prevRow) {
  int found = -1;
  float best = 0.0f;
  for (int y = 1; y < h; y++) {
    if (y == x) continue;
    const float v = AT(m, x, y, w);
    const bool after = prevRow < 0 || v > prev || (v == prev && y > prevRow);
    if (after && (found < 0 || v < best)) {
      found = y;
      best = v;
    }
  }
  return found;
}

// Per column x: mean of the n smallest values in rows 1..h-1 except row x (fewer when there are
// fewer; 0 when none).
__kernel void average_n_closest(__global const float* m, __global float* dst, const int w,
                                const int h, const int n) {
  const int x = get_global_id(0);
  if (x >= w) return;
  float sum = 0.0f, prev = 0.0f;
  int row = -1, c = 0;
  for (; c < n; c++) {
    row = next_closest(m, x, w, h, prev, row);
    if (row < 0) break;
    prev = AT(m, x, row, w);
    sum += prev;
  }
  dst[x] = c > 0 ? sum / c : 0.0f;
}

// Column x >= 1 marks its n nearest rows y (rows 1..h-1 except x; ties: smaller row first) in the
// touch-matrix cell (min(x, y), max(x, y)). dst zeroed by the host; square matrices.
__kernel void n_nearest(__global const float* m, __global float* dst, const int w, const int n) {
  const int x = get_global_id(0);
  if (x < 1 || x >= w) return;
  float prev = 0.0f;
  int row = -1;
  for (int c = 0; c < n; c++) {
    row = next_closest(m, x, w, w, prev, row);
    if (row < 0) break;
    prev = AT(m, x, row, w);
    AT(dst, min(x, row), max(x, row), w) = 1.0f;
  }
}

// Per label l: mean distance (cell (min, max) of the distance matrix) to the labels k >= 1, k != l,
// whose touch-matrix cell (min, max) is > 0; 0 when none.
// m: the distance matrix.
__kernel void average_touching(__global const float* m, __global const float* touch,
                               __global float* dst, const int w) {
  const int l = get_global_id(0);
  if (l >= w) return;
  float sum = 0.0f;
  int c = 0;
  for (int k = 1; k < w; k++) {
    if (k == l || !(pair_value(touch, k, l, w) > 0.0f)) continue;
    sum += pair_value(m, k, l, w);
    c++;
  }
  dst[l] = c > 0 ? sum / c : 0.0f;
}

// Per column x >= 1 (0 for column 0): the number of rows y >= 1 (y != x when excludeSelf) with
// lo <= value <= hi (NaN never counts).
__kernel void count_in_range(__global const float* m, __global float* dst, const int w,
                             const int h, const float lo, const float hi, const int excludeSelf) {
  const int x = get_global_id(0);
  if (x >= w) return;
  int c = 0;
  for (int y = 1; y < h && x > 0; y++) {
    const float v = AT(m, x, y, w);
    c += (!excludeSelf || y != x) && v >= lo && v <= hi ? 1 : 0;
  }
  dst[x] = (float)c;
}

// Overlap counts (uint32, n1 + 1 columns for the labels of map 1, n2 + 1 rows for map 2; see
// overlap_matrix.cl) to a Jaccard index matrix.

// sums[k] for k < nl1: pixel count of label k of map 1 (sum of column k); sums[nl1 + k] for
// k < nl2: pixel count of label k of map 2 (sum of row k). One work item per column or row.
__kernel void overlap_sums(__global const uint* counts, __global uint* sums, const uint nl1,
                           const uint nl2) {
  const uint k = get_global_id(0);
  if (k >= nl1 + nl2) return;
  uint s = 0;
  if (k < nl1) {
    for (uint b = 0; b < nl2; b++) s += counts[(size_t)k + (size_t)nl1 * b];
  } else {
    const size_t row = (size_t)nl1 * (k - nl1);
    for (uint a = 0; a < nl1; a++) s += counts[row + a];
  }
  sums[k] = s;
}

// Jaccard index |A ∩ B| / |A ∪ B| per cell, from the overlap counts and the label sizes.
__kernel void jaccard(__global const uint* counts, __global const uint* sums,
                      __global float* matrix, const uint nl1, const uint nl2) {
  const uint a = get_global_id(0), b = get_global_id(1);
  if (a >= nl1 || b >= nl2) return;
  const size_t i = (size_t)a + (size_t)nl1 * b;
  const float both = (float)counts[i];
  const float either = (float)sums[a] + (float)sums[nl1 + b] - both;
  matrix[i] = either > 0 ? both / either : 0.0f;
}
