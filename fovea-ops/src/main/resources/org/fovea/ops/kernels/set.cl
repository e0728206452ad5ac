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

// set_index: the pixels whose coordinate on axis (0 x, 1 y, 2 z) equals index become value
// (setColumn, setRow, setPlane). Launched over the image shape with that axis' extent 1.
__kernel void set_index(__global DST_T* dst, const int w, const int h, const int d, const int axis,
                        const int index, const float value) {
  int x = get_global_id(0);
  int y = get_global_id(1);
  int z = get_global_id(2);
  if (axis == 0) x = index;
  else if (axis == 1) y = index;
  else z = index;
  if (x >= w || y >= h || z >= d) return;
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(value);
}

// set_ramp: every pixel becomes its coordinate on axis (0 x, 1 y, 2 z), converted to dst's type.
__kernel void set_ramp(__global DST_T* dst, const int w, const int h, const int d,
                       const int axis) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T((float)(axis == 0 ? x : axis == 1 ? y : z));
}
