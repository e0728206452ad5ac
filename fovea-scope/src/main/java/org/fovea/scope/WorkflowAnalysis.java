package org.fovea.scope;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.ops.workflow.SpotCountingWorkflow;

/**
 * The per-stack analysis of the loop (the default and only one): the talk's spot-counting workflow,
 * {@link SpotCountingWorkflow} from fovea-ops (DoG in XY, keep values above 1, resample to
 * isotropic voxels, bounding box, cylinder maximum projection 360 × 1° around the embryo's long
 * axis = Y, Find Maxima with a prominence; fused kernels, buffers reused across stacks), behind the
 * loop's {@link StackAnalysis} interface. Sigmas are given in µm and converted to the workflow's
 * input pixels; the isotropic voxel is {@code isotropicUm} (1 µm as in the talk) but never finer
 * than the stack's XY voxel, so that a coarse stack is not blown up. Its measured time per stack,
 * with the machine, is in docs/scope.md.
 *
 * <p>Measurements: {@code spot_count} (maxima of the cylinder projection, each nucleus once: the
 * workflow's seam margin); {@code bbox_x_um}, {@code bbox_y_um}, {@code bbox_z_um} (the embryo's
 * extent: voxels ≥ {@code boundingBoxThreshold} of the DoG); {@code min_sector_density} (the spots'
 * brightness — the sum of their projection values — in the darkest of {@code sectors} angular
 * sectors over the mean per sector, counting the spots of the middle of the embryo's length,
 * without {@code sectorEndFraction} (0.2) of it at each end, where the projection sees the poles at
 * grazing angles: ≈0.9 normally and ≥ 0.65 on our simulated runs outside the furrow; a ventral
 * furrow takes the nuclei of a stripe inwards, where they are dim, and darkens one sector: ≈0.3);
 * {@code mean_spot_intensity} (mean projection value at the spots).
 */
public final class WorkflowAnalysis implements StackAnalysis {
  /**
   * Parameters of the reference workflow (lengths in µm). Start from {@link #defaults()} and change
   * components by name with the {@code with...} methods.
   */
  public record Params(
      double sigma1Um,
      double sigma2Um,
      double isotropicUm,
      double prominence,
      double boundingBoxThreshold,
      int sectors,
      double sectorEndFraction) {
    /** The talk's DoG σ (µm), resampled voxel (µm) and prominence; 12 sectors, 0.2 ends. */
    private static final double DEFAULT_SIGMA1_UM = 2.0;

    private static final double DEFAULT_SIGMA2_UM = 6.0;
    private static final double DEFAULT_ISOTROPIC_UM = 1.0;
    private static final double DEFAULT_PROMINENCE = 5;
    private static final double DEFAULT_BOUNDING_BOX_THRESHOLD = 5;
    private static final int DEFAULT_SECTORS = 12;
    private static final double DEFAULT_SECTOR_END_FRACTION = 0.2;

    /** DoG σ 2 and 6 µm, 1 µm isotropic, prominence 5, box threshold 5, 12 sectors, 0.2 ends. */
    public static Params defaults() {
      return new Params(
          DEFAULT_SIGMA1_UM,
          DEFAULT_SIGMA2_UM,
          DEFAULT_ISOTROPIC_UM,
          DEFAULT_PROMINENCE,
          DEFAULT_BOUNDING_BOX_THRESHOLD,
          DEFAULT_SECTORS,
          DEFAULT_SECTOR_END_FRACTION);
    }

    public Params withSigmasUm(double s1, double s2) {
      return new Params(
          s1, s2, isotropicUm, prominence, boundingBoxThreshold, sectors, sectorEndFraction);
    }

    public Params withProminence(double p) {
      return new Params(
          sigma1Um, sigma2Um, isotropicUm, p, boundingBoxThreshold, sectors, sectorEndFraction);
    }

    public static Params from(Conf c) {
      c.checkKnown(
          "type",
          "sigma1Um",
          "sigma2Um",
          "isotropicUm",
          "prominence",
          "boundingBoxThreshold",
          "sectors",
          "sectorEndFraction");
      Params d = defaults();
      double sigma1Um = c.getDouble("sigma1Um", d.sigma1Um);
      double sigma2Um = c.getDouble("sigma2Um", d.sigma2Um);
      double isotropicUm = c.getDouble("isotropicUm", d.isotropicUm);
      double prominence = c.getDouble("prominence", d.prominence);
      double boundingBoxThreshold = c.getDouble("boundingBoxThreshold", d.boundingBoxThreshold);
      int sectors = c.getInt("sectors", d.sectors);
      double sectorEndFraction = c.getDouble("sectorEndFraction", d.sectorEndFraction);
      if (sigma1Um <= 0 || sigma2Um <= sigma1Um) {
        throw c.error("sigma2Um", "need 0 < sigma1Um < sigma2Um");
      }
      if (sectors < 2 || 360 % sectors != 0) throw c.error("sectors", "must divide 360");
      if (!(isotropicUm > 0)) throw c.error("isotropicUm", "must be > 0");
      if (!(sectorEndFraction >= 0 && sectorEndFraction < 0.5)) {
        throw c.error("sectorEndFraction", "must be in [0, 0.5)");
      }
      return new Params(
          sigma1Um,
          sigma2Um,
          isotropicUm,
          prominence,
          boundingBoxThreshold,
          sectors,
          sectorEndFraction);
    }
  }

