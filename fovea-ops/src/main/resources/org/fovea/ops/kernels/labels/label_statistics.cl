// Per-label statistics (CLIJ2's statisticsOfLabelledPixels columns) in two GPU passes.
//
// One work item per row segment (seg pixels of row y, z): it walks x and accumulates the current run
// of equal labels privately, flushing the run into the per-label accumulators with 64-bit atomics
// only when the label changes (a run crossing a segment border is flushed in two parts, which add
// up). Blob-like label maps have few runs per row, so atomics are rare. Labels below `first` are
// skipped: statisticsOfLabelledPixels has no background row, and every row's background runs
// flushed into label 0's accumulators would serialise all work items on the same addresses.
// Doubles are added with a compare-and-swap loop; intensity minima/maxima use the order-preserving
// mapping of a double's bits onto a signed long (atom_min/atom_max).
//
// whole != 0: every pixel counts as label 0 (statisticsOfImage); the labels argument is unused.
// Needs cl_khr_fp64 and the 64-bit base and extended atomics.

#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable

// per-label doubles of pass 1: count, sumI, sumX, sumY, sumZ, sumIX, sumIY, sumIZ
#define S1 8
// per-label longs of pass 1: minX, minY, minZ, maxX, maxY, maxZ, minI (ordered), maxI (ordered)
#define L1 8
// per-label doubles of pass 2: sum (I - mean)^2, sum dist mass centre, sum dist centroid,
// max dist mass centre, max dist centroid (the last two non-negative: bits compare as longs)
#define S2 5

static void add_d(volatile __global long* p, double v) {
  long old = *p, assumed;
  do {
    assumed = old;
    old = atom_cmpxchg(p, assumed, as_long(as_double(assumed) + v));
  } while (old != assumed);
}

static long ordered(double v) {
  const long b = as_long(v);
  return b >= 0 ? b : b ^ 0x7FFFFFFFFFFFFFFFL;
}

static uint label_at(__global const LABELS_T* labels, size_t i, int whole) {
  return whole ? 0u : (uint)labels[i];
}

__kernel void stats_init(__global long* acc, __global long* bounds, __global long* acc2,
                         const int nl) {
  const int l = get_global_id(0);
  if (l >= nl) return;
  for (int k = 0; k < S1; k++) acc[l * S1 + k] = as_long(0.0);
  for (int k = 0; k < 3; k++) {
    bounds[l * L1 + k] = LONG_MAX;
    bounds[l * L1 + 3 + k] = -1;
  }
  bounds[l * L1 + 6] = LONG_MAX;
  bounds[l * L1 + 7] = LONG_MIN;
  for (int k = 0; k < S2; k++) acc2[l * S2 + k] = as_long(0.0);
}

// A run's pass-1 values: count, sums (as acc) and bounds (as bounds, intensities ordered)
static void run1(double* v, long* b, int x0, int x1, int y, int z, double cnt, double si,
                 double sx, double six, double mn, double mx) {
  v[0] = cnt;
  v[1] = si;
  v[2] = sx;
  v[3] = cnt * y;
  v[4] = cnt * z;
  v[5] = six;
  v[6] = si * y;
  v[7] = si * z;
  b[0] = x0;
  b[1] = y;
  b[2] = z;
  b[3] = x1;
  b[4] = y;
  b[5] = z;
  b[6] = ordered(mn);
  b[7] = ordered(mx);
}

// Adds pass-1 values into label l's accumulators (atomics)
static void flush1v(__global long* acc, __global long* bounds, uint l, const double* v,
                    const long* b) {
  volatile __global long* a = acc + (size_t)l * S1;
  for (int k = 0; k < S1; k++) add_d(a + k, v[k]);
  volatile __global long* bb = bounds + (size_t)l * L1;
  for (int k = 0; k < 3; k++) {
    atom_min(bb + k, b[k]);
    atom_max(bb + 3 + k, b[3 + k]);
  }
  atom_min(bb + 6, b[6]);
  atom_max(bb + 7, b[7]);
}

