package org.fovea.ops;

/**
 * Fovea's implementation of the 16 histogram threshold methods (and IJ_IsoData) of ImageJ's {@code
 * AutoThresholder} (G. Landini's Auto_Threshold), written from the published algorithms and ImageJ
 * 1.54p's documented behaviour, including its conventions: a 256-bin histogram; the returned bin is
 * the last background bin (foreground = bins above it); a histogram with only one or two populated
 * bins ("bilevel") returns the upper populated bin minus one before any method runs; a method that
 * finds nothing (-1) returns 0. Tests check bin-for-bin equality with ImageJ 1.54p; ImageJ itself
 * is not needed at run time.
 *
 * <p>Counts are {@code long} (ImageJ uses {@code int} and can overflow in MinError's sums of
 * i²·count on very large images; Fovea does not).
 */
final class AutoThresholdMethods {
  private AutoThresholdMethods() {}

  private static final double DBL_EPSILON = 2.220446049250313E-16;

  /** The threshold bin for a 256-bin histogram (not modified). */
  static int threshold(Thresholds.Method method, long[] histogram) {
    if (histogram.length != 256) {
      throw new IllegalArgumentException("auto threshold needs 256 bins, got " + histogram.length);
    }
    long[] h = histogram.clone();
    int bl = bilevel(h);
    if (bl >= 0) return bl;
    int t =
        switch (method) {
          case Default -> defaultIsoData(h);
          case IJ_IsoData -> ijIsoData(h);
          case Huang -> huang(h);
          case Intermodes -> intermodes(h);
          case IsoData -> isoData(h);
          case Li -> li(h);
          case MaxEntropy -> maxEntropy(h);
          case Mean -> mean(h);
          case MinError -> minError(h);
          case Minimum -> minimum(h);
          case Moments -> moments(h);
          case Otsu -> otsu(h);
          case Percentile -> percentile(h);
          case RenyiEntropy -> renyiEntropy(h);
          case Shanbhag -> shanbhag(h);
          case Triangle -> triangle(h);
          case Yen -> yen(h);
        };
    return t == -1 ? 0 : t;
  }

  /** One or two populated bins: the upper one minus one; otherwise -1. */
  static int bilevel(long[] h) {
    int first = -1;
    int second = -1;
    int populated = 0;
    for (int i = 0; i < h.length; i++) {
      if (h[i] > 0) {
        if (++populated > 2) return -1;
        if (first == -1) first = i;
        else second = i;
      }
    }
    if (populated == 1) return first - 1;
    if (populated == 2) return second - 1;
    return -1;
  }

  /**
   * Indices of the populated bins, ascending. The O(256²) methods skip empty bins: their terms are
   * exactly 0 there (finite factors times a zero count or probability), and adding 0.0 leaves a sum
   * unchanged bit for bit, so the result equals the full loop's.
   */
  private static int[] populated(long[] h) {
    int n = 0;
    for (long c : h) if (c != 0) n++;
    int[] idx = new int[n];
    n = 0;
    for (int i = 0; i < h.length; i++) if (h[i] != 0) idx[n++] = i;
    return idx;
  }

  private static double total(long[] h) {
    double t = 0;
    for (long c : h) t += c;
    return t;
  }

  private static double[] normalised(long[] h) {
    double total = total(h);
    double[] p = new double[h.length];
    for (int i = 0; i < h.length; i++) p[i] = h[i] / total;
    return p;
  }

  private static double[] cumulative(double[] p) {
    double[] c = new double[p.length];
    c[0] = p[0];
    for (int i = 1; i < p.length; i++) c[i] = c[i - 1] + p[i];
    return c;
  }

  // ------------------------------------------------------------------ Default / IsoData variants

  /** ImageJ's "Default": IJ IsoData after clipping a dominant mode to 1.5× the second highest. */
  static int defaultIsoData(long[] data) {
    long[] d = data.clone();
    int mode = 0;
    long maxCount = 0;
    for (int i = 0; i < d.length; i++) {
      if (d[i] > maxCount) {
        maxCount = d[i];
        mode = i;
      }
    }
    long second = 0;
    for (int i = 0; i < d.length; i++) {
      if (d[i] > second && i != mode) second = d[i];
    }
    if (maxCount > second * 2 && second != 0) d[mode] = (long) (second * 1.5);
    return ijIsoData(d);
  }

