// Fused stages of the spot-counting workflow (org.fovea.ops.workflow.SpotCountingWorkflow).
// Images are linear buffers, x fastest; sizes are arguments; bounds are checked.
//
// After the DoG the workflow keeps ONE volume, the isotropic stack in "cross-section order":
// cross[L + nL·(u + nu·z)], where L runs along the embryo's long axis (fastest, so that the work
// items of a group, which take consecutive L, read consecutive addresses: coalesced on a GPU,
// vector loads on a CPU), u is the other in-plane axis and z the stack's Z. This replaces the
// resampled stack + resliceTop + resliceRadial + resliceLeft volumes of the op-by-op chain: the
// cylinder projection samples the cross sections directly.
#pragma OPENCL FP_CONTRACT OFF

#ifdef SRC_T  // (only the variant compiled for dog_blur_x has a source type)
// Pass 1 of the XY difference of Gaussians: blur along X with two normalised, symmetric kernels
// (weights w1[0..2r1], w2[0..2r2], centre at r); the border is clamped to the edge pixel. Each
// work group first copies its rows plus a halo of max(r1, r2) pixels on both sides into local
// memory (`tile`: local size 0 × local size 1 rows of local size 0 + 2·max(r1, r2) floats), so
// that the source is read once, coalesced, and the taps read contiguous local memory (on a CPU:
// vector loads instead of gathers of clamped indices); symmetric taps are added before the
// multiply.
__kernel void dog_blur_x(__global const SRC_T* src, __global float* g1, __global float* g2,
                         __global const float* w1, __global const float* w2, const int r1,
                         const int r2, const int w, const int h, const int d,
                         __local float* tile) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  const int lx = get_local_id(0);
  const int lw = get_local_size(0);
  const int rmax = max(r1, r2);
  const int tw = lw + 2 * rmax;
  __local float* t = tile + get_local_id(1) * tw;
  const size_t row = FOVEA_IDX(0, min(y, h - 1), min(z, d - 1), w, h);
  const int x0 = (int)get_group_id(0) * lw - rmax;
  for (int i = lx; i < tw; i += lw) t[i] = (float)src[row + clamp(x0 + i, 0, w - 1)];
  barrier(CLK_LOCAL_MEM_FENCE);
  if (x >= w || y >= h || z >= d) return;
  const int c = lx + rmax;
  float s1 = w1[r1] * t[c];
  float s2 = w2[r2] * t[c];
  const int rmin = min(r1, r2);
  for (int i = 1; i <= rmin; i++) {
    const float p = t[c - i] + t[c + i];
    s1 += w1[r1 + i] * p;
    s2 += w2[r2 + i] * p;
  }
  for (int i = rmin + 1; i <= r1; i++) s1 += w1[r1 + i] * (t[c - i] + t[c + i]);
  for (int i = rmin + 1; i <= r2; i++) s2 += w2[r2 + i] * (t[c - i] + t[c + i]);
  g1[row + x] = s1;
  g2[row + x] = s2;
}
#endif

// Pass 2: blur both along Y, subtract, and keep what is above `floorValue`, shifted to 0:
// dst = max(G1 − G2, floorValue) − floorValue  (= CLIJ's maximumImageAndScalar(dog, 1) − 1).
// Like pass 1, each work group first copies its columns of g1 and g2 plus a halo of max(r1, r2)
// rows above and below (clamped to the edge) into local memory (`tile`: 2 × (local size 1 +
// 2·max(r1, r2)) rows of local size 0 floats); the taps then read local memory, consecutive work
// items consecutive words.
__kernel void dog_blur_y_floor(__global const float* g1, __global const float* g2,
                               __global float* dst, __global const float* w1,
                               __global const float* w2, const int r1, const int r2,
                               const float floorValue, const int w, const int h, const int d,
                               __local float* tile) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  const int lx = get_local_id(0);
  const int ly = get_local_id(1);
  const int lw = get_local_size(0);
  const int lh = get_local_size(1);
  const int rmax = max(r1, r2);
  const int rows = lh + 2 * rmax;
  __local float* t1 = tile;
  __local float* t2 = tile + rows * lw;
  const int xg0 = (int)get_group_id(0) * lw;
  const int y0 = (int)get_group_id(1) * lh - rmax;
  const size_t zoff = FOVEA_IDX(0, 0, min(z, d - 1), w, h);
  for (int i = ly * lw + lx; i < rows * lw; i += lw * lh) {
    const int row = i / lw;
    const size_t src = zoff + (size_t)clamp(y0 + row, 0, h - 1) * w + min(xg0 + i - row * lw, w - 1);
    t1[i] = g1[src];
    t2[i] = g2[src];
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  if (x >= w || y >= h || z >= d) return;
  const int c = (ly + rmax) * lw + lx;
  float s1 = w1[r1] * t1[c];
  for (int i = 1; i <= r1; i++) s1 += w1[r1 + i] * (t1[c - i * lw] + t1[c + i * lw]);
  float s2 = w2[r2] * t2[c];
  for (int i = 1; i <= r2; i++) s2 += w2[r2 + i] * (t2[c - i * lw] + t2[c + i * lw]);
  dst[zoff + (size_t)y * w + x] = fmax(s1 - s2, floorValue) - floorValue;
}

