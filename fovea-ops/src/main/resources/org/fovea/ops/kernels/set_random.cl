// setRandom: every pixel becomes min + u·(max − min), u uniform in [0, 1), converted to dst's type
// (saturating, round half to even). u comes from a counter-based hash of (seed, pixel index), so
// the result depends only on the seed and the shape, not on the device or the launch; the CPU
// reference in the tests repeats it bit for bit (integer hashing, float32 without contraction).
#pragma OPENCL FP_CONTRACT OFF

// a 32-bit integer hash with good avalanche ("lowbias32": xor-shift-multiply)
inline uint fovea_hash(uint x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

__kernel void set_random(__global DST_T* dst, const int w, const int h, const int d,
                         const uint seedLo, const uint seedHi, const float minimum,
                         const float maximum) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const ulong i = FOVEA_IDX(x, y, z, w, h);
  uint k = fovea_hash(seedLo ^ fovea_hash(seedHi + 0x9e3779b9U));
  k = fovea_hash(k ^ (uint)i);
  k = fovea_hash(k ^ (uint)(i >> 32));
  const float u = (float)(k >> 8) * (1.0f / 16777216.0f);
  const float v = minimum + u * (maximum - minimum);
  dst[i] = CONVERT_DST_T(v);
}