// Adds pass-1 values into private ones (the label-0 partial of a work item)
static void merge1(double* pv, long* pb, const double* v, const long* b) {
  for (int k = 0; k < S1; k++) pv[k] += v[k];
  for (int k = 0; k < 3; k++) {
    pb[k] = min(pb[k], b[k]);
    pb[3 + k] = max(pb[3 + k], b[3 + k]);
  }
  pb[6] = min(pb[6], b[6]);
  pb[7] = max(pb[7], b[7]);
}

static void init1(double* pv, long* pb) {
  for (int k = 0; k < S1; k++) pv[k] = 0;
  for (int k = 0; k < 3; k++) {
    pb[k] = LONG_MAX;
    pb[3 + k] = -1;
  }
  pb[6] = LONG_MAX;
  pb[7] = LONG_MIN;
}

// One run of label l: label 0 into the private partial, labels first..nl-1 with atomics
static void flush1(__global long* acc, __global long* bounds, double* pv, long* pb, uint l,
                   int first, int nl, int x0, int x1, int y, int z, double cnt, double si,
                   double sx, double six, double mn, double mx) {
  if (l < (uint)first || l >= (uint)nl) return;
  double v[S1];
  long b[L1];
  run1(v, b, x0, x1, y, z, cnt, si, sx, six, mn, mx);
  if (l == 0)
    merge1(pv, pb, v, b);
  else
    flush1v(acc, bounds, l, v, b);
}

// The work item's slot in `part` (S1 + L1 longs in pass 1, S2 in pass 2), -1 when it has none
static long slot(int w, int h, int seg) {
  const int segments = (w + seg - 1) / seg;
  return ((long)get_global_id(2) * h + get_global_id(1)) * segments + get_global_id(0);
}

__kernel void stats_pass1(__global const SRC_T* src, __global const LABELS_T* labels,
                          __global long* acc, __global long* bounds, __global long* part,
                          const int w, const int h, const int d, const int whole, const int nl,
                          const int seg, const int first) {
  const int y = get_global_id(1), z = get_global_id(2);
  const int xs = get_global_id(0) * seg;
  if (y >= h || z >= d || get_global_id(0) >= (size_t)((w + seg - 1) / seg)) return;
  double pv[S1];
  long pb[L1];
  init1(pv, pb);
  if (xs < w) {
    const int xe = min(w, xs + seg);
    const size_t row = FOVEA_IDX(0, y, z, w, h);
    uint cur = label_at(labels, row + xs, whole);
    int x0 = xs;
    double cnt = 0, si = 0, sx = 0, six = 0, mn = INFINITY, mx = -INFINITY;
    for (int x = xs; x < xe; x++) {
      const uint l = label_at(labels, row + x, whole);
      if (l != cur) {
        flush1(acc, bounds, pv, pb, cur, first, nl, x0, x - 1, y, z, cnt, si, sx, six, mn, mx);
        cur = l;
        x0 = x;
        cnt = si = sx = six = 0;
        mn = INFINITY;
        mx = -INFINITY;
      }
      const double v = (double)src[row + x];
      cnt += 1;
      si += v;
      sx += x;
      six += v * x;
      mn = fmin(mn, v);
      mx = fmax(mx, v);
    }
    flush1(acc, bounds, pv, pb, cur, first, nl, x0, xe - 1, y, z, cnt, si, sx, six, mn, mx);
  }
  if (first == 0) {
    __global long* p = part + slot(w, h, seg) * (S1 + L1);
    for (int k = 0; k < S1; k++) p[k] = as_long(pv[k]);
    for (int k = 0; k < L1; k++) p[S1 + k] = pb[k];
  }
}

// Adds the n pass-1 slots of `part` into label 0: work item r sums slots r, r + R, ... and
// flushes its sum with atomics (R = the global size)
__kernel void stats_reduce1(__global const long* part, __global long* acc, __global long* bounds,
                            const int n) {
  const int r = get_global_id(0), nr = get_global_size(0);
  double pv[S1];
  long pb[L1];
  init1(pv, pb);
  for (int i = r; i < n; i += nr) {
    __global const long* p = part + (size_t)i * (S1 + L1);
    double v[S1];
    long b[L1];
    for (int k = 0; k < S1; k++) v[k] = as_double(p[k]);
    for (int k = 0; k < L1; k++) b[k] = p[S1 + k];
    merge1(pv, pb, v, b);
  }
  if (pv[0] > 0) flush1v(acc, bounds, 0, pv, pb);
}

