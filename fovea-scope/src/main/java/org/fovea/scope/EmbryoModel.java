package org.fovea.scope;

import java.util.SplittableRandom;

/**
 * A deterministic (seeded) model of a Tribolium-like embryo: nuclei on the surface of a prolate
 * ellipsoid whose long axis is the stack's y axis. Everything is a pure function of the seed and
 * the embryo time in hours, so a stack at a given time is the same in every run.
 *
 * <p>Schedule (all times configurable, hours of embryo time):
 *
 * <ul>
 *   <li>cleavage: {@code n0} nuclei doubling in synchronous division waves (every {@code waveEvery}
 *       hours from {@code firstWave}, each wave takes {@code waveHours}) up to {@code nMax}; then
 *       the blastoderm plateau;
 *   <li>ventral furrow at {@code ventralFurrowHours}: nuclei in a ventral stripe ({@code
 *       furrowHalfWidthDeg} either side of {@code ventralAngleDeg}) move inwards by {@code
 *       furrowDepthUm} within {@code furrowInHours}; from one hour later the lateral nuclei close
 *       the gap over {@code furrowCloseHours};
 *   <li>gastrulation: from the furrow on, a fraction {@code leaveFraction} of the nuclei leave the
 *       surface one by one over {@code leaveHours} (the count declines);
 *   <li>serosa rupture at {@code serosaRuptureHours}: the shell retracts towards the posterior pole
 *       (length to {@code retractLength} of the original, radius by {@code retractRadius}) within
 *       {@code retractHours}.
 * </ul>
 */
public final class EmbryoModel {
  // geometry (micrometres)
  public double semiAxisY = 230;
  public double semiAxisX = 95;
  public double semiAxisZ = 95;
  public double nucleusSigmaXY = 2.5;
  public double nucleusSigmaZ = 5.0;
  // schedule (hours)
  public int n0 = 32;
  public int nMax = 1000;
  public double firstWave = 2.0;
  public double waveEvery = 2.0;
  public double waveHours = 0.3;
  public double ventralFurrowHours = 17.0 + 50.0 / 60;
  public double ventralAngleDeg = 90;
  public double furrowHalfWidthDeg = 22;
  public double furrowDepthUm = 45;
  public double furrowInHours = 0.3;
  public double furrowCloseHours = 3.0;
  public double leaveFraction = 0.3;
  public double leaveHours = 24;
  public double serosaRuptureHours = 139.0 + 35.0 / 60;
  public double retractHours = 0.75;
  public double retractLength = 0.55;
  public double retractRadius = 0.85;
  // optics (photo-electrons)
  public double nucleusPhotons = 260;
  public double attenuationUm = 12;
  public double yolkPhotons = 18;
  public double backgroundPhotons = 8;
  public double driftUmPerHour = 0.04;
  public double wobbleUm = 3;

  private final long seed;
  private double[] u; // position along the long axis, -1..1
  private double[] phi; // angle around the long axis, degrees 0..360
  private double[] leaveAt; // hour the nucleus leaves the surface (inf = never)
  private double[] brightness;

