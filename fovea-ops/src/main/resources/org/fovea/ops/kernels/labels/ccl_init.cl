// First pass of connected-components labeling (see connected_components.cl): every non-zero pixel
// becomes its own root, stored as index + 1; background is 0. Compiled per input type (SRC_T).
__kernel void ccl_init(__global const SRC_T* src, __global uint* parents, const int w,
                       const int h, const int d) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  parents[i] = src[i] != 0 ? (uint)(i + 1) : 0u;
}
