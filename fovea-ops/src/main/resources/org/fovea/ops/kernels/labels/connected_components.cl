// Connected-components labeling by parallel union-find (Playne & Hawick 2018 style), 2D and 3D.
//
// parents[i] holds (parent index + 1); 0 is background. Links always go from the larger root to
// the smaller (atomic_min), so the root of every component is its smallest linear index (x
// fastest, then y, then z). Labels are then numbered 1..n by the rank of that root, which is the
// order CLIJ2's connectedComponentsLabeling* gives (components ordered by their first pixel in
// raster order), with no gaps.
//
// ccl_init.cl sets parents[i] = i + 1 for non-zero input pixels (0 else), compiled per input type;
// this file is compiled once. Define: PER (pixels per work item in the count/assign passes).

static uint ccl_find(volatile __global uint* p, uint a) {
  uint q = p[a] - 1u;
  while (q != a) {
    a = q;
    q = p[a] - 1u;
  }
  return a;
}

static void ccl_unite(volatile __global uint* p, uint a, uint b) {
  bool done = false;
  while (!done) {
    a = ccl_find(p, a);
    b = ccl_find(p, b);
    if (a < b) {
      const uint old = atomic_min(&p[b], a + 1u) - 1u;
      done = old == b;
      b = old;
    } else if (b < a) {
      const uint old = atomic_min(&p[a], b + 1u) - 1u;
      done = old == a;
      a = old;
    } else {
      done = true;
    }
  }
}

// Unites every foreground pixel with its foreground neighbours that come before it in raster order.
// box: 1 for the 8/26-neighbourhood, 0 for the 4/6-neighbourhood.
__kernel void ccl_merge(__global uint* parents, const int w, const int h, const int d,
                        const int box) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  if (parents[i] == 0) return;
  volatile __global uint* p = parents;
  for (int dz = -1; dz <= 0; dz++) {
    const int zz = z + dz;
    if (zz < 0) continue;
    for (int dy = -1; dy <= 1; dy++) {
      const int yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      if (dz == 0 && dy > 0) break;
      for (int dx = -1; dx <= 1; dx++) {
        if (dz == 0 && dy == 0 && dx >= 0) break;
        const int xx = x + dx;
        if (xx < 0 || xx >= w) continue;
        if (!box && abs(dx) + abs(dy) + abs(dz) != 1) continue;
        const size_t j = FOVEA_IDX(xx, yy, zz, w, h);
        if (p[j] != 0) ccl_unite(p, (uint)i, (uint)j);
      }
    }
  }
}

// Points every foreground pixel directly at its root.
__kernel void ccl_compress(__global uint* parents, const int w, const int h, const int d) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  if (parents[i] == 0) return;
  parents[i] = ccl_find((volatile __global uint*)parents, (uint)i) + 1u;
}

// Local exclusive scan of v over the work group (Hillis-Steele on scratch); returns the exclusive
// prefix of this item and leaves the group total in *total.
static uint group_exclusive_scan(uint v, __local uint* scratch, uint* total) {
  const size_t lid = get_local_id(0), lsz = get_local_size(0);
  scratch[lid] = v;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t off = 1; off < lsz; off <<= 1) {
    const uint add = lid >= off ? scratch[lid - off] : 0u;
    barrier(CLK_LOCAL_MEM_FENCE);
    scratch[lid] += add;
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  const uint inclusive = scratch[lid];
  *total = scratch[lsz - 1];
  barrier(CLK_LOCAL_MEM_FENCE);
  return inclusive - v;
}

// counts[group] = number of roots in the group's chunk of local_size * PER pixels.
__kernel void ccl_count_roots(__global const uint* parents, __global uint* counts, const long n,
                              __local uint* scratch) {
  const size_t begin = (get_group_id(0) * get_local_size(0) + get_local_id(0)) * PER;
  uint c = 0;
  for (size_t k = 0; k < PER; k++) {
    const size_t i = begin + k;
    if (i < (size_t)n && parents[i] == (uint)(i + 1)) c++;
  }
  uint total;
  group_exclusive_scan(c, scratch, &total);
  if (get_local_id(0) == 0) counts[get_group_id(0)] = total;
}

// In-place exclusive scan of counts[0..m) by one work group; counts[m] receives the total.
__kernel void ccl_scan_counts(__global uint* counts, const int m, __local uint* scratch) {
  const size_t lid = get_local_id(0), lsz = get_local_size(0);
  const size_t per = ((size_t)m + lsz - 1) / lsz;
  const size_t begin = min(lid * per, (size_t)m), end = min(begin + per, (size_t)m);
  uint s = 0;
  for (size_t k = begin; k < end; k++) s += counts[k];
  uint total;
  uint run = group_exclusive_scan(s, scratch, &total);
  for (size_t k = begin; k < end; k++) {
    const uint c = counts[k];
    counts[k] = run;
    run += c;
  }
  if (lid == 0) counts[m] = total;
}

// Roots get their label: 1 + the number of roots before them.
__kernel void ccl_label_roots(__global const uint* parents, __global const uint* offsets,
                              __global uint* labels, const long n, __local uint* scratch) {
  const size_t begin = (get_group_id(0) * get_local_size(0) + get_local_id(0)) * PER;
  uint c = 0;
  for (size_t k = 0; k < PER; k++) {
    const size_t i = begin + k;
    if (i < (size_t)n && parents[i] == (uint)(i + 1)) c++;
  }
  uint total;
  uint rank = offsets[get_group_id(0)] + group_exclusive_scan(c, scratch, &total);
  for (size_t k = 0; k < PER; k++) {
    const size_t i = begin + k;
    if (i < (size_t)n && parents[i] == (uint)(i + 1)) labels[i] = ++rank;
  }
}

// Every other pixel takes its root's label (roots were labelled by ccl_label_roots); background 0.
__kernel void ccl_label_pixels(__global const uint* parents, __global uint* labels, const long n) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const uint p = parents[i];
  if (p == 0) labels[i] = 0;
  else if (p != (uint)(i + 1)) labels[i] = labels[p - 1u];
}

// ---- mergeTouchingLabels: the same union-find over label values instead of pixels
// (parents[l] = root label + 1; the root of a group of touching labels is its smallest label).

// parents[l] = l + 1 for every label 0..nl-1.
__kernel void label_parents_init(__global uint* parents, const uint nl) {
  const uint l = get_global_id(0);
  if (l < nl) parents[l] = l + 1u;
}

// Unites the labels of every two face neighbours (4/6-connected) with different non-zero labels.
__kernel void merge_touching_labels(__global const uint* labels, __global uint* parents,
                                    const int w, const int h, const int d, const uint nl) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const uint a = labels[i];
  if (a == 0u || a >= nl) return;
  volatile __global uint* p = parents;
  for (int k = 0; k < 3; k++) {
    const int xx = x + (k == 0), yy = y + (k == 1), zz = z + (k == 2);
    if (xx >= w || yy >= h || zz >= d) continue;
    const uint b = labels[FOVEA_IDX(xx, yy, zz, w, h)];
    if (b != 0u && b != a && b < nl) ccl_unite(p, a, b);
  }
}

// dst = the root label of every pixel's label (parents compressed by ccl_compress), 0 stays 0.
__kernel void apply_label_roots(__global const uint* labels, __global const uint* parents,
                                __global uint* dst, const long n, const uint nl) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const uint a = labels[i];
  dst[i] = (a == 0u || a >= nl) ? 0u : parents[a] - 1u;
}
