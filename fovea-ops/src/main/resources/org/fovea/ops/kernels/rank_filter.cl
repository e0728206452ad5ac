// Rank filters and binary morphology over a box or an ellipsoidal ("sphere") neighbourhood of
// radii (rx, ry, rz); one work item per output pixel, launched over (w, h, d); 2D images have
// d = 1 and rz = 0. Border: clamp to edge (pixels outside take the nearest edge pixel's value,
// as CLIJ2's samplers and ImageJ's RankFilters do).
//
// The mean of integer images is exact (64-bit sum, integer division rounded half to even); of
// float images a float sum divided by the count.
//
// Defines (compiled variants): RANK_OP 1 = minimum or maximum, 3 = mean, 4 = median; MAX_N =
// capacity of the median's private array (the host guarantees the neighbourhood fits).
// Arguments (no recompilation): sphere 0/1; binary 0/1 (pixels count as (v != 0), the result is
// 0/1); take_max 0/1 (RANK_OP 1: maximum instead of minimum). They are uniform across the launch,
// so the branches cost next to nothing.
//
// Sphere membership is exact integer arithmetic: dx²·ry²·rz² + dy²·rx²·rz² + dz²·rx²·ry² ≤
// rx²·ry²·rz² (an axis with radius 0 contributes only offset 0), i.e. (dx/rx)² + (dy/ry)² +
// (dz/rz)² ≤ 1 without floating-point rounding on the boundary.

#define VAL_T SRC_T
#define LOAD(i) (binary ? (SRC_T)(src[(i)] != 0) : src[(i)])

#if SRC_IS_FLOAT
#define VMIN(a, b) fmin((a), (b))
#define VMAX(a, b) fmax((a), (b))
#else
#define VMIN(a, b) min((a), (b))
#define VMAX(a, b) max((a), (b))
#endif

#if RANK_OP == 3
#if SRC_IS_FLOAT
#define SUM_T float
#else
#define SUM_T ulong
#endif
#endif

#if RANK_OP == 4
// Wirth's selection of the k-th smallest of a[0..n-1] (partially reorders a).
VAL_T select_kth(VAL_T* a, int n, int k) {
  int l = 0;
  int m = n - 1;
  while (l < m) {
    const VAL_T x = a[k];
    int i = l;
    int j = m;
    do {
      while (a[i] < x) i++;
      while (x < a[j]) j--;
      if (i <= j) {
        const VAL_T t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) m = j;
  }
  return a[k];
}
#endif

__kernel void rank_filter(__global const SRC_T* src, __global DST_T* dst, const int w,
                          const int h, const int d, const int rx, const int ry, const int rz,
                          const int sphere, const int binary, const int take_max) {
  const int x = (int)get_global_id(0);
  const int y = (int)get_global_id(1);
  const int z = (int)get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const long ax = (long)max(rx, 1) * max(rx, 1);
  const long ay = (long)max(ry, 1) * max(ry, 1);
  const long az = (long)max(rz, 1) * max(rz, 1);
  const long lim = sphere ? ax * ay * az : LONG_MAX;
#if RANK_OP == 1
  VAL_T acc = LOAD(FOVEA_IDX(x, y, z, w, h));
#elif RANK_OP == 3
  SUM_T acc = 0;
  int count = 0;
#else
  VAL_T vals[MAX_N];
  int count = 0;
#endif
  for (int dz = -rz; dz <= rz; dz++) {
    const int zz = clamp(z + dz, 0, d - 1);
    for (int dy = -ry; dy <= ry; dy++) {
      const int yy = clamp(y + dy, 0, h - 1);
      // box: lim = LONG_MAX and the products below stay far from overflow (radii ≤ 1000)
      const long pyz = sphere ? (long)dz * dz * ax * ay + (long)dy * dy * ax * az : 0;
      if (pyz > lim) continue;
      const size_t row = FOVEA_IDX(0, yy, zz, w, h);
      for (int dx = -rx; dx <= rx; dx++) {
        if (sphere && pyz + (long)dx * dx * ay * az > lim) continue;
        const int xx = clamp(x + dx, 0, w - 1);
        const VAL_T v = LOAD(row + xx);
#if RANK_OP == 1
        acc = take_max ? VMAX(acc, v) : VMIN(acc, v);
#elif RANK_OP == 3
        acc += (SUM_T)v;
        count++;
#else
        vals[count++] = v;
#endif
      }
    }
  }
  const size_t o = FOVEA_IDX(x, y, z, w, h);
#if RANK_OP == 1
  dst[o] = CONVERT_DST_T(acc);
#elif RANK_OP == 3
#if SRC_IS_FLOAT
  dst[o] = CONVERT_DST_T(acc / (float)count);
#else
  // exact integer mean, rounded half to even
  const ulong c = (ulong)count;
  ulong q = acc / c;
  const ulong r = acc - q * c;
  if (2 * r > c || (2 * r == c && (q & 1))) q++;
  dst[o] = CONVERT_DST_T(q);
#endif
#else
  dst[o] = CONVERT_DST_T(select_kth(vals, count, count / 2));
#endif
}

// dst = src − opened, saturating at 0 (top-hat); both images of the source type.
__kernel void subtract_opened(__global const SRC_T* src, __global const SRC_T* opened,
                              __global DST_T* dst, const long n) {
  const size_t i = get_global_id(0);
  if (i >= (size_t)n) return;
#if SRC_IS_FLOAT
  dst[i] = CONVERT_DST_T(src[i] - opened[i]);
#else
  dst[i] = CONVERT_DST_T(src[i] >= opened[i] ? src[i] - opened[i] : (SRC_T)0);
#endif
}
