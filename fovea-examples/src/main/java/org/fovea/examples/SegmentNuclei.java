package org.fovea.examples;

import org.fovea.core.Gpu;
import org.fovea.ops.LabelStatistics;
import org.fovea.ops.LabelStatistics.Column;
import org.fovea.ops.workflow.NucleiSegmentation;
import org.fovea.ops.workflow.SyntheticNucleiStack;

/**
 * Example 5: segment nuclei and measure them, as the CLIJ2 documentation's label macros do.
 *
 * <p>{@link NucleiSegmentation} chains five GPU ops: Gaussian blur → Otsu threshold →
 * connectedComponentsLabelingBox → excludeLabelsOnEdges → statisticsOfLabelledPixels. The result is
 * the label map (uint32 pixels, 0 = background, 1..n nuclei) and a {@link LabelStatistics} table
 * with CLIJ2's 36 columns, one row per nucleus. {@code ./fovea segment} is the same pipeline with
 * TSV and PNG output.
 *
 * <p>Run: {@code java -cp
 * "fovea-examples/target/fovea-examples-0.1.0-SNAPSHOT.jar:fovea-examples/target/lib/*"
 * org.fovea.examples.SegmentNuclei [seed]}
 */
public final class SegmentNuclei {
  private SegmentNuclei() {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    try (Gpu gpu = Gpu.open()) {
      System.out.println("Device: " + gpu.device().name());
      SyntheticNucleiStack.Spec spec = SyntheticNucleiStack.Spec.small(seed);
      NucleiSegmentation.Result r = run(gpu, spec);
      System.out.printf(
          "%d nuclei segmented (%d objects, %d on the border removed)%n",
          r.count(), r.objects(), r.objects() - r.count());
      LabelStatistics t = r.statistics();
      for (int row = 0; row < Math.min(5, t.rows()); row++) {
        System.out.printf(
            "  label %d: %d voxels, mean intensity %.1f, centroid (%.1f, %.1f, %.1f)%n",
            (long) t.get(row, Column.IDENTIFIER),
            (long) t.get(row, Column.PIXEL_COUNT),
            t.get(row, Column.MEAN_INTENSITY),
            t.get(row, Column.CENTROID_X),
            t.get(row, Column.CENTROID_Y),
            t.get(row, Column.CENTROID_Z));
      }
    }
    System.exit(0);
  }

  /** Generates the synthetic stack of {@code spec} and segments it. */
  public static NucleiSegmentation.Result run(Gpu gpu, SyntheticNucleiStack.Spec spec) {
    SyntheticNucleiStack stack = SyntheticNucleiStack.generate(spec);
    // blur σ 2 pixels in x and y; in z scaled by the voxel size (0.52 µm / 2 µm), so ~0.5 µm³
    double sigmaZ = 2 * spec.voxelX() / spec.voxelZ();
    return NucleiSegmentation.segment(
        gpu, stack.pixels(), spec.width(), spec.height(), spec.depth(), 2, sigmaZ);
  }
}
