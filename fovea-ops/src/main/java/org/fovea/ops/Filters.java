package org.fovea.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.GpuState;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;

/**
 * Linear filters as separable passes (x, then y, then z): Gaussian blur, difference of Gaussians
 * and the box mean. Border rule: clamp to edge (pixels outside the image take the value of the
 * nearest edge pixel), as ImageJ's GaussianBlur and RankFilters.
 *
 * <p>How the passes run: weights are computed once on the host and kept on the device in a small
 * bounded cache; intermediates are float32 scratch images reused across calls ({@link Scratch});
 * the x pass reads each row once into a local-memory tile; the y and z passes compute 8 consecutive
 * x pixels per work item with float8 arithmetic (one wide load per tap); sums use four independent
 * fma accumulators. The difference of Gaussians runs both blurs in the same passes and writes only
 * the difference. {@link #releaseCaches} frees what is kept between calls.
 */
public final class Filters {
  private Filters() {}

  /** Gaussian kernel radius in units of σ: the kernel covers ±ceil(4σ) pixels. */
  public static final double GAUSSIAN_RADIUS_SIGMAS = 4.0;

  /** Above this radius the x pass skips the local-memory tile (it would not fit). */
  static final int MAX_TILED_RADIUS = 256;

  static final String CONV = "separable_convolution.cl";

  // ------------------------------------------------------------------ weights

  /** Radius of the Gaussian kernel for {@code sigma}: ceil(4σ), 0 for σ = 0. */
  public static int gaussianRadius(double sigma) {
    return sigma <= 0 ? 0 : (int) Math.ceil(GAUSSIAN_RADIUS_SIGMAS * sigma);
  }

  /**
   * Normalised Gaussian weights exp(−k²/2σ²) for k = −r..r (r = {@link #gaussianRadius}), summed in
   * double and divided by the sum before rounding to float.
   */
  public static float[] gaussianWeights(double sigma) {
    int r = gaussianRadius(sigma);
    if (r == 0) return new float[] {1f}; // σ = 0: identity
    double[] g = new double[2 * r + 1];
    double sum = 0;
    for (int k = -r; k <= r; k++) {
      g[k + r] = Math.exp(-(double) k * k / (2 * sigma * sigma));
      sum += g[k + r];
    }
    float[] w = new float[g.length];
    for (int i = 0; i < g.length; i++) w[i] = (float) (g[i] / sum);
    return w;
  }

  /** Box-mean weights: 2r+1 times (float) 1/(2r+1). */
  public static float[] boxWeights(int radius) {
    float[] w = new float[2 * radius + 1];
    java.util.Arrays.fill(w, (float) (1.0 / (2 * radius + 1)));
    return w;
  }

  private static final int CACHE_SIZE = 64;

  /**
   * LRU cache of one context's weight buffers on the device, bounded; evicted buffers are closed.
   * Kept in the context's {@link Gpu#state state}: closed with it, never shared with another.
   */
  private static final class WeightCache extends LinkedHashMap<String, GpuImage>
      implements AutoCloseable {
    WeightCache() {
      super(16, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, GpuImage> e) {
      if (size() > CACHE_SIZE) {
        e.getValue().close();
        return true;
      }
      return false;
    }

    @Override
    public synchronized void close() {
      values().forEach(GpuImage::close);
      clear();
    }
  }

  private static final GpuState.Key<WeightCache> WEIGHTS =
      GpuState.Key.of("filter weights", g -> new WeightCache());

  /** The weights on the device (a 1-row float32 image), cached per (context, kind, size). */
  static GpuImage deviceWeights(Gpu gpu, String what, java.util.function.Supplier<float[]> w) {
    WeightCache cache = gpu.state(WEIGHTS);
    synchronized (cache) {
      GpuImage img = cache.get(what);
      if (img == null || img.isClosed()) {
        float[] values = w.get();
        img = gpu.push(values, values.length, 1);
        cache.put(what, img);
      }
      return img;
    }
  }

  /**
   * Frees the device memory the filters keep between calls on {@code gpu}: cached weights and free
   * scratch images (they are made again when needed). {@link Gpu#close()} frees them too.
   */
  public static void releaseCaches(Gpu gpu) {
    Scratch.release(gpu);
    gpu.dropState(WEIGHTS);
  }

  // ------------------------------------------------------------------ scratch images

  /**
   * Intermediate images reused across calls, so that a real-time loop of filters on images of one
   * size allocates (and frees) nothing after the first frame. An op borrows its scratch images,
   * enqueues all its kernels and gives them back; Fovea's queue is in order, so the next borrower's
   * kernels run after the ones that used them. At most {@value #MAX_FREE_PER_GPU} free images are
   * kept per context, in its {@link Gpu#state state} (older ones are closed); they are listed in
   * {@link Gpu#memoryReport()}, freed by {@link Gpu#close()}, and dropped when an allocation would
   * otherwise run out of memory.
   */
  static final class Scratch {
    static final int MAX_FREE_PER_GPU = 4;

    /** The free scratch images of one context, most recently given back first. */
    private static final class Pool implements AutoCloseable {
      private final ArrayDeque<GpuImage> free = new ArrayDeque<>();

      @Override
      public void close() {
        List<GpuImage> all;
        synchronized (this) {
          all = new ArrayList<>(free);
          free.clear();
        }
        all.forEach(GpuImage::close);
      }
    }

    private static final GpuState.Key<Pool> FREE =
        GpuState.Key.of("filter scratch images", g -> new Pool());

    private Scratch() {}

    /** A scratch image with the shape of {@code like} and type {@code type}. */
    static GpuImage borrow(GpuImage like, PixelType type) {
      Gpu gpu = like.gpu();
      Pool pool = gpu.state(FREE);
      synchronized (pool) {
        for (Iterator<GpuImage> it = pool.free.iterator(); it.hasNext(); ) {
          GpuImage g = it.next();
          if (g.isClosed()) {
            it.remove();
          } else if (g.sameShape(like) && g.type() == type) {
            it.remove();
            return g;
          }
        }
      }
      try {
        return gpu.createLike(like, type);
      } catch (FoveaException.OutOfGpuMemory e) {
        release(gpu);
        return gpu.createLike(like, type);
      }
    }

    /** Returns a scratch image to the pool (null and closed images are ignored). */
    static void giveBack(GpuImage img) {
      if (img == null || img.isClosed()) return;
      Pool pool = img.gpu().state(FREE);
      GpuImage evicted = null;
      synchronized (pool) {
        pool.free.addFirst(img);
        if (pool.free.size() > MAX_FREE_PER_GPU) evicted = pool.free.removeLast();
      }
      if (evicted != null) evicted.close();
    }

    /** Closes the free scratch images of {@code gpu}. */
    static void release(Gpu gpu) {
      gpu.dropState(FREE);
    }

    /** Number of free scratch images held for {@code gpu} (for tests). */
    static int freeCount(Gpu gpu) {
      Pool pool = gpu.stateIfPresent(FREE);
      if (pool == null) return 0;
      synchronized (pool) {
        return pool.free.size();
      }
    }
  }

  // ------------------------------------------------------------------ separable passes

  /** One pass along an axis: reads {@code in}, writes {@code out}. */
  interface Pass {
    void run(GpuImage in, GpuImage out, int axis, boolean last);
  }

  /**
   * Runs {@code pass} along every axis whose radius is non-zero, x first. Intermediate images have
   * type {@code scratch}; the last pass writes {@code dst}. With no pass, {@code src} is copied
   * (converted) into {@code dst}.
   */
  static void separable(GpuImage src, GpuImage dst, int[] radii, PixelType scratch, Pass pass) {
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < radii.length; a++) if (radii[a] > 0) axes.add(a);
    Gpu gpu = src.gpu();
    if (axes.isEmpty()) {
      if (src != dst) gpu.copy(src, dst);
      return;
    }
    GpuImage t0 = null;
    GpuImage t1 = null;
    try {
      GpuImage in = src;
      for (int k = 0; k < axes.size(); k++) {
        boolean last = k == axes.size() - 1;
        GpuImage out;
        if (last && dst != src) out = dst;
        else if (in == t0) out = t1 == null ? (t1 = Scratch.borrow(src, scratch)) : t1;
        else out = t0 == null ? (t0 = Scratch.borrow(src, scratch)) : t0;
        pass.run(in, out, axes.get(k), last);
        in = out;
      }
      if (in != dst) gpu.copy(in, dst); // in place: the result went to scratch
    } finally {
      // every kernel that uses them is enqueued: later users run after them (in-order queue)
      Scratch.giveBack(t0);
      Scratch.giveBack(t1);
    }
  }

