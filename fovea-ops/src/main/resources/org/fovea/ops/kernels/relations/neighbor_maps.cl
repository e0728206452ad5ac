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

// relation of labels i < j (i ≥ 1) whose distance is in [lo, hi]; one work item per pixel of the
// result
__kernel void proximal_relation(__global const float* dist, __global float* dst, const int m,
                                const float lo, const float hi) {
  const int i = get_global_id(0);
  const int j = get_global_id(1);
  if (i >= m || j >= m) return;
  bool r = false;
  if (i >= 1 && i < j) {
    const float d = dist[(size_t)i + (size_t)m * j];
    r = d >= lo && d <= hi;
  }
  dst[(size_t)i + (size_t)m * j] = r ? 1.0f : 0.0f;
}

// index list (width lw, n rows): column c >= 1 lists the n labels k >= 1, k != c nearest to label c
// (ties: the smaller label first), nearest first (0 where there are fewer). n passes over the
// column, each taking the next label in the order (distance, label): O(n m) per column (ranking
// every label by counting those before it was O(m^2) per column, minutes for a few thousand
// labels). Labels at a NaN distance (no centroid) are never ranked after another, so, as when
// every label was ranked by counting, the largest of them takes slot 0 when it is larger than
// the nearest label.
__kernel void nearest_list(__global const float* dist, __global float* list, const int m,
                           const int lw, const int n) {
  const int c = get_global_id(0);
  if (c >= lw) return;
  for (int r = 0; r < n; r++) list[c + (size_t)lw * r] = 0.0f;
  if (c == 0 || n < 1) return;
  int nanMax = 0;
  int prevK = -1;
  float prev = 0.0f;
  for (int r = 0; r < n; r++) {
    int found = -1;
    float best = 0.0f;
    for (int k = 1; k < m; k++) {
      if (k == c) continue;
      const float v = dist[(size_t)c + (size_t)m * k];
      if (isnan(v)) {
        nanMax = k;
        continue;
      }
      const bool after = prevK < 0 || v > prev || (v == prev && k > prevK);
      if (after && (found < 0 || v < best)) {
        found = k;
        best = v;
      }
    }
    if (found < 0) break;
    list[c + (size_t)lw * r] = (float)found;
    prev = best;
    prevK = found;
  }
  if (nanMax > (int)list[c]) list[c] = (float)nanMax;
}
