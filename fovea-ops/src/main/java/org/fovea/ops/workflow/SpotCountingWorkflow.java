package org.fovea.ops.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Geometry;
import org.fovea.ops.OpSupport;
import org.fovea.ops.Projections;
import org.fovea.ops.Reslice;
import org.fovea.ops.Spots;

/**
 * The CLIJ talk's spot counting on a light-sheet stack (Haase et al., QBI 2020; the CLIJ2 macro
 * {@code drosophila_max_cylinder_projection.ijm}), on the GPU, as one call per stack that reuses
 * its GPU buffers from stack to stack (they are allocated on the first stack and again only when
 * the stack shape changes). Not thread-safe: use one instance per thread (they may share a {@link
 * Gpu}).
 *
 * <pre>{@code
 * try (Gpu gpu = Gpu.open();
 *     SpotCountingWorkflow wf = new SpotCountingWorkflow(gpu, SpotCountingWorkflow.Settings.defaults())) {
 *   for (short[] stack : stacks) {
 *     SpotCountingWorkflow.Result r = wf.process(stack, 512, 1024, 121);
 *     System.out.println(r.count() + " spots, " + r.totalMillis() + " ms");
 *   }
 * }
 * }</pre>
 *
 * <h2>Steps</h2>
 *
 * <ol>
 *   <li><b>differenceOfGaussian</b> in XY only (every slice; σ1 = 2, σ2 = 6 input pixels;
 *       normalised Gaussian kernels of radius ⌈σ·√(−2 ln 0.0002)⌉+1 as ImageJ uses for float
 *       images; border clamped to the edge), then <b>keep values above 1</b>: max(DoG, 1) − 1. Both
 *       passes are fused into two kernels (blur X of both Gaussians; blur Y, subtract, floor).
 *   <li><b>resample</b> to isotropic voxels ({@link Geometry#makeIsotropic}, linear): the output is
 *       round(size·voxel/newVoxel) per axis. Note: the CLIJ2 macro passes factors 1/0.52, 1/0.52,
 *       1/2 to CLIJ2's resample, whose output size is size·factor — which is not 1 µm isotropic;
 *       Fovea uses voxel/newVoxel (0.52, 0.52, 2), giving 266×532×242 for the talk's 512×1024×121
 *       stack.
 *   <li><b>boundingBox</b> of the embryo: the voxels ≥ {@code boundingBoxThreshold} (5) of the
 *       resampled stack — the same box as {@code threshold} then {@code boundingBox} (tested),
 *       computed allocation-free from the maximum projections along Y (for X and Z) and along Z
 *       (for Y). Its centre is the axis of the radial reslice.
 *   <li><b>resliceTop</b> ({@link Reslice#resliceTop}): w×d×h — every slice is an XZ cross section
 *       of the embryo at one Y, i.e. perpendicular to its long axis. <b>The long axis of the embryo
 *       runs along Y</b> by default (the 1024-pixel axis of the talk's data); with {@code longAxis
 *       = X} the cross sections are YZ planes ({@link Reslice#resliceLeft}) and the projection's x
 *       runs along X.
 *   <li><b>resliceRadial</b> ({@link Reslice#resliceRadial}): 360 angles of 1° around the centre of
 *       the bounding box in the XZ plane (the macro used a hand-picked centre, w/2 − 50); the
 *       radius is the CLIJ2 default √((w/2)²+(d/2)²). Output radius×h×angles.
 *   <li><b>resliceLeft</b>: h×angles×radius.
 *   <li><b>maximumZProjection</b> ({@link Projections#maximumZProjection}): the "cylinder maximum
 *       projection", h×angles: x = position along the long axis (µm at 1 µm voxels), y = angle
 *       (degrees from +Z towards +X; towards +Y when {@code longAxis = X}).
 *   <li><b>findMaxima</b> ({@link Spots.MaximaFinder}, prominence 5, ImageJ semantics) → the spot
 *       count. In the original workflow a nucleus on the 0°/360° seam of the projection is counted
 *       twice (once at each edge; 1–8 % too many on our synthetic embryos). Fovea therefore
 *       reslices {@code wrapMargin} (30°) more on both sides of the seam and counts only the maxima
 *       inside [0°, 360°); {@code wrapMargin = 0} gives the original behaviour.
 * </ol>
 */