  /** float8 → the 8-wide vector of {@code out}'s type (saturating, round half to even). */
  static String cvtF(GpuImage out) {
    return out.type().isFloatingPoint()
        ? "convert_float8(x)"
        : "convert_" + Arithmetic.vec(out) + "_sat_rte(x)";
  }

  /** A convolution pass with {@code weights} along {@code axis}. */
  static void convolvePass(GpuImage in, GpuImage out, GpuImage weights, int radius, int axis) {
    Gpu gpu = in.gpu();
    int w = in.width();
    int h = in.height();
    int d = in.depth();
    if (axis == 0 && radius <= MAX_TILED_RADIUS) {
      KernelCall k =
          OpSupport.kernel(gpu, CONV, "convolve_x_tiled")
              .image("src", in)
              .image("dst", out)
              .define("CVT_F(x)", cvtF(out)) // every kernel of the file needs its macros
              .arg("weights", weights)
              .arg("radius", radius)
              .size(in)
              .local("tile", 4L * 4 * (64 + 2L * radius));
      k.runPadded(new long[] {w, h, d}, new long[] {64, 4, 1});
      return;
    }
    if (axis > 0) {
      Arithmetic.vectorDefines(
              OpSupport.kernel(gpu, CONV, "convolve_yz_v8").image("src", in).image("dst", out),
              out,
              in)
          .arg("weights", weights)
          .arg("radius", radius)
          .arg("axis", axis)
          .size(in)
          .runPadded(new long[] {(w + 7) / 8, h, d}, new long[] {16, 16, 1});
      return;
    }
    OpSupport.kernel(gpu, CONV, "convolve_axis")
        .image("src", in)
        .image("dst", out)
        .define("CVT_F(x)", cvtF(out)) // every kernel of the file needs its macros
        .arg("weights", weights)
        .arg("radius", radius)
        .arg("axis", axis)
        .size(in)
        .runPadded(new long[] {w, h, d}, new long[] {32, 8, 1});
  }

  /** Gaussian blur of {@code src} into {@code dst} (σ per axis; 0 skips that axis). */
  static void blur(GpuImage src, GpuImage dst, double[] sigmas) {
    Gpu gpu = src.gpu();
    int[] radii = new int[sigmas.length];
    GpuImage[] weights = new GpuImage[sigmas.length];
    for (int a = 0; a < sigmas.length; a++) {
      radii[a] = gaussianRadius(sigmas[a]);
      if (radii[a] > 0) {
        double s = sigmas[a];
        weights[a] = gaussWeights(gpu, s);
      }
    }
    if (FusedSeparable.run(src, dst, radii, weights, FusedSeparable.SUM)) return;
    separable(
        src,
        dst,
        radii,
        PixelType.FLOAT32,
        (in, out, axis, last) -> convolvePass(in, out, weights[axis], radii[axis], axis));
  }

  static void boxMean(GpuImage src, GpuImage dst, int[] radii) {
    Gpu gpu = src.gpu();
    GpuImage[] weights = new GpuImage[radii.length];
    for (int a = 0; a < radii.length; a++) {
      int r = radii[a];
      if (r > 0) weights[a] = deviceWeights(gpu, "box:" + r, () -> boxWeights(r));
    }
    if (FusedSeparable.run(src, dst, radii, weights, FusedSeparable.SUM)) return;
    separable(
        src,
        dst,
        radii,
        PixelType.FLOAT32,
        (in, out, axis, last) -> convolvePass(in, out, weights[axis], radii[axis], axis));
  }

  // ------------------------------------------------------------------ checks

  static void checkSigmas(String op, double... sigmas) {
    String[] names = {"sigmaX", "sigmaY", "sigmaZ"};
    for (int i = 0; i < sigmas.length; i++) {
      OpSupport.requireNonNegative(op, names[i % 3], sigmas[i]);
    }
  }

  static void checkRadii(String op, int... radii) {
    String[] names = {"radiusX", "radiusY", "radiusZ"};
    for (int i = 0; i < radii.length; i++) {
      OpSupport.requireNonNegative(op, names[i], radii[i]);
    }
  }

  static GpuImage prepare2D(String op, GpuImage src, GpuImage dst, PixelType type) {
    OpSupport.requireNotNull(op, "src", src);
    OpSupport.require2D(op, src);
    return OpSupport.outputLike(op, src, dst, dst == null ? type : dst.type());
  }

  static GpuImage prepare3D(String op, GpuImage src, GpuImage dst, PixelType type) {
    OpSupport.requireNotNull(op, "src", src);
    return OpSupport.outputLike(op, src, dst, dst == null ? type : dst.type());
  }

  // ------------------------------------------------------------------ ops

