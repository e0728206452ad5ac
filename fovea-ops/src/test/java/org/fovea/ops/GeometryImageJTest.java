package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.ImagePlus;
import ij.plugin.Resizer;
import ij.process.ImageProcessor;
import java.util.Locale;
import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Geometry.Interpolation;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The arbitrary-angle and scaling ops of {@link Geometry} against ImageJ 1.54p.
 *
 * <p>ImageJ's conventions, found by experiment (sampling a ramp image with bilinear interpolation
 * returns the sampled source position) and checked here. All positions are in ImageJ's index
 * coordinates (pixel centres at integers); Fovea's index coordinate is its position p − 0.5.
 *
 * <ul>
 *   <li>{@code ImageProcessor.rotate(a)}: about ((w−1)/2, (h−1)/2), positive = clockwise; the
 *       output pixel (x, y) samples xs = cx + (x−cx)·cos a + (y−cy)·sin a, ys = cy − (x−cx)·sin a +
 *       (y−cy)·cos a — the same map as Fovea's rotate2D. Inside if −0.01 ≤ xs &lt; w and −0.01 ≤ ys
 *       &lt; h (Fovea: −0.5 ≤ xs &lt; w − 0.5), else the background. Nearest: (int)(xs + 0.5), the
 *       same pixel as Fovea's floor(p). Bilinear: positions clamped to [0, w − 1.001] (Fovea clamps
 *       the neighbours, i.e. to [0, w − 1]): positions ≥ w − 1 mix in 0.001 of the neighbour, also
 *       on axes ImageJ does not scale (resize, zScale).
 *   <li>{@code ImageProcessor.resize(dw, dh)} (and {@code Resizer.zScale} along z, which resizes XZ
 *       planes): with r = w/dw, nearest takes pixel floor(x·r) (the destination pixel's top-left
 *       corner; Fovea: its centre, floor((x + 0.5)·r)); bilinear samples xs = x·r − 1/4 (Fovea: (x
 *       + 0.5)·r − 1/2), clamped to [0, w − 1.001]. Same for an axis whose size changes; an
 *       unchanged axis is the identity in both. So they agree for integer upscaling (nearest) and
 *       for exactly 2× upscaling (bilinear); otherwise ImageJ is shifted by 1/4 − r/2 source
 *       pixels.
 *   <li>{@code ImageProcessor.scale(s, s)} (in place): about (w/2, h/2) in index coordinates (the
 *       corner-based centre; Fovea: (w−1)/2): nearest floor((x − w/2)/s + w/2), bilinear at (x −
 *       w/2)/s + w/2. ImageJ is shifted by (1 − 1/s)/2 source pixels against Fovea's scale2D.
 * </ul>
 */
class GeometryImageJTest {

