package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/** Measurements of images that return numbers, computed on the GPU. */
public final class Measurements {
  private Measurements() {}

  @Op(
      name = "boundingBox",
      category = Category.MEASUREMENT,
      doc = "Bounding box of the non-zero pixels: x, y, z, width, height, depth (pixels).",
      kernels = "bounding_box.cl",
      results = {"x", "y", "z", "width", "height", "depth"},
      notes =
          "CLIJ2 semantics: width = maxX − minX + 1 etc.; for 2D images z = 0 and depth = 0. An"
              + " image without non-zero pixels gives all zeros. Computed by a two-stage min/max"
              + " reduction of the coordinates on the GPU (6 ints per work group come back).",
      imagej = "Edit > Selection > Create Selection on the mask, then the selection's bounds (2D)")
  public static double[] boundingBox(GpuImage src) {
    OpSupport.requireNotNull("boundingBox", "src", src);
    Gpu gpu = src.gpu();
    long n = src.pixelCount();
    int[] layout = GpuCaps.layout(gpu, n, Reductions.GROUP);
    int groups = layout[0];
    int group = layout[1];
    int[] p;
    try (GpuImage partial = gpu.create(6 * groups, 1, 1, PixelType.UINT32)) {
      OpSupport.kernel(gpu, "bounding_box.cl", "bounding_box_partial")
          .image("src", src)
          .arg("partial", partial)
          .size(src)
          .arg("n", n)
          .local("scratch", 6L * 4 * group)
          .define("CHUNKED", group == 1 ? 1 : 0)
          .runPadded(new long[] {(long) groups * group}, new long[] {group});
      p = (int[]) partial.pull();
    }
    int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    int[] hi = {-1, -1, -1};
    for (int g = 0; g < groups; g++) {
      for (int c = 0; c < 3; c++) {
        lo[c] = Math.min(lo[c], p[6 * g + c]);
        hi[c] = Math.max(hi[c], p[6 * g + 3 + c]);
      }
    }
    if (hi[0] < 0) return new double[6];
    boolean is3D = src.is3D();
    return new double[] {
      lo[0],
      lo[1],
      is3D ? lo[2] : 0,
      hi[0] - lo[0] + 1,
      hi[1] - lo[1] + 1,
      is3D ? hi[2] - lo[2] + 1 : 0
    };
  }

  @Op(
      name = "sumOfAllPixels",
      category = Category.MEASUREMENT,
      doc = "Sum of all pixel values.",
      kernels = Reductions.KERNELS,
      tolerance =
          "exact for uint8/uint16/uint32 (64-bit integer accumulation); float32: accumulated in"
              + " double where the device has cl_khr_fp64 (relative error ≲ 1e-12 of the sum of"
              + " absolute values), else float with Kahan compensation per work item (≲ 1e-6"
              + " relative)",
      imagej = "Analyze > Measure, RawIntDen (ImageJ sums in double)")
  public static double sumOfAllPixels(GpuImage src) {
    OpSupport.requireNotNull("sumOfAllPixels", "src", src);
    return Reductions.sum(src, false);
  }

  @Op(
      name = "countNonZeroPixels",
      category = Category.MEASUREMENT,
      doc = "Number of pixels whose value is not 0 (NaN counts as non-zero).",
      kernels = Reductions.KERNELS,
      tolerance = "exact (64-bit integer count)")
  public static long countNonZeroPixels(GpuImage src) {
    OpSupport.requireNotNull("countNonZeroPixels", "src", src);
    return (long) Reductions.sum(src, true);
  }

  @Op(
      name = "minimumOfAllPixels",
      category = Category.MEASUREMENT,
      doc = "Smallest pixel value (NaN pixels are ignored).",
      kernels = Reductions.KERNELS,
      imagej = "Analyze > Measure, Min")
  public static double minimumOfAllPixels(GpuImage src) {
    OpSupport.requireNotNull("minimumOfAllPixels", "src", src);
    return Reductions.minMax(src)[0];
  }

  @Op(
      name = "maximumOfAllPixels",
      category = Category.MEASUREMENT,
      doc = "Largest pixel value (NaN pixels are ignored).",
      kernels = Reductions.KERNELS,
      imagej = "Analyze > Measure, Max")
  public static double maximumOfAllPixels(GpuImage src) {
    OpSupport.requireNotNull("maximumOfAllPixels", "src", src);
    return Reductions.minMax(src)[1];
  }

  @Op(
      name = "meanOfAllPixels",
      category = Category.MEASUREMENT,
      doc = "Mean of all pixel values (sumOfAllPixels / number of pixels).",
      kernels = Reductions.KERNELS,
      tolerance = "as sumOfAllPixels; then one double division",
      imagej = "Analyze > Measure, Mean")
  public static double meanOfAllPixels(GpuImage src) {
    OpSupport.requireNotNull("meanOfAllPixels", "src", src);
    return Reductions.sum(src, false) / src.pixelCount();
  }