  private static final String GAUSS_TOL =
      "float32 output: |Δ| ≤ 1e-5·max|src| against a direct (non-separable) double-precision"
          + " convolution with the same weights; integer outputs: ±1 (a float sum near a .5"
          + " rounding boundary)";

  private static final String GAUSS_NOTES =
      "Weights exp(−k²/2σ²) for |k| ≤ ceil(4σ), normalised to sum 1 in double, rounded to float"
          + " and cached on the device. σ = 0 skips that axis. Passes x, y(, z) accumulate with"
          + " fma in float32; intermediates are float32; the result is converted into the output"
          + " type (that of src unless dst is given) with saturation and round half to even."
          + " Truncation: every Gaussian of the catalog (gaussianBlur2D/3D,"
          + " differenceOfGaussian2D/3D and the ops built on them) uses ±ceil(4σ) (σ 2: 17"
          + " taps). The one other rule is the spot-counting workflow's (SpotCountingWorkflow,"
          + " `fovea count-spots`): ImageJ's kernel for float images, radius"
          + " ceil(σ·√(−2 ln 0.0002)) + 1 (σ 2: 21 taps, σ 6: 53), so that its counts match the"
          + " ImageJ macro it reproduces; its output stays within 2·10⁻³ of the maximum of"
          + " differenceOfGaussian3D with σz = 0.";

