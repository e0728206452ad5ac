package org.fovea.ops.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;
import org.fovea.ops.Detection;
import org.fovea.ops.Geometry;
import org.fovea.ops.OpSupport;
import org.fovea.ops.Projections;

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
 * The talk's chain is DoG → keep above 1 → makeIsotropic → resliceTop → resliceRadial → resliceLeft
 * → maximumZProjection → findMaxima. Fovea computes the same numbers with five fused kernels
 * ({@code spot_counting.cl}) and one small host step, without materialising the resliced volumes (a
 * test checks the result against the op-by-op catalog chain, see the tolerances below). All GPU
 * buffers are reused; the only transfers per stack are the push of the stack, the pull of the
 * projection (and its local-maximum mask) for Find Maxima's flooding on the host, and of the six
 * integers of the bounding box.
 *
 * <ol>
 *   <li><b>differenceOfGaussian</b> in XY only (every slice; σ1 = 2, σ2 = 6 input pixels;
 *       normalised Gaussian kernels of radius ⌈σ·√(−2 ln 0.0002)⌉+1 as ImageJ uses for float
 *       images; border clamped to the edge), then <b>keep values above 1</b>: max(DoG, 1) − 1. Two
 *       kernels: blur X with both Gaussians (each source pixel read once, symmetric taps added
 *       before the multiply); blur Y, subtract, floor. Both read their rows (columns) with a halo
 *       from local-memory tiles; where the tiles would not fit the device's local memory (very wide
 *       Gaussians) the same kernels without tiles run (identical results, tested). Equals the
 *       catalog's {@code differenceOfGaussian3D(σz = 0)} → {@code maximumImageAndScalar(1)} − 1
 *       within 2·10⁻³ of the maximum (the catalog truncates its Gaussians at ±⌈4σ⌉).
 *   <li><b>resample</b> to isotropic voxels: exactly {@link Geometry#makeIsotropic}'s arithmetic
 *       (linear; output round(size·voxel/newVoxel) per axis), but written in <i>cross-section
 *       order</i> (L, u, z): L along the embryo's long axis is the fastest index, u the other
 *       in-plane axis. Every cross section perpendicular to the long axis is then a u×z plane, and
 *       the work items of a group (consecutive L) read consecutive addresses in the later steps. As
 *       in the talk's macro, the result has 1 µm isotropic voxels: round(size·voxel/newVoxel) per
 *       axis, 266×532×242 for the talk's 512×1024×121 stack of 0.52×0.52×2 µm.
 *   <li><b>boundingBox</b> of the embryo: the voxels ≥ {@code boundingBoxThreshold} (5) of the
 *       resampled stack (the same box as {@code threshold} then {@code boundingBox}, tested),
 *       computed on the device (atomics); its centre is the axis of the cylinder projection and the
 *       host reads it only at the end.
 *   <li><b>cylinder projection</b>: for every position L along the long axis and every angle θ, the
 *       maximum over r = 0..R−1 of the bilinear sample of cross section L at (centre + r·(sin θ,
 *       cos θ)) — the same arithmetic as {@code resliceTop} ({@link Geometry#reslice}: cross
 *       sections; {@code resliceLeft} for {@code longAxis = X}) → {@link Geometry#resliceRadial}
 *       (360 angles of 1°, around the box's centre — the macro used a hand-picked centre, w/2 − 50;
 *       radius R = CLIJ2's default √((u/2)²+(z/2)²); neighbours outside the section count 0) →
 *       {@code resliceLeft} → {@link Projections#maximumZProjection}, in one kernel; equal to that
 *       chain within 10⁻⁵ of the maximum (tested; measured identical). A ray stops where it leaves
 *       the section (all later samples are 0). The projection is L×angles: x = position along the
 *       long axis (µm at 1 µm voxels), y = angle (degrees from +Z towards +X; towards +Y when
 *       {@code longAxis = X}). <b>The long axis runs along Y</b> by default (the 1024-pixel axis of
 *       the talk's data).
 *   <li><b>findMaxima</b> ({@link Detection.MaximaFinder}, prominence 5, ImageJ semantics) → the
 *       spot count. In the original workflow a nucleus on the 0°/360° seam of the projection is
 *       counted twice (once at each edge; 1–8 % too many on our synthetic embryos). Fovea therefore
 *       projects {@code wrapMargin} (30°) more on both sides of the seam and counts only the maxima
 *       inside [0°, 360°); {@code wrapMargin = 0} gives the original behaviour.
 * </ol>
 *
 * <p>Cost: {@link Result#stepMillis} gives the time of every step (with {@code timeSteps}). With
 * the default σ2 = 6 px the Gaussian has 53 taps per pass (radius ⌈6·√(−2 ln 0.0002)⌉+1 = 26); on a
 * CPU the DoG dominates, on a GPU the passes read local-memory tiles and every other kernel's work
 * items take consecutive L and so read consecutive addresses, except the resampling's reads for
 * {@code longAxis = Y} (its writes are coalesced). Measured throughput, with the machine, is in
 * {@code docs/benchmarks/} and README's spot-counting section, not here.
 */
public final class SpotCountingWorkflow implements AutoCloseable {

  /**
   * Parameters; {@link #defaults()} are the talk's. Sigmas are in input pixels (XY); {@code
   * wrapMargin} (degrees) extends the radial reslice by that much on both sides of the 0°/360° seam
   * and counts only the maxima inside [0°, 360°), so that a nucleus on the seam is counted once (0
   * = the original workflow, which can count it twice). Build settings by name with {@code
   * builder().voxelX(...).prominence(...).build()} or {@code defaults().withVoxel(...)}: the
   * record's components may still grow, so do not call its constructor.
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
      boolean timeSteps,
      boolean localMemoryTiles) {

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
      return builder().build();
    }

    /** A builder that starts from {@link #defaults()}; every component is set by its name. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
      return new Builder()
          .longAxis(longAxis)
          .voxelX(voxelX)
          .voxelY(voxelY)
          .voxelZ(voxelZ)
          .isotropicVoxel(isotropicVoxel)
          .sigma1(sigma1)
          .sigma2(sigma2)
          .floorValue(floorValue)
          .numberOfAngles(numberOfAngles)
          .angleStep(angleStep)
          .wrapMargin(wrapMargin)
          .prominence(prominence)
          .boundingBoxThreshold(boundingBoxThreshold)
          .keepProjection(keepProjection)
          .timeSteps(timeSteps)
          .localMemoryTiles(localMemoryTiles);
    }

    /** Builds {@link Settings} by component name, starting from the talk's values. */
    public static final class Builder {
      private LongAxis longAxis = LongAxis.Y;
      private double voxelX = 0.52;
      private double voxelY = 0.52;
      private double voxelZ = 2;
      private double isotropicVoxel = 1;
      private double sigma1 = 2;
      private double sigma2 = 6;
      private double floorValue = 1;
      private int numberOfAngles = 360;
      private double angleStep = 1;
      private double wrapMargin = 30;
      private double prominence = 5;
      private double boundingBoxThreshold = 5;
      private boolean keepProjection = false;
      private boolean timeSteps = true;
      private boolean localMemoryTiles = true;

      private Builder() {}

      public Builder longAxis(LongAxis v) {
        longAxis = v;
        return this;
      }

      public Builder voxelX(double v) {
        voxelX = v;
        return this;
      }

      public Builder voxelY(double v) {
        voxelY = v;
        return this;
      }

      public Builder voxelZ(double v) {
        voxelZ = v;
        return this;
      }

      public Builder isotropicVoxel(double v) {
        isotropicVoxel = v;
        return this;
      }

      public Builder sigma1(double v) {
        sigma1 = v;
        return this;
      }

      public Builder sigma2(double v) {
        sigma2 = v;
        return this;
      }

      public Builder floorValue(double v) {
        floorValue = v;
        return this;
      }

      public Builder numberOfAngles(int v) {
        numberOfAngles = v;
        return this;
      }

      public Builder angleStep(double v) {
        angleStep = v;
        return this;
      }

      public Builder wrapMargin(double v) {
        wrapMargin = v;
        return this;
      }

      public Builder prominence(double v) {
        prominence = v;
        return this;
      }

      public Builder boundingBoxThreshold(double v) {
        boundingBoxThreshold = v;
        return this;
      }

      public Builder keepProjection(boolean v) {
        keepProjection = v;
        return this;
      }

      public Builder timeSteps(boolean v) {
        timeSteps = v;
        return this;
      }

      /**
       * Whether the DoG passes read local-memory tiles where they fit the device (default); false
       * runs the same arithmetic from global memory (for devices whose local memory is slow).
       */
      public Builder localMemoryTiles(boolean v) {
        localMemoryTiles = v;
        return this;
      }

      /** The settings (checked by the record's constructor). */
      public Settings build() {
        return new Settings(
            longAxis,
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
            timeSteps,
            localMemoryTiles);
      }
    }

    /** The axis of the stack along which the embryo lies (default Y, as in the talk's data). */
    public Settings withLongAxis(LongAxis axis) {
      return toBuilder().longAxis(axis).build();
    }

    public Settings withVoxel(double x, double y, double z) {
      return toBuilder().voxelX(x).voxelY(y).voxelZ(z).build();
    }

    public Settings withIsotropicVoxel(double v) {
      return toBuilder().isotropicVoxel(v).build();
    }

    public Settings withSigmas(double s1, double s2) {
      return toBuilder().sigma1(s1).sigma2(s2).build();
    }

    public Settings withFloorValue(double v) {
      return toBuilder().floorValue(v).build();
    }

    public Settings withAngles(int numberOfAngles, double angleStep) {
      return toBuilder().numberOfAngles(numberOfAngles).angleStep(angleStep).build();
    }

    public Settings withWrapMargin(double degrees) {
      return toBuilder().wrapMargin(degrees).build();
    }

    public Settings withProminence(double p) {
      return toBuilder().prominence(p).build();
    }

    public Settings withBoundingBoxThreshold(double t) {
      return toBuilder().boundingBoxThreshold(t).build();
    }

    public Settings withKeepProjection(boolean keep) {
      return toBuilder().keepProjection(keep).build();
    }

    /** Without per-step timing the steps are not separated by {@code finish()} (faster). */
    public Settings withTimeSteps(boolean time) {
      return toBuilder().timeSteps(time).build();
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
  private static final long[] LOCAL_Y = {32, 8, 1}; // the Y pass: taller groups, less halo
  private static final long LOCAL_MEMORY_RESERVE = 1024; // what a driver may use itself

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
  private GpuImage cross; // the isotropic stack as cross sections: (L, u, z), L fastest
  private GpuImage boxBuf; // {u0, L0, z0, u1, L1, z1} of the voxels ≥ the threshold
  private final int[] boxHost = new int[6];
  private GpuImage projection;
  private int radius; // samples per ray
  private GpuImage w1;
  private GpuImage w2;
  private int r1;
  private int r2;
  private int angles; // output angles (without the seam margins)
  private int margin; // extra angles on each side of the seam
  private final Detection.MaximaFinder maxima = new Detection.MaximaFinder();
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
    // 1. DoG in XY + floor: tiled in local memory unless the tiles do not fit the device's
    int rmax = Math.max(r1, r2);
    long xTile = 4L * LOCAL[1] * (LOCAL[0] + 2L * rmax);
    long yTile = 2L * 4 * LOCAL_Y[0] * (LOCAL_Y[1] + 2L * rmax);
    boolean tiled =
        settings.localMemoryTiles()
            && Math.max(xTile, yTile) <= gpu.device().localMemoryBytes() - LOCAL_MEMORY_RESERVE;
    KernelCall bx =
        OpSupport.kernel(gpu, CL, tiled ? "dog_blur_x" : "dog_blur_x_global")
            .image("src", stack)
            .image("g1", g1)
            .image("g2", g2)
            .image("w1", w1)
            .image("w2", w2)
            .arg("r1", r1)
            .arg("r2", r2)
            .size(stack);
    if (tiled) bx.local("tile", xTile);
    bx.runPadded(global(stack), LOCAL);
    KernelCall by =
        OpSupport.kernel(gpu, CL, tiled ? "dog_blur_y_floor" : "dog_blur_y_floor_global")
            .image("g1", g1)
            .image("g2", g2)
            .image("dst", dog)
            .image("w1", w1)
            .image("w2", w2)
            .arg("r1", r1)
            .arg("r2", r2)
            .arg("floorValue", (float) settings.floorValue)
            .size(stack);
    if (tiled) by.local("tile", yTile);
    by.runPadded(global(stack), tiled ? LOCAL_Y : LOCAL);
    step(steps, "differenceOfGaussian", last);
    // 2. isotropic resampling (makeIsotropic's arithmetic), written as cross sections
    boolean alongY = settings.longAxis == LongAxis.Y;
    int nL = cross.width();
    int nu = cross.height();
    int nz = cross.depth();
    int rw = alongY ? nu : nL;
    int rh = alongY ? nL : nu;
    OpSupport.kernel(gpu, CL, "resample_cross")
        .image("src", dog)
        .image("cross", cross)
        .size("s", dog)
        .arg("nL", nL)
        .arg("nu", nu)
        .arg("nz", nz)
        .arg("m00", (float) ((double) w / rw))
        .arg("m11", (float) ((double) h / rh))
        .arg("m22", (float) ((double) d / nz))
        .arg("alongY", alongY ? 1 : 0)
        .runPadded(global(cross), LOCAL);
    step(steps, "resample", last);
    // 3. bounding box of the voxels ≥ the threshold, on the device (no round trip)
    OpSupport.kernel(gpu, CL, "box_init").image("box", boxBuf).run(1);
    OpSupport.kernel(gpu, CL, "cross_box")
        .image("cross", cross)
        .image("box", boxBuf)
        .arg("nL", nL)
        .arg("nu", nu)
        .arg("nz", nz)
        .arg("thr", (float) settings.boundingBoxThreshold)
        .runPadded(new long[] {nL, nu}, new long[] {LOCAL[0], LOCAL[1]});
    step(steps, "boundingBox", last);
    // 4. cylinder maximum projection around the box's axis, straight from the cross sections
    OpSupport.kernel(gpu, CL, "cylinder_max")
        .image("cross", cross)
        .image("box", boxBuf)
        .image("proj", projection)
        .arg("nL", nL)
        .arg("nu", nu)
        .arg("nz", nz)
        .arg("nr", radius)
        .arg("nang", projection.height())
        .arg("deltaAngle", (float) settings.angleStep)
        .arg("startAngle", (float) (-margin * settings.angleStep)) // the seam margin
        .runPadded(new long[] {nL, projection.height()}, new long[] {LOCAL[0], LOCAL[1]});
    step(steps, "cylinderProjection", last);
    // 5. spots
    int[] found = maxima.find(projection, settings.prominence);
    int pw = projection.width();
    int n = 0;
    int[] spots = new int[found.length];
    for (int p : found) {
      int a = p / pw - margin; // keep the maxima inside [0°, 360°) only
      if (a >= 0 && a < angles) spots[n++] = p % pw + pw * a;
    }
    spots = java.util.Arrays.copyOf(spots, n);
    gpu.pull(boxBuf, boxHost); // {u0, L0, z0, u1, L1, z1}
    BoundingBox bb = null;
    if (boxHost[3] >= 0) {
      int x0 = alongY ? boxHost[0] : boxHost[1];
      int x1 = alongY ? boxHost[3] : boxHost[4];
      int y0 = alongY ? boxHost[1] : boxHost[0];
      int y1 = alongY ? boxHost[4] : boxHost[3];
      double sx = w * settings.voxelX / rw;
      double sy = h * settings.voxelY / rh;
      double sz = d * settings.voxelZ / nz;
      bb =
          new BoundingBox(
              x0 * sx,
              y0 * sy,
              boxHost[2] * sz,
              (x1 - x0 + 1) * sx,
              (y1 - y0 + 1) * sy,
              (boxHost[5] - boxHost[2] + 1) * sz);
    }
    BoundingBox box = bb;
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
    boolean alongY = settings.longAxis == LongAxis.Y;
    int nL = alongY ? rs[1] : rs[0];
    int nu = alongY ? rs[0] : rs[1];
    cross = gpu.create(nL, nu, rs[2], PixelType.FLOAT32);
    boxBuf = gpu.create(6, 1, 1, PixelType.UINT32);
    // resliceRadial's default radius, √((nu/2)² + (nz/2)²) with integer halves, and angles
    int hu = nu / 2;
    int hz = rs[2] / 2;
    radius = Math.max(1, (int) Math.sqrt((double) hu * hu + (double) hz * hz));
    angles = Math.max(1, (int) ((float) settings.numberOfAngles / (float) settings.angleStep));
    margin = (int) Math.ceil(settings.wrapMargin / settings.angleStep - 1e-9);
    projection = gpu.create(nL, angles + 2 * margin, 1, PixelType.FLOAT32);
    allocations++;
  }

  private void releaseBuffers() {
    for (GpuImage g : new GpuImage[] {g1, g2, dog, cross, boxBuf, projection})
      if (g != null) g.close();
    g1 = g2 = dog = cross = boxBuf = projection = null;
  }

  /** The DoG stage's output of the last stack (for tests). */
  GpuImage dogBuffer() {
    return dog;
  }

  /**
   * The isotropic stack of the last stack in cross-section order (for tests): (L, u, z) with L
   * along the long axis, i.e. (y, x, z) of the resampled stack for {@code longAxis = Y}, (x, y, z)
   * for X.
   */
  GpuImage crossSectionBuffer() {
    return cross;
  }

  /** GPU memory held by the workflow's buffers, in bytes. */
  public long bufferBytes() {
    long b = 0;
    for (GpuImage g : new GpuImage[] {input, g1, g2, dog, cross, boxBuf, projection})
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
