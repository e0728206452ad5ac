// Pixel-wise label ops. Every kernel of this file is built with the type defines SRC_T, LABELS_T,
// VALUES_T and DST_T (unused ones default to uint).

// dst = 1 where the label is `label`, else 0 (labelToMask).
__kernel void label_to_mask(__global const LABELS_T* labels, __global DST_T* dst, const long n,
                            const uint label) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  dst[i] = (DST_T)((uint)labels[i] == label ? 1 : 0);
}

// dst = src where the label is `label`, else 0 (maskLabel).
__kernel void mask_label(__global const SRC_T* src, __global const LABELS_T* labels,
                         __global DST_T* dst, const long n, const uint label) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  dst[i] = (uint)labels[i] == label ? CONVERT_DST_T(src[i]) : (DST_T)0;
}

// dst = b where src == a, else src (replaceIntensity).
__kernel void replace_intensity(__global const SRC_T* src, __global DST_T* dst, const long n,
                                const float a, const float b) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const float v = (float)src[i];
  dst[i] = CONVERT_DST_T(v == a ? b : v);
}

// dst = values[(int)src] where 0 <= src < nv, else src (replaceIntensities).
__kernel void replace_intensities(__global const SRC_T* src, __global const VALUES_T* values,
                                  __global DST_T* dst, const long n, const int nv) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
  const float v = (float)src[i];
  const int k = (int)v;
  dst[i] = (v >= 0 && k < nv) ? CONVERT_DST_T((float)values[k]) : CONVERT_DST_T(v);
}

// dst = distance of the pixel to the centroid of its label, background 0
// (euclideanDistanceFromLabelCentroidMap). centroids: nl columns, rows x, y[, z] (row z only
// when d > 1); labels outside 1..nl-1 give 0.
__kernel void distance_to_centroid(__global const LABELS_T* labels,
                                   __global const float* centroids, __global DST_T* dst,
                                   const int w, const int h, const int d, const uint nl) {
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  const float v = (float)labels[i];
  const uint l = v >= 1.0f ? (uint)v : 0u;
  float dist = 0.0f;
  if (l > 0u && l < nl) {
    const float dx = (float)x - centroids[l];
    const float dy = (float)y - centroids[nl + l];
    const float dz = d > 1 ? (float)z - centroids[2 * nl + l] : 0.0f;
    dist = sqrt(dx * dx + dy * dy + dz * dz);
  }
  dst[i] = CONVERT_DST_T(dist);
}
