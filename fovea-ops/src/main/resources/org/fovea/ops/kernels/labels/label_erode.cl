// erodeLabels. erode_labels_gap: a pixel keeps its label only when every 4/6-neighbour inside the
// image has the same label (so touching labels get a gap and every label loses its rim).
__kernel void erode_labels_gap(__global const uint* src, __global uint* dst, const int w,
                               const int h, const int d) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const uint l = src[i];
  bool keep = l != 0;
  if (keep && x > 0) keep = src[i - 1] == l;
  if (keep && x + 1 < w) keep = src[i + 1] == l;
  if (keep && y > 0) keep = src[FOVEA_IDX(x, y - 1, z, w, h)] == l;
  if (keep && y + 1 < h) keep = src[FOVEA_IDX(x, y + 1, z, w, h)] == l;
  if (keep && z > 0) keep = src[FOVEA_IDX(x, y, z - 1, w, h)] == l;
  if (keep && z + 1 < d) keep = src[FOVEA_IDX(x, y, z + 1, w, h)] == l;
  dst[i] = keep ? l : 0u;
}

// One binary erosion step: a pixel keeps its label when no neighbour inside the image (box != 0:
// 8/26, else 4/6) is background.
__kernel void erode_labels_step(__global const uint* src, __global uint* dst, const int w,
                                const int h, const int d, const int box) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const uint l = src[i];
  bool keep = l != 0;
  for (int dz = -1; dz <= 1 && keep; dz++) {
    const int zz = z + dz;
    if (zz < 0 || zz >= d) continue;
    for (int dy = -1; dy <= 1 && keep; dy++) {
      const int yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      for (int dx = -1; dx <= 1; dx++) {
        const int xx = x + dx;
        if (xx < 0 || xx >= w) continue;
        if (!box && abs(dx) + abs(dy) + abs(dz) != 1) continue;
        if (src[FOVEA_IDX(xx, yy, zz, w, h)] == 0) {
          keep = false;
          break;
        }
      }
    }
  }
  dst[i] = keep ? l : 0u;
}

// first[l] = the smallest island number among the pixels of label l (first is UINT_MAX-filled).
__kernel void first_island(__global const uint* labels, __global const uint* islands,
                           __global uint* first, const long n) {
  const size_t i = get_global_id(0);
  if ((long)i >= n) return;
  const uint k = islands[i];
  if (k != 0) atomic_min(&first[labels[i]], k);
}

// flags[first[l]] = 1 for every label l that has pixels.
__kernel void flag_first_islands(__global const uint* first, __global uint* flags,
                                 const uint nl) {
  const uint l = get_global_id(0);
  if (l >= nl) return;
  if (first[l] != 0xffffffffu) flags[first[l]] = 1u;
}

// dst = the new number of the pixel's label: table[first island of its label].
__kernel void apply_first_islands(__global const uint* labels, __global const uint* islands,
                                  __global const uint* first, __global const uint* table,
                                  __global uint* dst, const long n) {
  const size_t i = get_global_id(0);
  if ((long)i >= n) return;
  dst[i] = islands[i] != 0 ? table[first[labels[i]]] : 0u;
}