public final class SpotCountingWorkflow implements AutoCloseable {

  /**
   * Parameters; {@link #defaults()} are the talk's. Sigmas are in input pixels (XY); {@code
   * wrapMargin} (degrees) extends the radial reslice by that much on both sides of the 0°/360° seam
   * and counts only the maxima inside [0°, 360°), so that a nucleus on the seam is counted once (0
   * = the original workflow, which can count it twice). Build settings with {@code
   * defaults().withVoxel(...).withProminence(...)} etc.: the order of the record's components may
   * still grow.
   */
  public record Settings(
      LongAxis longAxis,
      double voxelX,
      double voxelY,
      double voxelZ,
      double isotropicVoxel,
      double sigma1,
      double sigma2,
      double floorValue,
      int numberOfAngles,
      double angleStep,
      double wrapMargin,
      double prominence,
      double boundingBoxThreshold,
      boolean keepProjection,
      boolean timeSteps) {

    public Settings {
      if (longAxis == null) throw new FoveaException.InvalidArgument("longAxis must be X or Y");
      if (!(voxelX > 0 && voxelY > 0 && voxelZ > 0 && isotropicVoxel > 0)) {
        throw new FoveaException.InvalidArgument("voxel sizes must be > 0");
      }
      if (!(sigma1 >= 0 && sigma2 >= 0)) {
        throw new FoveaException.InvalidArgument("sigmas must be ≥ 0");
      }
      if (numberOfAngles < 1 || !(angleStep > 0)) {
        throw new FoveaException.InvalidArgument("numberOfAngles ≥ 1 and angleStep > 0 needed");
      }
      if (!(wrapMargin >= 0)) throw new FoveaException.InvalidArgument("wrapMargin must be ≥ 0");
      if (!(prominence >= 0)) throw new FoveaException.InvalidArgument("prominence must be ≥ 0");
    }

    /**
     * The talk: voxel 0.52×0.52×2 µm → 1 µm, DoG σ 2 and 6, 360×1°, prominence 5; plus a 30° seam
     * margin and a bounding-box threshold of 5.
     */
    public static Settings defaults() {
      return new Settings(LongAxis.Y, 0.52, 0.52, 2, 1, 2, 6, 1, 360, 1, 30, 5, 5, false, true);
    }

    private Settings with(int field, Object v) {
      Object[] a = {
        voxelX,
        voxelY,
        voxelZ,
        isotropicVoxel,
        sigma1,
        sigma2,
        floorValue,
        numberOfAngles,
        angleStep,
        wrapMargin,
        prominence,
        boundingBoxThreshold,
        keepProjection,
        timeSteps
      };
      LongAxis axis = longAxis;
      if (field < 0) axis = (LongAxis) v;
      else a[field] = v;
      return new Settings(
          axis,
          (double) a[0],
          (double) a[1],
          (double) a[2],
          (double) a[3],
          (double) a[4],
          (double) a[5],
          (double) a[6],
          (int) a[7],
          (double) a[8],
          (double) a[9],
          (double) a[10],
          (double) a[11],
          (boolean) a[12],
          (boolean) a[13]);
    }

    /** The axis of the stack along which the embryo lies (default Y, as in the talk's data). */
    public Settings withLongAxis(LongAxis axis) {
      return with(-1, axis);
    }

    public Settings withVoxel(double x, double y, double z) {
      return with(0, x).with(1, y).with(2, z);
    }

    public Settings withSigmas(double s1, double s2) {
      return with(4, s1).with(5, s2);
    }

    public Settings withWrapMargin(double degrees) {
      return with(9, degrees);
    }

    public Settings withProminence(double p) {
      return with(10, p);
    }

    public Settings withBoundingBoxThreshold(double t) {
      return with(11, t);
    }

    public Settings withKeepProjection(boolean keep) {
      return with(12, keep);
    }

    /** Without per-step timing the steps are not separated by {@code finish()} (faster). */
    public Settings withTimeSteps(boolean time) {
      return with(13, time);
    }
  }

  /** The stack axis along which the embryo's long (anterior–posterior) axis runs. */
  public enum LongAxis {
    X,
    Y
  }

  /**
   * The embryo's bounding box in µm, in the input stack's frame (x, y, z of the first corner, then
   * the extent); edges are pixel borders of the resampled stack.
   */
  public record BoundingBox(
      double x, double y, double z, double width, double height, double depth) {}

