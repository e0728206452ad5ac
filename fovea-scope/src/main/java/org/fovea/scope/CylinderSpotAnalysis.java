package org.fovea.scope;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * The talk's spot-counting workflow on the GPU, as fused kernels of this module (buffers reused
 * across stacks): difference of Gaussians in XY (sigmas in µm), keep values above 1, bounding box
 * of the embryo from maximum projections, cylinder maximum projection around the long (y) axis (one
 * column per degree; at each row the maximum over radii from {@code rMinFactor}·R(y) − margin to
 * {@code rMaxFactor}·R(y) + margin, where R(y) is the radius of the ellipsoid fitted to the
 * bounding box at that row, sampled bilinearly in the anisotropic stack; this replaces the
 * resample-to-isotropic + reslice + radial reslice + projection chain of {@link WorkflowAnalysis}
 * at a fraction of its cost), local maxima above a noise threshold in a box (angles wrap around),
 * spot count. On the simulator's default stack it counts within ~3 % of the ground truth and costs
 * ~60 ms per stack on a 2-core CPU (PoCL) against ~1 s for the op-by-op workflow.
 *
 * <p>Measurements: {@code spot_count}; {@code bbox_x_um}, {@code bbox_y_um}, {@code bbox_z_um}
 * (embryo extent); {@code min_sector_density} (spot count of the emptiest of {@code sectors}
 * angular sectors over the mean sector count: a ventral furrow empties one sector, ~1 otherwise);
 * {@code mean_spot_intensity}.
 */
public final class CylinderSpotAnalysis implements StackAnalysis {
  /** Parameters; sizes in micrometres so they hold for any voxel size. */
  public static final class Params {
    public double sigma1Um = 2.0;
    public double sigma2Um = 6.0;
    public double floor = 1.0;
    public int angles = 360;
    public double rMinFactor = 0.7;
    public double rMaxFactor = 1.2;
    public double marginUm = 8;
    public int maximaRadiusDeg = 3;
    public double maximaRadiusUm = 4.0;
    public double threshold = 12.0;
    public int sectors = 12;

    public static Params from(Conf c) {
      c.checkKnown(
          "type",
          "sigma1Um",
          "sigma2Um",
          "floor",
          "angles",
          "rMinFactor",
          "rMaxFactor",
          "marginUm",
          "maximaRadiusDeg",
          "maximaRadiusUm",
          "threshold",
          "sectors",
          "extraDelayMs");
      Params p = new Params();
      p.sigma1Um = c.getDouble("sigma1Um", p.sigma1Um);
      p.sigma2Um = c.getDouble("sigma2Um", p.sigma2Um);
      p.floor = c.getDouble("floor", p.floor);
      p.angles = c.getInt("angles", p.angles);
      p.rMinFactor = c.getDouble("rMinFactor", p.rMinFactor);
      p.rMaxFactor = c.getDouble("rMaxFactor", p.rMaxFactor);
      p.marginUm = c.getDouble("marginUm", p.marginUm);
      p.maximaRadiusDeg = c.getInt("maximaRadiusDeg", p.maximaRadiusDeg);
      p.maximaRadiusUm = c.getDouble("maximaRadiusUm", p.maximaRadiusUm);
      p.threshold = c.getDouble("threshold", p.threshold);
      p.sectors = c.getInt("sectors", p.sectors);
      if (p.sigma1Um <= 0 || p.sigma2Um <= p.sigma1Um) {
        throw c.error("sigma2Um", "need 0 < sigma1Um < sigma2Um");
      }
      if (p.angles < 8 || p.sectors < 2 || p.angles % p.sectors != 0) {
        throw c.error("sectors", "need angles >= 8 and sectors >= 2 dividing angles");
      }
      return p;
    }
  }

  private final Gpu gpu;
  private final Params p;
  private int w = -1;
  private int h;
  private int d;
  private double vx;
  private double vy;
  private double vz;
  private GpuImage src;
  private GpuImage s1;
  private GpuImage s2;
  private GpuImage dog;
  private GpuImage projZ;
  private GpuImage projY;
  private GpuImage cyl;
  private GpuImage mask;
  private GpuImage wt1;
  private GpuImage wt2;
  private int r1;
  private int r2;
  private float[] pz;
  private float[] py;
  private float[] cylHost;
  private byte[] maskHost;

  public CylinderSpotAnalysis(Gpu gpu, Params p) {
    this.gpu = gpu;
    this.p = p;
  }

