// Binary shape ops (each kernel is compiled when the host binds the images it reads or writes;
// non-zero = foreground; results 1 or 0); neighbours are the 4 (2D) or 6 (3D)
// face neighbours inside the image.
//
// binary_edge: 1 where a foreground pixel has a background face neighbour inside the image
//   (pixels beyond the image border do not count as background).
// fill_init / fill_grow / fill_write (binaryFillHoles): background pixels reachable from the image
//   border through face-connected background are outside; every other pixel becomes 1.
//   fill_init marks the background pixels on the border (z border included in 3D); fill_grow,
//   run until it reports no change, marks background pixels with a marked face neighbour (marks
//   only ever go from 0 to 1, so updating in place is safe); fill_write writes the result.

inline int face_neighbour(const int x, const int y, const int z, const int w, const int h,
                          const int d, const int k, size_t* j) {
  int nx = x, ny = y, nz = z;
  switch (k) {
    case 0: nx--; break;
    case 1: nx++; break;
    case 2: ny--; break;
    case 3: ny++; break;
    case 4: nz--; break;
    default: nz++; break;
  }
  if (nx < 0 || ny < 0 || nz < 0 || nx >= w || ny >= h || nz >= d) return 0;
  *j = FOVEA_IDX(nx, ny, nz, w, h);
  return 1;
}

#define NEIGHBOURS (d > 1 ? 6 : 4)

#if defined(SRC_T) && defined(DST_T)
__kernel void binary_edge(__global const SRC_T* src, __global DST_T* dst, const int w,
                          const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  int edge = 0;
  if (src[i] != 0) {
    size_t j;
    for (int k = 0; k < NEIGHBOURS; k++) {
      if (face_neighbour(x, y, z, w, h, d, k, &j) && src[j] == 0) edge = 1;
    }
  }
  dst[i] = edge ? (DST_T)1 : (DST_T)0;
}

#endif

#ifdef SRC_T
__kernel void fill_init(__global const SRC_T* src, __global uchar* mark, const int w, const int h,
                        const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const int border =
      x == 0 || y == 0 || x == w - 1 || y == h - 1 || (d > 1 && (z == 0 || z == d - 1));
  mark[i] = (border && src[i] == 0) ? 1 : 0;
}

__kernel void fill_grow(__global const SRC_T* src, __global uchar* mark, __global int* changed,
                        const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  if (mark[i] || src[i] != 0) return;
  size_t j;
  for (int k = 0; k < NEIGHBOURS; k++) {
    if (face_neighbour(x, y, z, w, h, d, k, &j) && mark[j]) {
      mark[i] = 1;
      *changed = 1;
      return;
    }
  }
}

#endif

#ifdef DST_T
__kernel void fill_write(__global const uchar* mark, __global DST_T* dst, const int w,
                         const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  dst[i] = mark[i] ? (DST_T)0 : (DST_T)1;
}
#endif