  /**
   * One stack's result.
   *
   * @param count the number of spots
   * @param boundingBox the embryo's bounding box, or null when nothing was above the threshold
   * @param stepMillis milliseconds per step, in order (empty unless {@code timeSteps})
   * @param totalMillis wall time of {@link #process} from push to count
   * @param projection the cylinder projection (x = along the long axis, y = angle), or null unless
   *     {@code keepProjection}
   * @param projectionWidth its width
   * @param projectionHeight its height (number of angles)
   * @param spots the spots as pixel indices of the projection (x + width·y)
   */
  public record Result(
      long count,
      BoundingBox boundingBox,
      Map<String, Double> stepMillis,
      double totalMillis,
      float[] projection,
      int projectionWidth,
      int projectionHeight,
      int[] spots) {}

  private static final String CL = "spot_counting.cl";
  private static final long[] LOCAL = {32, 4, 1};

  private static long[] global(GpuImage img) {
    return new long[] {img.width(), img.height(), img.depth()};
  }

  private final Gpu gpu;
  private final Settings settings;

  // buffers, reused while the input shape stays the same
  private int w = -1;
  private int h = -1;
  private int d = -1;
  private GpuImage input; // only for host arrays
  private GpuImage g1;
  private GpuImage g2;
  private GpuImage dog;
  private GpuImage resampled;
  private GpuImage top;
  private GpuImage radial;
  private GpuImage left;
  private GpuImage projection;
  private GpuImage maxY;
  private GpuImage maxZ;
  private float[] projY;
  private float[] projZ;
  private GpuImage w1;
  private GpuImage w2;
  private int r1;
  private int r2;
  private int angles; // output angles (without the seam margins)
  private int margin; // extra angles on each side of the seam
  private final Spots.MaximaFinder maxima = new Spots.MaximaFinder();
  private long allocations;
  private boolean closed;

  public SpotCountingWorkflow(Gpu gpu) {
    this(gpu, Settings.defaults());
  }

  public SpotCountingWorkflow(Gpu gpu, Settings settings) {
    OpSupport.requireNotNull("SpotCountingWorkflow", "gpu", gpu);
    OpSupport.requireNotNull("SpotCountingWorkflow", "settings", settings);
    this.gpu = gpu;
    this.settings = settings;
    float[] k1 = gaussianKernel(settings.sigma1);
    float[] k2 = gaussianKernel(settings.sigma2);
    r1 = k1.length / 2;
    r2 = k2.length / 2;
    w1 = gpu.push(k1, k1.length, 1, 1);
    w2 = gpu.push(k2, k2.length, 1, 1);
  }

  public Settings settings() {
    return settings;
  }

  /** How many times the buffers were (re)allocated: 1 after any number of same-shaped stacks. */
  public long allocations() {
    return allocations;
  }

  /** Processes a stack given as a host array (short[], byte[], int[] or float[], x fastest). */
  public Result process(Object pixels, int width, int height, int depth) {
    checkOpen();
    long t0 = System.nanoTime();
    PixelType t = Gpu.typeOfArray(pixels);
    if (input == null
        || input.width() != width
        || input.height() != height
        || input.depth() != depth
        || input.type() != t) {
      if (input != null) input.close();
      input = gpu.create(width, height, depth, t);
    }
    gpu.pushInto(pixels, input);
    return run(input, t0);
  }

  /** Processes a stack that is already on the GPU (any pixel type; it is not modified). */
  public Result process(GpuImage stack) {
    checkOpen();
    OpSupport.requireNotNull("SpotCountingWorkflow", "stack", stack);
    return run(stack, System.nanoTime());
  }