  public EmbryoModel(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** Builds the nucleus positions (blue-noise ordered so that every prefix is spread out). */
  public synchronized void build() {
    SplittableRandom r = new SplittableRandom(seed);
    int pool = nMax * 4;
    double[] pu = new double[pool];
    double[] pp = new double[pool];
    double a = semiAxisY;
    double b = Math.max(semiAxisX, semiAxisZ);
    for (int k = 0; k < pool; ) {
      double uu = r.nextDouble() * 2 - 1;
      double accept = Math.sqrt(a * a * (1 - uu * uu) + b * b * uu * uu) / a;
      if (r.nextDouble() > accept) continue;
      pu[k] = uu;
      pp[k] = r.nextDouble() * 360;
      k++;
    }
    double[][] xyz = new double[pool][];
    for (int k = 0; k < pool; k++) xyz[k] = surface(pu[k], pp[k], 1, 1);
    u = new double[nMax];
    phi = new double[nMax];
    double[] minD = new double[pool];
    java.util.Arrays.fill(minD, Double.MAX_VALUE);
    int cur = r.nextInt(pool);
    for (int n = 0; n < nMax; n++) {
      u[n] = pu[cur];
      phi[n] = pp[cur];
      minD[cur] = -1;
      int best = -1;
      double bestD = -1;
      double[] c = xyz[cur];
      for (int k = 0; k < pool; k++) {
        if (minD[k] < 0) continue;
        double dx = xyz[k][0] - c[0];
        double dy = xyz[k][1] - c[1];
        double dz = xyz[k][2] - c[2];
        double dd = dx * dx + dy * dy + dz * dz;
        if (dd < minD[k]) minD[k] = dd;
        if (minD[k] > bestD) {
          bestD = minD[k];
          best = k;
        }
      }
      cur = best;
    }
    leaveAt = new double[nMax];
    brightness = new double[nMax];
    for (int n = 0; n < nMax; n++) {
      double q = r.nextDouble();
      leaveAt[n] =
          q < leaveFraction ? ventralFurrowHours + 1 + leaveHours * q / leaveFraction : 1e300;
      brightness[n] = 0.8 + 0.4 * r.nextDouble();
    }
  }

  /** Point on the (scaled) ellipsoid surface, micrometres relative to the embryo centre. */
  double[] surface(double uu, double phiDeg, double lengthScale, double radiusScale) {
    double s = Math.sqrt(Math.max(0, 1 - uu * uu));
    double p = Math.toRadians(phiDeg);
    return new double[] {
      semiAxisX * radiusScale * s * Math.cos(p),
      semiAxisY * uu * lengthScale,
      semiAxisZ * radiusScale * s * Math.sin(p)
    };
  }

  /** Number of nuclei that exist at time {@code t} (division waves, then plateau). */
  public int nucleiAt(double t) {
    double n = n0;
    for (int k = 0; ; k++) {
      double start = firstWave + k * waveEvery;
      if (n >= nMax || t < start) break;
      double f = Math.min(1, (t - start) / waveHours);
      double next = Math.min(nMax, n * 2);
      if (f < 1) {
        n = n + (next - n) * f;
        break;
      }
      n = next;
    }
    return (int) Math.min(nMax, Math.floor(n));
  }

  /** One nucleus at one time: centre (µm, embryo frame), depth below the surface, brightness. */
  public record Nucleus(double x, double y, double z, double depth, double brightness) {}

  private static double smooth(double f) {
    f = Math.max(0, Math.min(1, f));
    return f * f * (3 - 2 * f);
  }

  private static double wrap(double deg) {
    double d = deg % 360;
    if (d > 180) d -= 360;
    if (d <= -180) d += 360;
    return d;
  }

  /** Every nucleus at time {@code t}. */
  public synchronized Nucleus[] nuclei(double t) {
    if (u == null) build();
    int n = nucleiAt(t);
    Nucleus[] out = new Nucleus[n];
    double furrowIn = t < ventralFurrowHours ? 0 : smooth((t - ventralFurrowHours) / furrowInHours);
    double close = smooth((t - ventralFurrowHours - 1) / furrowCloseHours);
    double retract = smooth((t - serosaRuptureHours) / retractHours);
    double lengthScale = 1 - (1 - retractLength) * retract;
    double radiusScale = 1 - (1 - retractRadius) * retract;
    double posteriorShift = semiAxisY * (1 - lengthScale);
    for (int k = 0; k < n; k++) {
      double p = phi[k];
      double delta = wrap(p - ventralAngleDeg);
      double depth = 0;
      boolean inStripe = Math.abs(delta) < furrowHalfWidthDeg;
      if (inStripe) {
        depth = furrowDepthUm * furrowIn;
      } else if (close > 0) {
        double w = furrowHalfWidthDeg;
        double ad = Math.abs(delta);
        double mapped = (ad - w) / (180 - w) * 180;
        double nd = ad + (mapped - ad) * close;
        p = ventralAngleDeg + Math.signum(delta) * nd;
      }
      if (t > leaveAt[k]) depth = Math.max(depth, 40 * smooth((t - leaveAt[k]) / 1.0));
      double[] s = surface(u[k], p, lengthScale, radiusScale);
      // move inwards along the radial direction in the x-z plane
      double rr = Math.hypot(s[0], s[2]);
      double f = rr > 1e-6 ? Math.max(0, rr - depth) / rr : 1;
      out[k] = new Nucleus(s[0] * f, s[1] + posteriorShift, s[2] * f, depth, brightness[k]);
    }
    return out;
  }

  /** Ground truth: nuclei near the surface (depth below 10 µm), i.e. those a count should see. */
  public int visibleCount(double t) {
    int c = 0;
    for (Nucleus n : nuclei(t)) if (n.depth() < 10) c++;
    return c;
  }

  public String stage(double t) {
    if (t >= serosaRuptureHours) return "serosa-rupture";
    if (t >= ventralFurrowHours + 8) return "germband";
    if (t >= ventralFurrowHours) return "gastrulation";
    if (nucleiAt(t) >= nMax) return "blastoderm";
    return "cleavage";
  }

  /** Embryo centre drift (µm) at time t: slow linear drift plus a wobble. */
  public double[] drift(double t) {
    return new double[] {
      driftUmPerHour * t + wobbleUm * Math.sin(t / 7.0 + seed % 7),
      0.5 * driftUmPerHour * t + wobbleUm * Math.sin(t / 11.0 + 1 + seed % 5),
      wobbleUm * 0.5 * Math.sin(t / 13.0 + 2)
    };
  }

  /** Retraction factor of the shell (1 = intact). */
  public double lengthScale(double t) {
    return 1 - (1 - retractLength) * smooth((t - serosaRuptureHours) / retractHours);
  }

  /** Radial shrink factor of the shell (1 = intact). */
  public double radiusScale(double t) {
    return 1 - (1 - retractRadius) * smooth((t - serosaRuptureHours) / retractHours);
  }
}
