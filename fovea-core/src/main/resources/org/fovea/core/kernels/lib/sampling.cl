// Linear interpolation shared by the sampling kernels (geometry, reslice, the spot-counting
// workflow): one blend order everywhere, so that every op that resamples gives the same float
// result for the same position (the workflow's resampling equals makeIsotropic exactly).

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