  private Result run(GpuImage stack, long t0) {
    if (!stack.is3D()) {
      throw new FoveaException.InvalidArgument(
          "SpotCountingWorkflow needs a 3D stack, got " + stack.describe());
    }
    ensureBuffers(stack);
    Map<String, Double> steps = new LinkedHashMap<>();
    long[] last = {t0};
    // 1. DoG in XY + floor
    OpSupport.kernel(gpu, CL, "dog_blur_x")
        .image("src", stack)
        .image("g1", g1)
        .image("g2", g2)
        .image("w1", w1)
        .image("w2", w2)
        .arg(r1)
        .arg(r2)
        .size(stack)
        .runPadded(global(stack), LOCAL);
    OpSupport.kernel(gpu, CL, "dog_blur_y_floor")
        .image("g1", g1)
        .image("g2", g2)
        .image("dst", dog)
        .image("w1", w1)
        .image("w2", w2)
        .arg(r1)
        .arg(r2)
        .arg((float) settings.floorValue)
        .size(stack)
        .runPadded(global(stack), LOCAL);
    step(steps, "differenceOfGaussian", last);
    // 2. isotropic resampling
    Geometry.makeIsotropic(
        dog,
        resampled,
        (float) settings.voxelX,
        (float) settings.voxelY,
        (float) settings.voxelZ,
        (float) settings.isotropicVoxel,
        true);
    step(steps, "resample", last);
    // 3. bounding box from the Y and Z maximum projections (both read the stack coalesced)
    Reslice.maximumYProjection(resampled, maxY);
    Projections.maximumZProjection(resampled, maxZ);
    gpu.pull(maxY, projY);
    gpu.pull(maxZ, projZ);
    float[] py = projY; // rw × rd : (x, z)
    float[] pz = projZ; // rw × rh : (x, y)
    int rw = resampled.width();
    int rh = resampled.height();
    int rd = resampled.depth();
    float thr = (float) settings.boundingBoxThreshold;
    int x0 = Integer.MAX_VALUE, x1 = -1, z0 = Integer.MAX_VALUE, z1 = -1;
    for (int z = 0; z < rd; z++)
      for (int x = 0; x < rw; x++)
        if (py[x + rw * z] >= thr) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          z0 = Math.min(z0, z);
          z1 = Math.max(z1, z);
        }
    int y0 = Integer.MAX_VALUE, y1 = -1;
    for (int y = 0; y < rh; y++)
      for (int x = 0; x < rw; x++)
        if (pz[x + rw * y] >= thr) {
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
    BoundingBox box = null;
    float cx = rw / 2.0f;
    float cy = rh / 2.0f;
    float cz = rd / 2.0f;
    if (x1 >= 0 && y1 >= 0) {
      double sx = stack.width() * settings.voxelX / rw;
      double sy = stack.height() * settings.voxelY / rh;
      double sz = stack.depth() * settings.voxelZ / rd;
      box =
          new BoundingBox(
              x0 * sx,
              y0 * sy,
              z0 * sz,
              (x1 - x0 + 1) * sx,
              (y1 - y0 + 1) * sy,
              (z1 - z0 + 1) * sz);
      cx = (x0 + x1) / 2.0f;
      cy = (y0 + y1) / 2.0f;
      cz = (z0 + z1) / 2.0f;
    }
    step(steps, "boundingBox", last);
    // 4. reslice into cross sections perpendicular to the long axis: XZ planes along Y
    // (resliceTop), or YZ planes along X (resliceLeft)
    boolean alongY = settings.longAxis == LongAxis.Y;
    if (alongY) {
      Reslice.resliceTop(resampled, top);
      step(steps, "resliceTop", last);
    } else {
      Reslice.resliceLeft(resampled, top);
      step(steps, "resliceLeft (cross sections)", last);
    }
    // 5. radial reslice around the embryo's axis
    Reslice.resliceRadial(
        top,
        radial,
        settings.numberOfAngles,
        (float) settings.angleStep,
        (float) (-margin * settings.angleStep), // the seam margin
        alongY ? cx : cy,
        cz,
        1,
        1);
    step(steps, "resliceRadial", last);
    // 6. reslice so that the radius becomes Z
    Reslice.resliceLeft(radial, left);
    step(steps, "resliceLeft", last);
    // 7. cylinder maximum projection
    Projections.maximumZProjection(left, projection);
    step(steps, "maximumZProjection", last);
    // 8. spots
    int[] found = maxima.find(projection, settings.prominence);
    int pw = projection.width();
    int n = 0;
    int[] spots = new int[found.length];
    for (int p : found) {
      int a = p / pw - margin; // keep the maxima inside [0°, 360°) only
      if (a >= 0 && a < angles) spots[n++] = p % pw + pw * a;
    }
    spots = java.util.Arrays.copyOf(spots, n);
    step(steps, "findMaxima", last);
    float[] proj = null;
    if (settings.keepProjection) {
      float[] all = (float[]) projection.pull();
      proj = java.util.Arrays.copyOfRange(all, margin * pw, (margin + angles) * pw);
    }
    double total = (System.nanoTime() - t0) / 1e6;
    if (!settings.timeSteps) steps.clear();
    return new Result(
        spots.length, box, Collections.unmodifiableMap(steps), total, proj, pw, angles, spots);
  }

