// All passes of a separable filter (x, y and z) in one kernel, so the image is read once and
// written once: no intermediate images, no float32 round trips through device memory.
//
// The host defines OPERATION: 0 = weighted sum (Gaussian, box mean; weights wx, wy, wz of 2r+1
// floats each), 1 = maximum, 2 = minimum (the weights are not read), 3 = difference of two weighted
// sums (difference of Gaussians: wx, wy, wz with radii rx, ry, rz minus wx2, wy2, wz2 with radii
// rx2, ry2, rz2; the tile's halo is the larger radius, both sums share every load and the output is
// written once), and B, a compile-time bound
// on the radii rx, ry, rz (runtime arguments): every tap loop runs to the bound, unrolled, with
// runtime guards, so that the z accumulators stay in registers (every index a compile-time
// constant) and a handful of variants serves every radius. Border: clamp to edge.
//
// A work group of 32 x 8 work items owns an output tile of TW x TH = 32 x (8 RPT) pixels (RPT, rows
// per work item, set by the host: more rows amortise the y halo and the x pass over it) and walks
// its z chunk slice by slice. For each input slice it loads the tile plus its x/y halo into local
// memory (as float), runs the x pass into a second local array, then the y pass gives every work
// item the xy-filtered value of its RPT pixels. The z pass is a scatter into 2 rz + 1 running
// accumulators per pixel: the input slice zi adds its weighted value to the outputs zi - rz ..
// zi + rz, and output zi - rz is then complete and written. Slices outside the stack are the
// clamped edge slices, filtered once. The x pass lets each work item slide over XO (4 or 8)
// adjacent outputs (XO + 2 rx local reads instead of XO (2 rx + 1)); the row pitch of the tile is
// 1 mod 8 and that of the x-filtered array TW + 1, so that a warp's reads and writes hit distinct
// banks. The tile is loaded row-wise (work item (lx, ly) loads columns lx, lx + 32, ... of rows
// ly, ly + 8, ...): coalesced, no index division. The y pass slides over the work item's RPT pixels. The
// difference of two sums keeps one z ring: both sums scatter into it (the second with negated
// weights), which halves the accumulators a work item holds.
#ifndef OPERATION
#error "OPERATION must be defined"
#endif
// GPUs unroll the bounded loops (registers, static indices); CPU devices (UNROLL_LOOPS 0) keep
// them as loops: their private arrays are memory anyway, and unrolled code compiles slowly there.
#if UNROLL_LOOPS
#define UNROLL _Pragma("unroll")
#else
#define UNROLL _Pragma("nounroll")
#endif
#ifndef RPT
#define RPT 2
#endif
#ifndef XO
#define XO 4
#endif
#define TW 32
#define TH (8 * RPT)
#define SWB (TW + 2 * B)
#define PITCH (SWB + ((1 - SWB % 8) + 8) % 8)
#define XPITCH (TW + 1)
#define SHB (TH + 2 * B)
#define NB (2 * B + 1)
#define NT (32 * 8)

#if OPERATION == 0 || OPERATION == 3
#define INIT 0.0f
#define COMBINE(acc, wt, v) fma((wt), (v), (acc))
#define DUAL (OPERATION == 3)
#elif OPERATION == 1
#define INIT (-INFINITY)
#define COMBINE(acc, wt, v) fmax((acc), (v))
#elif OPERATION == 2
#define INIT INFINITY
#define COMBINE(acc, wt, v) fmin((acc), (v))
#else
#error "OPERATION must be 0, 1, 2 or 3"
#endif
#ifndef DUAL
#define DUAL 0
#endif

// x pass of one sum (weights W, 2 rb + 1 = NXB taps starting OFFX columns into the halo): rows
// R0 .. SH - R0 - 1 of the tile (the rows its y pass reads) x TW / XO groups of XO adjacent outputs
// into the local array DST
#define XPASS(W, NXB, OFFX, R0, DST)                                         \
  for (int s = lid; s < (SH - 2 * (R0)) * (TW / XO); s += NT) {              \
    const int ty = (R0) + s / (TW / XO);                                     \
    const int tx = (s - (ty - (R0)) * (TW / XO)) * XO;                       \
    __local const float* row = tile + ty * PITCH + tx + (OFFX);              \
    float o[XO];                                                             \
    UNROLL for (int r = 0; r < XO; r++) o[r] = INIT;                         \
    UNROLL for (int m = 0; m < NB + XO - 1; m++) {                           \
      if (m >= (NXB) + XO - 1) break;                                        \
      const float t = row[m];                                                \
      UNROLL for (int r = 0; r < XO; r++) {                                  \
        if (m >= r && m - r < (NXB)) o[r] = COMBINE(o[r], W[m - r], t);      \
      }                                                                      \
    }                                                                        \
    __local float* q = (DST) + ty * XPITCH + tx;                             \
    UNROLL for (int r = 0; r < XO; r++) q[r] = o[r];                         \
  }