  /** The original ImageJ iterative intermeans (ignores the first and last bins). */
  static int ijIsoData(long[] data) {
    long[] d = data.clone();
    int last = d.length - 1;
    d[0] = 0;
    d[last] = 0;
    int min = 0;
    while (d[min] == 0 && min < last) min++;
    int max = last;
    while (d[max] == 0 && max > 0) max--;
    if (min >= max) return d.length / 2;
    // The class sums are sums of integers (i · count), exact in double below 2^53, so running
    // sums give bit-for-bit the values of summing each class afresh, in O(256) instead of O(256²).
    double totalI = 0;
    double totalN = 0;
    for (int i = min; i <= max; i++) {
      totalI += (double) i * d[i];
      totalN += d[i];
    }
    double below = 0;
    double belowCount = 0;
    int next = min;
    int moving = min;
    double result;
    do {
      while (next <= moving) {
        below += (double) next * d[next];
        belowCount += d[next];
        next++;
      }
      double above = totalI - below;
      double aboveCount = totalN - belowCount;
      result = (below / belowCount + above / aboveCount) / 2.0;
      moving++;
    } while ((moving + 1) <= result && moving < max - 1);
    return (int) Math.round(result);
  }

  /** Ridler and Calvard's IsoData as in Landini's plugin (integer mean below, as there). */
  static int isoData(long[] data) {
    int g = 0;
    for (int i = 1; i < 256; i++) {
      if (data[i] > 0) {
        g = i + 1;
        break;
      }
    }
    while (true) {
      long lowSum = 0;
      long lowCount = 0;
      for (int i = 0; i < g; i++) {
        lowCount += data[i];
        lowSum += data[i] * i;
      }
      double highSum = 0;
      double highCount = 0;
      for (int i = g + 1; i < 256; i++) {
        highCount += data[i];
        highSum += (double) data[i] * i;
      }
      if (lowCount > 0 && highCount > 0) {
        long lowMean = lowSum / lowCount; // integer division, as the reference implementation
        double highMean = highSum / highCount;
        if (g == (int) Math.round((lowMean + highMean) / 2.0)) break;
      }
      g++;
      if (g > 254) return -1;
    }
    return g;
  }

  // ------------------------------------------------------------------ Huang

  /** Huang and Wang's fuzzy thresholding (Shannon entropy of the membership). */
  static int huang(long[] data) {
    int first = 0;
    for (int i = 0; i < 256; i++) {
      if (data[i] != 0) {
        first = i;
        break;
      }
    }
    int last = 255;
    for (int i = 255; i >= first; i--) {
      if (data[i] != 0) {
        last = i;
        break;
      }
    }
    double c = 1.0 / (double) (last - first);
    double[] mu0 = new double[256];
    double sum = 0;
    double num = 0;
    for (int i = first; i < 256; i++) {
      sum += (double) i * data[i];
      num += data[i];
      mu0[i] = sum / num;
    }
    double[] mu1 = new double[256];
    sum = 0;
    num = 0;
    for (int i = last; i > 0; i--) {
      sum += (double) i * data[i];
      num += data[i];
      mu1[i - 1] = sum / num;
    }
    int[] nz = populated(data);
    int threshold = -1;
    double best = Double.MAX_VALUE;
    for (int t = 0; t < 256; t++) {
      double ent = 0;
      for (int i : nz) {
        double mu = i <= t ? mu0[t] : mu1[t];
        ent += data[i] * fuzzyEntropy(1.0 / (1.0 + c * Math.abs(i - mu)));
      }
      if (ent < best) {
        best = ent;
        threshold = t;
      }
    }
    return threshold;
  }

  private static double fuzzyEntropy(double mu) {
    if (mu < 1e-06 || mu > 0.999999) return 0;
    return -mu * Math.log(mu) - (1.0 - mu) * Math.log(1.0 - mu);
  }

  // ------------------------------------------------------------------ mode-based