// The same two passes without local memory, for Gaussians too wide for the device's local memory
// (the tiles grow with max(r1, r2)); the same arithmetic in the same order, so the same results.
#ifdef SRC_T
__kernel void dog_blur_x_global(__global const SRC_T* src, __global float* g1,
                                __global float* g2, __global const float* w1,
                                __global const float* w2, const int r1, const int r2,
                                const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t row = FOVEA_IDX(0, y, z, w, h);
  const float c = (float)src[row + x];
  float s1 = w1[r1] * c;
  float s2 = w2[r2] * c;
  const int rmin = min(r1, r2);
  for (int i = 1; i <= rmin; i++) {
    const float p = (float)src[row + max(x - i, 0)] + (float)src[row + min(x + i, w - 1)];
    s1 += w1[r1 + i] * p;
    s2 += w2[r2 + i] * p;
  }
  for (int i = rmin + 1; i <= r1; i++) {
    s1 += w1[r1 + i] * ((float)src[row + max(x - i, 0)] + (float)src[row + min(x + i, w - 1)]);
  }
  for (int i = rmin + 1; i <= r2; i++) {
    s2 += w2[r2 + i] * ((float)src[row + max(x - i, 0)] + (float)src[row + min(x + i, w - 1)]);
  }
  g1[row + x] = s1;
  g2[row + x] = s2;
}
#endif

__kernel void dog_blur_y_floor_global(__global const float* g1, __global const float* g2,
                                      __global float* dst, __global const float* w1,
                                      __global const float* w2, const int r1, const int r2,
                                      const float floorValue, const int w, const int h,
                                      const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t plane = FOVEA_IDX(x, 0, z, w, h);
  float s1 = w1[r1] * g1[plane + (size_t)y * w];
  for (int i = 1; i <= r1; i++) {
    s1 += w1[r1 + i]
          * (g1[plane + (size_t)max(y - i, 0) * w] + g1[plane + (size_t)min(y + i, h - 1) * w]);
  }
  float s2 = w2[r2] * g2[plane + (size_t)y * w];
  for (int i = 1; i <= r2; i++) {
    s2 += w2[r2 + i]
          * (g2[plane + (size_t)max(y - i, 0) * w] + g2[plane + (size_t)min(y + i, h - 1) * w]);
  }
  dst[plane + (size_t)y * w] = fmax(s1 - s2, floorValue) - floorValue;
}

#include "lib/sampling.cl"

// Linear resampling to isotropic voxels (exactly makeIsotropic's affine_sample arithmetic: pixel
// centres at +0.5, trilinear, neighbours clamped, 0 outside) written in cross-section order.
// The resampled stack is sw'×sh'×nz with (x, y) = (u, L) when alongY, else (L, u).
__kernel void resample_cross(__global const float* src, __global float* cross, const int sw,
                             const int sh, const int sd, const int nL, const int nu,
                             const int nz, const float m00, const float m11, const float m22,
                             const int alongY) {
  const int L = get_global_id(0);
  const int u = get_global_id(1);
  const int z = get_global_id(2);
  if (L >= nL || u >= nu || z >= nz) return;
  const int x = alongY ? u : L;
  const int y = alongY ? L : u;
  const float px = m00 * ((float)x + 0.5f);
  const float py = m11 * ((float)y + 0.5f);
  const float pz = m22 * ((float)z + 0.5f);
  float v = 0.0f;
  if (px >= 0.0f && py >= 0.0f && pz >= 0.0f && px < (float)sw && py < (float)sh
      && pz < (float)sd) {
    int ix;
    int iy;
    int iz;
    const float ax = fovea_corner(px, &ix);
    const float ay = fovea_corner(py, &iy);
    const float az = fovea_corner(pz, &iz);
    const int x0 = clamp(ix, 0, sw - 1);
    const int x1 = clamp(ix + 1, 0, sw - 1);
    const int y0 = clamp(iy, 0, sh - 1);
    const int y1 = clamp(iy + 1, 0, sh - 1);
    const int z0 = clamp(iz, 0, sd - 1);
    const int z1 = clamp(iz + 1, 0, sd - 1);
    const float c[2][2][2] = {
        {{src[FOVEA_IDX(x0, y0, z0, sw, sh)], src[FOVEA_IDX(x1, y0, z0, sw, sh)]},
         {src[FOVEA_IDX(x0, y1, z0, sw, sh)], src[FOVEA_IDX(x1, y1, z0, sw, sh)]}},
        {{src[FOVEA_IDX(x0, y0, z1, sw, sh)], src[FOVEA_IDX(x1, y0, z1, sw, sh)]},
         {src[FOVEA_IDX(x0, y1, z1, sw, sh)], src[FOVEA_IDX(x1, y1, z1, sw, sh)]}}};
    v = fovea_trilinear(c, ax, ay, az);
  }
  cross[FOVEA_IDX(L, u, z, nL, nu)] = v;
}

