// set: every pixel of dst becomes one value, converted to dst's type (saturating, round half to
// even). One work item per pixel; launched over the image shape, bounds checked.
__kernel void set_value(__global DST_T* dst, const int w, const int h, const int d,
                        const float value) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(value);
}