  /** True when the (smoothed) histogram has exactly two local maxima. */
  static boolean bimodal(double[] y) {
    int modes = 0;
    for (int k = 1; k < y.length - 1; k++) {
      if (y[k - 1] < y[k] && y[k + 1] < y[k]) {
        modes++;
        if (modes > 2) return false;
      }
    }
    return modes == 2;
  }

  /**
   * Prewitt and Mendelsohn: smooth (3-point running mean, iterated) until bimodal, threshold
   * halfway between the two peaks. As in ImageJ 1.54p, the whole 256-bin histogram is smoothed.
   */
  static int intermodes(long[] data) {
    int length = data.length;
    double[] hist = new double[length];
    for (int i = 0; i < length; i++) hist[i] = data[i];
    int iter = 0;
    while (!bimodal(hist)) {
      double previous = 0;
      double current = 0;
      double next = hist[0];
      for (int i = 0; i < length - 1; i++) {
        previous = current;
        current = next;
        next = hist[i + 1];
        hist[i] = (previous + current + next) / 3;
      }
      hist[length - 1] = (current + next) / 3;
      iter++;
      if (iter > 10000) return -1;
    }
    int tt = 0;
    for (int i = 1; i < length - 1; i++) {
      if (hist[i - 1] < hist[i] && hist[i + 1] < hist[i]) tt += i;
    }
    return (int) Math.floor(tt / 2.0);
  }

  /** Smooth until bimodal, threshold at the valley between the peaks. */
  static int minimum(long[] data) {
    double[] h = new double[256];
    for (int i = 0; i < 256; i++) h[i] = data[i];
    double[] t = new double[256];
    int iter = 0;
    while (!bimodal(h)) {
      for (int i = 1; i < 255; i++) t[i] = (h[i - 1] + h[i] + h[i + 1]) / 3;
      t[0] = (h[0] + h[1]) / 3;
      t[255] = (h[254] + h[255]) / 3;
      System.arraycopy(t, 0, h, 0, 256);
      iter++;
      if (iter > 10000) return -1;
    }
    for (int i = 1; i < 255; i++) {
      if (h[i - 1] > h[i] && h[i + 1] >= h[i]) return i;
    }
    return -1;
  }

  // ------------------------------------------------------------------ Li

  /** Li's minimum cross entropy, iterative version (Li and Tam). */
  static int li(long[] data) {
    double n = total(data);
    double mean = 0;
    for (int i = 1; i < 256; i++) mean += (double) i * data[i];
    mean /= n;
    double next = mean;
    double old;
    int threshold;
    do {
      old = next;
      threshold = (int) (old + 0.5);
      double sumBack = 0;
      double numBack = 0;
      for (int i = 0; i <= threshold; i++) {
        sumBack += (double) i * data[i];
        numBack += data[i];
      }
      double meanBack = numBack == 0 ? 0.0 : sumBack / numBack;
      double sumObj = 0;
      double numObj = 0;
      for (int i = threshold + 1; i < 256; i++) {
        sumObj += (double) i * data[i];
        numObj += data[i];
      }
      double meanObj = numObj == 0 ? 0.0 : sumObj / numObj;
      double temp = (meanBack - meanObj) / (Math.log(meanBack) - Math.log(meanObj));
      next = temp < -DBL_EPSILON ? (int) (temp - 0.5) : (int) (temp + 0.5);
    } while (Math.abs(next - old) > 0.5);
    return threshold;
  }

  // ------------------------------------------------------------------ entropies

  private static int firstBin(double[] p1) {
    for (int i = 0; i < 256; i++) if (!(Math.abs(p1[i]) < DBL_EPSILON)) return i;
    return 0;
  }

  private static int lastBin(double[] p2, int first) {
    for (int i = 255; i >= first; i--) if (!(Math.abs(p2[i]) < DBL_EPSILON)) return i;
    return 255;
  }

  private static double[] complement(double[] p1) {
    double[] p2 = new double[p1.length];
    for (int i = 0; i < p1.length; i++) p2[i] = 1.0 - p1[i];
    return p2;
  }