// box = {u0, L0, z0, u1, L1, z1}: empty.
__kernel void box_init(__global int* box) {
  if (get_global_id(0) != 0) return;
  box[0] = INT_MAX;
  box[1] = INT_MAX;
  box[2] = INT_MAX;
  box[3] = -1;
  box[4] = -1;
  box[5] = -1;
}

// Bounding box of the voxels ≥ thr of the cross-section volume: one work item per (L, u) scans
// z. The plain reads of box only skip atomics that cannot change it (the minima only decrease
// and the maxima only increase), so that few of the work items touch the shared words.
__kernel void cross_box(__global const float* cross, volatile __global int* box, const int nL,
                        const int nu, const int nz, const float thr) {
  const int L = get_global_id(0);
  const int u = get_global_id(1);
  if (L >= nL || u >= nu) return;
  int first = -1;
  int last = -1;
  for (int z = 0; z < nz; z++) {
    if (cross[FOVEA_IDX(L, u, z, nL, nu)] >= thr) {
      if (first < 0) first = z;
      last = z;
    }
  }
  if (first < 0) return;
  if (u < box[0]) atomic_min(&box[0], u);
  if (L < box[1]) atomic_min(&box[1], L);
  if (first < box[2]) atomic_min(&box[2], first);
  if (u > box[3]) atomic_max(&box[3], u);
  if (L > box[4]) atomic_max(&box[4], L);
  if (last > box[5]) atomic_max(&box[5], last);
}

// The cylinder maximum projection, straight from the cross sections: proj(L, a) = max over
// r = 0..nr−1 of the bilinear sample of cross section L at (cu + sin θ·r, cz + cos θ·r), θ =
// (a·deltaAngle + startAngle)° — the same arithmetic as resliceRadial (neighbours outside the
// section contribute 0) followed by resliceLeft and maximumZProjection. The centre is the centre
// of the bounding box (box from cross_box; the section's centre nu/2, nz/2 when it is empty).
// A ray that has left the section [−1, nu]×[−1, nz] (convex, and the centre lies inside) samples
// only zeros from there on, so the loop stops there with max(m, 0).
__kernel void cylinder_max(__global const float* cross, __global const int* box,
                           __global float* proj, const int nL, const int nu, const int nz,
                           const int nr, const int nang, const float deltaAngle,
                           const float startAngle) {
  const int L = get_global_id(0);
  const int a = get_global_id(1);
  if (L >= nL || a >= nang) return;
  float cu = (float)nu / 2.0f;
  float cz = (float)nz / 2.0f;
  if (box[3] >= 0) {
    cu = (float)(box[0] + box[3]) / 2.0f;
    cz = (float)(box[2] + box[5]) / 2.0f;
  }
  const float t = ((float)a * deltaAngle + startAngle) * (M_PI_F / 180.0f);
  const float st = sin(t);
  const float ct = cos(t);
  const size_t plane = (size_t)nL * (size_t)nu;
  float m = -INFINITY;
  for (int r = 0; r < nr; r++) {
    const float pu = cu + st * (float)r;
    const float pz = cz + ct * (float)r;
    if (pu <= -1.0f || pz <= -1.0f || pu >= (float)nu || pz >= (float)nz) {
      m = fmax(m, 0.0f);
      break;
    }
    const float fu = floor(pu);
    const float fz = floor(pz);
    const float au = pu - fu;
    const float az = pz - fz;
    const int u0 = (int)fu;
    const int z0 = (int)fz;
    const int u1 = u0 + 1;
    const int z1 = z0 + 1;
    const bool iu0 = u0 >= 0;
    const bool iu1 = u1 < nu;
    const bool iz0 = z0 >= 0;
    const bool iz1 = z1 < nz;
    const size_t base = (size_t)L + (size_t)nL * (size_t)u0 + plane * (size_t)z0;
    const float v00 = (iu0 && iz0) ? cross[base] : 0.0f;
    const float v10 = (iu1 && iz0) ? cross[base + nL] : 0.0f;
    const float v01 = (iu0 && iz1) ? cross[base + plane] : 0.0f;
    const float v11 = (iu1 && iz1) ? cross[base + plane + nL] : 0.0f;
    const float v0 = v00 * (1.0f - au) + v10 * au;
    const float v1 = v01 * (1.0f - au) + v11 * au;
    m = fmax(m, v0 * (1.0f - az) + v1 * az);
  }
  proj[FOVEA_IDX(L, a, 0, nL, nang)] = m;
}
