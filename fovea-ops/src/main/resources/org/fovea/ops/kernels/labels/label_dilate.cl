// One step of label growth (dilateLabels, extendLabelingViaVoronoi, voronoiLabeling,
// maskedVoronoiLabeling): a background pixel (and, when useMask != 0, a non-zero mask pixel) takes
// the largest label among its neighbours inside the image (box != 0: 8/26-neighbourhood, else
// 4/6); labelled pixels keep their label. changed[0] becomes 1 when a pixel got a label.
__kernel void dilate_labels_step(__global const uint* src, __global const MASK_T* mask,
                                 __global uint* dst, const int w, const int h, const int d,
                                 const int box, const int useMask, __global uint* changed) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  uint l = src[i];
  if (l == 0 && (!useMask || mask[i] != 0)) {
    uint m = 0;
    for (int dz = -1; dz <= 1; dz++) {
      const int zz = z + dz;
      if (zz < 0 || zz >= d) continue;
      for (int dy = -1; dy <= 1; dy++) {
        const int yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (int dx = -1; dx <= 1; dx++) {
          const int xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          if (!box && abs(dx) + abs(dy) + abs(dz) != 1) continue;
          m = max(m, src[FOVEA_IDX(xx, yy, zz, w, h)]);
        }
      }
    }
    if (m != 0) {
      l = m;
      changed[0] = 1;
    }
  }
  dst[i] = l;
}
