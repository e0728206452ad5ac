package org.fovea.ops;

import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Fixed and automatic thresholds. Automatic thresholds compute the 256-bin histogram on the GPU
 * (between the image's min and max, also found on the GPU; uint8 images use the fixed range 0..255
 * so that bins are grey values, as ImageJ does for 8-bit images); only the 256 bins come back. The
 * threshold bin is chosen on the host by {@link AutoThresholdMethods} (Fovea's own implementation
 * of the 16 methods of ImageJ's {@code AutoThresholder}, bin for bin identical to ImageJ 1.54p),
 * and a GPU kernel writes the mask.
 *
 * <p>Foreground is the bright side, as in ImageJ's {@code setAutoThreshold(method + " dark")} and
 * CLIJ2: a pixel is 1 when its histogram bin is above the threshold bin.
 */
public final class Thresholds {
  private Thresholds() {}

  static final String KERNELS = "threshold.cl";
  static final int BINS = 256;

  /**
   * The automatic threshold methods of ImageJ's {@code AutoThresholder}; each is also an op of its
   * own ({@code threshold<Method>}, see {@link #thresholdWith}), whose doc reads
   * "automaticThreshold " + {@link #doc()}.
   */
  public enum Method implements OpVariant {
    Default("with the Default method (ImageJ's variant of IsoData)"),
    /** ImageJ's original IsoData ("IJ_IsoData"), before the Default variant clipped the mode. */
    IJ_IsoData("with ImageJ's original IsoData method (IJ_IsoData)"),
    Huang("with Huang's fuzzy thresholding method"),
    Intermodes("with the Intermodes method (Prewitt and Mendelsohn)"),
    IsoData("with the IsoData method (Ridler and Calvard)"),
    Li("with Li's minimum cross entropy method"),
    MaxEntropy("with the maximum entropy method (Kapur, Sahoo and Wong)"),
    Mean("at the mean grey value (Glasbey)"),
    MinError("with the minimum error method (Kittler and Illingworth)"),
    Minimum("at the valley between the two modes of the smoothed histogram"),
    Moments("with the moment-preserving method (Tsai)"),
    Otsu("with Otsu's method (maximum between-class variance)"),
    Percentile("with the Percentile method (50 % foreground, Doyle)"),
    RenyiEntropy("with the Renyi entropy method (Kapur, Sahoo and Wong)"),
    Shanbhag("with Shanbhag's information measure method"),
    Triangle("with the Triangle method (Zack, Rogers and Latt)"),
    Yen("with Yen's maximum correlation criterion");

    private final String doc;

    Method(String doc) {
      this.doc = doc;
    }

    @Override
    public String doc() {
      return doc;
    }

    /** Parses a method name as ImageJ and CLIJ2 users write it (case-insensitive, "Otsu dark"). */
    public static Method parse(String s) {
      String k = s.trim();
      int sp = k.indexOf(' ');
      if (sp >= 0) k = k.substring(0, sp);
      for (Method m : values()) if (m.name().equalsIgnoreCase(k)) return m;
      if (k.equalsIgnoreCase("MinErrorI") || k.equalsIgnoreCase("MinError(I)")) return MinError;
      throw new org.fovea.core.FoveaException.InvalidArgument(
          "Unknown threshold method '"
              + s
              + "'; use one of "
              + java.util.Arrays.toString(values()));
    }
  }

  // ------------------------------------------------------------------ fixed

  @Op(
      name = "threshold",
      category = Category.THRESHOLD,
      doc = "Binary image: dst = 1 where src ≥ threshold, else 0.",
      kernels = KERNELS,
      notes =
          "Integer images compare exactly (with ceil(threshold)); float32 compares in float."
              + " The destination defaults to uint8; any type may be passed (values 0 and 1).",
      imagej =
          "Image > Adjust > Threshold with lower = threshold, upper = max, then Convert to Mask"
              + " (ImageJ writes 255 instead of 1)")
  public static GpuImage threshold(
      GpuImage src,
      @Out(type = "uint8") GpuImage dst,
      @Param(value = "0", doc = "pixels ≥ this value become 1") float threshold) {
    OpSupport.requireNotNull("threshold", "src", src);
    dst = OpSupport.outputLike("threshold", src, dst, dst == null ? PixelType.UINT8 : dst.type());
    apply(src, dst, threshold);
    return dst;
  }

  /**
   * Enqueues dst = src ≥ t. Integer images compare exactly with ceil(t) (t as a double, so uint32
   * thresholds are exact); float32 images compare with (float) t.
   */
  static void apply(GpuImage src, GpuImage dst, double t) {
    long tInt;
    if (Double.isNaN(t)) tInt = Long.MAX_VALUE;
    else if (t <= -9.0e18) tInt = -(1L << 62);
    else if (t >= 9.0e18) tInt = 1L << 62;
    else tInt = (long) Math.ceil(t);
    OpSupport.kernel(src.gpu(), KERNELS, "threshold_fixed")
        .image("src", src)
        .image("dst", dst)
        .arg("t", (float) t)
        .arg("t_int", tInt)
        .arg("n", src.pixelCount())
        .define("VSRC_T", src.type().clType() + "8")
        .define("VDST_T", dst.type().clType() + "8")
        .runPadded(new long[] {(src.pixelCount() + 7) / 8}, new long[] {256});
  }

  // ------------------------------------------------------------------ automatic

  private static final String AUTO_TOLERANCE =
      "exact: the threshold bin equals ImageJ 1.54p AutoThresholder.getThreshold on the same"
          + " histogram; the level and the mask equal ImageJ's setAutoThreshold(\"<method> dark"
          + " stack\") + Convert to Mask (divided by 255) on 8-bit, 16-bit and 32-bit images";
  private static final String AUTO_NOTES =
      "Histogram: 256 bins; uint8 over 0..255 (bins = grey values), other types between the image"
          + " min and max (bin = (int)((v − min)·256/(max − min)), the last bin includes max)."
          + " Foreground (1) = pixels in bins above the threshold bin (as ImageJ's 'dark' option,"
          + " where the foreground is bright); a threshold in the last bin keeps the last bin as"
          + " foreground (ImageJ clamps the lower threshold to 255). The level is ImageJ's (IJ"
          + " setStackThreshold): min + (bin + 1)/255·(max − min), rounded to an integer for"
          + " integer images; the mask is src ≥ level, so on 16-bit and float images it is"
          + " ImageJ's mask for setAutoThreshold(\"<method> dark stack\"), 2D or 3D. Without"
          + " 'stack' ImageJ thresholds each 16-bit/float slice on an 8-bit conversion of its"
          + " display range instead. CLIJ2 uses its own histogram and level for 16-bit and float"
          + " images (it differs from ImageJ's by up to about one histogram bin: 148,608 of 33.5"
          + " M voxels on a 16-bit stack), so Fovea follows ImageJ, not CLIJ2, there.";

  @Op(
      name = "automaticThreshold",
      category = Category.THRESHOLD,
      doc = "Binary image from an automatic threshold (one of ImageJ's 16 methods or IJ_IsoData).",
      kernels = {"threshold.cl", "histogram.cl", "reductions.cl"},
      tolerance = AUTO_TOLERANCE,
      notes = AUTO_NOTES,
      imagej = "Image > Adjust > Auto Threshold / setAutoThreshold(\"<method> dark\")")
  public static GpuImage automaticThreshold(
      GpuImage src,
      @Out(type = "uint8") GpuImage dst,
      @Param(value = "Default", doc = "threshold method") Method method) {
    OpSupport.requireNotNull("automaticThreshold", "src", src);
    OpSupport.requireNotNull("automaticThreshold", "method", method);
    return auto("automaticThreshold", src, dst, method, null);
  }

  @Op(
      name = "getAutomaticThreshold",
      category = Category.THRESHOLD,
      doc =
          "The automatic threshold value: the smallest value that automaticThreshold counts as"
              + " foreground.",
      kernels = {"histogram.cl", "reductions.cl"},
      tolerance = AUTO_TOLERANCE,
      notes =
          AUTO_NOTES
              + " The value is ImageJ's lower threshold: min + (bin + 1)·(max − min)/255, rounded to"
              + " the nearest integer for integer images (uint8: bin + 1).")
  public static double getAutomaticThreshold(
      GpuImage src, @Param(value = "Default", doc = "threshold method") Method method) {
    OpSupport.requireNotNull("getAutomaticThreshold", "src", src);
    OpSupport.requireNotNull("getAutomaticThreshold", "method", method);
    double[] out = new double[1];
    auto("getAutomaticThreshold", src, null, method, out);
    return out[0];
  }

  /** The 256-bin histogram automatic thresholds work on (computed on the GPU). */
  public static long[] autoThresholdHistogram(GpuImage src) {
    if (src.type() == PixelType.UINT8) return Measurements.histogramBins(src, BINS, 0, 255);
    return Measurements.histogramBins(src, BINS);
  }

  /**
   * Runs the method; writes the mask into dst (allocated if null) unless {@code value} is given, in
   * which case only the threshold value is computed into value[0].
   */
  private static GpuImage auto(String op, GpuImage src, GpuImage dst, Method m, double[] value) {
    Gpu gpu = src.gpu();
    boolean u8 = src.type() == PixelType.UINT8;
    if (value == null) {
      dst = OpSupport.outputLike(op, src, dst, dst == null ? PixelType.UINT8 : dst.type());
      OpSupport.requireNotSame(op, src, dst);
    }
    double mn = 0;
    double mx = 255;
    long[] hist;
    GpuImage range = u8 ? null : Reductions.minMaxOnDevice(src);
    try (GpuImage bins = gpu.create(BINS, 1, 1, PixelType.UINT32)) {
      Histograms.run(src, bins, BINS, range, 0, 255);
      hist = Histograms.pullCounts(bins); // the one wait: 256 counts come back
      if (range != null) {
        double[] r = Reductions.pullValues(range); // already computed: no further wait
        mn = r[0];
        mx = r[1];
      }
    } finally {
      if (range != null) range.close();
    }
    int bin = AutoThresholdMethods.threshold(m, hist);
    int above = Math.min(bin, BINS - 2);
    double t = thresholdValue(src.type(), mn, mx, above);
    if (value != null) {
      value[0] = t;
      return null;
    }
    apply(src, dst, t);
    return dst;
  }

  /**
   * ImageJ's lower threshold level for threshold bin {@code above} of the 256-bin histogram between
   * mn and mx, as {@code setAutoThreshold("<method> dark stack")} sets it (ImageJ 1.54p,
   * IJ.setStackThreshold): mn + (above + 1)/255·(mx − mn) (ImageJ divides by 255, not by the 256
   * bins), rounded to the nearest integer for integer images (ImageJ's 16-bit threshold is an
   * integer) and, for float32, the smallest float ≥ the level. The mask is src ≥ level. uint8 (mn =
   * 0, mx = 255) gives above + 1, the first grey value of the foreground bins.
   */
  static double thresholdValue(PixelType t, double mn, double mx, int above) {
    if (!(mx > mn)) return above >= 0 ? Math.nextUp(mx) : mn;
    double level = mn + (above + 1) / 255.0 * (mx - mn);
    if (!t.isFloatingPoint()) return Math.round(level);
    float v = (float) level;
    return v < level ? Math.nextUp(v) : v;
  }

  // ------------------------------------------------------------------ shortcuts

  /** The family template of thresholdDefault, thresholdOtsu, ...: one op per {@link Method}. */
  @Op(
      name = "threshold{}",
      category = Category.THRESHOLD,
      doc = "automaticThreshold {doc}.",
      kernels = {"threshold.cl", "histogram.cl", "reductions.cl"},
      tolerance = AUTO_TOLERANCE,
      notes = AUTO_NOTES,
      imagej = "setAutoThreshold(\"{} dark\")")
  public static GpuImage thresholdWith(
      Method method, GpuImage src, @Out(type = "uint8") GpuImage dst) {
    String op = "threshold" + method.name();
    OpSupport.requireNotNull(op, "src", src);
    return auto(op, src, dst, method, null);
  }

  /**
   * CLIJ2 2.5.3.1's thresholdOtsu as voronoiOtsuLabeling uses it (measured by running CLIJ2 on
   * blurred blob images; it differs from ImageJ's, which {@code thresholdOtsu} follows): 256 bins
   * with bin = (int)((v − min)·255/(max − min)), the Otsu bin k of that histogram, foreground where
   * v > min + (k + 1)·(max − min)/255. Returns a new uint8 mask.
   */
  static GpuImage otsuAsClij2(GpuImage src) {
    Gpu gpu = src.gpu();
    double mn;
    double mx;
    try (GpuImage range = Reductions.minMaxOnDevice(src)) {
      double[] r = Reductions.pullValues(range);
      mn = r[0];
      mx = r[1];
    }
    long[] hist;
    try (GpuImage bins = gpu.create(BINS, 1, 1, PixelType.UINT32)) {
      // the histogram kernel bins (v − lo)·256/(hi − lo): this hi makes it (v − mn)·255/(mx − mn)
      Histograms.run(src, bins, BINS, null, mn, mn + (mx - mn) * 256.0 / 255.0);
      hist = Histograms.pullCounts(bins);
    }
    int k = AutoThresholdMethods.threshold(Method.Otsu, hist);
    double t = mn + (k + 1) * (mx - mn) / 255.0;
    GpuImage dst = gpu.create(src.width(), src.height(), src.depth(), PixelType.UINT8);
    // apply keeps v ≥ its threshold: the smallest value above t (a float for float images)
    double above;
    if (src.type() == PixelType.FLOAT32) {
      float f = (float) t;
      above = f > t ? f : Math.nextUp(f);
    } else {
      above = Math.floor(t) + 1;
    }
    apply(src, dst, above);
    return dst;
  }
}
