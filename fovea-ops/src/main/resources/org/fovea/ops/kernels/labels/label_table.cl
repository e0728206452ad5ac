// Per-label passes of the label-map editing (see label_edit.cl); no type defines.

// flags[l] |= 2 where counts[l] lies outside [lo, hi].
__kernel void flag_counts(__global const uint* counts, __global uint* flags, const uint nl,
                          const float lo, const float hi) {
  const uint l = get_global_id(0);
  if (l >= nl) return;
  const float v = (float)counts[l];
  if (!(v >= lo && v <= hi)) flags[l] |= 2u;
}

// One work group: table[0] = 0; table[l] = (keep[l] ? number of kept labels in 1..l : 0) where
// keep = flags[l] == keepValue. Labels keep their order.
__kernel void renumber_table(__global const uint* flags, __global uint* table, const uint nl,
                             const uint keepValue, __local uint* scratch) {
  const size_t lid = get_local_id(0), lsz = get_local_size(0);
  const size_t per = ((size_t)nl + lsz - 1) / lsz;
  const size_t begin = min(lid * per, (size_t)nl), end = min(begin + per, (size_t)nl);
  uint c = 0;
  for (size_t k = max(begin, (size_t)1); k < end; k++) c += flags[k] == keepValue ? 1u : 0u;
  scratch[lid] = c;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t off = 1; off < lsz; off <<= 1) {
    const uint add = lid >= off ? scratch[lid - off] : 0u;
    barrier(CLK_LOCAL_MEM_FENCE);
    scratch[lid] += add;
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  uint run = scratch[lid] - c;
  for (size_t k = begin; k < end; k++) {
    if (k == 0) {
      table[0] = 0u;
    } else if (flags[k] == keepValue) {
      table[k] = ++run;
    } else {
      table[k] = 0u;
    }
  }
}
