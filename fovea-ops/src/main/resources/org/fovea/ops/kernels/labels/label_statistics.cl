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

static void flush1(__global long* acc, __global long* bounds, uint l, int x0, int x1, int y, int z,
                   double cnt, double si, double sx, double six, double mn, double mx) {
  volatile __global long* a = acc + (size_t)l * S1;
  add_d(a + 0, cnt);
  add_d(a + 1, si);
  add_d(a + 2, sx);
  add_d(a + 3, cnt * y);
  add_d(a + 4, cnt * z);
  add_d(a + 5, six);
  add_d(a + 6, si * y);
  add_d(a + 7, si * z);
  volatile __global long* b = bounds + (size_t)l * L1;
  atom_min(b + 0, (long)x0);
  atom_min(b + 1, (long)y);
  atom_min(b + 2, (long)z);
  atom_max(b + 3, (long)x1);
  atom_max(b + 4, (long)y);
  atom_max(b + 5, (long)z);
  atom_min(b + 6, ordered(mn));
  atom_max(b + 7, ordered(mx));
}

__kernel void stats_pass1(__global const SRC_T* src, __global const LABELS_T* labels,
                          __global long* acc, __global long* bounds, const int w, const int h,
                          const int d, const int whole, const int nl, const int seg,
                          const int first) {
  const int y = get_global_id(1), z = get_global_id(2);
  const int xs = get_global_id(0) * seg;
  if (y >= h || z >= d || xs >= w) return;
  const int xe = min(w, xs + seg);
  const size_t row = FOVEA_IDX(0, y, z, w, h);
  uint cur = label_at(labels, row + xs, whole);
  int x0 = xs;
  double cnt = 0, si = 0, sx = 0, six = 0, mn = INFINITY, mx = -INFINITY;
  for (int x = xs; x < xe; x++) {
    const uint l = label_at(labels, row + x, whole);
    if (l != cur) {
      if (cur >= (uint)first && cur < (uint)nl)
        flush1(acc, bounds, cur, x0, x - 1, y, z, cnt, si, sx, six, mn, mx);
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
  if (cur >= (uint)first && cur < (uint)nl)
    flush1(acc, bounds, cur, x0, xe - 1, y, z, cnt, si, sx, six, mn, mx);
}

// centers: per label mean intensity, centroid x/y/z, mass centre x/y/z (7 doubles)
static void flush2(__global long* acc2, uint l, double ssd, double sdm, double sdc, double mdm,
                   double mdc) {
  volatile __global long* a = acc2 + (size_t)l * S2;
  add_d(a + 0, ssd);
  add_d(a + 1, sdm);
  add_d(a + 2, sdc);
  atom_max(a + 3, as_long(mdm));
  atom_max(a + 4, as_long(mdc));
}

__kernel void stats_pass2(__global const SRC_T* src, __global const LABELS_T* labels,
                          __global const double* centers, __global long* acc2, const int w,
                          const int h, const int d, const int whole, const int nl, const int seg,
                          const int first) {
  const int y = get_global_id(1), z = get_global_id(2);
  const int xs = get_global_id(0) * seg;
  if (y >= h || z >= d || xs >= w) return;
  const int xe = min(w, xs + seg);
  const size_t row = FOVEA_IDX(0, y, z, w, h);
  uint cur = label_at(labels, row + xs, whole);
  double ssd = 0, sdm = 0, sdc = 0, mdm = 0, mdc = 0;
  for (int x = xs; x < xe; x++) {
    const uint l = label_at(labels, row + x, whole);
    if (l != cur) {
      if (cur >= (uint)first && cur < (uint)nl) flush2(acc2, cur, ssd, sdm, sdc, mdm, mdc);
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
  if (cur >= (uint)first && cur < (uint)nl) flush2(acc2, cur, ssd, sdm, sdc, mdm, mdc);
}
