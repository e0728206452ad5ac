// Statistics over the touching neighbours of every element of a vector (index = label).
// The touch matrix is m×m in CLIJ2's layout: labels i < j touch when the element at x = i, y = j
// is non-zero (only that triangle is read; the diagonal is never read).
// One work item per vector element i.

// j is a neighbour of i (j != i)
inline bool fovea_touching(__global const TOUCH_T* touch, const int m, const int i, const int j) {
  if (i == j) return false;
  const int lo = min(i, j);
  const int hi = max(i, j);
  return touch[(size_t)lo + (size_t)m * (size_t)hi] != (TOUCH_T)0;
}

// i itself (when withSelf) or a neighbour of i
inline bool fovea_member(__global const TOUCH_T* touch, const int m, const int i, const int j,
                         const int withSelf) {
  return (withSelf && i == j) || fovea_touching(touch, m, i, j);
}

// stat: 0 mean, 1 median (the upper one: element count/2 of the sorted values), 2 minimum,
// 3 maximum, 4 standard deviation (CLIJ2's divisor 2·count − 1), 5 mode (most frequent integer
// part in 0..255 among the neighbours without i itself; ties: the smallest; none: 0)
__kernel void neighbor_statistic(__global const VALUES_T* values, __global const TOUCH_T* touch,
                                 __global DST_T* dst, const int n, const int m, const int stat,
                                 const int zeroFirst) {
  const int i = get_global_id(0);
  if (i >= n) return;
  if (zeroFirst && i == 0) {
    dst[0] = (DST_T)0;
    return;
  }
  const int self = stat == 5 ? 0 : 1;
  int count = 0;
  float sum = 0.0f;
  float lo = INFINITY;
  float hi = -INFINITY;
  for (int j = 0; j < n; j++) {
    if (!fovea_member(touch, m, i, j, self)) continue;
    const float v = (float)values[j];
    count++;
    sum += v;
    lo = fmin(lo, v);
    hi = fmax(hi, v);
  }
  float result = 0.0f;
  if (stat == 0) {
    result = sum / (float)count;
  } else if (stat == 2) {
    result = lo;
  } else if (stat == 3) {
    result = hi;
  } else if (stat == 4) {
    const float mean = sum / (float)count;
    float squares = 0.0f;
    for (int j = 0; j < n; j++) {
      if (!fovea_member(touch, m, i, j, 1)) continue;
      const float dv = (float)values[j] - mean;
      squares += dv * dv;
    }
    result = sqrt(squares / (float)(2 * count - 1));
  } else if (stat == 1) {
    // the value whose rank range [below, below + equal) contains count / 2
    const int k = count / 2;
    for (int j = 0; j < n; j++) {
      if (!fovea_member(touch, m, i, j, 1)) continue;
      const float v = (float)values[j];
      int below = 0;
      int upTo = 0;
      for (int q = 0; q < n; q++) {
        if (!fovea_member(touch, m, i, q, 1)) continue;
        const float u = (float)values[q];
        below += u < v;
        upTo += u <= v;
      }
      if (below <= k && k < upTo) {
        result = v;
        break;
      }
    }
  } else {
    int best = 0;
    int bestCount = 0;
    for (int j = 0; j < n; j++) {
      if (!fovea_touching(touch, m, i, j)) continue;
      const int key = (int)(float)values[j];
      if (key < 0 || key > 255) continue;
      int same = 0;
      for (int q = 0; q < n; q++) {
        if (fovea_touching(touch, m, i, q) && (int)(float)values[q] == key) same++;
      }
      if (same > bestCount || (same == bestCount && key < best)) {
        best = key;
        bestCount = same;
      }
    }
    result = (float)best;
  }
  dst[i] = CONVERT_DST_T(result);
}
