package org.fovea.ops.workflow;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Filters;
import org.fovea.ops.LabelMeasurements;
import org.fovea.ops.LabelStatistics;
import org.fovea.ops.Labels;
import org.fovea.ops.Measurements;
import org.fovea.ops.Thresholds;

/**
 * The CLIJ2 documentation's segmentation workflow as one call, all on the GPU: Gaussian blur → Otsu
 * threshold → connectedComponentsLabelingBox → excludeLabelsOnEdges → statisticsOfLabelledPixels
 * (measured on the unblurred image). 2D images and 3D stacks.
 */
public final class NucleiSegmentation {
  private NucleiSegmentation() {}

  /**
   * @param labels the final label map (1..count, 0 background), x fastest
   * @param objects objects found before those touching the border were removed
   * @param statistics one row per remaining label, CLIJ2's columns
   */
  public record Result(
      int[] labels, int width, int height, int depth, int objects, LabelStatistics statistics) {
    /** Objects kept (labels 1..count). */
    public int count() {
      return statistics.rows();
    }
  }

  /**
   * Segments {@code pixels} (byte[], short[], int[] or float[], x fastest; depth 1 for 2D).
   *
   * @param sigmaXY blur σ along x and y (pixels), > 0
   * @param sigmaZ blur σ along z (pixels), ≥ 0; ignored for 2D images
   */
  public static Result segment(
      Gpu gpu, Object pixels, int width, int height, int depth, double sigmaXY, double sigmaZ) {
    if (!(sigmaXY > 0) || !(sigmaZ >= 0) || Double.isInfinite(sigmaXY + sigmaZ)) {
      throw new FoveaException.InvalidArgument(
          "segment: sigmaXY must be > 0 and sigmaZ ≥ 0, got " + sigmaXY + " and " + sigmaZ);
    }
    try (GpuImage in = gpu.push(pixels, width, height, depth);
        GpuImage blurred = gpu.create(width, height, depth, PixelType.FLOAT32)) {
      if (depth > 1) {
        Filters.gaussianBlur3D(in, blurred, (float) sigmaXY, (float) sigmaXY, (float) sigmaZ);
      } else {
        Filters.gaussianBlur2D(in, blurred, (float) sigmaXY, (float) sigmaXY);
      }
      try (GpuImage mask = Thresholds.thresholdWith(Thresholds.Method.Otsu, blurred, null);
          GpuImage all = Labels.connectedComponentsLabelingBox(mask, null);
          GpuImage kept = Labels.excludeLabelsOnEdges(all, null)) {
        int objects = (int) Measurements.maximumOfAllPixels(all);
        LabelStatistics stats = LabelMeasurements.statisticsOfLabelledPixels(in, kept);
        return new Result((int[]) kept.pull(), width, height, depth, objects, stats);
      }
    }
  }
}
