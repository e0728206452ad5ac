// Touch matrices of a label map in CLIJ2's layout: a matrix of (n + 1) x (n + 1) cells for the
// largest label n; labels a < b that are face neighbours (4-connected in 2D, 6-connected in 3D;
// background 0 counts as a label, the image border does not) mark the cell x = a, y = b (index
// a + (n + 1) * b). One work item per pixel looks at its +x, +y and +z neighbours only, so every
// touching pair of pixels is seen exactly once.

// The cells of the pixel's pairs with its +x, +y, +z neighbours of another label; returns how many.
static int touching_cells(__global const LABELS_T* labels, const int w, const int h, const int d,
                          const uint nl, size_t* cells) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return 0;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const uint l = (uint)labels[i];
  if (l >= nl) return 0;
  const size_t next[3] = {x + 1 < w ? i + 1 : i, y + 1 < h ? i + w : i,
                          z + 1 < d ? i + (size_t)w * h : i};
  int k = 0;
  for (int j = 0; j < 3; j++) {
    const uint o = (uint)labels[next[j]];
    if (o == l || o >= nl) continue;
    cells[k++] = (size_t)min(l, o) + (size_t)nl * max(l, o);
  }
  return k;
}

// matrix: float32, zeroed by the host; a touching pair stores 1 (every writer stores the same).
__kernel void touch_matrix(__global const LABELS_T* labels, __global float* matrix, const int w,
                           const int h, const int d, const uint nl) {
  size_t cells[3];
  const int k = touching_cells(labels, w, h, d, nl, cells);
  for (int j = 0; j < k; j++) matrix[cells[j]] = 1.0f;
}

// counts: uint32, zeroed by the host; each touching pixel pair adds one.
__kernel void touch_count_matrix(__global const LABELS_T* labels, __global uint* counts,
                                 const int w, const int h, const int d, const uint nl) {
  size_t cells[3];
  const int k = touching_cells(labels, w, h, d, nl, cells);
  for (int j = 0; j < k; j++) atomic_inc(&counts[cells[j]]);
}