// centers: per label mean intensity, centroid x/y/z, mass centre x/y/z (7 doubles)
static void flush2v(__global long* acc2, uint l, const double* v) {
  volatile __global long* a = acc2 + (size_t)l * S2;
  add_d(a + 0, v[0]);
  add_d(a + 1, v[1]);
  add_d(a + 2, v[2]);
  atom_max(a + 3, as_long(v[3]));
  atom_max(a + 4, as_long(v[4]));
}

// One run of label l: label 0 into the private partial pv, labels first..nl-1 with atomics
static void flush2(__global long* acc2, double* pv, uint l, int first, int nl, double ssd,
                   double sdm, double sdc, double mdm, double mdc) {
  if (l < (uint)first || l >= (uint)nl) return;
  if (l == 0) {
    pv[0] += ssd;
    pv[1] += sdm;
    pv[2] += sdc;
    pv[3] = fmax(pv[3], mdm);
    pv[4] = fmax(pv[4], mdc);
  } else {
    const double v[S2] = {ssd, sdm, sdc, mdm, mdc};
    flush2v(acc2, l, v);
  }
}

__kernel void stats_pass2(__global const SRC_T* src, __global const LABELS_T* labels,
                          __global const double* centers, __global long* acc2,
                          __global long* part, const int w, const int h, const int d,
                          const int whole, const int nl, const int seg, const int first) {
  const int y = get_global_id(1), z = get_global_id(2);
  const int xs = get_global_id(0) * seg;
  if (y >= h || z >= d || get_global_id(0) >= (size_t)((w + seg - 1) / seg)) return;
  double pv[S2] = {0, 0, 0, 0, 0};
  if (xs < w) {
    const int xe = min(w, xs + seg);
    const size_t row = FOVEA_IDX(0, y, z, w, h);
    uint cur = label_at(labels, row + xs, whole);
    double ssd = 0, sdm = 0, sdc = 0, mdm = 0, mdc = 0;
    for (int x = xs; x < xe; x++) {
      const uint l = label_at(labels, row + x, whole);
      if (l != cur) {
        flush2(acc2, pv, cur, first, nl, ssd, sdm, sdc, mdm, mdc);
        cur = l;
        ssd = sdm = sdc = mdm = mdc = 0;
      }
      if (l < (uint)first || l >= (uint)nl) continue;
      __global const double* c = centers + (size_t)l * 7;
      const double v = (double)src[row + x];
      const double dv = v - c[0];
      ssd += dv * dv;
      const double dc = sqrt((x - c[1]) * (x - c[1]) + (y - c[2]) * (y - c[2]) +
                             (z - c[3]) * (z - c[3]));
      const double dm = sqrt((x - c[4]) * (x - c[4]) + (y - c[5]) * (y - c[5]) +
                             (z - c[6]) * (z - c[6]));
      sdc += dc;
      sdm += dm;
      mdc = fmax(mdc, dc);
      mdm = fmax(mdm, dm);
    }
    flush2(acc2, pv, cur, first, nl, ssd, sdm, sdc, mdm, mdc);
  }
  if (first == 0) {
    __global long* p = part + slot(w, h, seg) * S2;
    for (int k = 0; k < S2; k++) p[k] = as_long(pv[k]);
  }
}

// Adds the n pass-2 slots of `part` into label 0 (as stats_reduce1)
__kernel void stats_reduce2(__global const long* part, __global long* acc2, const int n) {
  const int r = get_global_id(0), nr = get_global_size(0);
  double pv[S2] = {0, 0, 0, 0, 0};
  for (int i = r; i < n; i += nr) {
    __global const long* p = part + (size_t)i * S2;
    pv[0] += as_double(p[0]);
    pv[1] += as_double(p[1]);
    pv[2] += as_double(p[2]);
    pv[3] = fmax(pv[3], as_double(p[3]));
    pv[4] = fmax(pv[4], as_double(p[4]));
  }
  if (r < n) flush2v(acc2, 0, pv);
}