  static Stream<Arguments> rotateCases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (PixelType t : new PixelType[] {PixelType.FLOAT32, PixelType.UINT16})
      for (int[] s : new int[][] {{31, 17}, {19, 25}})
        for (double a : new double[] {30, 45, 90, -17.5, 200})
          for (Interpolation ip : Interpolation.values()) b.add(Arguments.of(t, s[0], s[1], a, ip));
    return b.build();
  }

  /** Fovea's documented linear tolerance against a double-precision reference. */
  static double linearTolerance(PixelType t, CpuImage in) {
    return t == PixelType.FLOAT32 ? 1e-4 * range(in) + 1e-3 : 1;
  }

  static double range(CpuImage in) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (double v : in.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  }

  /** Whether v lies within 1e-3 px of one of the boundaries (float32 positions may flip it). */
  static boolean near(double v, double... boundaries) {
    for (double b : boundaries) if (Math.abs(v - b) < 1e-3) return true;
    return false;
  }

  static boolean nearHalf(double v) {
    double f = v + 0.5 - Math.floor(v + 0.5);
    return f < 1e-3 || f > 1 - 1e-3;
  }

  // ------------------------------------------------------------------ rotate2D

  /**
   * rotate2D against Image › Transform › Rotate. Per output pixel the source position (xs, ys) in
   * index coordinates decides the zone: interior (nearest: −0.01 ≤ xs &lt; w − 0.5; linear: −0.01 ≤
   * xs &lt; w − 1; same in y) must match (nearest exactly, linear within the documented tolerance);
   * outside both extents (xs &lt; −0.5 or xs ≥ w) both are 0; the band between is where the
   * conventions differ (one of the two gives 0, or, linear only, ImageJ's w − 1.001 clamp: within
   * 1e-3 of the neighbour difference per clamped axis, so 2e-3 of the range).
   */
  @Covers("rotate2D")
  @ParameterizedTest(name = "{0} {1}x{2} {3}° {4}")
  @MethodSource("rotateCases")
  void rotate2DMatchesImageJRotate(PixelType t, int w, int h, double angle, Interpolation ipol) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, 1, t, 7);
    boolean linear = ipol == Interpolation.LINEAR;
    ImageProcessor ip = ImageJBridge.processor(in, 0);
    ip.setInterpolationMethod(linear ? ImageProcessor.BILINEAR : ImageProcessor.NONE);
    ip.setBackgroundValue(0);
    ip.rotate(angle);
    CpuImage ij = ImageJBridge.fromProcessor(ip, t);
    CpuImage fv;
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Geometry.rotate2D(src, null, (float) angle, true, ipol)) {
      fv = CpuImage.pull(dst);
    }
    double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
    double ca = Math.cos(Math.toRadians(angle)), sa = Math.sin(Math.toRadians(angle));
    double tol = linear ? linearTolerance(t, in) : 0;
    double bandTol = tol + 2e-3 * range(in) + (t == PixelType.FLOAT32 ? 0 : 1);
    double maxInterior = 0;
    int interior = 0, band = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double xs = cx + (x - cx) * ca + (y - cy) * sa;
        double ys = cy - (x - cx) * sa + (y - cy) * ca;
        double a = fv.get(x, y, 0), e = ij.get(x, y, 0);
        String where =
            String.format(
                Locale.ROOT, "(%d,%d) from (%.4f,%.4f): fovea %s imagej %s", x, y, xs, ys, a, e);
        double hiX = linear ? w - 1 : w - 0.5, hiY = linear ? h - 1 : h - 0.5;
        if (near(xs, -0.5, -0.01, hiX, w, w - 0.5) || near(ys, -0.5, -0.01, hiY, h, h - 0.5))
          continue; // float32 vs double positions may fall on either side of a zone boundary
        if (!linear && (nearHalf(xs) || nearHalf(ys))) continue; // nearest tie
        boolean in1 = xs >= -0.01 && xs < hiX && ys >= -0.01 && ys < hiY;
        boolean out = xs < -0.5 || xs >= w || ys < -0.5 || ys >= h;
        if (in1) {
          interior++;
          maxInterior = Math.max(maxInterior, Math.abs(a - e));
          if (Math.abs(a - e) > tol) fail("interior " + where + ", tolerance " + tol);
        } else if (out) {
          assertEquals(0, a, "outside " + where);
          assertEquals(0, e, "outside " + where);
        } else {
          band++;
          boolean oneIsZero = a == 0 || e == 0;
          if (!oneIsZero && Math.abs(a - e) > bandTol) fail("band " + where);
        }
      }
    }
    assertTrue(interior > w * h / 3, "interior too small: " + interior);
    System.out.printf(
        Locale.ROOT,
        "rotate2D vs ImageJ %s %dx%d %.1f° %s: max |Δ| interior %.3g (%d px, tolerance %.3g), band %d px%n",
        t.label(),
        w,
        h,
        angle,
        ipol,
        maxInterior,
        interior,
        tol,
        band);
  }

  // ------------------------------------------------------------------ resample (2D)

  static Stream<Arguments> types() {
    return Stream.of(Arguments.of(PixelType.FLOAT32), Arguments.of(PixelType.UINT16));
  }

  /**
   * resample by integer factors, nearest, against ImageJ's resize(w·k, h·k) without interpolation:
   * exactly equal everywhere (ImageJ's floor(x/k) = Fovea's floor((x + 0.5)/k)).
   */
  @Covers("resample")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void resampleNearestIntegerUpscaleEqualsImageJResize(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, t, 3);
    for (int k : new int[] {2, 3}) {
      ImageProcessor ip = ImageJBridge.processor(in, 0);
      ip.setInterpolationMethod(ImageProcessor.NONE);
      CpuImage ij = ImageJBridge.fromProcessor(ip.resize(31 * k, 17 * k, false), t);
      try (GpuImage src = in.push(gpu);
          GpuImage dst = Geometry.resample(src, null, k, k, 1, false)) {
        assertImageEquals(ij, dst);
      }
    }
  }

  /**
   * resample ×2, linear, against ImageJ's bilinear resize(2w, 2h): both sample x/2 − 1/4; equal
   * within the linear tolerance everywhere except the last row and column, where ImageJ
   * interpolates at w − 1.001 (within 1e-3 of the neighbour difference per axis, 2e-3 of the range
   * in the corner).
   */
  @Covers("resample")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void resampleLinearTwiceEqualsImageJResize(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, t, 4);
    ImageProcessor ip = ImageJBridge.processor(in, 0);
    ip.setInterpolationMethod(ImageProcessor.BILINEAR);
    CpuImage ij = ImageJBridge.fromProcessor(ip.resize(62, 34, false), t);
    CpuImage fv;
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Geometry.resample(src, null, 2, 2, 1, true)) {
      fv = CpuImage.pull(dst);
    }
    double tol = linearTolerance(t, in);
    double edgeTol = tol + 2e-3 * range(in);
    double max = 0;
    for (int y = 0; y < 34; y++) {
      for (int x = 0; x < 62; x++) {
        boolean edge = x == 61 || y == 33;
        double d = Math.abs(fv.get(x, y, 0) - ij.get(x, y, 0));
        if (!edge) max = Math.max(max, d);
        assertTrue(
            d <= (edge ? edgeTol : tol),
            String.format(
                Locale.ROOT,
                "(%d,%d): fovea %s imagej %s",
                x,
                y,
                fv.get(x, y, 0),
                ij.get(x, y, 0)));
      }
    }
    System.out.printf(
        Locale.ROOT, "resample x2 linear vs ImageJ resize %s: max |Δ| %.3g%n", t.label(), max);
  }

  /** A ramp a·x + b·y (float32): bilinear sampling returns the sampled position. */
  static CpuImage ramp(int w, int h, double a, double b) {
    CpuImage r = new CpuImage(w, h, 1, PixelType.FLOAT32);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) r.set(x, y, 0, a * x + b * y);
    return r;
  }

  /**
   * Where the conventions differ: resample (linear) by other factors is ImageJ's bilinear resize
   * shifted by 1/4 − r/2 source pixels (r = w/dw). Shown on an x ramp and a y ramp, away from the
   * clamped borders.
   */
  @Covers("resample")
  @Test
  void resampleLinearOtherFactorsIsImageJShiftedByQuarterMinusHalfRatio() {
    Gpu gpu = TestGpu.get();
    int w = 31, h = 17;
    for (double f : new double[] {3, 1.5, 0.5, 0.37}) {
      for (int axis = 0; axis < 2; axis++) {
        CpuImage in = axis == 0 ? ramp(w, h, 1, 0) : ramp(w, h, 0, 1);
        int n = axis == 0 ? w : h;
        try (GpuImage src = in.push(gpu);
            GpuImage dst = Geometry.resample(src, null, (float) f, (float) f, 1, true)) {
          CpuImage fv = CpuImage.pull(dst);
          ImageProcessor ip = ImageJBridge.processor(in, 0);
          ip.setInterpolationMethod(ImageProcessor.BILINEAR);
          CpuImage ij = ImageJBridge.fromProcessor(ip.resize(fv.w, fv.h, false), PixelType.FLOAT32);
          int dn = axis == 0 ? fv.w : fv.h;
          double r = (double) n / dn;
          int checked = 0;
          for (int i = 0; i < dn; i++) {
            double xsIj = i * r - 0.25, xsFv = (i + 0.5) * r - 0.5;
            if (xsIj < 0 || xsFv < 0 || xsIj >= n - 1 || xsFv >= n - 1) continue; // clamped
            double a = axis == 0 ? fv.get(i, 0, 0) : fv.get(0, i, 0);
            double e = axis == 0 ? ij.get(i, 0, 0) : ij.get(0, i, 0);
            assertEquals(xsFv, a, 1e-4 * n, "fovea position, factor " + f);
            assertEquals(xsIj, e, 1e-5 * n, "imagej position, factor " + f);
            assertEquals(0.25 - r / 2, e - a, 1e-4 * n, "shift, factor " + f + " at " + i);
            checked++;
          }
          assertTrue(checked > dn / 3, "too few interior samples for factor " + f);
        }
      }
    }
  }

  /**
   * Where the conventions differ: nearest downscaling. ImageJ's resize takes pixel floor(x·r) (the
   * destination pixel's corner), Fovea floor((x + 0.5)·r) (its centre); e.g. at r = 2 ImageJ keeps
   * the even pixels, Fovea the odd ones.
   */
  @Covers({"resample", "downsample2D"})
  @Test
  void nearestDownscaleSamplesCornerInImageJAndCentreInFovea() {
    Gpu gpu = TestGpu.get();
    int w = 31, h = 17;
    CpuImage in = ramp(w, h, 1, 100);
    try (GpuImage src = in.push(gpu);
        GpuImage a = Geometry.resample(src, null, 0.5f, 0.5f, 1, false);
        GpuImage b = Geometry.downsample2D(src, null, 0.5f, 0.5f)) {
      for (GpuImage g : new GpuImage[] {a, b}) {
        CpuImage fv = CpuImage.pull(g);
        ImageProcessor ip = ImageJBridge.processor(in, 0);
        ip.setInterpolationMethod(ImageProcessor.NONE);
        CpuImage ij = ImageJBridge.fromProcessor(ip.resize(fv.w, fv.h, false), PixelType.FLOAT32);
        double rx = (double) w / fv.w, ry = (double) h / fv.h;
        int differ = 0;
        for (int y = 0; y < fv.h; y++) {
          for (int x = 0; x < fv.w; x++) {
            double ijv = Math.floor(x * rx) + 100 * Math.floor(y * ry);
            double fvv = Math.floor((x + 0.5) * rx) + 100 * Math.floor((y + 0.5) * ry);
            assertEquals(ijv, ij.get(x, y, 0), "imagej (" + x + "," + y + ")");
            assertEquals(fvv, fv.get(x, y, 0), "fovea (" + x + "," + y + ")");
            if (ijv != fvv) differ++;
          }
        }
        assertTrue(differ > 0);
      }
    }
  }

  /**
   * downsample2D with integer (up-)factors is ImageJ's nearest resize to size·k exactly, like
   * resample.
   */
  @Covers("downsample2D")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void downsample2DIntegerUpscaleEqualsImageJResize(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, t, 5);
    ImageProcessor ip = ImageJBridge.processor(in, 0);
    ip.setInterpolationMethod(ImageProcessor.NONE);
    CpuImage ij = ImageJBridge.fromProcessor(ip.resize(93, 51, false), t);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Geometry.downsample2D(src, null, 3, 3)) {
      assertImageEquals(ij, dst);
    }
  }

  // ------------------------------------------------------------------ scale2D

  /**
   * Where the conventions differ: ImageJ's in-place scale(s, s) scales about (w/2, h/2) in index
   * coordinates, Fovea's scale2D about ((w−1)/2, (h−1)/2): ImageJ samples (1 − 1/s)/2 source pixels
   * further right/down. Shown on ramps (bilinear returns the position), away from the borders.
   */
  @Covers("scale2D")
  @Test
  void scale2DIsImageJScaleShiftedByHalfOneMinusInverseFactor() {
    Gpu gpu = TestGpu.get();
    int w = 31, h = 17;
    for (double s : new double[] {2, 0.5, 1.5}) {
      for (int axis = 0; axis < 2; axis++) {
        CpuImage in = axis == 0 ? ramp(w, h, 1, 0) : ramp(w, h, 0, 1);
        int n = axis == 0 ? w : h;
        CpuImage fv;
        try (GpuImage src = in.push(gpu);
            GpuImage dst =
                Geometry.scale2D(src, null, (float) s, (float) s, true, Interpolation.LINEAR)) {
          fv = CpuImage.pull(dst);
        }
        ImageProcessor ip = ImageJBridge.processor(in, 0);
        ip.setInterpolationMethod(ImageProcessor.BILINEAR);
        ip.setBackgroundValue(0);
        ip.scale(s, s);
        CpuImage ij = ImageJBridge.fromProcessor(ip, PixelType.FLOAT32);
        int checked = 0;
        for (int i = 0; i < n; i++) {
          double xsIj = (i - n / 2.0) / s + n / 2.0;
          double xsFv = (i - (n - 1) / 2.0) / s + (n - 1) / 2.0;
          if (xsIj < 0.5 || xsFv < 0.5 || xsIj >= n - 1.5 || xsFv >= n - 1.5) continue;
          int ox = axis == 0 ? i : w / 2, oy = axis == 0 ? h / 2 : i;
          double a = fv.get(ox, oy, 0), e = ij.get(ox, oy, 0);
          assertEquals(xsFv, a, 1e-4 * n, "fovea position, s " + s);
          assertEquals(xsIj, e, 1e-5 * n, "imagej position, s " + s);
          assertEquals((1 - 1 / s) / 2, e - a, 1e-4 * n, "shift, s " + s + " at " + i);
          checked++;
        }
        assertTrue(checked > 3, "too few interior samples for s " + s);
      }
    }
  }

  // ------------------------------------------------------------------ z resampling (3D)

  /**
   * resample along z against ImageJ's Resizer.zScale (Image › Scale / Adjust › Size, which resizes
   * the XZ planes): nearest ×2 and ×3 exactly equal; linear ×2 within the linear tolerance except
   * the last slice and the last column: ImageJ clamps positions ≥ n − 1 to n − 1.001 on both axes
   * of the XZ plane it resizes, even on x, which it does not scale (within 1e-3 of the neighbour
   * difference per axis).
   */
  @Covers({"resample", "makeIsotropic"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void resampleZEqualsImageJZScale(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 5, t, 6);
    ImagePlus imp = ImageJBridge.imagePlus(in);
    for (int k : new int[] {2, 3}) {
      CpuImage ij =
          ImageJBridge.fromStack(
              new Resizer().zScale(imp, 5 * k, ImageProcessor.NONE).getStack(), t);
      try (GpuImage src = in.push(gpu);
          GpuImage dst = Geometry.resample(src, null, 1, 1, k, false)) {
        assertImageEquals(ij, dst);
      }
    }
    CpuImage ij =
        ImageJBridge.fromStack(
            new Resizer().zScale(imp, 10, ImageProcessor.BILINEAR).getStack(), t);
    double tol = linearTolerance(t, in), edgeTol = tol + 2e-3 * range(in);
    // makeIsotropic with voxel depth 2 (x, y 1) is the same z ×2 resampling
    try (GpuImage src = in.push(gpu);
        GpuImage a = Geometry.resample(src, null, 1, 1, 2, true);
        GpuImage b = Geometry.makeIsotropic(src, null, 1, 1, 2, 1, true)) {
      for (GpuImage g : new GpuImage[] {a, b}) {
        CpuImage fv = CpuImage.pull(g);
        assertEquals(10, fv.d);
        double max = 0;
        for (int z = 0; z < 10; z++)
          for (int y = 0; y < 17; y++)
            for (int x = 0; x < 31; x++) {
              double d = Math.abs(fv.get(x, y, z) - ij.get(x, y, z));
              boolean edge = z == 9 || x == 30;
              if (!edge) max = Math.max(max, d);
              assertTrue(
                  d <= (edge ? edgeTol : tol),
                  String.format(
                      Locale.ROOT,
                      "(%d,%d,%d): fovea %s imagej %s",
                      x,
                      y,
                      z,
                      fv.get(x, y, z),
                      ij.get(x, y, z)));
            }
        System.out.printf(
            Locale.ROOT, "z x2 linear vs ImageJ zScale %s: max |Δ| %.3g%n", t.label(), max);
      }
    }
  }
}
