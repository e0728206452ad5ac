// Linear interpolation shared by the sampling kernels (geometry, reslice, the spot-counting
// workflow): one blend order everywhere, so that every op that resamples gives the same float
// result for the same position (the workflow's resampling equals makeIsotropic exactly).

// A linear sample's neighbours along one axis: position p (pixel centres at +0.5) lies between
// pixels *i0 = floor(p − 0.5) and *i0 + 1; returns the fraction towards *i0 + 1.
float fovea_corner(const float p, int* i0) {
  const float q = p - 0.5f;
  const float f = floor(q);
  *i0 = (int)f;
  return q - f;
}

// v0 at fraction 0, v1 at fraction 1.
float fovea_lerp(const float v0, const float v1, const float a) {
  return v0 * (1.0f - a) + v1 * a;
}

// c[j][i]: the 2×2 neighbours (i along x, j along y) of a sample at fractions (ax, ay): x first,
// then y.
float fovea_bilinear(const float c[2][2], const float ax, const float ay) {
  return fovea_lerp(fovea_lerp(c[0][0], c[0][1], ax), fovea_lerp(c[1][0], c[1][1], ax), ay);
}

// c[k][j][i]: the 2×2×2 neighbours (i along x, j along y, k along z) of a sample at fractions
// (ax, ay, az): the two z planes bilinearly, then z.
float fovea_trilinear(const float c[2][2][2], const float ax, const float ay,
                     const float az) {
  return fovea_lerp(fovea_bilinear(c[0], ax, ay), fovea_bilinear(c[1], ax, ay), az);
}

#ifdef SRC_T
// src(x, y, z) as float, src being w×h×… (programs with a SRC_T source).
float fovea_at(__global const SRC_T* src, const int x, const int y, const int z, const int w,
               const int h) {
  return (float)src[FOVEA_IDX(x, y, z, w, h)];
}

// The same, 0 outside the image in x and y (CLIJ2's clamp-to-zero sampler in a plane).
float fovea_at_or_zero(__global const SRC_T* src, const int x, const int y, const int z,
                       const int w, const int h) {
  if (x < 0 || y < 0 || x >= w || y >= h) return 0.0f;
  return fovea_at(src, x, y, z, w, h);
}
#endif
