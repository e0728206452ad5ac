package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ThresholdsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  // ------------------------------------------------------------------ fixed threshold

  @Covers("threshold")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void thresholdMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 21);
    for (float thr : new float[] {100f, 100.5f, -5f}) {
      CpuImage expected = CpuImage.like(in, PixelType.UINT8);
      for (int i = 0; i < in.data.length; i++) expected.data[i] = in.data[i] >= thr ? 1 : 0;
      try (GpuImage src = in.push(gpu);
          GpuImage dst = Thresholds.threshold(src, null, thr)) {
        assertEquals(PixelType.UINT8, dst.type());
        assertImageEquals(expected, dst);
      }
    }
  }

  // ------------------------------------------------------------------ methods vs ImageJ

  /** Histograms of many shapes: random, bimodal mixtures, narrow, sparse, skewed, bilevel. */
  static List<int[]> histograms() {
    List<int[]> out = new ArrayList<>();
    Random r = new Random(1234);
    for (int k = 0; k < 100; k++) {
      int[] h = new int[256];
      switch (k % 5) {
        case 0 -> { // uniform noise
          for (int i = 0; i < 256; i++) h[i] = r.nextInt(1000);
        }
        case 1 -> { // two Gaussian modes of random position, width and weight
          addGauss(h, r, 20 + r.nextInt(80), 3 + r.nextInt(20), 5000 + r.nextInt(50000));
          addGauss(h, r, 120 + r.nextInt(110), 3 + r.nextInt(30), 2000 + r.nextInt(20000));
        }
        case 2 -> { // one dominant background mode plus a faint bright tail (fluorescence)
          addGauss(h, r, 10 + r.nextInt(30), 2 + r.nextInt(6), 100000);
          for (int i = 0; i < 3000; i++) h[Math.min(255, 40 + (int) (r.nextDouble() * 215))]++;
        }
        case 3 -> { // narrow populated range inside the 256 bins
          int lo = r.nextInt(100);
          int hi = lo + 5 + r.nextInt(100);
          for (int i = lo; i <= hi; i++) h[i] = r.nextInt(200) + (i % 7 == 0 ? 500 : 0);
        }
        default -> { // sparse: few populated bins, three modes
          for (int i = 0; i < 12; i++) h[r.nextInt(256)] += 1 + r.nextInt(5000);
          addGauss(h, r, 60, 5, 3000);
          addGauss(h, r, 200, 8, 3000);
        }
      }
      out.add(h);
    }
    int[] two = new int[256]; // bilevel
    two[30] = 100;
    two[200] = 50;
    out.add(two);
    int[] one = new int[256];
    one[77] = 10;
    out.add(one);
    return out;
  }

  static void addGauss(int[] h, Random r, int centre, int sigma, int count) {
    for (int i = 0; i < count; i++) {
      int v = (int) Math.round(centre + sigma * r.nextGaussian());
      if (v >= 0 && v < 256) h[v]++;
    }
  }

  static long[] toLong(int[] h) {
    long[] l = new long[h.length];
    for (int i = 0; i < h.length; i++) l[i] = h[i];
    return l;
  }

  static int imagej(Thresholds.Method m, int[] h) {
    return new AutoThresholder().getThreshold(AutoThresholder.Method.valueOf(m.name()), h.clone());
  }

  @Covers("automaticThreshold")
  @ParameterizedTest(name = "{0}")
  @EnumSource(Thresholds.Method.class)
  void thresholdBinEqualsImageJOnSyntheticHistograms(Thresholds.Method m) {
    List<int[]> hs = histograms();
    for (int k = 0; k < hs.size(); k++) {
      int[] h = hs.get(k);
      assertEquals(
          imagej(m, h), AutoThresholdMethods.threshold(m, toLong(h)), m + " histogram #" + k);
    }
  }

  /** Images whose GPU histograms feed the comparison: uint8 and 16-bit, noise and two phases. */
  static List<CpuImage> images() {
    List<CpuImage> out = new ArrayList<>();
    out.add(CpuImage.random(64, 48, 1, PixelType.UINT8, 1));
    out.add(CpuImage.random(64, 48, 1, PixelType.UINT16, 2));
    out.add(twoPhase(61, 47, 3, PixelType.UINT8, 3, 40, 12, 170, 25));
    out.add(twoPhase(61, 47, 3, PixelType.UINT16, 4, 1200, 150, 3400, 600));
    out.add(twoPhase(61, 47, 1, PixelType.FLOAT32, 5, -20, 4, 35, 10));
    return out;
  }

  /** Dark background with bright blobs (a disc per 15 px), Gaussian noise, clamped to the type. */
  static CpuImage twoPhase(
      int w, int h, int d, PixelType t, long seed, double bg, double bgSd, double fg, double fgSd) {
    CpuImage img = new CpuImage(w, h, d, t);
    Random r = new Random(seed);
    for (int z = 0; z < d; z++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int cx = x % 15 - 7;
          int cy = y % 15 - 7;
          boolean inside = cx * cx + cy * cy <= 20;
          double v = inside ? fg + fgSd * r.nextGaussian() : bg + bgSd * r.nextGaussian();
          img.set(x, y, z, v);
        }
      }
    }
    return img;
  }

  @Covers("automaticThreshold")
  @ParameterizedTest(name = "{0}")
  @EnumSource(Thresholds.Method.class)
  void thresholdBinEqualsImageJOnGpuHistogramsOfImages(Thresholds.Method m) {
    Gpu gpu = TestGpu.get();
    for (CpuImage in : images()) {
      try (GpuImage src = in.push(gpu)) {
        long[] h = Thresholds.autoThresholdHistogram(src);
        int[] hi = new int[256];
        for (int i = 0; i < 256; i++) hi[i] = (int) h[i];
        assertEquals(imagej(m, hi), AutoThresholdMethods.threshold(m, h), m + " on " + in);
      }
    }
  }

  // ------------------------------------------------------------------ masks

  /**
   * ImageJ's macro semantics: setAutoThreshold("method dark") on an 8-bit image (which sets lower =
   * threshold + 1); foreground = [lower, upper].
   */
  static CpuImage imagejMask(CpuImage in, Thresholds.Method m) {
    CpuImage mask = CpuImage.like(in, PixelType.UINT8);
    byte[] all = (byte[]) in.toArray();
    int plane = in.w * in.h;
    // ImageJ thresholds a stack on the histogram of the whole stack only through the
    // "stack histogram" option; compare on single planes (2D) here.
    if (in.d != 1) throw new IllegalArgumentException("2D only");
    ByteProcessor bp = new ByteProcessor(in.w, in.h, java.util.Arrays.copyOf(all, plane));
    bp.setAutoThreshold(m.name() + " dark");
    double lo = bp.getMinThreshold();
    double hi = bp.getMaxThreshold();
    for (int i = 0; i < plane; i++) mask.data[i] = in.data[i] >= lo && in.data[i] <= hi ? 1 : 0;
    return mask;
  }

  @Covers("automaticThreshold")
  @ParameterizedTest(name = "{0}")
  @EnumSource(Thresholds.Method.class)
  void uint8MaskEqualsImageJDarkAutoThreshold(Thresholds.Method m) {
    Gpu gpu = TestGpu.get();
    List<CpuImage> ins =
        List.of(
            twoPhase(67, 45, 1, PixelType.UINT8, 7, 40, 12, 170, 25),
            twoPhase(67, 45, 1, PixelType.UINT8, 8, 90, 30, 140, 30),
            CpuImage.random(31, 17, 1, PixelType.UINT8, 9));
    for (CpuImage in : ins) {
      try (GpuImage src = in.push(gpu);
          GpuImage dst = Thresholds.automaticThreshold(src, null, m)) {
        assertImageEquals(imagejMask(in, m), dst);
      }
    }
  }

  /** CPU reference: histogram as the GPU bins it, method, mask of bins above the threshold bin. */
  static CpuImage referenceMask(CpuImage in, Thresholds.Method m) {
    double mn = 0;
    double mx = 255;
    if (in.type != PixelType.UINT8) {
      mn = Double.POSITIVE_INFINITY;
      mx = Double.NEGATIVE_INFINITY;
      for (double v : in.data) {
        if (Double.isNaN(v)) continue; // the GPU min/max ignore NaN
        mn = Math.min(mn, v);
        mx = Math.max(mx, v);
      }
    }
    long[] h = HistogramsTest.reference(in, 256, mn, mx);
    int above = Math.min(AutoThresholdMethods.threshold(m, h), 254);
    CpuImage mask = CpuImage.like(in, PixelType.UINT8);
    if (!(mx > mn)) return mask; // one grey value: no bin above the threshold bin
    // ImageJ's level (IJ.setStackThreshold): min + (bin + 1)/255·(max − min), an integer for
    // integer images; foreground = pixels at or above it
    double level = mn + (above + 1) / 255.0 * (mx - mn);
    if (in.type != PixelType.FLOAT32) level = Math.round(level);
    for (int i = 0; i < in.data.length; i++) mask.data[i] = in.data[i] >= level ? 1 : 0;
    return mask;
  }

  @Covers({
    "automaticThreshold",
    "thresholdDefault",
    "thresholdIJ_IsoData",
    "thresholdHuang",
    "thresholdIntermodes",
    "thresholdIsoData",
    "thresholdLi",
    "thresholdMaxEntropy",
    "thresholdMean",
    "thresholdMinError",
    "thresholdMinimum",
    "thresholdMoments",
    "thresholdOtsu",
    "thresholdPercentile",
    "thresholdRenyiEntropy",
    "thresholdShanbhag",
    "thresholdTriangle",
    "thresholdYen"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void masksOfEveryMethodMatchCpuReference(PixelType t, int w, int h, int d) throws Exception {
    Gpu gpu = TestGpu.get();
    CpuImage in =
        t == PixelType.UINT8
            ? twoPhase(w, h, d, t, 31, 60, 15, 150, 30)
            : t == PixelType.FLOAT32
                ? twoPhase(w, h, d, t, 32, -10, 3, 20, 6)
                : twoPhase(w, h, d, t, 33, 1000, 100, 3000, 500);
    try (GpuImage src = in.push(gpu)) {
      for (Thresholds.Method m : Thresholds.Method.values()) {
        CpuImage expected = referenceMask(in, m);
        try (GpuImage dst = Thresholds.automaticThreshold(src, null, m)) {
          assertImageEquals(expected, dst);
        }
        // the family member threshold<m> of the registry, as macros and the CLI call it
        try (GpuImage dst = (GpuImage) OpRegistry.get("threshold" + m.name()).invoke(src, null)) {
          assertImageEquals(expected, dst);
        }
      }
    }
  }

  @Covers("getAutomaticThreshold")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void thresholdValueSeparatesTheMask(PixelType t, int w, int h, int d) {
    // every foreground pixel is ≥ the value and every background pixel is below it
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 41);
    try (GpuImage src = in.push(gpu)) {
      for (Thresholds.Method m : List.of(Thresholds.Method.Otsu, Thresholds.Method.Default)) {
        double v = Thresholds.getAutomaticThreshold(src, m);
        CpuImage mask = referenceMask(in, m);
        for (int i = 0; i < in.data.length; i++) {
          boolean fg = mask.data[i] == 1;
          if (fg != (in.data[i] >= v)) {
            throw new AssertionError(
                m
                    + " on "
                    + in
                    + ": pixel "
                    + i
                    + " = "
                    + in.data[i]
                    + " fg="
                    + fg
                    + " value "
                    + v);
          }
        }
        if (!t.isFloatingPoint()) assertEquals(Math.rint(v), v, 0, "integer value for " + t);
      }
    }
  }

  @Covers("getAutomaticThreshold")
  @Test
  void uint8ValueIsImageJLowerThreshold() {
    Gpu gpu = TestGpu.get();
    CpuImage in = twoPhase(67, 45, 1, PixelType.UINT8, 7, 40, 12, 170, 25);
    ByteProcessor bp = new ByteProcessor(67, 45, (byte[]) in.toArray());
    try (GpuImage src = in.push(gpu)) {
      for (Thresholds.Method m : Thresholds.Method.values()) {
        bp.setAutoThreshold(m.name() + " dark");
        assertEquals(bp.getMinThreshold(), Thresholds.getAutomaticThreshold(src, m), 0, m.name());
      }
    }
  }

  /**
   * 16-bit and float images, 2D and 3D: the level and the mask are ImageJ's for
   * setAutoThreshold("Default dark stack") (and two other methods), called through ImageJ's API.
   */
  @Covers({"automaticThreshold", "getAutomaticThreshold"})
  @Test
  void level16BitAndFloatEqualsImageJDarkStackThreshold() {
    Gpu gpu = TestGpu.get();
    List<CpuImage> images =
        List.of(
            twoPhase(37, 29, 1, PixelType.UINT16, 51, 1000, 150, 3000, 500),
            twoPhase(37, 29, 4, PixelType.UINT16, 52, 400, 90, 2500, 700),
            twoPhase(37, 29, 1, PixelType.FLOAT32, 53, -10, 3, 20, 6),
            twoPhase(37, 29, 4, PixelType.FLOAT32, 54, 100, 30, 900, 200));
    for (CpuImage in : images) {
      for (Thresholds.Method m :
          List.of(Thresholds.Method.Default, Thresholds.Method.Otsu, Thresholds.Method.Li)) {
        ImagePlus imp = ImageJBridge.imagePlus(in);
        ij.IJ.setAutoThreshold(imp, m.name() + " dark stack");
        double lower = imp.getProcessor().getMinThreshold();
        double upper = imp.getProcessor().getMaxThreshold();
        CpuImage expected = CpuImage.like(in, PixelType.UINT8);
        for (int i = 0; i < in.data.length; i++) {
          double v = in.type == PixelType.FLOAT32 ? (float) in.data[i] : in.data[i];
          expected.data[i] = v >= lower && v <= upper ? 1 : 0;
        }
        try (GpuImage src = in.push(gpu);
            GpuImage dst = Thresholds.automaticThreshold(src, null, m)) {
          if (in.type != PixelType.FLOAT32) {
            assertEquals(lower, Thresholds.getAutomaticThreshold(src, m), 0, m + " " + in);
          }
          assertImageEquals(expected, dst);
        }
      }
    }
  }

  @Test
  void methodNamesParseAsImageJWritesThem() {
    assertEquals(Thresholds.Method.Otsu, Thresholds.Method.parse("otsu dark"));
    assertEquals(Thresholds.Method.MinError, Thresholds.Method.parse("MinError(I)"));
    assertThrows(FoveaException.InvalidArgument.class, () -> Thresholds.Method.parse("Nope"));
  }

  @Covers("automaticThreshold")
  @Test
  void nanPixelsAreIgnoredAndBackground() {
    Gpu gpu = TestGpu.get();
    CpuImage in = twoPhase(61, 47, 1, PixelType.FLOAT32, 16, -10, 3, 20, 6);
    in.data[5] = Double.NaN;
    in.data[1000] = Double.NaN;
    try (GpuImage src = in.push(gpu)) {
      for (Thresholds.Method m : List.of(Thresholds.Method.Otsu, Thresholds.Method.Huang)) {
        CpuImage expected = referenceMask(in, m); // NaN: not in the histogram, background
        expected.data[5] = 0;
        expected.data[1000] = 0;
        try (GpuImage dst = Thresholds.automaticThreshold(src, null, m)) {
          assertImageEquals(expected, dst);
        }
      }
    }
  }
}