  /** Kapur, Sahoo and Wong: maximum of the sum of background and object entropies. */
  static int maxEntropy(long[] data) {
    return kapur(data, normalised(data), Double.MIN_VALUE, -1);
  }

  private static int kapur(long[] data, double[] p, double startMax, int startThreshold) {
    double[] p1 = cumulative(p);
    double[] p2 = complement(p1);
    int first = firstBin(p1);
    int last = lastBin(p2, first);
    int threshold = startThreshold;
    double best = startMax;
    int[] nz = populated(data);
    for (int t = first; t <= last; t++) {
      double back = 0;
      double obj = 0;
      for (int i : nz) {
        if (i <= t) back -= (p[i] / p1[t]) * Math.log(p[i] / p1[t]);
        else obj -= (p[i] / p2[t]) * Math.log(p[i] / p2[t]);
      }
      double total = back + obj;
      if (best < total) {
        best = total;
        threshold = t;
      }
    }
    return threshold;
  }

  /**
   * A histogram as the entropy methods split it: p (normalised), p1 (cumulative, the background
   * share up to t), p2 (1 − p1, the object share), the first and last candidate thresholds, and the
   * populated bins.
   */
  private record Split(double[] p, double[] p1, double[] p2, int first, int last, int[] nz) {
    static Split of(long[] data) {
      double[] p = normalised(data);
      double[] p1 = cumulative(p);
      double[] p2 = complement(p1);
      int first = firstBin(p1);
      return new Split(p, p1, p2, first, lastBin(p2, first), populated(data));
    }
  }

