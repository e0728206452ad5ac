// Overlap matrices of two label maps of the same shape (CLIJ2's layout): n1 + 1 columns (labels of
// map 1, background 0 included) and n2 + 1 rows (labels of map 2); cell (a, b) = index a + (n1 + 1) * b.

// counts: uint32, zeroed by the host; every pixel adds one to the cell of its two labels.
__kernel void overlap_counts(__global const LABELS1_T* labels1, __global const LABELS2_T* labels2,
                             __global uint* counts, const ulong n, const uint nl1,
                             const uint nl2) {
  const size_t i = get_global_id(0);
  if (i >= n) return;
  const uint a = (uint)labels1[i], b = (uint)labels2[i];
  if (a < nl1 && b < nl2) atomic_inc(&counts[(size_t)a + (size_t)nl1 * b]);
}

// matrix: float32, zeroed by the host; 1 in the cell of every pixel's two labels.
__kernel void overlap_binary(__global const LABELS1_T* labels1, __global const LABELS2_T* labels2,
                             __global float* matrix, const ulong n, const uint nl1,
                             const uint nl2) {
  const size_t i = get_global_id(0);
  if (i >= n) return;
  const uint a = (uint)labels1[i], b = (uint)labels2[i];
  if (a < nl1 && b < nl2) matrix[(size_t)a + (size_t)nl1 * b] = 1.0f;
}
