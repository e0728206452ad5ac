package org.fovea.scope;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.ops.workflow.SpotCountingWorkflow;

/**
 * The reference workflow of the talk, {@link SpotCountingWorkflow} from fovea-ops (DoG in XY, keep
 * values above 1, resample to isotropic voxels, bounding box, resliceTop, resliceRadial 360 × 1°,
 * resliceLeft, maximum projection, Find Maxima with a prominence), behind the loop's {@link
 * StackAnalysis} interface, with the same measurement names as {@link CylinderSpotAnalysis}. Sigmas
 * are given in µm and converted to the workflow's input pixels; the isotropic voxel is {@code
 * isotropicUm} (1 µm as in the talk) but never finer than the stack's XY voxel, so that a coarse
 * stack is not blown up.
 */
public final class WorkflowAnalysis implements StackAnalysis {
  /** Parameters of the reference workflow. */
  public static final class Params {
    public double sigma1Um = 2.0;
    public double sigma2Um = 6.0;
    public double isotropicUm = 1.0;
    public double prominence = 5;
    public double boundingBoxThreshold = 5;
    public int sectors = 12;

    public static Params from(Conf c) {
      c.checkKnown(
          "type",
          "sigma1Um",
          "sigma2Um",
          "isotropicUm",
          "prominence",
          "boundingBoxThreshold",
          "sectors");
      Params p = new Params();
      p.sigma1Um = c.getDouble("sigma1Um", p.sigma1Um);
      p.sigma2Um = c.getDouble("sigma2Um", p.sigma2Um);
      p.isotropicUm = c.getDouble("isotropicUm", p.isotropicUm);
      p.prominence = c.getDouble("prominence", p.prominence);
      p.boundingBoxThreshold = c.getDouble("boundingBoxThreshold", p.boundingBoxThreshold);
      p.sectors = c.getInt("sectors", p.sectors);
      if (p.sigma1Um <= 0 || p.sigma2Um <= p.sigma1Um) {
        throw c.error("sigma2Um", "need 0 < sigma1Um < sigma2Um");
      }
      if (p.sectors < 2 || 360 % p.sectors != 0) throw c.error("sectors", "must divide 360");
      if (!(p.isotropicUm > 0)) throw c.error("isotropicUm", "must be > 0");
      return p;
    }
  }

  private final Gpu gpu;
  private final Params p;
  private SpotCountingWorkflow wf;
  private double vx;
  private double vy;
  private double vz;

  public WorkflowAnalysis(Gpu gpu, Params p) {
    this.gpu = gpu;
    this.p = p;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "reference spot-counting workflow (fovea-ops SpotCountingWorkflow) on %s (DoG %.1f/%.1f um,"
            + " isotropic %.2f um, 360 x 1 deg, prominence %.1f)",
        gpu.device().name(),
        p.sigma1Um,
        p.sigma2Um,
        p.isotropicUm,
        p.prominence);
  }

  private void ensure(Stack s) {
    if (wf != null && s.voxelX() == vx && s.voxelY() == vy && s.voxelZ() == vz) return;
    if (wf != null) wf.close();
    vx = s.voxelX();
    vy = s.voxelY();
    vz = s.voxelZ();
    double iso = Math.max(p.isotropicUm, Math.min(vx, vy));
    wf =
        new SpotCountingWorkflow(
            gpu,
            new SpotCountingWorkflow.Settings(
                SpotCountingWorkflow.LongAxis.Y,
                vx,
                vy,
                vz,
                iso,
                p.sigma1Um / vx,
                p.sigma2Um / vx,
                1,
                360,
                1,
                30,
                p.prominence,
                p.boundingBoxThreshold,
                true,
                false));
  }

  @Override
  public Map<String, Double> analyse(Stack s) {
    ensure(s);
    SpotCountingWorkflow.Result r = wf.process(s.pixels(), s.width(), s.height(), s.depth());
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("spot_count", (double) r.count());
    SpotCountingWorkflow.BoundingBox b = r.boundingBox();
    m.put("bbox_x_um", b == null ? 0.0 : b.width());
    m.put("bbox_y_um", b == null ? 0.0 : b.height());
    m.put("bbox_z_um", b == null ? 0.0 : b.depth());
    int[] sector = new int[p.sectors];
    double sumI = 0;
    int pw = r.projectionWidth();
    int angles = r.projectionHeight();
    for (int spot : r.spots()) {
      int a = spot / pw;
      sector[Math.min(p.sectors - 1, a * p.sectors / angles)]++;
      if (r.projection() != null) sumI += r.projection()[spot];
    }
    int min = Integer.MAX_VALUE;
    for (int c : sector) min = Math.min(min, c);
    long n = r.count();
    m.put("min_sector_density", n == 0 ? Double.NaN : min / (n / (double) p.sectors));
    m.put("mean_spot_intensity", n == 0 || r.projection() == null ? Double.NaN : sumI / n);
    return m;
  }

  @Override
  public void close() {
    if (wf != null) wf.close();
  }
}
