// labelOverlapCountMap: a flag per pair (label a of map 1, label b of map 2) that share a pixel,
// then the number of flagged partners per label of map 1. Defines A_T, B_T (the two maps' types).

// overlap[a * n2 + b] = 1 where a pixel has label a (> 0) in map 1 and label b (> 0) in map 2.
__kernel void overlap_pairs(__global const A_T* a, __global const B_T* b,
                            __global uchar* overlap, const long n, const uint n1, const uint n2) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const float fa = (float)a[i], fb = (float)b[i];
  if (!(fa >= 1.0f && fb >= 1.0f)) return;
  const uint la = (uint)fa, lb = (uint)fb;
  if (la >= n1 || lb >= n2) return;
  overlap[(size_t)la * n2 + lb] = (uchar)1;
}

// counts[l] = number of labels of map 2 flagged for label l of map 1 (counts[0] = 0).
__kernel void overlap_counts(__global const uchar* overlap, __global float* counts,
                             const uint n1, const uint n2) {
  const uint l = get_global_id(0);
  if (l >= n1) return;
  uint c = 0u;
  if (l > 0u) {
    const size_t row = (size_t)l * n2;
    for (uint k = 1u; k < n2; k++) c += overlap[row + k];
  }
  counts[l] = (float)c;
}