  private void step(Map<String, Double> steps, String name, long[] last) {
    if (!settings.timeSteps) return;
    gpu.finish();
    long now = System.nanoTime();
    steps.put(name, (now - last[0]) / 1e6);
    last[0] = now;
  }

  private void ensureBuffers(GpuImage stack) {
    if (stack.width() == w && stack.height() == h && stack.depth() == d && dog != null) return;
    releaseBuffers();
    w = stack.width();
    h = stack.height();
    d = stack.depth();
    g1 = gpu.create(w, h, d, PixelType.FLOAT32);
    g2 = gpu.create(w, h, d, PixelType.FLOAT32);
    dog = gpu.create(w, h, d, PixelType.FLOAT32);
    int[] rs =
        Geometry.resampledSize(
            dog,
            // the same float arithmetic as makeIsotropic, so that the sizes agree
            (double) (float) settings.voxelX / (float) settings.isotropicVoxel,
            (double) (float) settings.voxelY / (float) settings.isotropicVoxel,
            (double) (float) settings.voxelZ / (float) settings.isotropicVoxel);
    resampled = gpu.create(rs[0], rs[1], rs[2], PixelType.FLOAT32);
    top =
        settings.longAxis == LongAxis.Y
            ? gpu.create(rs[0], rs[2], rs[1], PixelType.FLOAT32)
            : gpu.create(rs[1], rs[2], rs[0], PixelType.FLOAT32);
    int[] rad = Reslice.radialSize(top, settings.numberOfAngles, (float) settings.angleStep);
    angles = rad[2];
    margin = (int) Math.ceil(settings.wrapMargin / settings.angleStep - 1e-9);
    rad[2] = angles + 2 * margin;
    radial = gpu.create(rad[0], rad[1], rad[2], PixelType.FLOAT32);
    left = gpu.create(rad[1], rad[2], rad[0], PixelType.FLOAT32);
    projection = gpu.create(rad[1], rad[2], 1, PixelType.FLOAT32);
    maxY = gpu.create(rs[0], rs[2], 1, PixelType.FLOAT32);
    maxZ = gpu.create(rs[0], rs[1], 1, PixelType.FLOAT32);
    projY = new float[rs[0] * rs[2]];
    projZ = new float[rs[0] * rs[1]];
    allocations++;
  }

  private void releaseBuffers() {
    for (GpuImage g :
        new GpuImage[] {g1, g2, dog, resampled, top, radial, left, projection, maxY, maxZ})
      if (g != null) g.close();
    g1 = g2 = dog = resampled = top = radial = left = projection = maxY = maxZ = null;
  }

  /** The DoG stage's output of the last stack (for tests). */
  GpuImage dogBuffer() {
    return dog;
  }

  /** The resampled stack of the last stack (for tests). */
  GpuImage resampledBuffer() {
    return resampled;
  }

  /** GPU memory held by the workflow's buffers, in bytes. */
  public long bufferBytes() {
    long b = 0;
    for (GpuImage g :
        new GpuImage[] {input, g1, g2, dog, resampled, top, radial, left, projection, maxY, maxZ})
      if (g != null && !g.isClosed()) b += g.bytes();
    return b;
  }

  /**
   * Normalised Gaussian weights, radius ⌈σ·√(−2 ln 0.0002)⌉ + 1 (ImageJ's for float images); σ = 0
   * gives the identity.
   */
  static float[] gaussianKernel(double sigma) {
    if (sigma <= 0) return new float[] {1};
    int r = (int) Math.ceil(sigma * Math.sqrt(-2 * Math.log(0.0002))) + 1;
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
      sum += k[i + r];
    }
    float[] f = new float[k.length];
    for (int i = 0; i < k.length; i++) f[i] = (float) (k[i] / sum);
    return f;
  }

  private void checkOpen() {
    if (closed) throw new FoveaException.InvalidArgument("SpotCountingWorkflow is closed");
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    releaseBuffers();
    maxima.close();
    if (input != null) input.close();
    w1.close();
    w2.close();
  }
}
