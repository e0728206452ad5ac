// Label edges: a pixel is on an edge when a neighbour inside the image (4/6-neighbourhood, or
// 8/26 when box != 0) has another label (background counts as a label). keepLabel: write the
// pixel's label on edges (reduceLabelsToLabelEdges), else 1 (detectLabelEdges); 0 elsewhere.
__kernel void label_edges(__global const LABELS_T* labels, __global DST_T* dst, const int w,
                          const int h, const int d, const int box, const int keepLabel) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const LABELS_T l = labels[i];
  bool edge = false;
  for (int dz = -1; dz <= 1 && !edge; dz++) {
    const int zz = z + dz;
    if (zz < 0 || zz >= d) continue;
    for (int dy = -1; dy <= 1 && !edge; dy++) {
      const int yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      for (int dx = -1; dx <= 1; dx++) {
        const int xx = x + dx;
        if (xx < 0 || xx >= w) continue;
        const int manhattan = abs(dx) + abs(dy) + abs(dz);
        if (manhattan == 0 || (!box && manhattan != 1)) continue;
        if (labels[FOVEA_IDX(xx, yy, zz, w, h)] != l) {
          edge = true;
          break;
        }
      }
    }
  }
  dst[i] = keepLabel ? (edge ? CONVERT_DST_T(l) : (DST_T)0) : (DST_T)(edge ? 1 : 0);
}