  /** Renyi entropies of order 0.5, 1 and 2 combined (Kapur, Sahoo and Wong). */
  static int renyiEntropy(long[] data) {
    Split h = Split.of(data);
    int tStar2 = kapur(data, h.p, 0.0, 0); // alpha = 1
    int tStar1 = 0; // alpha = 0.5
    double best = 0.0;
    double term = 1.0 / (1.0 - 0.5);
    for (int t = h.first; t <= h.last; t++) {
      double back = 0;
      double obj = 0;
      for (int i : h.nz) {
        if (i <= t) back += Math.sqrt(h.p[i] / h.p1[t]);
        else obj += Math.sqrt(h.p[i] / h.p2[t]);
      }
      double tot = term * (back * obj > 0.0 ? Math.log(back * obj) : 0.0);
      if (tot > best) {
        best = tot;
        tStar1 = t;
      }
    }
    int tStar3 = 0; // alpha = 2
    best = 0.0;
    term = 1.0 / (1.0 - 2.0);
    for (int t = h.first; t <= h.last; t++) {
      double back = 0;
      double obj = 0;
      for (int i : h.nz) {
        if (i <= t) back += (h.p[i] * h.p[i]) / (h.p1[t] * h.p1[t]);
        else obj += (h.p[i] * h.p[i]) / (h.p2[t] * h.p2[t]);
      }
      double tot = term * (back * obj > 0.0 ? Math.log(back * obj) : 0.0);
      if (tot > best) {
        best = tot;
        tStar3 = t;
      }
    }
    // sort the three thresholds
    int[] s = {tStar1, tStar2, tStar3};
    if (s[1] < s[0]) swap(s, 0, 1);
    if (s[2] < s[1]) swap(s, 1, 2);
    if (s[1] < s[0]) swap(s, 0, 1);
    int beta1;
    int beta2;
    int beta3;
    if (Math.abs(s[0] - s[1]) <= 5) {
      if (Math.abs(s[1] - s[2]) <= 5) {
        beta1 = 1;
        beta2 = 2;
        beta3 = 1;
      } else {
        beta1 = 0;
        beta2 = 1;
        beta3 = 3;
      }
    } else {
      if (Math.abs(s[1] - s[2]) <= 5) {
        beta1 = 3;
        beta2 = 1;
        beta3 = 0;
      } else {
        beta1 = 1;
        beta2 = 2;
        beta3 = 1;
      }
    }
    double omega = h.p1[s[2]] - h.p1[s[0]];
    return (int)
        (s[0] * (h.p1[s[0]] + 0.25 * omega * beta1)
            + 0.25 * s[1] * omega * beta2
            + s[2] * (h.p2[s[2]] + 0.25 * omega * beta3));
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /** Shanbhag's information measure. */
  static int shanbhag(long[] data) {
    Split h = Split.of(data);
    int threshold = -1;
    double best = Double.MAX_VALUE;
    for (int t = h.first; t <= h.last; t++) {
      double termBack = 0.5 / h.p1[t];
      double termObj = 0.5 / h.p2[t];
      double back = 0;
      double obj = 0;
      for (int i : h.nz) {
        if (i == 0) continue;
        if (i <= t) back -= h.p[i] * Math.log(1.0 - termBack * h.p1[i - 1]);
        else obj -= h.p[i] * Math.log(1.0 - termObj * h.p2[i]);
      }
      back *= termBack;
      obj *= termObj;
      double tot = Math.abs(back - obj);
      if (tot < best) {
        best = tot;
        threshold = t;
      }
    }
    return threshold;
  }

  /** Yen's maximum correlation criterion. */
  static int yen(long[] data) {
    double[] p = normalised(data);
    double[] p1 = cumulative(p);
    double[] p1sq = new double[256];
    p1sq[0] = p[0] * p[0];
    for (int i = 1; i < 256; i++) p1sq[i] = p1sq[i - 1] + p[i] * p[i];
    double[] p2sq = new double[256];
    p2sq[255] = 0.0;
    for (int i = 254; i >= 0; i--) p2sq[i] = p2sq[i + 1] + p[i + 1] * p[i + 1];
    int threshold = -1;
    double best = Double.MIN_VALUE;
    for (int t = 0; t < 256; t++) {
      double a = p1sq[t] * p2sq[t];
      double b = p1[t] * (1.0 - p1[t]);
      double crit = -1.0 * (a > 0.0 ? Math.log(a) : 0.0) + 2 * (b > 0.0 ? Math.log(b) : 0.0);
      if (crit > best) {
        best = crit;
        threshold = t;
      }
    }
    return threshold;
  }

  // ------------------------------------------------------------------ statistics-based

  /** Glasbey: the mean grey level. */
  static int mean(long[] data) {
    double tot = 0;
    double sum = 0;
    for (int i = 0; i < 256; i++) {
      tot += data[i];
      sum += (double) i * data[i];
    }
    return (int) Math.floor(sum / tot);
  }

  /** Kittler and Illingworth's minimum error, iterative version. */
  static int minError(long[] data) {
    int threshold = mean(data);
    int previous = -2;
    int last = data.length - 1;
    double aAll = moment(data, last, 0);
    double bAll = moment(data, last, 1);
    double cAll = moment(data, last, 2);
    while (threshold != previous) {
      double a = moment(data, threshold, 0);
      double b = moment(data, threshold, 1);
      double c = moment(data, threshold, 2);
      double mu = b / a;
      double nu = (bAll - b) / (aAll - a);
      double p = a / aAll;
      double q = (aAll - a) / aAll;
      double sigma2 = c / a - mu * mu;
      double tau2 = (cAll - c) / (aAll - a) - nu * nu;
      double w0 = 1.0 / sigma2 - 1.0 / tau2;
      double w1 = mu / sigma2 - nu / tau2;
      double w2 =
          (mu * mu) / sigma2 - (nu * nu) / tau2 + Math.log10((sigma2 * (q * q)) / (tau2 * (p * p)));
      double sq = w1 * w1 - w0 * w2;
      if (sq < 0) return threshold; // no real solution: keep the current threshold
      previous = threshold;
      double next = (w1 + Math.sqrt(sq)) / w0;
      threshold = Double.isNaN(next) ? previous : (int) Math.floor(next);
    }
    return threshold;
  }

  /** Σ_{i ≤ j} i^k · y[i] (j clamped to the last bin). */
  private static double moment(long[] y, int j, int k) {
    if (j >= y.length) j = y.length - 1;
    double x = 0;
    for (int i = 0; i <= j; i++) {
      long w = k == 0 ? 1 : k == 1 ? i : (long) i * i;
      x += w * y[i];
    }
    return x;
  }

  /** Tsai's moment-preserving threshold. */
  static int moments(long[] data) {
    double total = total(data);
    double[] h = new double[256];
    for (int i = 0; i < 256; i++) h[i] = data[i] / total;
    double m0 = 1.0;
    double m1 = 0;
    double m2 = 0;
    double m3 = 0;
    for (int i = 0; i < 256; i++) {
      double di = i;
      m1 += di * h[i];
      m2 += di * di * h[i];
      m3 += di * di * di * h[i];
    }
    double cd = m0 * m2 - m1 * m1;
    double c0 = (-m2 * m2 + m1 * m3) / cd;
    double c1 = (m0 * -m3 + m2 * m1) / cd;
    double z0 = 0.5 * (-c1 - Math.sqrt(c1 * c1 - 4.0 * c0));
    double z1 = 0.5 * (-c1 + Math.sqrt(c1 * c1 - 4.0 * c0));
    double p0 = (z1 - m1) / (z1 - z0);
    double sum = 0;
    for (int i = 0; i < 256; i++) {
      sum += h[i];
      if (sum > p0) return i;
    }
    return -1;
  }

  /** Otsu: maximum between-class variance (ImageJ 1.54p formulation over all bins). */
  static int otsu(long[] data) {
    long n = 0;
    for (long c : data) n += c;
    double norm = 1.0 / n;
    int len = data.length;
    double[] p = new double[len];
    for (int i = 0; i < len; i++) p[i] = norm * data[i];
    double[] omega = new double[len];
    double[] mu = new double[len];
    omega[0] = p[0];
    for (int i = 1; i < len; i++) omega[i] = omega[i - 1] + p[i];
    mu[0] = 0;
    for (int i = 1; i < len; i++) mu[i] = mu[i - 1] + i * p[i];
    double muT = mu[len - 1];
    int kStar = Integer.MIN_VALUE;
    double best = 0;
    for (int i = 0; i < len; i++) {
      double d = muT * omega[i] - mu[i];
      double bcv = d * (d / (omega[i] * (1.0 - omega[i])));
      if (best < bcv) {
        best = bcv;
        kStar = i;
      }
    }
    return kStar;
  }

  /** Doyle's percentile: the bin whose cumulative fraction is closest to 50 %. */
  static int percentile(long[] data) {
    double total = 0;
    for (int i = 0; i <= 255; i++) total += data[i];
    int threshold = -1;
    double best = 1.0;
    double partial = 0;
    for (int i = 0; i < 256; i++) {
      partial += data[i];
      double a = Math.abs(partial / total - 0.5);
      if (a < best) {
        best = a;
        threshold = i;
      }
    }
    return threshold;
  }

  /** Zack's triangle method, on the longer side of the histogram's peak. */
  static int triangle(long[] histogram) {
    long[] data = histogram.clone();
    int min = 0;
    int max = 0;
    int min2 = 0;
    long dmax = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] > 0) {
        min = i;
        break;
      }
    }
    if (min > 0) min--;
    for (int i = 255; i > 0; i--) {
      if (data[i] > 0) {
        min2 = i;
        break;
      }
    }
    if (min2 < 255) min2++;
    for (int i = 0; i < 256; i++) {
      if (data[i] > dmax) {
        max = i;
        dmax = data[i];
      }
    }
    boolean inverted = false;
    if ((max - min) < (min2 - max)) {
      inverted = true;
      for (int l = 0, r = 255; l < r; l++, r--) {
        long t = data[l];
        data[l] = data[r];
        data[r] = t;
      }
      min = 255 - min2;
      max = 255 - max;
    }
    if (min == max) return min;
    double nx = data[max];
    double ny = min - max;
    double d = Math.sqrt(nx * nx + ny * ny);
    nx /= d;
    ny /= d;
    d = nx * min + ny * data[min];
    int split = min;
    double splitDistance = 0;
    for (int i = min + 1; i <= max; i++) {
      double dist = nx * i + ny * data[i] - d;
      if (dist > splitDistance) {
        split = i;
        splitDistance = dist;
      }
    }
    split--;
    return inverted ? 255 - split : split;
  }
}