  @Op(
      name = "histogram",
      category = Category.MEASUREMENT,
      doc =
          "Histogram of the pixel values in numberOfBins bins between minimumGreyValue and"
              + " maximumGreyValue (or the image's own min and max), as a numberOfBins×1 image.",
      kernels = {"histogram.cl", "reductions.cl"},
      tolerance =
          "exact counts. Bin of value v: (int)((v − min)·(numberOfBins/(max − min))), the last bin"
              + " includes max, values outside [min, max] and NaN are not counted; computed in"
              + " double where the device has cl_khr_fp64, else in float (a float32 value within an"
              + " ulp of a bin edge may then fall into the neighbouring bin)",
      imagej =
          "ImageStatistics.histogram: identical for float32 (FloatStatistics uses the same formula)"
              + " and for uint8 with 256 bins over 0..255 (bins = grey values); ImageJ's 16-bit"
              + " statistics use a bin width of (max − min + 1)/nBins instead",
      notes =
          "CLIJ2 semantics for the parameters. The destination defaults to float32 (as CLIJ2);"
              + " pass a uint32 destination for counts beyond 2^24 per bin. Counts are 32-bit"
              + " (images up to 2^32 pixels). A ±Inf pixel makes the range infinite: all pixels"
              + " then fall into bin 0.")
  public static GpuImage histogram(
      GpuImage src,
      @Out(type = "float32", doc = "numberOfBins×1 image of counts") GpuImage dst,
      @Param(value = "256", doc = "number of bins") int numberOfBins,
      @Param(value = "0", doc = "lower edge of the first bin") float minimumGreyValue,
      @Param(value = "0", doc = "value that falls into the last bin") float maximumGreyValue,
      @Param(value = "true", doc = "use the image's min and max instead of the two values above")
          boolean determineMinAndMax) {
    OpSupport.requireNotNull("histogram", "src", src);
    Histograms.checkBins(src.gpu(), "histogram", numberOfBins);
    // every check before the output is allocated: a throw must not leave a new image behind
    if (!determineMinAndMax && !(maximumGreyValue >= minimumGreyValue)) {
      throw new FoveaException.InvalidArgument(
          "histogram: maximumGreyValue ("
              + maximumGreyValue
              + ") must be ≥ minimumGreyValue ("
              + minimumGreyValue
              + ")");
    }
    if (dst == null) {
      dst = src.gpu().create(numberOfBins, 1, 1, PixelType.FLOAT32);
    } else {
      OpSupport.output("histogram", src, dst, numberOfBins, 1, 1, dst.type());
      OpSupport.requireNotSame("histogram", src, dst);
    }
    if (determineMinAndMax) {
      try (GpuImage range = Reductions.minMaxOnDevice(src)) {
        Histograms.run(src, dst, numberOfBins, range, 0, 0);
      }
    } else {
      Histograms.run(src, dst, numberOfBins, null, minimumGreyValue, maximumGreyValue);
    }
    return dst;
  }

  /**
   * The histogram as Java longs: {@code numberOfBins} bins between {@code min} and {@code max}
   * (binning as {@link #histogram}). Computed on the GPU; only the bins come back.
   */
  public static long[] histogramBins(GpuImage src, int numberOfBins, double min, double max) {
    OpSupport.requireNotNull("histogram", "src", src);
    Histograms.checkBins(src.gpu(), "histogram", numberOfBins);
    try (GpuImage bins = src.gpu().create(numberOfBins, 1, 1, PixelType.UINT32)) {
      Histograms.run(src, bins, numberOfBins, null, min, max);
      return Histograms.pullCounts(bins);
    }
  }

  /** The histogram between the image's own min and max (found on the GPU). */
  public static long[] histogramBins(GpuImage src, int numberOfBins) {
    OpSupport.requireNotNull("histogram", "src", src);
    Histograms.checkBins(src.gpu(), "histogram", numberOfBins);
    try (GpuImage range = Reductions.minMaxOnDevice(src);
        GpuImage bins = src.gpu().create(numberOfBins, 1, 1, PixelType.UINT32)) {
      Histograms.run(src, bins, numberOfBins, range, 0, 0);
      return Histograms.pullCounts(bins);
    }
  }

  // ------------------------------------------------------------------ overlap of binary images

  private static final String OVERLAP_NOTE =
      "Non-zero pixels count as foreground (as CLIJ2). GPU: binaryAnd and binaryOr, each"
          + " counted with countNonZeroPixels (exact 64-bit counts); the ratio is computed in"
          + " double. Two empty images give NaN (0 / 0), as CLIJ2 2.5.3.1 does.";

  /** {intersection, union} pixel counts of the non-zero pixels of a and b. */
  private static long[] overlap(String op, GpuImage a, GpuImage b) {
    OpSupport.requireNotNull(op, "source1", a);
    OpSupport.requireNotNull(op, "source2", b);
    OpSupport.requireSameShape(op, a, b);
    try (GpuImage and = Binary.binary(Binary.Logic.And, a, b, null);
        GpuImage or = Binary.binary(Binary.Logic.Or, a, b, null)) {
      return new long[] {countNonZeroPixels(and), countNonZeroPixels(or)};
    }
  }