// y pass of one sum: the work item's RPT pixels (rows RPT ly .. RPT ly + RPT - 1 of the tile,
// OFFY rows into the halo) from the local array SRCL into the array S[RPT]
#define YPASS(W, NYB, OFFY, SRCL, S)                                         \
  {                                                                          \
    UNROLL for (int r = 0; r < RPT; r++) S[r] = INIT;                        \
    UNROLL for (int m = 0; m < NB + RPT - 1; m++) {                          \
      if (m >= (NYB) + RPT - 1) break;                                       \
      const float t = (SRCL)[(RPT * ly + m + (OFFY)) * XPITCH + lx];             \
      UNROLL for (int r = 0; r < RPT; r++) {                                 \
        if (m >= r && m - r < (NYB)) S[r] = COMBINE(S[r], W[m - r], t);      \
      }                                                                      \
    }                                                                        \
  }

// z pass of one sum of radius RZB into the ring A[RPT][NB] of the common radius rz: input slice zi
// contributes to output zi - rz + j with weight SIGN W[rz + RZB - j] for rz - RZB <= j <= rz + RZB
#define ZPASS(W, SIGN, RZB, A, V)                                            \
  UNROLL for (int j = 0; j < NB; j++) {                                      \
    if (j < NZ && j >= rz - (RZB) && j <= rz + (RZB)) {                      \
      UNROLL for (int r = 0; r < RPT; r++) {                                 \
        A[r][j] = COMBINE(A[r][j], SIGN W[rz + (RZB) - j], V[r]);            \
      }                                                                      \
    }                                                                        \
  }

// Loads the tile (plus halo) of slice zz into the registers pre[]: work item (lx, ly) takes
// columns lx + 32 qx of rows ly + 8 qy (element qy * PRE_X + qx)
#define PRE_Y ((SHB + 7) / 8)
#define PRE_X ((SWB + 31) / 32)
#define PER (PRE_Y * PRE_X)
#define LOAD_TILE(zz)                                                   \
  {                                                                     \
    __global const SRC_T* p_ = src + (size_t)(zz) * plane;              \
    UNROLL for (int qy = 0; qy < PRE_Y; qy++) {                         \
      const int ty = ly + 8 * qy;                                       \
      const int gy = clamp(y0 - ry + ty, 0, h - 1);                     \
      UNROLL for (int qx = 0; qx < PRE_X; qx++) {                       \
        const int tx = lx + 32 * qx;                                    \
        if (ty < SH && tx < SW) {                                       \
          const int gx = clamp(x0 - rx + tx, 0, w - 1);                 \
          pre[qy * PRE_X + qx] = p_[(size_t)gy * (size_t)w + gx];       \
        }                                                               \
      }                                                                 \
    }                                                                   \
    pz = (zz);                                                          \
  }

