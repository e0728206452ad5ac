// Rank filters and binary morphology over a box or an ellipsoidal ("sphere") neighbourhood of
// radii (rx, ry, rz); one work item per output pixel, launched over (w, h, d); 2D images have
// d = 1 and rz = 0. Border: clamp to edge (pixels outside take the nearest edge pixel's value,
// as CLIJ2's samplers and ImageJ's RankFilters do).
//
// The mean of integer images is exact (64-bit sum, integer division rounded half to even); of
// float images a float sum divided by the count.
//
// Defines (compiled variants): RANK_OP 1 = minimum or maximum, 3 = mean, 4 = median, 5 =
// variance, 6 = standard deviation (both divided by the count); MAX_N =
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

#if RANK_OP == 1
#define ACCUMULATE(v) acc = take_max ? VMAX(acc, (v)) : VMIN(acc, (v))
#elif RANK_OP == 3
#define ACCUMULATE(v) \
  do {                \
    acc += (SUM_T)(v); \
    count++;          \
  } while (0)
#elif RANK_OP == 5 || RANK_OP == 6
// variance (5) or standard deviation (6): Welford's update of the mean and of m2, the sum of
// squared deviations
#define ACCUMULATE(v)                      \
  do {                                     \
    const float v_ = (float)(v);           \
    count++;                               \
    const float dv_ = v_ - mean;           \
    mean += dv_ / (float)count;            \
    m2 += dv_ * (v_ - mean);               \
  } while (0)
#else
#define ACCUMULATE(v) vals[count++] = (v)
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
#elif RANK_OP == 5 || RANK_OP == 6
  float mean = 0.0f;
  float m2 = 0.0f;
  int count = 0;
#else
  VAL_T vals[MAX_N];
  int count = 0;
