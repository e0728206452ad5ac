package org.fovea.spark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.fovea.core.Gpu;
import org.fovea.io.TiffStack;
import org.fovea.ops.workflow.SpotCountingWorkflow;

/**
 * {@code count-spots}' work on one stack: the same {@link SpotCountingWorkflow} settings as the
 * command ({@code defaults().withVoxel(..).withProminence(..).withLongAxis(..)}, no per-step
 * timing) and the same columns: {@code count} and the bounding box in µm (empty when nothing was
 * above the threshold).
 */
record CountSpotsWork(String device, double[] voxel, double prominence, String longAxis)
    implements StackWork {

  static final List<String> COLUMNS =
      List.of(
          "count",
          "bbox_x_um",
          "bbox_y_um",
          "bbox_z_um",
          "bbox_width_um",
          "bbox_height_um",
          "bbox_depth_um");

  CountSpotsWork {
    SpotCountingWorkflow.LongAxis.valueOf(longAxis); // fails on the driver, before the job
    if (!(prominence >= 0)) throw new IllegalArgumentException("--prominence must be ≥ 0");
  }

  @Override
  public String name() {
    return "count-spots";
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "spot-counting workflow (prominence %s, long axis %s, voxel %s)",
        prominence,
        longAxis,
        voxel == null ? "from each TIFF" : Arrays.toString(voxel));
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public boolean integerColumn(String column) {
    return column.equals("count");
  }

  @Override
  public String format(String column, double v) {
    return column.equals("count")
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.2f", v); // count-spots' fmt
  }

  SpotCountingWorkflow.Settings settings(double[] v) {
    return SpotCountingWorkflow.Settings.defaults()
        .withVoxel(v[0], v[1], v[2])
        .withProminence(prominence)
        .withLongAxis(SpotCountingWorkflow.LongAxis.valueOf(longAxis))
        .withTimeSteps(false);
  }

  @Override
  public LinkedHashMap<String, Double> measure(
      Gpu gpu, String deviceKey, TiffStack st, double[] v, StackRef ref) {
    SpotCountingWorkflow.Settings s = settings(v);
    String key = "count-spots|" + deviceKey + "|" + s;
    SpotCountingWorkflow wf = ExecutorGpus.borrow(key, g -> new SpotCountingWorkflow(g, s), gpu);
    boolean healthy = false;
    try {
      SpotCountingWorkflow.Result r = wf.process(st.pixels(), st.width(), st.height(), st.depth());
      LinkedHashMap<String, Double> m = new LinkedHashMap<>();
      m.put("count", (double) r.count());
      SpotCountingWorkflow.BoundingBox b = r.boundingBox();
      if (b != null) {
        m.put("bbox_x_um", b.x());
        m.put("bbox_y_um", b.y());
        m.put("bbox_z_um", b.z());
        m.put("bbox_width_um", b.width());
        m.put("bbox_height_um", b.height());
        m.put("bbox_depth_um", b.depth());
      }
      healthy = true;
      return m;
    } finally {
      ExecutorGpus.release(gpu, key, wf, healthy);
    }
  }
}
