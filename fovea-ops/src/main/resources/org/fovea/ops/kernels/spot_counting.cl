// Fused stages of the spot-counting workflow (org.fovea.ops.workflow.SpotCountingWorkflow).
// Images are linear buffers, x fastest; sizes are arguments; bounds are checked.
#pragma OPENCL FP_CONTRACT OFF

#ifdef SRC_T  // (only the variant compiled for dog_blur_x has a source type)
// Pass 1 of the XY difference of Gaussians: blur along X with two normalised kernels (weights
// w1[0..2r1], w2[0..2r2]); the border is clamped to the edge pixel. Reads any pixel type.
__kernel void dog_blur_x(__global const SRC_T* src, __global float* g1, __global float* g2,
                         __global const float* w1, __global const float* w2, const int r1,
                         const int r2, const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t row = FOVEA_IDX(0, y, z, w, h);
  float s1 = 0.0f;
  for (int i = -r1; i <= r1; i++) {
    const int xx = clamp(x + i, 0, w - 1);
    s1 += w1[i + r1] * (float)src[row + xx];
  }
  float s2 = 0.0f;
  for (int i = -r2; i <= r2; i++) {
    const int xx = clamp(x + i, 0, w - 1);
    s2 += w2[i + r2] * (float)src[row + xx];
  }
  g1[row + x] = s1;
  g2[row + x] = s2;
}
#endif

// Pass 2: blur both along Y, subtract, and keep what is above `floorValue`, shifted to 0:
// dst = max(G1 − G2, floorValue) − floorValue  (= CLIJ's maximumImageAndScalar(dog, 1) − 1).
__kernel void dog_blur_y_floor(__global const float* g1, __global const float* g2,
                               __global float* dst, __global const float* w1,
                               __global const float* w2, const int r1, const int r2,
                               const float floorValue, const int w, const int h, const int d) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t plane = FOVEA_IDX(x, 0, z, w, h);
  float s1 = 0.0f;
  for (int i = -r1; i <= r1; i++) {
    const int yy = clamp(y + i, 0, h - 1);
    s1 += w1[i + r1] * g1[plane + (size_t)yy * w];
  }
  float s2 = 0.0f;
  for (int i = -r2; i <= r2; i++) {
    const int yy = clamp(y + i, 0, h - 1);
    s2 += w2[i + r2] * g2[plane + (size_t)yy * w];
  }
  dst[plane + (size_t)y * w] = fmax(s1 - s2, floorValue) - floorValue;
}
