// Steps of the neighbour maps (parametric map + label map → statistics over neighbouring labels).
// Matrices are float32, m×m, CLIJ2's layout: labels i < j are related where x = i, y = j is
// non-zero.

// the last pixel (largest index in raster order) of every label
__kernel void last_pixel(__global const LABELS_T* labels, __global int* last, const int count) {
  const int p = get_global_id(0);
  if (p >= count) return;
  atomic_max(&last[(uint)labels[p]], p);
}

// vector element l = the parametric map's value at label l's last pixel (0 for absent labels)
__kernel void read_values(__global const MAP_T* map, __global const int* last,
                          __global float* vec, const int m) {
  const int l = get_global_id(0);
  if (l >= m) return;
  const int p = last[l];
  vec[l] = p >= 0 ? (float)map[p] : 0.0f;
}

// the background column (x = 0) cleared: no label touches the background
__kernel void clear_first_column(__global float* matrix, const int m) {
  const int y = get_global_id(0);
  if (y < m) matrix[(size_t)m * y] = 0.0f;
}

inline bool fovea_related(__global const float* matrix, const int m, const int i, const int j) {
  return i != j && matrix[(size_t)min(i, j) + (size_t)m * (size_t)max(i, j)] != 0.0f;
}

// neighbours of neighbours: i < j are related where some k is related to both (exactly two
// steps; a direct relation alone does not count); one work item per pixel of the result
__kernel void neighbors_of_neighbors(__global const float* src, __global float* dst,
                                     const int m) {
  const int i = get_global_id(0);
  const int j = get_global_id(1);
  if (i >= m || j >= m) return;
  float r = 0.0f;
  if (i < j) {
    for (int k = 0; k < m; k++) {
      if (k != i && k != j && fovea_related(src, m, i, k) && fovea_related(src, m, k, j)) {
        r = 1.0f;
        break;
      }
    }
  }
  dst[(size_t)i + (size_t)m * j] = r;
}