  @Override
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "cylinder spot count on %s (DoG %.1f/%.1f um, %d angles, radius %.2f-%.2f R, threshold %.1f)",
        gpu.device().name(),
        p.sigma1Um,
        p.sigma2Um,
        p.angles,
        p.rMinFactor,
        p.rMaxFactor,
        p.threshold);
  }

  private void ensure(Stack s) {
    if (s.width() == w
        && s.height() == h
        && s.depth() == d
        && s.voxelX() == vx
        && s.voxelY() == vy
        && s.voxelZ() == vz) {
      return;
    }
    release();
    w = s.width();
    h = s.height();
    d = s.depth();
    vx = s.voxelX();
    vy = s.voxelY();
    vz = s.voxelZ();
    src = gpu.create(w, h, d, PixelType.UINT16);
    s1 = gpu.create(w, h, d, PixelType.FLOAT32);
    s2 = gpu.create(w, h, d, PixelType.FLOAT32);
    dog = gpu.create(w, h, d, PixelType.FLOAT32);
    projZ = gpu.create(w, h, 1, PixelType.FLOAT32);
    projY = gpu.create(w, d, 1, PixelType.FLOAT32);
    cyl = gpu.create(p.angles, h, 1, PixelType.FLOAT32);
    mask = gpu.create(p.angles, h, 1, PixelType.UINT8);
    // Blur along x and y with sigmas in pixels of x (x and y voxels are equal in light-sheet data;
    // if not, y uses the x weights scaled—here we assume vx == vy, checked below).
    float[] k1 = weights(p.sigma1Um / vx);
    float[] k2 = weights(p.sigma2Um / vx);
    r1 = (k1.length - 1) / 2;
    r2 = (k2.length - 1) / 2;
    wt1 = gpu.push(k1, k1.length, 1);
    wt2 = gpu.push(k2, k2.length, 1);
    pz = new float[w * h];
    py = new float[w * d];
    cylHost = new float[p.angles * h];
    maskHost = new byte[p.angles * h];
  }

  static float[] weights(double sigmaPx) {
    int r = Math.max(1, (int) Math.ceil(3 * sigmaPx));
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) sum += Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx));
    for (int i = -r; i <= r; i++)
      k[i + r] = (float) (Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx)) / sum);
    return k;
  }

  @Override
  public Map<String, Double> analyse(Stack s) {
    if (Math.abs(s.voxelX() - s.voxelY()) > 1e-6 * s.voxelX()) {
      throw new IllegalArgumentException(
          "CylinderSpotAnalysis expects square pixels in x and y, got "
              + s.voxelX()
              + " x "
              + s.voxelY());
    }
    ensure(s);
    long t0 = System.nanoTime();
    gpu.pushInto(s.pixels(), src);
    mark(0, t0);
    k("blur_x_two")
        .arg(src.clMem())
        .arg(s1.clMem())
        .arg(s2.clMem())
        .arg(w)
        .arg(h)
        .arg(d)
        .arg(wt1.clMem())
        .arg(r1)
        .arg(wt2.clMem())
        .arg(r2)
        .run(w, h, d);
    k("blur_y_dog")
        .arg(s1.clMem())
        .arg(s2.clMem())
        .arg(dog.clMem())
        .arg(w)
        .arg(h)
        .arg(d)
        .arg(wt1.clMem())
        .arg(r1)
        .arg(wt2.clMem())
        .arg(r2)
        .arg((float) p.floor)
        .run(w, h, d);
    mark(1, t0);
    k("max_z_and_y")
        .arg(dog.clMem())
        .arg(projZ.clMem())
        .arg(projY.clMem())
        .arg(w)
        .arg(h)
        .arg(d)
        .run(w, Math.max(h, d));
    gpu.pull(projZ, pz);
    gpu.pull(projY, py);
    mark(2, t0);
    float thr = (float) p.threshold;
    // bounding box: columns/rows with at least 2 pixels above the threshold
    int[] xr = extent(pz, w, h, true, thr);
    int[] yr = extent(pz, w, h, false, thr);
    int[] zr = extent(py, w, d, false, thr);
    Map<String, Double> m = new LinkedHashMap<>();
    if (xr == null || yr == null || zr == null) {
      m.put("spot_count", 0.0);
      m.put("bbox_x_um", 0.0);
      m.put("bbox_y_um", 0.0);
      m.put("bbox_z_um", 0.0);
      m.put("min_sector_density", Double.NaN);
      m.put("mean_spot_intensity", Double.NaN);
      return m;
    }
    double xc = (xr[0] + xr[1]) / 2.0;
    double zc = (zr[0] + zr[1]) / 2.0;
    double radius = 0.25 * ((xr[1] - xr[0] + 1) * vx + (zr[1] - zr[0] + 1) * vz);
    double yc = (yr[0] + yr[1]) / 2.0;
    double halfLen = 0.5 * (yr[1] - yr[0] + 1) * vy + p.marginUm;
    double rstep = Math.min(vx, vz);
    k("cylinder_max")
        .arg(dog.clMem())
        .arg(cyl.clMem())
        .arg(w)
        .arg(h)
        .arg(d)
        .arg(p.angles)
        .arg((float) xc)
        .arg((float) zc)
        .arg((float) vx)
        .arg((float) vz)
        .arg((float) yc)
        .arg((float) vy)
        .arg((float) halfLen)
        .arg((float) radius)
        .arg((float) p.rMinFactor)
        .arg((float) p.rMaxFactor)
        .arg((float) p.marginUm)
        .arg((float) rstep)
        .run(p.angles, h);
    mark(3, t0);
    int ry = Math.max(1, (int) Math.round(p.maximaRadiusUm / vy));
    k("local_max_2d")
        .arg(cyl.clMem())
        .arg(mask.clMem())
        .arg(p.angles)
        .arg(h)
        .arg(p.maximaRadiusDeg)
        .arg(ry)
        .arg(thr)
        .run(p.angles, h);
    gpu.pull(mask, maskHost);
    gpu.pull(cyl, cylHost);
    mark(4, t0);
    int count = 0;
    double sumI = 0;
    int[] sector = new int[p.sectors];
    int perSector = p.angles / p.sectors;
    for (int y = 0; y < h; y++) {
      for (int a = 0; a < p.angles; a++) {
        int i = a + p.angles * y;
        if (maskHost[i] != 0) {
          count++;
          sumI += cylHost[i];
          sector[a / perSector]++;
        }
      }
    }
    int min = Integer.MAX_VALUE;
    for (int c : sector) min = Math.min(min, c);
    double mean = count / (double) p.sectors;
    m.put("spot_count", (double) count);
    m.put("bbox_x_um", (xr[1] - xr[0] + 1) * vx);
    m.put("bbox_y_um", (yr[1] - yr[0] + 1) * vy);
    m.put("bbox_z_um", (zr[1] - zr[0] + 1) * vz);
    m.put("min_sector_density", count == 0 ? Double.NaN : min / mean);
    m.put("mean_spot_intensity", count == 0 ? Double.NaN : sumI / count);
    return m;
  }

  /** Cumulative stage times (push, DoG, projections+pull, cylinder, maxima+pull) when profiling. */
  public final double[] stageMillis = new double[5];

  /** When true, every stage waits for the device so {@link #stageMillis} is meaningful. */
  public boolean profile;

  private void mark(int stage, long t0) {
    if (!profile) return;
    gpu.finish();
    double total = (System.nanoTime() - t0) / 1e6;
    double before = 0;
    for (int i = 0; i < stage; i++) before += lastStage[i];
    lastStage[stage] = total - before;
    stageMillis[stage] += lastStage[stage];
  }

  private final double[] lastStage = new double[5];

  /** Range of columns (or rows) of a w×h image with at least 2 pixels above thr, or null. */
  private static int[] extent(float[] img, int w, int h, boolean columns, float thr) {
    int n = columns ? w : h;
    int first = -1;
    int last = -1;
    for (int i = 0; i < n; i++) {
      int c = 0;
      int len = columns ? h : w;
      for (int j = 0; j < len && c < 2; j++) {
        float v = columns ? img[i + w * j] : img[j + w * i];
        if (v > thr) c++;
      }
      if (c >= 2) {
        if (first < 0) first = i;
        last = i;
      }
    }
    return first < 0 ? null : new int[] {first, last};
  }

  private org.fovea.core.KernelCall k(String name) {
    return gpu.kernel(CylinderSpotAnalysis.class, "kernels/scope_analysis.cl", name)
        .typeDefines("src", PixelType.UINT16);
  }

  private void release() {
    for (GpuImage g : new GpuImage[] {src, s1, s2, dog, projZ, projY, cyl, mask, wt1, wt2}) {
      if (g != null) g.close();
    }
    w = -1;
  }

  @Override
  public void close() {
    release();
  }
}
