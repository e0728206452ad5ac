// Distance matrix of two point lists (CLIJ2's layout): list k is an image of width n_k and height
// dims (column j = point j's x, y[, z]). The matrix has n1 + 1 columns and n2 + 1 rows; cell
// (x, y) with x, y >= 1 holds the Euclidean distance of point x - 1 of list 1 and point y - 1 of
// list 2; row 0 and column 0 (the background) hold 0. One work item per cell.
__kernel void distance_matrix(__global const P1_T* p1, __global const P2_T* p2,
                              __global float* matrix, const int n1, const int n2,
                              const int dims) {
  const int x = get_global_id(0), y = get_global_id(1);
  if (x > n1 || y > n2) return;
  float v = 0.0f;
  if (x > 0 && y > 0) {
    float s = 0.0f;
    for (int k = 0; k < dims; k++) {
      const float dd = (float)p1[(size_t)k * n1 + x - 1] - (float)p2[(size_t)k * n2 + y - 1];
      s += dd * dd;
    }
    v = sqrt(s);
  }
  matrix[(size_t)x + (size_t)(n1 + 1) * y] = v;
}