__kernel __attribute__((reqd_work_group_size(32, 8, 1))) void separable_fused(
    __global const SRC_T* src, __global DST_T* dst, __constant float* wx, __constant float* wy,
    __constant float* wz, __constant float* wx2, __constant float* wy2, __constant float* wz2,
    const int rxArg, const int ryArg, const int rzArg, const int rx2Arg, const int ry2Arg,
    const int rz2Arg, const int w, const int h, const int d, const int zChunk) {
#if FIXED_RADII
  // GPUs: the radii are compile-time (FRX, FRY, FRZ and FRX2, FRY2, FRZ2; B is their maximum),
  // so every guard below folds away and the weights are read at constant offsets
  const int rx1 = FRX;
  const int ry1 = FRY;
  const int rz1 = FRZ;
  const int rx2 = FRX2;
  const int ry2 = FRY2;
  const int rz2 = FRZ2;
#else
  const int rx1 = rxArg;
  const int ry1 = ryArg;
  const int rz1 = rzArg;
  const int rx2 = rx2Arg;
  const int ry2 = ry2Arg;
  const int rz2 = rz2Arg;
#endif
  // the halo and the z ring: the larger radius of the two sums (the same sum twice otherwise)
  const int rx = DUAL ? max(rx1, rx2) : rx1;
  const int ry = DUAL ? max(ry1, ry2) : ry1;
  const int rz = DUAL ? max(rz1, rz2) : rz1;
  __local float tile[SHB * PITCH];
  // the x-filtered rows (the difference of two sums reuses it for its second sum)
  __local float xp[SHB * XPITCH];
  const int SW = TW + 2 * rx;
  const int SH = TH + 2 * ry;
  const int NZ = 2 * rz + 1;
  const int lx = get_local_id(0);
  const int ly = get_local_id(1);
  const int lid = ly * 32 + lx;
  const int x0 = get_group_id(0) * TW;
  const int y0 = get_group_id(1) * TH;
  const int x = x0 + lx;
  const int ya = y0 + RPT * ly;
  const int zs = get_group_id(2) * zChunk;
  const int ze = min(zs + zChunk, d);
  const size_t plane = (size_t)w * (size_t)h;

  // one ring of running z sums per pixel (the difference of two sums shares it, see above)
  float acc[RPT][NB];
UNROLL
  for (int r = 0; r < RPT; r++) {
UNROLL
    for (int j = 0; j < NB; j++) acc[r][j] = INIT;
  }
  float v[RPT];
#if DUAL
  float u[RPT];
#endif
  int prev = -1;
  // the tile of the next slice is loaded into registers while the current one is filtered
  SRC_T pre[PER];
  int pz = -1;
  for (int zi = zs - rz; zi < ze + rz; zi++) {
    const int zc = clamp(zi, 0, d - 1);
    if (zc != prev) {  // the same for the whole work group
      prev = zc;
      if (pz != zc) {  // first slice of the chunk: nothing prefetched yet
        LOAD_TILE(zc);
      }
      barrier(CLK_LOCAL_MEM_FENCE);  // the previous slice's readers are done
UNROLL
      for (int qy = 0; qy < PRE_Y; qy++) {
UNROLL
        for (int qx = 0; qx < PRE_X; qx++) {
          const int ty = ly + 8 * qy;
          const int tx = lx + 32 * qx;
          if (ty < SH && tx < SW) tile[ty * PITCH + tx] = (float)pre[qy * PRE_X + qx];
        }
      }
      if (zc + 1 < d && zc + 1 < ze + rz) {
        LOAD_TILE(zc + 1);
      }
      barrier(CLK_LOCAL_MEM_FENCE);
      // x pass: the rows the y pass reads, in groups of XO adjacent outputs
      XPASS(wx, 2 * rx1 + 1, rx - rx1, ry - ry1, xp);
      barrier(CLK_LOCAL_MEM_FENCE);
      // y pass: the work item's RPT pixels (rows RPT ly .. RPT ly + RPT - 1 of the tile)
      YPASS(wy, 2 * ry1 + 1, ry - ry1, xp, v);
#if DUAL
      // the second sum through the same x array, once every work item has read the first
      barrier(CLK_LOCAL_MEM_FENCE);
      XPASS(wx2, 2 * rx2 + 1, rx - rx2, ry - ry2, xp);
      barrier(CLK_LOCAL_MEM_FENCE);
      YPASS(wy2, 2 * ry2 + 1, ry - ry2, xp, u);
#endif
    }
    // z pass: input slice zi contributes to outputs zi - rz + j (see ZPASS)
    ZPASS(wz, +, rz1, acc, v);
#if DUAL
    ZPASS(wz2, -, rz2, acc, u);
#endif
    const int zo = zi - rz;
    if (zo >= zs && x < w) {
UNROLL
      for (int r = 0; r < RPT; r++) {
        if (ya + r < h) dst[FOVEA_IDX(x, ya + r, zo, w, h)] = CONVERT_DST_T(acc[r][0]);
      }
    }
UNROLL
    for (int r = 0; r < RPT; r++) {
UNROLL
      for (int j = 0; j < NB - 1; j++) acc[r][j] = acc[r][j + 1];
      acc[r][NB - 1] = INIT;
    }
  }
}
