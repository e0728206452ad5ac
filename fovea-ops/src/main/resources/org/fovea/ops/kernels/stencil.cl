// Small non-separable neighbourhood filters with CLIJ2's border rule (clamp to edge); one work
// item per output pixel, sizes as arguments. Sums are float32; the result is converted into the
// destination type (integer types: saturating, round half to even).

// dst = Σ weights(kx, ky, kz) · src(x + kx − cx, y + ky − cy, z + kz − cz) over the weights image
// of kw×kh×kd (x fastest) centred at c = (kw/2, kh/2, kd/2), offsets −c..c per axis (an even size
// reads its last weight once more, as CLIJ2's clamped kernel image); visited x slowest, z fastest.
// A 2D source (d == 1) uses the first plane of the weights only.
__kernel void stencil_sum(__global const SRC_T* src, __global const KERN_T* kern,
                          __global DST_T* dst, const int kw, const int kh, const int kd,
                          const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int cx = kw / 2, cy = kh / 2, cz = d > 1 ? kd / 2 : 0;
  float sum = 0.0f;
  for (int ox = -cx; ox <= cx; ox++) {
    const int sx = clamp(x + ox, 0, w - 1);
    const int kx = min(cx + ox, kw - 1);
    for (int oy = -cy; oy <= cy; oy++) {
      const int sy = clamp(y + oy, 0, h - 1);
      const int ky = min(cy + oy, kh - 1);
      for (int oz = -cz; oz <= cz; oz++) {
        const int sz = clamp(z + oz, 0, d - 1);
        const int kz = min(cz + oz, kd - 1);
        sum += (float)kern[FOVEA_IDX(kx, ky, kz, kw, kh)] * (float)src[FOVEA_IDX(sx, sy, sz, w, h)];
      }
    }
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(sum);
}

// Sobel gradient magnitude: sqrt(gx² + gy² (+ gz²)), each g the derivative (−1, 0, 1) along its
// axis smoothed with (1, 2, 1) along the other axes (3×3 in 2D, 3×3×3 in 3D, where d > 1).
__kernel void sobel_magnitude(__global const SRC_T* src, __global DST_T* dst, const int w,
                              const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int rz = d > 1 ? 1 : 0;
  float gx = 0.0f, gy = 0.0f, gz = 0.0f;
  for (int oz = -rz; oz <= rz; oz++) {
    const int sz = clamp(z + oz, 0, d - 1);
    const float sz_w = rz ? (float)(2 - oz * oz) : 1.0f;  // smoothing weight along z
    for (int oy = -1; oy <= 1; oy++) {
      const int sy = clamp(y + oy, 0, h - 1);
      const float sy_w = (float)(2 - oy * oy);
      for (int ox = -1; ox <= 1; ox++) {
        const float v = (float)src[FOVEA_IDX(clamp(x + ox, 0, w - 1), sy, sz, w, h)];
        const float sx_w = (float)(2 - ox * ox);
        gx += (float)ox * sy_w * sz_w * v;
        gy += (float)oy * sx_w * sz_w * v;
        gz += (float)oz * sx_w * sy_w * v;
      }
    }
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(sqrt(gx * gx + gy * gy + gz * gz));
}
