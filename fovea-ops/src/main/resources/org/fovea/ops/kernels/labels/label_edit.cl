// Label-map editing: flags per label (bit 0: present in the map, bit 1: to be excluded), a
// renumbering table built by a one-group prefix sum (kept = present and not excluded, in label
// order), and pixel-wise replacement through the table. Label values are read as (uint)LABELS_T.
// This file: the pixel passes (defines LABELS_T, DST_T); label_table.cl: the per-label passes
// (no defines); label_values.cl: flags from a user's vector (VALUES_T).

// flags[label] |= 1 for every label present (label < nl).
__kernel void flag_present(__global const LABELS_T* labels, __global uint* flags, const long n,
                           const uint nl) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const uint l = (uint)labels[i];
  if (l < nl) atomic_or(&flags[l], 1u);
}

// counts[label] += 1 for every pixel (label < nl).
__kernel void count_pixels(__global const LABELS_T* labels, __global uint* counts, const long n,
                           const uint nl) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const uint l = (uint)labels[i];
  if (l < nl) atomic_inc(&counts[l]);
}

// flags[label] |= 2 for every label that touches the image border (x, y; z too in 3D).
__kernel void flag_edges(__global const LABELS_T* labels, __global uint* flags, const int w,
                         const int h, const int d, const uint nl) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const bool edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || (d > 1 && (z == 0 || z == d - 1));
  if (!edge) return;
  const uint l = (uint)labels[FOVEA_IDX(x, y, z, w, h)];
  if (l < nl) atomic_or(&flags[l], 2u);
}

// dst[i] = table[src[i]] (values outside the table: 0).
__kernel void apply_table(__global const LABELS_T* src, __global const uint* table,
                          __global DST_T* dst, const long n, const uint nl) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const uint l = (uint)src[i];
  dst[i] = (DST_T)(l < nl ? table[l] : 0u);
}
