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