  @Op(
      name = "getJaccardIndex",
      category = Category.MEASUREMENT,
      doc =
          "The Jaccard index of two binary images: pixels non-zero in both divided by pixels"
              + " non-zero in either (0 = no overlap, 1 = the same foreground).",
      kernels = {"binary_operation.cl", Reductions.KERNELS},
      tolerance = "exact counts; the ratio in double",
      results = "jaccard_index",
      notes = OVERLAP_NOTE)
  public static double getJaccardIndex(GpuImage source1, GpuImage source2) {
    long[] c = overlap("getJaccardIndex", source1, source2);
    return (double) c[0] / c[1];
  }

  @Op(
      name = "getSorensenDiceCoefficient",
      category = Category.MEASUREMENT,
      doc =
          "The Sørensen-Dice coefficient of two binary images: twice the pixels non-zero in both"
              + " divided by the sum of the two images' non-zero pixel counts (= 2 J / (J + 1)"
              + " for the Jaccard index J).",
      kernels = {"binary_operation.cl", Reductions.KERNELS},
      tolerance = "exact counts; the ratio in double",
      results = "sorensen_dice_coefficient",
      notes = OVERLAP_NOTE)
  public static double getSorensenDiceCoefficient(GpuImage source1, GpuImage source2) {
    long[] c = overlap("getSorensenDiceCoefficient", source1, source2);
    // |A| + |B| = |A ∩ B| + |A ∪ B|
    return 2.0 * c[0] / (c[0] + c[1]);
  }

  @Op(
      name = "centerOfMass",
      category = Category.MEASUREMENT,
      doc = "Centre of mass (intensity-weighted mean position) of an image: x, y, z (pixels).",
      kernels = LabelMeasurements.STATS,
      results = {"centerOfMassX", "centerOfMassY", "centerOfMassZ"},
      tolerance = "1e-9 relative (sums in double precision)",
      notes =
          "Σ I·x / Σ I (and y, z) over all pixels, as CLIJ2's centerOfMass and getCenterOfMass; z"
              + " = 0 for 2D images; NaN when the intensities sum to 0. The sums are the"
              + " SUM_INTENSITY_TIMES_* and SUM_INTENSITY columns of statisticsOfImage (GPU"
              + " reductions in double precision; needs cl_khr_fp64). From ImageJ macros,"
              + " Ext.Fovea_centerOfMass(image) without variables writes a Results row with CLIJ2's"
              + " columns MassX, MassY (and MassZ for a stack); Ext.Fovea_getCenterOfMass(image,"
              + " x, y, z) fills the variables.",
      imagej = "Analyze > Set Measurements > Center of mass (XM, YM; 2D, calibrated units)")
  public static double[] centerOfMass(GpuImage source) {
    OpSupport.requireNotNull("centerOfMass", "source", source);
    LabelStatistics s = LabelMeasurements.statistics("centerOfMass", source, null, false, true);
    double sum = s.get(0, LabelStatistics.Column.SUM_INTENSITY);
    return new double[] {
      s.get(0, LabelStatistics.Column.SUM_INTENSITY_TIMES_X) / sum,
      s.get(0, LabelStatistics.Column.SUM_INTENSITY_TIMES_Y) / sum,
      source.is3D() ? s.get(0, LabelStatistics.Column.SUM_INTENSITY_TIMES_Z) / sum : 0
    };
  }

  @Op(
      name = "meanSquaredError",
      category = Category.MEASUREMENT,
      doc = "Mean squared error between two images of the same shape: mean of (a − b)².",
      kernels = {"two_images.cl", Reductions.KERNELS},
      results = {"mean_squared_error"},
      tolerance = "1e-6 relative (float32 differences and squares, then a double sum)",
      notes =
          "As CLIJ2's meanSquaredError and getMeanSquaredError: the difference and its square in"
              + " float32 whatever the input types (no saturation or rounding), summed and divided"
              + " by the pixel count. From ImageJ macros, Ext.Fovea_meanSquaredError(a, b)"
              + " without a variable writes a Results row with CLIJ2's column MSE;"
              + " Ext.Fovea_getMeanSquaredError(a, b, mse) fills the variable.")
  public static double meanSquaredError(GpuImage source1, GpuImage source2) {
    String op = "meanSquaredError";
    OpSupport.requireNotNull(op, "source1", source1);
    OpSupport.requireNotNull(op, "source2", source2);
    OpSupport.requireSameShape(op, source1, source2);
    Gpu gpu = source1.gpu();
    try (GpuImage diff = gpu.createLike(source1, PixelType.FLOAT32);
        GpuImage sq = gpu.createLike(source1, PixelType.FLOAT32)) {
      Arithmetic.subtractImages(source1, source2, diff);
      Arithmetic.multiplyImages(diff, diff, sq);
      return sumOfAllPixels(sq) / source1.pixelCount();
    }
  }
}
