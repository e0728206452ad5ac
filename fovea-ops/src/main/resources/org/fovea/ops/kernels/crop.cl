// Sub-volume copies between images of one pixel type (crop2D, crop3D, copySlice).
// One work item per destination pixel; launched over the destination shape, bounds checked.

// dst(x, y, z) = src(x + ox, y + oy, z + oz); 0 where that position lies outside the source.
__kernel void crop(__global const SRC_T* src, __global DST_T* dst, const int sw, const int sh,
                   const int sd, const int dw, const int dh, const int dd, const int ox,
                   const int oy, const int oz) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= dw || y >= dh || z >= dd) return;
  const int sx = x + ox;
  const int sy = y + oy;
  const int sz = z + oz;
  DST_T v = (DST_T)0;
  if (sx >= 0 && sx < sw && sy >= 0 && sy < sh && sz >= 0 && sz < sd) {
    v = src[FOVEA_IDX(sx, sy, sz, sw, sh)];
  }
  dst[FOVEA_IDX(x, y, z, dw, dh)] = v;
}

// dst(x, y, slice) = src(x, y, 0) for a w×h source and a w×h×d destination; the other slices of
// dst stay as they are.
__kernel void paste_slice(__global const SRC_T* src, __global DST_T* dst, const int w,
                          const int h, const int slice) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  if (x >= w || y >= h) return;
  dst[FOVEA_IDX(x, y, slice, w, h)] = src[FOVEA_IDX(x, y, 0, w, h)];
}

#if SRC_IS_FLOAT || DST_IS_FLOAT
#define PASTE_TO_DST(v) CONVERT_DST_T((float)(v))
#else
#define PASTE_TO_DST(v) CONVERT_DST_T(v)
#endif

// paste: dst(x + ox, y + oy, z + oz) = src(x, y, z) where that lies inside dst (converted to dst's
// type: saturating, round half to even); the rest of dst stays. Launched over the source shape.
__kernel void paste(__global const SRC_T* src, __global DST_T* dst, const int sw, const int sh,
                    const int sd, const int dw, const int dh, const int dd, const int ox,
                    const int oy, const int oz) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= sw || y >= sh || z >= sd) return;
  const int tx = x + ox;
  const int ty = y + oy;
  const int tz = z + oz;
  if (tx < 0 || ty < 0 || tz < 0 || tx >= dw || ty >= dh || tz >= dd) return;
  dst[FOVEA_IDX(tx, ty, tz, dw, dh)] = PASTE_TO_DST(src[FOVEA_IDX(x, y, z, sw, sh)]);
}

// dst(x, y, z) = src(min(x, sw − 1), min(y, sh − 1), min(z, sd − 1)): the source read with
// clamp-to-edge addressing over the destination's shape (the second image of a pixel-wise pair of
// another shape, as CLIJ2 reads it). One work item per destination pixel.
__kernel void clamp_to_edge(__global const SRC_T* src, __global DST_T* dst, const int sw,
                            const int sh, const int sd, const int dw, const int dh, const int dd) {
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= dw || y >= dh || z >= dd) return;
  dst[FOVEA_IDX(x, y, z, dw, dh)] = src[FOVEA_IDX(min(x, sw - 1), min(y, sh - 1), min(z, sd - 1), sw, sh)];
}
