// Drawing into an existing image (CLIJ2's drawBox, drawSphere, drawLine semantics); pixels outside
// the shape stay as they are. The value is converted to dst's type (saturating, round half to
// even). Sizes are dst's; every kernel checks its bounds.

// drawBox: every pixel (x, y, z) with x1 <= x <= x2, y1 <= y <= y2, z1 <= z <= z2 (inclusive;
// x2 = x + width etc.). Launched over dst.
__kernel void draw_box(__global DST_T* dst, const int w, const int h, const int d,
                       const float x1, const float y1, const float z1, const float x2,
                       const float y2, const float z2, const float value) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  if ((float)x < x1 || (float)x > x2 || (float)y < y1 || (float)y > y2 || (float)z < z1
      || (float)z > z2) {
    return;
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(value);
}

// drawSphere: every pixel within [c − r, c + r] per axis with sum((p − c)² / r²) <= 1; is3D = 0
// ignores z. Launched over dst.
__kernel void draw_sphere(__global DST_T* dst, const int w, const int h, const int d,
                          const float cx, const float cy, const float cz, const float rx,
                          const float ry, const float rz, const int is3D, const float value) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const float dx = (float)x - cx;
  const float dy = (float)y - cy;
  const float dz = is3D ? (float)z - cz : 0.0f;
  if (fabs(dx) > rx || fabs(dy) > ry || (is3D && fabs(dz) > rz)) return;
  float s = (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry);
  if (is3D) s += (dz * dz) / (rz * rz);
  if (s <= 1.0f) dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(value);
}

// drawLine, sampled as CLIJ2 does: work item (i, j, k) stands for the position
// p = min(a, b) − r + (i, j, k) (r = thickness / 2, a and b the end points); p is drawn when it
// lies within [min − r, max + r] on every axis and closer than r to the infinite line through a
// and b, into the pixel (int)p (truncated towards zero). Launched over
// (long)(|b − a| + 1 + thickness) per axis; is3D = 0 ignores z.
__kernel void draw_line(__global DST_T* dst, const int w, const int h, const int d,
                        const float ax, const float ay, const float az, const float bx,
                        const float by, const float bz, const float r, const int is3D,
                        const float value) {
  const float px = fmin(ax, bx) - r + (float)get_global_id(0);
  const float py = fmin(ay, by) - r + (float)get_global_id(1);
  const float pz = is3D ? fmin(az, bz) - r + (float)get_global_id(2) : 0.0f;
  if (px > fmax(ax, bx) + r || py > fmax(ay, by) + r || (is3D && pz > fmax(az, bz) + r)) return;
  // distance to the line: |(a − b) × (p − b)| / |a − b|
  const float ux = ax - bx;
  const float uy = ay - by;
  const float uz = is3D ? az - bz : 0.0f;
  const float vx = px - bx;
  const float vy = py - by;
  const float vz = is3D ? pz - bz : 0.0f;
  const float cx = uy * vz - uz * vy;
  const float cy = uz * vx - ux * vz;
  const float cz = ux * vy - uy * vx;
  const float dist = sqrt(cx * cx + cy * cy + cz * cz) / sqrt(ux * ux + uy * uy + uz * uz);
  if (!(dist < r)) return;
  const int x = (int)px;
  const int y = (int)py;
  const int z = (int)pz;
  if (x < 0 || y < 0 || z < 0 || x >= w || y >= h || z >= d) return;
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(value);
}