  private final Gpu gpu;
  private final Params p;
  private SpotCountingWorkflow wf;
  private double vx;
  private double vy;
  private double vz;
  private volatile Projection last;

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
        p.sigma1Um(),
        p.sigma2Um(),
        p.isotropicUm(),
        p.prominence());
  }

  private void ensure(Stack s) {
    if (wf != null && s.voxelX() == vx && s.voxelY() == vy && s.voxelZ() == vz) return;
    if (wf != null) wf.close();
    vx = s.voxelX();
    vy = s.voxelY();
    vz = s.voxelZ();
    double iso = Math.max(p.isotropicUm(), Math.min(vx, vy));
    wf =
        new SpotCountingWorkflow(
            gpu,
            SpotCountingWorkflow.Settings.builder()
                .longAxis(SpotCountingWorkflow.LongAxis.Y)
                .voxelX(vx)
                .voxelY(vy)
                .voxelZ(vz)
                .isotropicVoxel(iso)
                .sigma1(p.sigma1Um() / vx)
                .sigma2(p.sigma2Um() / vx)
                .prominence(p.prominence())
                .boundingBoxThreshold(p.boundingBoxThreshold())
                .keepProjection(true)
                .timeSteps(false)
                .build());
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
    // the angular distribution of the spots' brightness (sum of their projection values per
    // sector) in the middle of the embryo's length: a ventral furrow takes the nuclei of a stripe
    // inwards, where they are dim, and darkens one sector; the ends (sectorEndFraction of the
    // length each) are left out, as the projection sees the poles at grazing angles
    double[] sector = new double[p.sectors()];
    double total = 0;
    double sumI = 0;
    int pw = r.projectionWidth();
    int angles = r.projectionHeight();
    float[] proj = r.projection();
    last = new Projection(proj, pw, angles, r.spots(), s.timePoint());
    double um = s.height() * s.voxelY() / pw; // µm per projection pixel along the long axis
    double lo = b == null ? 0 : b.y() + p.sectorEndFraction() * b.height();
    double hi = b == null ? 0 : b.y() + (1 - p.sectorEndFraction()) * b.height();
    for (int spot : r.spots()) {
      float v = proj[spot];
      sumI += v;
      double y = (spot % pw + 0.5) * um;
      if (y < lo || y > hi) continue;
      sector[Math.min(p.sectors() - 1, (spot / pw) * p.sectors() / angles)] += v;
      total += v;
    }
    double min = Double.MAX_VALUE;
    for (double c : sector) min = Math.min(min, c);
    long n = r.count();
    m.put("min_sector_density", total == 0 ? Double.NaN : min / (total / p.sectors()));
    m.put("mean_spot_intensity", n == 0 ? Double.NaN : sumI / n);
    return m;
  }

  @Override
  public Projection lastProjection() {
    return last;
  }

  @Override
  public void close() {
    if (wf != null) wf.close();
  }

  /** The "workflow" analysis of a run configuration (see {@link ScopeTypes}). */
  static final class Type implements ScopeTypes.AnalysisType {
    @Override
    public void check(Conf section) {
      Params.from(section);
    }

    @Override
    public StackAnalysis create(Gpu gpu, Conf section) {
      return new WorkflowAnalysis(gpu, Params.from(section));
    }
  }
}