#endif
  // Interior pixels (the whole neighbourhood inside the image) skip the edge clamps; for a sphere
  // the x extent of each row (dy, dz) is found once per row, so the inner loop has no tests.
  const int interior =
      x - rx >= 0 && x + rx < w && y - ry >= 0 && y + ry < h && z - rz >= 0 && z + rz < d;
  for (int dz = -rz; dz <= rz; dz++) {
    const int zz = clamp(z + dz, 0, d - 1);
    for (int dy = -ry; dy <= ry; dy++) {
      const int yy = clamp(y + dy, 0, h - 1);
      int xr = rx;
      if (sphere) {
        // box: no products. Sphere: each term is ≤ lim; 32-bit products when 3·lim fits in an
        // int (small radii, the usual case; 64-bit products are slow on GPUs), else 64-bit (the
        // products stay far from overflow for radii ≤ 1000).
        if (lim <= INT_MAX / 4) {
          const int pyz = dz * dz * (int)ax * (int)ay + dy * dy * (int)ax * (int)az;
          if (pyz > (int)lim) continue;
          while (xr > 0 && pyz + xr * xr * (int)ay * (int)az > (int)lim) xr--;
        } else {
          const long pyz = (long)dz * dz * ax * ay + (long)dy * dy * ax * az;
          if (pyz > lim) continue;
          while (xr > 0 && pyz + (long)xr * xr * ay * az > lim) xr--;
        }
      }
      const size_t row = FOVEA_IDX(0, yy, zz, w, h);
      if (interior) {
        __global const SRC_T* p = src + row + x;
        for (int dx = -xr; dx <= xr; dx++) {
          const VAL_T v = binary ? (SRC_T)(p[dx] != 0) : p[dx];
          ACCUMULATE(v);
        }
      } else {
        for (int dx = -xr; dx <= xr; dx++) {
          const int xx = clamp(x + dx, 0, w - 1);
          const VAL_T v = LOAD(row + xx);
          ACCUMULATE(v);
        }
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
#elif RANK_OP == 5
  dst[o] = CONVERT_DST_T(m2 / (float)count);
#elif RANK_OP == 6
  dst[o] = CONVERT_DST_T(sqrt(m2 / (float)count));
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

#if RANK_OP == 4 && defined(MEDIAN_N)
// Median of a neighbourhood with an odd number MEDIAN_N = 2K+1 of pixels known at compile time;
// MEDIAN_OFFSETS lists its (dx, dy, dz) offsets. Forgetful selection, fully unrolled so that the
// buffer stays in registers: keep K+2 values; the minimum and the maximum of any K+2 of the 2K+1
// values cannot be the median, so both are dropped and the next value is taken in; when all values
// are in, the middle one of the last three is the median. Same result as select_kth(count/2).
#define MK ((MEDIAN_N - 1) / 2)
__constant int MOFF[3 * MEDIAN_N] = {MEDIAN_OFFSETS};

#define CSWAP(a, b)              \
  do {                           \
    const VAL_T lo_ = min(a, b); \
    const VAL_T hi_ = max(a, b); \
    a = lo_;                     \
    b = hi_;                     \
  } while (0)

__kernel void median_fixed(__global const SRC_T* src, __global DST_T* dst, const int w,
                           const int h, const int d) {
  const int x = (int)get_global_id(0);
  const int y = (int)get_global_id(1);
  const int z = (int)get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int interior = x - MRX >= 0 && x + MRX < w && y - MRY >= 0 && y + MRY < h &&
                       z - MRZ >= 0 && z + MRZ < d;
  const long plane = (long)w * h;
  __global const SRC_T* c = src + FOVEA_IDX(x, y, z, w, h);
#define MLOAD(j)                                                                       \
  (interior ? c[MOFF[3 * (j)] + (long)MOFF[3 * (j) + 1] * w + MOFF[3 * (j) + 2] * plane] \
            : src[FOVEA_IDX(clamp(x + MOFF[3 * (j)], 0, w - 1),                         \
                            clamp(y + MOFF[3 * (j) + 1], 0, h - 1),                     \
                            clamp(z + MOFF[3 * (j) + 2], 0, d - 1), w, h)])
  VAL_T b[MK + 2];
#pragma unroll
  for (int i = 0; i < MK + 2; i++) b[i] = MLOAD(i);
#pragma unroll
  for (int s = 0; s < MK; s++) {
    const int m = MK + 2 - s;  // values in the buffer
#pragma unroll
    for (int i = 1; i < m; i++) CSWAP(b[0], b[i]);  // minimum to b[0]
#pragma unroll
    for (int i = 1; i < m - 1; i++) CSWAP(b[i], b[m - 1]);  // maximum to b[m-1]
    if (s < MK - 1) b[0] = MLOAD(MK + 2 + s);  // drop both, take the next value in
  }
  // the last step left the minimum in b[0], the maximum in b[2] and the median in b[1]
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(b[1]);
}
#endif

// Binary erosion (take_max 0) or dilation (take_max 1) with a 3×3×3 box in two passes:
// box3_xy: tmp = min (max) of (src != 0) over the 3×3 neighbourhood in the slice;
// box3_z:  dst = min (max) of tmp over z−1, z, z+1. Borders clamp to the edge.
__kernel void box3_xy(__global const SRC_T* src, __global uchar* tmp, const int w, const int h,
                      const int d, const int take_max) {
  const int x = (int)get_global_id(0);
  const int y = (int)get_global_id(1);
  const int z = (int)get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int x0 = max(x - 1, 0), x1 = min(x + 1, w - 1);
  const int y0 = max(y - 1, 0), y1 = min(y + 1, h - 1);
  uchar acc = take_max ? 0 : 1;
  for (int yy = y0; yy <= y1; yy++) {
    __global const SRC_T* row = src + FOVEA_IDX(0, yy, z, w, h);
    for (int xx = x0; xx <= x1; xx++) {
      const uchar v = row[xx] != 0;
      acc = take_max ? max(acc, v) : min(acc, v);
    }
  }
  tmp[FOVEA_IDX(x, y, z, w, h)] = acc;
}

__kernel void box3_z(__global const uchar* tmp, __global DST_T* dst, const int w, const int h,
                     const int d, const int take_max) {
  const int x = (int)get_global_id(0);
  const int y = (int)get_global_id(1);
  const int z = (int)get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const size_t plane = (size_t)w * h;
  const size_t i = FOVEA_IDX(x, y, z, w, h);
  uchar acc = tmp[i];
  if (z > 0) acc = take_max ? max(acc, tmp[i - plane]) : min(acc, tmp[i - plane]);
  if (z < d - 1) acc = take_max ? max(acc, tmp[i + plane]) : min(acc, tmp[i + plane]);
  dst[i] = (DST_T)acc;
}

// box3_xy with eight pixels per work item (launch over (w/8, h, d); the host uses it only when
// w % 8 == 0, so every group of eight is vector-aligned): 8-wide loads of the three rows, the
// horizontal neighbours by shuffling in one pixel from each side.
#define NZ8(v) convert_uchar8(-((v) != (SRC_T8)(0)))
#define NZ1(v) ((uchar)((v) != (SRC_T)0))
#define COMB(a, b) (take_max ? max((a), (b)) : min((a), (b)))
__kernel void box3_xy8(__global const SRC_T* src, __global uchar* tmp, const int w, const int h,
                       const int d, const int take_max) {
  const int x0 = (int)get_global_id(0) * 8;
  const int y = (int)get_global_id(1);
  const int z = (int)get_global_id(2);
  if (x0 >= w || y >= h || z >= d) return;
  uchar8 acc = (uchar8)(take_max ? 0 : 1);
  for (int k = -1; k <= 1; k++) {
    const int yy = clamp(y + k, 0, h - 1);
    __global const SRC_T* row = src + FOVEA_IDX(0, yy, z, w, h);
    const uchar8 c = NZ8(((__global const SRC_T8*)row)[x0 >> 3]);
    const uchar l = x0 > 0 ? NZ1(row[x0 - 1]) : c.s0;
    const uchar r = x0 + 8 < w ? NZ1(row[x0 + 8]) : c.s7;
    const uchar8 left = (uchar8)(l, c.s0, c.s1, c.s2, c.s3, c.s4, c.s5, c.s6);
    const uchar8 right = (uchar8)(c.s1, c.s2, c.s3, c.s4, c.s5, c.s6, c.s7, r);
    acc = COMB(acc, COMB(c, COMB(left, right)));
  }
  ((__global uchar8*)(tmp + FOVEA_IDX(0, y, z, w, h)))[x0 >> 3] = acc;
}

// box3_z over sixteen pixels per work item (launch over w*h*d/16; the host uses it only when
// w*h % 16 == 0, so a group of sixteen never straddles two slices), output uint8.
__kernel void box3_z16(__global const uchar* tmp, __global uchar* dst, const int w, const int h,
                       const int d, const int take_max) {
  const size_t plane = (size_t)w * h;
  const size_t g = get_global_id(0);
  const size_t i0 = g * 16;
  if (i0 >= plane * d) return;
  const int z = (int)(i0 / plane);
  uchar16 acc = ((__global const uchar16*)tmp)[g];
  if (z > 0) acc = COMB(acc, ((__global const uchar16*)(tmp - plane))[g]);
  if (z < d - 1) acc = COMB(acc, ((__global const uchar16*)(tmp + plane))[g]);
  ((__global uchar16*)dst)[g] = acc;
}

#if (RANK_OP == 1 || RANK_OP == 3) && defined(FIXED_N)
// Minimum/maximum (RANK_OP 1) or mean (RANK_OP 3) over a neighbourhood whose FIXED_N offsets
// (FIXED_OFFSETS: dx, dy, dz triples) are compiled in: the fully unrolled loop is one load and one
// min/max/add per pixel of the neighbourhood, with no per-row extents or bounds tests inside.
__constant int FOFF[3 * FIXED_N] = {FIXED_OFFSETS};

__kernel void rank_fixed(__global const SRC_T* src, __global DST_T* dst, const int w, const int h,
                         const int d, const int binary, const int take_max) {
  const int x = (int)get_global_id(0);
  const int y = (int)get_global_id(1);
  const int z = (int)get_global_id(2);
  if (x >= w || y >= h || z >= d) return;
  const int interior = x - FRX >= 0 && x + FRX < w && y - FRY >= 0 && y + FRY < h &&
                       z - FRZ >= 0 && z + FRZ < d;
  const long plane = (long)w * h;
  __global const SRC_T* c = src + FOVEA_IDX(x, y, z, w, h);
#define FRAW(j)                                                                        \
  (interior ? c[FOFF[3 * (j)] + (long)FOFF[3 * (j) + 1] * w + FOFF[3 * (j) + 2] * plane] \
            : src[FOVEA_IDX(clamp(x + FOFF[3 * (j)], 0, w - 1),                         \
                            clamp(y + FOFF[3 * (j) + 1], 0, h - 1),                     \
                            clamp(z + FOFF[3 * (j) + 2], 0, d - 1), w, h)])
#define FLOAD(j) (binary ? (SRC_T)(FRAW(j) != 0) : FRAW(j))
#if RANK_OP == 1
  VAL_T acc = FLOAD(0);
#pragma unroll
  for (int j = 1; j < FIXED_N; j++) {
    const VAL_T v = FLOAD(j);
    acc = take_max ? VMAX(acc, v) : VMIN(acc, v);
  }
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(acc);
#else
  SUM_T acc = 0;
#pragma unroll
  for (int j = 0; j < FIXED_N; j++) acc += (SUM_T)FLOAD(j);
#if SRC_IS_FLOAT
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(acc / (float)FIXED_N);
#else
  // exact integer mean, rounded half to even (as rank_filter)
  const ulong cnt = (ulong)FIXED_N;
  ulong q = acc / cnt;
  const ulong r = acc - q * cnt;
  if (2 * r > cnt || (2 * r == cnt && (q & 1))) q++;
  dst[FOVEA_IDX(x, y, z, w, h)] = CONVERT_DST_T(q);
#endif
#endif
}
#endif
