// Kernels of Fovea's built-in smart-microscopy analysis (org.fovea.scope.CylinderSpotAnalysis).
// Layout: x fastest, index = x + w * (y + h * z). Sizes are arguments.

// Gaussian blur along x with two sigmas at once (weights normalised on the host; clamp border).
__kernel void blur_x_two(__global const SRC_T* src, __global float* dst1, __global float* dst2,
                         const int w, const int h, const int d,
                         __global const float* wt1, const int r1,
                         __global const float* wt2, const int r2) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t row = (size_t)w * ((size_t)y + (size_t)h * z);
  float a = 0.0f, b = 0.0f;
  for (int k = -r2; k <= r2; k++) {
    const int xx = clamp(x + k, 0, w - 1);
    const float v = (float)src[row + xx];
    b += wt2[k + r2] * v;
    if (k >= -r1 && k <= r1) a += wt1[k + r1] * v;
  }
  dst1[row + x] = a;
  dst2[row + x] = b;
}

// Blur along y with both sigmas, difference of Gaussians, keep values above `floor`:
// dst = max(g1 - g2, floor) - floor   (CLIJ: maximumImageAndScalar then subtract).
__kernel void blur_y_dog(__global const float* s1, __global const float* s2, __global float* dst,
                         const int w, const int h, const int d,
                         __global const float* wt1, const int r1,
                         __global const float* wt2, const int r2, const float floorv) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t plane = (size_t)w * h * z;
  float a = 0.0f, b = 0.0f;
  for (int k = -r1; k <= r1; k++) {
    const int yy = clamp(y + k, 0, h - 1);
    a += wt1[k + r1] * s1[plane + (size_t)w * yy + x];
  }
  for (int k = -r2; k <= r2; k++) {
    const int yy = clamp(y + k, 0, h - 1);
    b += wt2[k + r2] * s2[plane + (size_t)w * yy + x];
  }
  dst[plane + (size_t)w * y + x] = fmax(a - b, floorv) - floorv;
}

// Maximum projections along z (dst w x h) and along y (dst w x d).
__kernel void max_z_and_y(__global const float* src, __global float* pz, __global float* py,
                          const int w, const int h, const int d) {
  const int x = get_global_id(0), j = get_global_id(1);
  if (x < w && j < h) {
    float m = -FLT_MAX;
    for (int z = 0; z < d; z++) m = fmax(m, src[x + (size_t)w * (j + (size_t)h * z)]);
    pz[x + (size_t)w * j] = m;
  }
  if (x < w && j < d) {
    float m = -FLT_MAX;
    for (int y = 0; y < h; y++) m = fmax(m, src[x + (size_t)w * (y + (size_t)h * j)]);
    py[x + (size_t)w * j] = m;
  }
}

// Cylinder maximum projection around the long (y) axis: for angle a (`na` angles over 360°) and
// row y, the maximum over radii of the bilinearly sampled image at x = xc + r cos(a) / vx,
// z = zc + r sin(a) / vz (voxel units). The radii follow the embryo's ellipsoidal outline: at row y
// the local radius is R(y) = R sqrt(1 - ((y - yc) vy / halfLen)^2) and r runs from
// f1 R(y) - margin to f2 R(y) + margin (µm, step rstep). dst is na x h.
__kernel void cylinder_max(__global const float* src, __global float* dst,
                           const int w, const int h, const int d, const int na,
                           const float xc, const float zc, const float vx, const float vz,
                           const float yc, const float vy, const float halfLen, const float radius,
                           const float f1, const float f2, const float margin, const float rstep) {
  const int a = get_global_id(0), y = get_global_id(1);
  if (a >= na || y >= h) return;
  const float ang = (float)a * (2.0f * M_PI_F / (float)na);
  const float ca = cos(ang), sa = sin(ang);
  const float q = ((float)y - yc) * vy / halfLen;
  const float ry = radius * sqrt(fmax(0.0f, 1.0f - q * q));
  const float rmin = fmax(0.0f, f1 * ry - margin), rmax = f2 * ry + margin;
  float m = 0.0f;
  for (float r = rmin; r <= rmax; r += rstep) {
    const float fx = xc + r * ca / vx;
    const float fz = zc + r * sa / vz;
    if (fx < 0.0f || fz < 0.0f || fx > (float)(w - 1) || fz > (float)(d - 1)) continue;
    const int x0 = min((int)fx, max(w - 2, 0));
    const int z0 = min((int)fz, max(d - 2, 0));
    const float tx = fx - (float)x0, tz = fz - (float)z0;
    const int x1 = min(x0 + 1, w - 1), z1 = min(z0 + 1, d - 1);
    const float v00 = src[x0 + (size_t)w * (y + (size_t)h * z0)];
    const float v10 = src[x1 + (size_t)w * (y + (size_t)h * z0)];
    const float v01 = src[x0 + (size_t)w * (y + (size_t)h * z1)];
    const float v11 = src[x1 + (size_t)w * (y + (size_t)h * z1)];
    const float v = (v00 * (1.0f - tx) + v10 * tx) * (1.0f - tz) + (v01 * (1.0f - tx) + v11 * tx) * tz;
    m = fmax(m, v);
  }
  dst[a + (size_t)na * y] = m;
}

// Local maxima in a (2rx+1) x (2ry+1) box above `threshold`; x wraps around (angles), y clamps.
// Ties: a pixel is a maximum if it is >= every neighbour and > every neighbour that comes earlier
// in raster order, so a plateau gives one maximum. dst: 1 = maximum, else 0.
__kernel void local_max_2d(__global const float* src, __global uchar* dst, const int w, const int h,
                           const int rx, const int ry, const float threshold) {
  const int x = get_global_id(0), y = get_global_id(1);
  if (x >= w || y >= h) return;
  const float v = src[x + (size_t)w * y];
  uchar is = v >= threshold ? 1 : 0;
  for (int dy = -ry; dy <= ry && is; dy++) {
    const int yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (int dx = -rx; dx <= rx; dx++) {
      if (dx == 0 && dy == 0) continue;
      int xx = x + dx;
      if (xx < 0) xx += w;
      if (xx >= w) xx -= w;
      const float n = src[xx + (size_t)w * yy];
      const int earlier = (dy < 0) || (dy == 0 && dx < 0);
      if (n > v || (earlier && n == v)) { is = 0; break; }
    }
  }
  dst[x + (size_t)w * y] = is;
}
