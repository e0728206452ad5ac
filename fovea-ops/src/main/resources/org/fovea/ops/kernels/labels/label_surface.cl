// labelSurface / excludeLabelsOnSurface: for every label, a ray from the centre (cx, cy, cz)
// through the label's point (its centroid) continues outwards from that point in steps of one pixel
// (pos += unit direction, coordinates truncated to whole pixels) until it leaves the image; a label
// is on the surface when no step lands on another non-zero label. In 2D z is ignored.
// Define LABELS_T. points: np columns, rows x, y[, z]; column l - 1 belongs to label l.

// flags[l] |= 2 for the labels to remove: those below the surface (removeSurface == 0) or those on
// it (removeSurface == 1). Labels without a point are never removed; a label whose point is the
// centre casts no ray (on the surface).
__kernel void flag_surface(__global const LABELS_T* labels, __global const float* points,
                           __global uint* flags, const int w, const int h, const int d,
                           const uint nl, const int np, const float cx, const float cy,
                           const float cz, const int removeSurface) {
  const uint l = get_global_id(0);
  if (l == 0u || l >= nl || (int)l - 1 >= np) return;
  bool surface = true;
  {
    float x = points[l - 1], y = points[np + l - 1];
    float z = d > 1 ? points[2 * np + l - 1] : 0.0f;
    float dx = x - cx, dy = y - cy, dz = d > 1 ? z - cz : 0.0f;
    const float len = sqrt(dx * dx + dy * dy + dz * dz);
    if (len > 0.0f) {
      dx /= len;
      dy /= len;
      dz /= len;
      x += dx;
      y += dy;
      z += dz;
      while (x >= 0.0f && y >= 0.0f && z >= 0.0f && x < (float)w && y < (float)h &&
             z < (float)d) {
        const uint v = (uint)labels[FOVEA_IDX((int)x, (int)y, (int)z, w, h)];
        if (v != 0u && v != l) {
          surface = false;
          break;
        }
        x += dx;
        y += dy;
        z += dz;
      }
    }
  }
  if (surface == (removeSurface != 0)) flags[l] |= 2u;
}
