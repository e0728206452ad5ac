// entropyBox: the Shannon entropy (bits) of the grey-value histogram of the box around every pixel.
// The histogram has 256 bins spanning the image's [minimum, maximum] (given by the host):
// bin = (int)((v − minimum) · scale), scale = 256 / (maximum − minimum) (0 when the image is
// constant), clamped to 0..255. Box neighbours beyond the border take the nearest edge pixel.
// H = −Σ p·log2(p) over the non-empty bins, p = count / box size; float32. One work item per
// pixel, a private 256-bin histogram.
#pragma OPENCL FP_CONTRACT OFF

__kernel void entropy_box(__global const SRC_T* src, __global DST_T* dst, const int w,
                          const int h, const int d, const int rx, const int ry, const int rz,
                          const float minimum, const float scale) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  int hist[256];
  for (int i = 0; i < 256; i++) hist[i] = 0;
  for (int dz = -rz; dz <= rz; dz++) {
    const int zz = clamp(z + dz, 0, d - 1);
    for (int dy = -ry; dy <= ry; dy++) {
      const int yy = clamp(y + dy, 0, h - 1);
      for (int dx = -rx; dx <= rx; dx++) {
        const int xx = clamp(x + dx, 0, w - 1);
        const float v = (float)src[FOVEA_IDX(xx, yy, zz, w, h)];
        hist[clamp((int)((v - minimum) * scale), 0, 255)]++;
      }
    }
  }
  const float total = (float)((2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1));
  float entropy = 0.0f;
  for (int i = 0; i < 256; i++) {
    if (hist[i] > 0) {
      const float p = (float)hist[i] / total;
      entropy -= p * log2(p);
    }
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(entropy);
}