  @Op(
      name = "gaussianBlur2D",
      category = Category.FILTER,
      doc = "Gaussian blur of a 2D image with σ per axis (separable passes).",
      dimensions = {2},
      kernels = "separable_convolution.cl",
      tolerance = GAUSS_TOL,
      border = "clamp to edge",
      imagej =
          "Process > Filters > Gaussian Blur (GaussianBlur.blurGaussian, accuracy 0.0002 as for"
              + " float images): |Δ| ≤ 2e-5·(max − min) of the image on float images, σ 0.5 to 10,"
              + " whole image (both clamp to edge); ImageJ's kernel differs slightly (radius,"
              + " smoothed tail, downscaling above σ 4.5)",
      notes = GAUSS_NOTES)
  public static GpuImage gaussianBlur2D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "2.0", doc = "σ along x, pixels") float sigmaX,
      @Param(value = "2.0", doc = "σ along y, pixels") float sigmaY) {
    checkSigmas("gaussianBlur2D", sigmaX, sigmaY);
    dst = prepare2D("gaussianBlur2D", src, dst, src == null ? null : src.type());
    blur(src, dst, new double[] {sigmaX, sigmaY});
    return dst;
  }

  @Op(
      name = "gaussianBlur3D",
      category = Category.FILTER,
      doc = "Gaussian blur of a 3D (or 2D) image with σ per axis (separable passes).",
      kernels = "separable_convolution.cl",
      tolerance = GAUSS_TOL,
      border = "clamp to edge",
      imagej =
          "Process > Filters > Gaussian Blur 3D (GaussianBlur3D.blur): |Δ| ≤ 2e-5·(max − min) of"
              + " the image on float stacks, whole stack (both clamp to edge)",
      notes = GAUSS_NOTES)
  public static GpuImage gaussianBlur3D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "2.0", doc = "σ along x, pixels") float sigmaX,
      @Param(value = "2.0", doc = "σ along y, pixels") float sigmaY,
      @Param(value = "2.0", doc = "σ along z, pixels") float sigmaZ) {
    checkSigmas("gaussianBlur3D", sigmaX, sigmaY, sigmaZ);
    dst = prepare3D("gaussianBlur3D", src, dst, src == null ? null : src.type());
    blur(src, dst, new double[] {sigmaX, sigmaY, sigmaZ});
    return dst;
  }

  private static final String DOG_TOL =
      "float32: |Δ| ≤ 2e-5·max|src| against the difference of two direct double-precision"
          + " convolutions with the same weights";

  private static final String DOG_NOTES =
      "blur(σ1) − blur(σ2), both as in gaussianBlur, computed together: where every radius"
          + " ceil(4σ) is at most 16 and dst is not src, one kernel does all passes of both blurs"
          + " (they share every load of src; the difference is the only write); otherwise each"
          + " pass applies both kernels (the x pass reads src once through one local-memory tile)"
          + " and the last pass writes only the difference. Output float32 unless dst is given.";

  @Op(
      name = "differenceOfGaussian2D",
      category = Category.FILTER,
      doc = "Difference of Gaussians: blur(σ1) − blur(σ2), as float32.",
      dimensions = {2},
      kernels = "separable_convolution.cl",
      tolerance = DOG_TOL,
      border = "clamp to edge",
      imagej = "two Gaussian Blurs and Image Calculator > Subtract (32-bit result)",
      notes = DOG_NOTES)
  public static GpuImage differenceOfGaussian2D(
      GpuImage src,
      @Out(type = "float32") GpuImage dst,
      @Param(value = "2.0", doc = "σ1 along x") float sigma1x,
      @Param(value = "2.0", doc = "σ1 along y") float sigma1y,
      @Param(value = "6.0", doc = "σ2 along x") float sigma2x,
      @Param(value = "6.0", doc = "σ2 along y") float sigma2y) {
    String op = "differenceOfGaussian2D";
    checkSigmas(op, sigma1x, sigma1y, sigma2x, sigma2y);
    dst = prepare2D(op, src, dst, PixelType.FLOAT32);
    dog(src, dst, new double[] {sigma1x, sigma1y}, new double[] {sigma2x, sigma2y});
    return dst;
  }

  @Op(
      name = "differenceOfGaussian3D",
      category = Category.FILTER,
      doc = "Difference of Gaussians in 3D: blur(σ1) − blur(σ2), as float32 (σz = 0: per slice).",
      kernels = "separable_convolution.cl",
      tolerance = DOG_TOL,
      border = "clamp to edge",
      imagej = "two Gaussian Blur 3D and Image Calculator > Subtract (32-bit result)",
      notes = DOG_NOTES)
  public static GpuImage differenceOfGaussian3D(
      GpuImage src,
      @Out(type = "float32") GpuImage dst,
      @Param(value = "2.0", doc = "σ1 along x") float sigma1x,
      @Param(value = "2.0", doc = "σ1 along y") float sigma1y,
      @Param(value = "2.0", doc = "σ1 along z") float sigma1z,
      @Param(value = "6.0", doc = "σ2 along x") float sigma2x,
      @Param(value = "6.0", doc = "σ2 along y") float sigma2y,
      @Param(value = "6.0", doc = "σ2 along z") float sigma2z) {
    String op = "differenceOfGaussian3D";
    checkSigmas(op, sigma1x, sigma1y, sigma1z, sigma2x, sigma2y, sigma2z);
    dst = prepare3D(op, src, dst, PixelType.FLOAT32);
    dog(
        src,
        dst,
        new double[] {sigma1x, sigma1y, sigma1z},
        new double[] {sigma2x, sigma2y, sigma2z});
    return dst;
  }

  /** Device weights of the Gaussian for {@code sigma} ({1} for σ = 0). */
  private static GpuImage gaussWeights(Gpu gpu, double sigma) {
    return deviceWeights(gpu, "gauss:" + sigma, () -> gaussianWeights(sigma));
  }

  /**
   * dst = blur(σ1) − blur(σ2) with both blurs in the same passes: the x pass reads src once for
   * both kernels; the last pass writes only the difference.
   */
  private static void dog(GpuImage src, GpuImage dst, double[] s1, double[] s2) {
    Gpu gpu = src.gpu();
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < s1.length; a++) {
      if (gaussianRadius(s1[a]) > 0 || gaussianRadius(s2[a]) > 0) axes.add(a);
    }
    if (axes.isEmpty()) {
      Arithmetic.subtractImages(src, src, dst); // no blur at all: src − src
      return;
    }
    // one kernel for both blurs and the difference where the fused filter applies
    int[] r1 = new int[s1.length];
    int[] r2 = new int[s2.length];
    GpuImage[] w1 = new GpuImage[s1.length];
    GpuImage[] w2 = new GpuImage[s2.length];
    for (int a = 0; a < s1.length; a++) {
      r1[a] = gaussianRadius(s1[a]);
      r2[a] = gaussianRadius(s2[a]);
      w1[a] = gaussWeights(gpu, s1[a]);
      w2[a] = gaussWeights(gpu, s2[a]);
    }
    if (FusedSeparable.runDifference(src, dst, r1, w1, r2, w2)) return;
    List<GpuImage> scratch = new ArrayList<>();
    try {
      GpuImage in1 = src;
      GpuImage in2 = src;
      for (int k = 0; k < axes.size(); k++) {
        int axis = axes.get(k);
        boolean last = k == axes.size() - 1;
        GpuImage out1;
        GpuImage out2;
        if (last && !(dst == src && k == 0)) {
          out1 = dst;
          out2 = dst; // not written in MODE 1
        } else {
          // ping-pong between two pairs of float32 scratch images
          int pair = (k % 2) * 2;
          while (scratch.size() < pair + 2) scratch.add(Scratch.borrow(src, PixelType.FLOAT32));
          out1 = scratch.get(pair);
          out2 = scratch.get(pair + 1);
        }
        dualPass(
            in1,
            in2,
            out1,
            out2,
            axis,
            gaussWeights(gpu, s1[axis]),
            gaussianRadius(s1[axis]),
            gaussWeights(gpu, s2[axis]),
            gaussianRadius(s2[axis]),
            last,
            k == 0);
        in1 = out1;
        in2 = out2;
      }
      if (in1 != dst) gpu.copy(in1, dst); // in place with a single pass
    } finally {
      for (GpuImage t : scratch) Scratch.giveBack(t);
    }
  }

  private static void dualPass(
      GpuImage in1,
      GpuImage in2,
      GpuImage out1,
      GpuImage out2,
      int axis,
      GpuImage w1,
      int r1,
      GpuImage w2,
      int r2,
      boolean last,
      boolean first) {
    Gpu gpu = in1.gpu();
    int w = in1.width();
    int h = in1.height();
    int d = in1.depth();
    int r = Math.max(r1, r2);
    if (first && axis == 0 && r <= MAX_TILED_RADIUS) {
      OpSupport.kernel(gpu, CONV, "convolve_x_tiled_dual")
          .image("src", in1)
          .arg("dst1", out1)
          .typeDefines("dst", out1.type())
          .define("CVT_F(x)", cvtF(out1)) // every kernel of the file needs its macros
          .arg("dst2", out2)
          .define("MODE", last ? 1 : 0)
          .arg("weights1", w1)
          .arg("radius1", r1)
          .arg("weights2", w2)
          .arg("radius2", r2)
          .size(in1)
          .local("tile", 4L * 4 * (64 + 2L * r))
          .runPadded(new long[] {w, h, d}, new long[] {64, 4, 1});
      return;
    }
    if (axis > 0) {
      Arithmetic.vectorDefines(
              OpSupport.kernel(gpu, CONV, "convolve_yz_v8_dual")
                  .arg("src1", in1)
                  .typeDefines("src", in1.type())
                  .arg("src2", in2)
                  .arg("dst1", out1)
                  .typeDefines("dst", out1.type())
                  .arg("dst2", out2)
                  .define("MODE", last ? 1 : 0),
              out1,
              in1)
          .arg("weights1", w1)
          .arg("radius1", r1)
          .arg("weights2", w2)
          .arg("radius2", r2)
          .arg("axis", axis)
          .size(in1)
          .runPadded(new long[] {(w + 7) / 8, h, d}, new long[] {16, 16, 1});
      return;
    }
    OpSupport.kernel(gpu, CONV, "convolve_axis_dual")
        .arg("src1", in1)
        .typeDefines("src", in1.type())
        .arg("src2", in2)
        .arg("dst1", out1)
        .typeDefines("dst", out1.type())
        .define("CVT_F(x)", cvtF(out1)) // every kernel of the file needs its macros
        .arg("dst2", out2)
        .define("MODE", last ? 1 : 0)
        .arg("weights1", w1)
        .arg("radius1", r1)
        .arg("weights2", w2)
        .arg("radius2", r2)
        .arg("axis", axis)
        .size(in1)
        .runPadded(new long[] {w, h, d}, new long[] {32, 8, 1});
  }

  private static final String MEAN_TOL =
      "float32: |Δ| ≤ 1e-5·max|src| against the plain mean of the clamped box in double;"
          + " integer outputs: ±1 (float sum near a .5 rounding boundary)";

  @Op(
      name = "mean2DBox",
      category = Category.FILTER,
      doc = "Mean over a (2·radiusX+1)×(2·radiusY+1) box around each pixel (separable).",
      dimensions = {2},
      kernels = "separable_convolution.cl",
      tolerance = MEAN_TOL,
      border = "clamp to edge",
      imagej =
          "Process > Filters > Mean with radius 1 (ImageJ's circular kernel of radius 1 is the"
              + " 3×3 box): |Δ| ≤ 1e-5·max|src| on float images; larger radii differ in shape",
      notes = "Weights (float)1/(2r+1) per pass; float32 intermediates; output type = src type.")
  public static GpuImage mean2DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY) {
    checkRadii("mean2DBox", radiusX, radiusY);
    dst = prepare2D("mean2DBox", src, dst, src == null ? null : src.type());
    boxMean(src, dst, new int[] {radiusX, radiusY});
    return dst;
  }

  @Op(
      name = "mean3DBox",
      category = Category.FILTER,
      doc = "Mean over a (2·radiusX+1)×(2·radiusY+1)×(2·radiusZ+1) box around each voxel.",
      kernels = "separable_convolution.cl",
      tolerance = MEAN_TOL,
      border = "clamp to edge",
      imagej = "no 3D box mean in ImageJ 1.x (Mean 3D uses an ellipsoid): CPU reference only",
      notes = "Weights (float)1/(2r+1) per pass; float32 intermediates; output type = src type.")
  public static GpuImage mean3DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY,
      @Param(value = "1", doc = "half width along z") int radiusZ) {
    checkRadii("mean3DBox", radiusX, radiusY, radiusZ);
    dst = prepare3D("mean3DBox", src, dst, src == null ? null : src.type());
    boxMean(src, dst, new int[] {radiusX, radiusY, radiusZ});
    return dst;
  }

  /** The box extrema family: minimum2DBox, maximum2DBox, minimum3DBox, maximum3DBox. */
  public enum Extremum implements OpVariant {
    minimum("Minimum"),
    maximum("Maximum");

    private final String doc;

    Extremum(String doc) {
      this.doc = doc;
    }

    @Override
    public String doc() {
      return doc;
    }
  }

  @Op(
      name = "{}2DBox",
      category = Category.FILTER,
      doc = "{doc} over a (2·radiusX+1)×(2·radiusY+1) box around each pixel (separable).",
      dimensions = {2},
      kernels = "extremum_box.cl",
      tolerance = "exact",
      border = "clamp to edge",
      imagej =
          "Process > Filters > {doc} with radius 1: identical (ImageJ's circular kernel of"
              + " radius 1 is the 3×3 box and it also pads with edge pixels); other radii: ImageJ's"
              + " kernel is circular, so only the CPU box reference applies")
  public static GpuImage extremum2DBox(
      Extremum extremum,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY) {
    return Neighbourhood.extremum(
        extremum.name() + "2DBox",
        extremum == Extremum.maximum,
        src,
        dst,
        new int[] {radiusX, radiusY},
        true);
  }

  @Op(
      name = "{}3DBox",
      category = Category.FILTER,
      doc = "{doc} over a box of (2·radiusX+1)×(2·radiusY+1)×(2·radiusZ+1) voxels (separable).",
      kernels = "extremum_box.cl",
      tolerance = "exact",
      border = "clamp to edge",
      imagej = "Process > Filters > {doc} 3D uses an ellipsoid: CPU box reference only")
  public static GpuImage extremum3DBox(
      Extremum extremum,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "half width along x") int radiusX,
      @Param(value = "1", doc = "half width along y") int radiusY,
      @Param(value = "1", doc = "half width along z") int radiusZ) {
    return Neighbourhood.extremum(
        extremum.name() + "3DBox",
        extremum == Extremum.maximum,
        src,
        dst,
        new int[] {radiusX, radiusY, radiusZ},
        false);
  }

  @Op(
      name = "minimum2DSphere",
      category = Category.FILTER,
      doc = "Minimum over an elliptical neighbourhood of radii radiusX, radiusY.",
      dimensions = {2},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      imagej =
          "Process > Filters > Minimum: ImageJ's circular kernel of radius r holds the offsets with"
              + " dx² + dy² ≤ floor(r²) + 1, equal to this op's radius R (dx² + dy² ≤ R²) when"
              + " r is in [√(R² − 1), R), e.g. r = R − 0.1; tested equal there")
  public static GpuImage minimum2DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY) {
    return Morphology.rank2D("minimum2DSphere", src, dst, radiusX, radiusY, Morphology.MIN, true);
  }

  @Op(
      name = "maximum2DSphere",
      category = Category.FILTER,
      doc = "Maximum over an elliptical neighbourhood of radii radiusX, radiusY.",
      dimensions = {2},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      imagej =
          "Process > Filters > Maximum: ImageJ's circular kernel of radius r holds the offsets with"
              + " dx² + dy² ≤ floor(r²) + 1, equal to this op's radius R when r is in [√(R² − 1),"
              + " R); tested equal there")
  public static GpuImage maximum2DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY) {
    return Morphology.rank2D("maximum2DSphere", src, dst, radiusX, radiusY, Morphology.MAX, true);
  }

  @Op(
      name = "mean2DSphere",
      category = Category.FILTER,
      doc = "Mean over an elliptical neighbourhood of radii radiusX, radiusY.",
      dimensions = {2},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      tolerance =
          "integer types exact (64-bit sum, rounded half to even); float32 ≤ 1e-5 relative (float"
              + " sum)",
      imagej =
          "Process > Filters > Mean with radius r in [√(R² − 1), R) (same kernel; ImageJ rounds"
              + " 8/16-bit means half up; tested on float32 within 1e-5)")
  public static GpuImage mean2DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY) {
    return Morphology.rank2D("mean2DSphere", src, dst, radiusX, radiusY, Morphology.MEAN, true);
  }

  @Op(
      name = "median2DSphere",
      category = Category.FILTER,
      doc = "Median over an elliptical neighbourhood of radii radiusX, radiusY.",
      dimensions = {2},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      notes = "The neighbourhood may hold at most 343 pixels (radius 10 in 2D).",
      imagej =
          "Process > Filters > Median with radius r in [√(R² − 1), R) (same kernel); tested equal")
  public static GpuImage median2DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY) {
    return Morphology.rank2D("median2DSphere", src, dst, radiusX, radiusY, Morphology.MEDIAN, true);
  }

  @Op(
      name = "median2DBox",
      category = Category.FILTER,
      doc = "Median over a (2·radiusX+1)×(2·radiusY+1) box.",
      dimensions = {2},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      notes = "The box may hold at most 343 pixels (e.g. radius 8×9).")
  public static GpuImage median2DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY) {
    return Morphology.rank2D("median2DBox", src, dst, radiusX, radiusY, Morphology.MEDIAN, false);
  }

  @Op(
      name = "minimum3DSphere",
      category = Category.FILTER,
      doc = "Minimum over an ellipsoidal neighbourhood of radii radiusX, radiusY, radiusZ.",
      dimensions = {2, 3},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      imagej =
          "Process > Filters > Minimum 3D (Filters3D, same ellipsoid): equal on voxels at least one"
              + " radius from the border (ImageJ does not clamp to the edge there)",
      notes = Morphology.NOTES_3D)
  public static GpuImage minimum3DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY,
      @Param(value = "1", doc = "radius in z (slices)") int radiusZ) {
    return Morphology.rank(
        "minimum3DSphere", src, dst, radiusX, radiusY, radiusZ, Morphology.MIN, true);
  }

  @Op(
      name = "maximum3DSphere",
      category = Category.FILTER,
      doc = "Maximum over an ellipsoidal neighbourhood of radii radiusX, radiusY, radiusZ.",
      dimensions = {2, 3},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      imagej =
          "Process > Filters > Maximum 3D (Filters3D, same ellipsoid): equal on voxels at least one"
              + " radius from the border (ImageJ does not clamp to the edge there)",
      notes = Morphology.NOTES_3D)
  public static GpuImage maximum3DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY,
      @Param(value = "1", doc = "radius in z (slices)") int radiusZ) {
    return Morphology.rank(
        "maximum3DSphere", src, dst, radiusX, radiusY, radiusZ, Morphology.MAX, true);
  }

  @Op(
      name = "mean3DSphere",
      category = Category.FILTER,
      doc = "Mean over an ellipsoidal neighbourhood of radii radiusX, radiusY, radiusZ.",
      dimensions = {2, 3},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      tolerance =
          "integer types exact (64-bit sum, rounded half to even); float32 ≤ 1e-5 relative (float"
              + " sum)",
      imagej =
          "Process > Filters > Mean 3D (Filters3D, same ellipsoid): equal on voxels at least one"
              + " radius from the border (ImageJ does not clamp to the edge there); float32 within 1e-5, ImageJ rounds 8/16-bit means half up",
      notes = Morphology.NOTES_3D)
  public static GpuImage mean3DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY,
      @Param(value = "1", doc = "radius in z (slices)") int radiusZ) {
    return Morphology.rank(
        "mean3DSphere", src, dst, radiusX, radiusY, radiusZ, Morphology.MEAN, true);
  }

  @Op(
      name = "median3DSphere",
      category = Category.FILTER,
      doc = "Median over an ellipsoidal neighbourhood of radii radiusX, radiusY, radiusZ.",
      dimensions = {2, 3},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      imagej =
          "Process > Filters > Median 3D (Filters3D, same ellipsoid): equal on voxels at least one"
              + " radius from the border (ImageJ does not clamp to the edge there)",
      notes =
          Morphology.NOTES_3D
              + " The neighbourhood may hold at most 343 voxels (radius 4 in x, y and z); larger"
              + " radii are rejected (a large per-pixel array has crashed PoCL).")
  public static GpuImage median3DSphere(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY,
      @Param(value = "1", doc = "radius in z (slices)") int radiusZ) {
    return Morphology.rank(
        "median3DSphere", src, dst, radiusX, radiusY, radiusZ, Morphology.MEDIAN, true);
  }

  @Op(
      name = "median3DBox",
      category = Category.FILTER,
      doc = "Median over a (2·radiusX+1)×(2·radiusY+1)×(2·radiusZ+1) box.",
      dimensions = {2, 3},
      kernels = Morphology.KERNELS,
      border = Morphology.BORDER,
      notes =
          Morphology.NOTES_3D
              + " The box may hold at most 343 voxels (radius 3 in x, y and z); larger radii are"
              + " rejected.")
  public static GpuImage median3DBox(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY,
      @Param(value = "1", doc = "radius in z (slices)") int radiusZ) {
    return Morphology.rank(
        "median3DBox", src, dst, radiusX, radiusY, radiusZ, Morphology.MEDIAN, false);
  }

  @Op(
      name = "entropyBox",
      category = Category.FILTER,
      doc =
          "Local Shannon entropy (bits) of the grey values in a box of radii (radiusX, radiusY,"
              + " radiusZ) around every pixel.",
      kernels = {"entropy_box.cl", Reductions.KERNELS},
      tolerance =
          "1e-4 absolute (float32 sums of p·log2 p; bins are computed as in the CPU reference)",
      border = "clamp to edge (neighbours beyond the border take the nearest edge pixel)",
      notes =
          "The histogram of each box has 256 bins spanning the image's minimum to maximum (bin ="
              + " (int)((v − min)·256/(max − min)), the maximum in the last bin; a constant image"
              + " gives 0 everywhere); H = −Σ p·log2 p over the box's (2·radiusX + 1)(2·radiusY +"
              + " 1)(2·radiusZ + 1) pixels; radiusZ is ignored for 2D images. CLIJ2's argument"
              + " order. Output float32 by default (CLIJ2 writes the input's type, which truncates"
              + " the entropy to whole bits in integer images, and bins v/binWidth without"
              + " subtracting the minimum); pass a destination of another type to convert.")
  public static GpuImage entropyBox(
      GpuImage src,
      @Out(type = "float32") GpuImage dst,
      @Param(value = "1", doc = "box radius along x, pixels") int radiusX,
      @Param(value = "1", doc = "box radius along y, pixels") int radiusY,
      @Param(value = "1", doc = "box radius along z, slices (ignored in 2D)") int radiusZ) {
    OpSupport.requireNotNull("entropyBox", "src", src);
    OpSupport.requireNonNegative("entropyBox", "radiusX", radiusX);
    OpSupport.requireNonNegative("entropyBox", "radiusY", radiusY);
    OpSupport.requireNonNegative("entropyBox", "radiusZ", radiusZ);
    dst =
        OpSupport.outputLike("entropyBox", src, dst, dst == null ? PixelType.FLOAT32 : dst.type());
    OpSupport.requireNotSame("entropyBox", src, dst);
    float min = (float) Measurements.minimumOfAllPixels(src);
    float max = (float) Measurements.maximumOfAllPixels(src);
    float scale = max > min ? 256f / (max - min) : 0f;
    OpSupport.kernel(src.gpu(), "entropy_box.cl", "entropy_box")
        .image("src", src)
        .image("dst", dst)
        .size(src)
        .arg("rx", radiusX)
        .arg("ry", radiusY)
        .arg("rz", src.is3D() ? radiusZ : 0)
        .arg("minimum", min)
        .arg("scale", scale)
        .run(src.width(), src.height(), src.depth());
    return dst;
  }

  // ------------------------------------------------------------------ CLIJ2 aliases and stencils

  @Op(
      name = "blur2D",
      category = Category.FILTER,
      doc = "CLIJ2's older name of gaussianBlur2D: the same op, the same results.",
      dimensions = {2},
      kernels = "separable_convolution.cl",
      tolerance = GAUSS_TOL,
      border = "clamp to edge",
      notes =
          GAUSS_NOTES
              + " In CLIJ2 2.5.3.1 Blur2D is a subclass of GaussianBlur2D (deprecated there);"
              + " tested: identical to CLIJ2's gaussianBlur2D and to Fovea's gaussianBlur2D.")
  public static GpuImage blur2D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "2.0", doc = "Gaussian σ in x (pixels)") float sigmaX,
      @Param(value = "2.0", doc = "Gaussian σ in y (pixels)") float sigmaY) {
    return gaussianBlur2D(src, dst, sigmaX, sigmaY);
  }

  @Op(
      name = "blur3D",
      category = Category.FILTER,
      doc = "CLIJ2's older name of gaussianBlur3D: the same op, the same results.",
      kernels = "separable_convolution.cl",
      tolerance = GAUSS_TOL,
      border = "clamp to edge",
      notes =
          GAUSS_NOTES
              + " In CLIJ2 2.5.3.1 Blur3D is a subclass of GaussianBlur3D (deprecated there);"
              + " tested: identical to Fovea's gaussianBlur3D.")
  public static GpuImage blur3D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "2.0", doc = "Gaussian σ in x (pixels)") float sigmaX,
      @Param(value = "2.0", doc = "Gaussian σ in y (pixels)") float sigmaY,
      @Param(value = "2.0", doc = "Gaussian σ in z (slices)") float sigmaZ) {
    return gaussianBlur3D(src, dst, sigmaX, sigmaY, sigmaZ);
  }

  static final String STENCIL = "stencil.cl";

  private static final String STENCIL_TOL =
      "float32 sums: |Δ| ≤ 1e-5·Σ|weight·src| of the CPU double sum; integer outputs rounded half"
          + " to even (exact for integer sums)";

  /**
   * Weighted sum of the clamped neighbourhood with the kw×kh×kd weights in {@code kern} (x fastest;
   * see stencil.cl).
   */
  static void stencil(GpuImage src, GpuImage kern, int kw, int kh, int kd, GpuImage dst) {
    Geometry.launch(
        OpSupport.kernel(src.gpu(), STENCIL, "stencil_sum")
            .image("src", src)
            .image("kern", kern)
            .image("dst", dst)
            .arg("kw", kw)
            .arg("kh", kh)
            .arg("kd", kd)
            .size(src),
        src);
  }

  /** Fixed stencil weights w (x fastest), cached on the device under {@code key}. */
  private static GpuImage stencilWeights(Gpu gpu, String key, float[] w) {
    return deviceWeights(gpu, key, () -> w);
  }

  @Op(
      name = "sobel",
      category = Category.FILTER,
      doc = "Sobel gradient magnitude: sqrt(gx² + gy²) in 2D, sqrt(gx² + gy² + gz²) in 3D.",
      kernels = STENCIL,
      tolerance = "float32: 1e-5 relative; integer outputs ±1 (float sum rounded half to even)",
      border = "clamp to edge",
      imagej =
          "Process > Find Edges (ImageProcessor.findEdges: the same 3×3 kernels (1 2 1 smoothing,"
              + " −1 0 1 derivative) and sqrt of the sum of squares, edge pixels repeated): equal"
              + " within 1e-5 relative on float images (tested)",
      notes =
          "Each g is the derivative (−1, 0, 1) along its axis smoothed with (1, 2, 1) along the"
              + " other axes, summed in float32; the output has the source type (as CLIJ2)."
              + " Integer outputs: Fovea rounds half to even, CLIJ2 truncates (±1). 2D results"
              + " are CLIJ2's (tested). 3D: CLIJ2 2.5.3.1's sobel_3d kernel loops z offsets"
              + " −1..2 and reads past its 3×3×3 weight arrays, so its 3D values are not a Sobel"
              + " magnitude; this op computes the 3×3×3 Sobel operator and is not compared"
              + " with CLIJ2 in 3D.")
  public static GpuImage sobel(GpuImage src, @Out GpuImage dst) {
    dst = OpSupport.outputNotInPlace("sobel", src, dst);
    Geometry.launch(
        OpSupport.kernel(src.gpu(), STENCIL, "sobel_magnitude")
            .image("src", src)
            .image("dst", dst)
            .typeDefines("kern", PixelType.FLOAT32) // stencil_sum in the same file needs KERN_T
            .size(src),
        src);
    return dst;
  }

  /** The laplace family: laplaceBox (8 / 26 neighbours) and laplaceDiamond (4 / 6). */
  public enum Laplace implements OpVariant {
    Box("box: the centre times 8 (3D: 26) minus its 8 (26) neighbours"),
    Diamond("diamond: the centre times 4 (3D: 6) minus its 4 (6) nearest neighbours");

    private final String doc;

    Laplace(String doc) {
      this.doc = doc;
    }

    @Override
    public String doc() {
      return doc;
    }

    float[] weights(boolean is3D) {
      int n = is3D ? 27 : 9;
      float[] w = new float[n];
      int centre = n / 2;
      for (int i = 0; i < n; i++) {
        int dx = i % 3 - 1, dy = (i / 3) % 3 - 1, dz = is3D ? i / 9 - 1 : 0;
        int manhattan = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        if (i != centre && (this == Box || manhattan == 1)) w[i] = -1f;
      }
      float sum = 0;
      for (float v : w) sum -= v;
      w[centre] = sum;
      return w;
    }
  }

  @Op(
      name = "laplace{}",
      category = Category.FILTER,
      doc = "Laplace operator, {doc}.",
      kernels = STENCIL,
      tolerance = STENCIL_TOL,
      border = "clamp to edge",
      notes =
          "A float32 sum over the 3×3 (3D: 3×3×3) neighbourhood, converted into the source type"
              + " (as CLIJ2: integer outputs saturate, so negative responses become 0). 2D and the"
              + " 3D diamond equal CLIJ2 2.5.3.1 (tested). CLIJ2's 3D laplaceBox gives its centre"
              + " the weight 1 instead of 26 (not zero on constant regions); Fovea uses 26, so in"
              + " 3D Fovea = CLIJ2 + 25·src before saturation (tested on float images).")
  public static GpuImage laplace(Laplace shape, GpuImage src, @Out GpuImage dst) {
    String op = "laplace" + shape.name();
    dst = OpSupport.outputNotInPlace(op, src, dst);
    boolean is3D = src.is3D();
    int kd = is3D ? 3 : 1;
    stencil(src, stencilWeights(src.gpu(), op + kd, shape.weights(is3D)), 3, 3, kd, dst);
    return dst;
  }

  /** The in-plane gradients: gradientX, gradientY (gradientZ is its own op: 3D only). */
  public enum Axis implements OpVariant {
    X("x"),
    Y("y");

    private final String doc;

    Axis(String doc) {
      this.doc = doc;
    }

    @Override
    public String doc() {
      return doc;
    }
  }

  private static final String GRADIENT_NOTES =
      "Output float32 (as CLIJ2); a destination of another type gets the difference converted"
          + " (saturating, round half to even). Equal to CLIJ2 2.5.3.1 (tested).";

  @Op(
      name = "gradient{}",
      category = Category.FILTER,
      doc = "Central difference along {doc}: dst = src(+1) − src(−1) (neighbours clamped).",
      kernels = STENCIL,
      tolerance = "exact (one float32 subtraction)",
      border = "clamp to edge (the first and last pixel along the axis get a one-sided difference)",
      notes = GRADIENT_NOTES)
  public static GpuImage gradient(Axis axis, GpuImage src, @Out(type = "float32") GpuImage dst) {
    return gradientAlong("gradient" + axis.name(), axis.ordinal(), src, dst);
  }

  @Op(
      name = "gradientZ",
      category = Category.FILTER,
      doc = "Central difference along z: dst = src(z + 1) − src(z − 1) (neighbours clamped).",
      dimensions = {3},
      kernels = STENCIL,
      tolerance = "exact (one float32 subtraction)",
      border = "clamp to edge (the first and last slice get a one-sided difference)",
      notes = GRADIENT_NOTES + " Needs a 3D image (as CLIJ2).")
  public static GpuImage gradientZ(GpuImage src, @Out(type = "float32") GpuImage dst) {
    OpSupport.requireNotNull("gradientZ", "src", src);
    OpSupport.require3D("gradientZ", src);
    return gradientAlong("gradientZ", 2, src, dst);
  }

  private static GpuImage gradientAlong(String op, int axis, GpuImage src, GpuImage dst) {
    OpSupport.requireNotNull(op, "src", src);
    dst = OpSupport.outputLike(op, src, dst, dst == null ? PixelType.FLOAT32 : dst.type());
    OpSupport.requireNotSame(op, src, dst);
    int[] size = {1, 1, 1};
    size[axis] = 3;
    GpuImage weights = stencilWeights(src.gpu(), op, new float[] {-1f, 0f, 1f});
    stencil(src, weights, size[0], size[1], size[2], dst);
    return dst;
  }

  @Op(
      name = "convolve",
      category = Category.FILTER,
      doc =
          "Convolution with a kernel image (CLIJ2's convolve: a correlation, the kernel is not mirrored).",
      kernels = STENCIL,
      tolerance = STENCIL_TOL,
      border = "clamp to edge",
      imagej =
          "Process > Filters > Convolve… without normalisation, for a symmetric kernel (ImageJ"
              + " mirrors nothing either: it correlates): equal within 1e-5 relative on float"
              + " images (tested)",
      notes =
          "dst(p) = Σ kernel(c + o)·src(p + o) over offsets o = −c..c with c = (kw/2, kh/2, kd/2)"
              + " (odd sizes are centred; an even size uses its last row/column once more, as"
              + " CLIJ2's clamped kernel read); float32 sums; a 2D image uses the kernel's first"
              + " plane. Output float32 (as CLIJ2). Not compared with CLIJ2: its convolve kernel"
              + " does not build on PoCL (CL_BUILD_PROGRAM_FAILURE in CLIJ2 2.5.3.1).")
  public static GpuImage convolve(
      GpuImage src, GpuImage kernelImage, @Out(type = "float32") GpuImage dst) {
    OpSupport.requireNotNull("convolve", "src", src);
    OpSupport.requireNotNull("convolve", "kernelImage", kernelImage);
    if (kernelImage.width() > 127 || kernelImage.height() > 127 || kernelImage.depth() > 127) {
      throw new org.fovea.core.FoveaException.InvalidArgument(
          "convolve: the kernel image is "
              + kernelImage.describe()
              + "; at most 127 pixels along each axis");
    }
    dst = OpSupport.outputLike("convolve", src, dst, dst == null ? PixelType.FLOAT32 : dst.type());
    OpSupport.requireNotSame("convolve", src, dst);
    OpSupport.requireNotSame("convolve", kernelImage, dst);
    stencil(src, kernelImage, kernelImage.width(), kernelImage.height(), kernelImage.depth(), dst);
    return dst;
  }

  // ------------------------------------------------------------------ variance, standard deviation

  /** varianceBox, varianceSphere, standardDeviationBox, standardDeviationSphere. */
  public enum Spread implements OpVariant {
    varianceBox("variance", false, false),
    varianceSphere("variance", true, false),
    standardDeviationBox("standard deviation", false, true),
    standardDeviationSphere("standard deviation", true, true);

    private final String doc;
    final boolean sphere;
    final boolean std;

    Spread(String doc, boolean sphere, boolean std) {
      this.doc = doc;
      this.sphere = sphere;
      this.std = std;
    }

    @Override
    public String doc() {
      return doc;
    }
  }

  @Op(
      name = "{}",
      category = Category.FILTER,
      doc =
          "Local {doc} (divided by the pixel count) of a box or ellipsoid neighbourhood of radii"
              + " radiusX, radiusY, radiusZ.",
      kernels = Morphology.KERNELS,
      tolerance =
          "float32 (Welford's update): |Δ| ≤ 1e-5·(max|src|)² for the variance, 1e-5·max|src| for"
              + " the standard deviation, against the two-pass double-precision value",
      border = Morphology.BORDER,
      imagej =
          "Process > Filters > Variance (RankFilters, circular kernel of radius r, population"
              + " variance in double) with r in [√(R² − 1), R) equals the Sphere variant of radius"
              + " R within the tolerance on float images (tested)",
      notes =
          "The neighbourhood of the mean filters (Box: all offsets within the radii; Sphere:"
              + " (dx/rx)² + (dy/ry)² + (dz/rz)² ≤ 1, exact in integers); radiusZ is ignored for"
              + " 2D images. Mean and sum of squared deviations by Welford's update in float32;"
              + " the variance divides by the pixel count (as CLIJ2, which uses two passes);"
              + " the standard deviation is its square root. Output float32 (as CLIJ2); equal to"
              + " CLIJ2 2.5.3.1 within the tolerance (tested).")
  public static GpuImage spread(
      Spread which,
      GpuImage src,
      @Out(type = "float32") GpuImage dst,
      @Param(value = "1", doc = "radius in x (pixels)") int radiusX,
      @Param(value = "1", doc = "radius in y (pixels)") int radiusY,
      @Param(value = "1", doc = "radius in z (slices; ignored in 2D)") int radiusZ) {
    String op = which.name();
    OpSupport.requireNotNull(op, "src", src);
    if (dst == null) {
      Morphology.checkRadii(op, radiusX, radiusY, radiusZ);
      dst = src.gpu().createLike(src, PixelType.FLOAT32);
    }
    return Morphology.rank(
        op,
        src,
        dst,
        radiusX,
        radiusY,
        radiusZ,
        which.std ? Morphology.STD : Morphology.VARIANCE,
        which.sphere);
  }
}
