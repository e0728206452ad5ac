package org.fovea.bench;

import java.util.Locale;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.Measurements;
import org.fovea.ops.Thresholds;

/**
 * Where the time of automaticThreshold goes, per stage, for the table's 2D input, a 3D input of the
 * same pixel count, and the table's 3D input (why is 2D slower than 3D?). Each stage is timed as k
 * back-to-back calls and one finish.
 *
 * <pre>java -cp ... org.fovea.bench.AutoThresholdProbe [device]</pre>
 */
public final class AutoThresholdProbe {
  private AutoThresholdProbe() {}

  public static void main(String[] args) throws Exception {
    try (Gpu gpu = Gpu.open(args.length > 0 && !args[0].isEmpty() ? args[0] : null)) {
      // the second half repeats the first in reverse order: an order (JIT, clocks) effect shows
      int[][] shapes = {
        {2048, 2048, 1}, {1024, 1024, 4}, {2048, 1024, 2}, {1024, 1024, 32},
        {1024, 1024, 32}, {2048, 1024, 2}, {1024, 1024, 4}, {2048, 2048, 1}
      };
      for (int[] s : shapes) {
        BenchData data = new BenchData(s[0], s[1], s[2]);
        try (Peers.FoveaInputs in = new Peers.FoveaInputs(gpu, data);
            GpuImage mask = Thresholds.automaticThreshold(in.a, null, Thresholds.Method.Default)) {
          GpuImage a = in.a;
          String shape = s[0] + "x" + s[1] + "x" + s[2];
          stage(
              gpu,
              shape,
              "automaticThreshold",
              () -> Thresholds.automaticThreshold(a, mask, Thresholds.Method.Default));
          stage(
              gpu,
              shape,
              "histogramBins(256) incl. min/max + pull",
              () -> Measurements.histogramBins(a, 256));
          stage(gpu, shape, "minimumOfAllPixels (pulls)", () -> Measurements.minimumOfAllPixels(a));
          stage(gpu, shape, "threshold (apply)", () -> Thresholds.threshold(a, mask, 2048f));
        }
      }
    }
  }

  private static void stage(Gpu gpu, String shape, String what, Runnable r) throws Exception {
    Timing.Result t =
        Timing.timeBatched(
            new Timing.Body() {
              @Override
              public void run() {
                r.run();
              }

              @Override
              public void sync() {
                gpu.finish();
              }
            },
            5,
            15,
            20);
    System.out.printf(
        Locale.ROOT, "autothreshold probe %-14s %-42s %8.4f ms%n", shape, what, t.medianMs());
  }
}
