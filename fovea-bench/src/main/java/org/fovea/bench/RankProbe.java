package org.fovea.bench;

import java.util.Locale;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.OpSupport;

/**
 * Times fovea-ops' rank_filter kernel (minimum and mean over a sphere of radius 2, 1024×1024×32
 * uint16) with several work-group shapes, to choose the launch shape on a device. Usage: {@code
 * RankProbe [device] 32,4,1 16,4,4 ...}.
 */
public final class RankProbe {
  private RankProbe() {}

  public static void main(String[] args) throws Exception {
    String device = args.length > 0 ? args[0] : "";
    try (Gpu gpu = Gpu.open(device)) {
      BenchData data = new BenchData(1024, 1024, 32);
      try (GpuImage src = gpu.push(data.a, 1024, 1024, 32);
          GpuImage dst = gpu.create(1024, 1024, 32, PixelType.UINT16)) {
        for (int c = 1; c < args.length; c++) {
          String[] p = args[c].split(",");
          long[] local = {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])};
          StringBuilder sb =
              new StringBuilder(String.format(Locale.ROOT, "rank local %-8s", args[c]));
          for (int op : new int[] {1, 3}) {
            Timing.Result r =
                Timing.timeBatched(
                    new Timing.Body() {
                      @Override
                      public void run() {
                        OpSupport.kernel(gpu, "rank_filter.cl", "rank_filter")
                            .image("src", src)
                            .image("dst", dst)
                            .size(src)
                            .arg("rx", 2)
                            .arg("ry", 2)
                            .arg("rz", 2)
                            .arg("sphere", 1)
                            .arg("binary", 0)
                            .arg("take_max", 0)
                            .define("RANK_OP", op)
                            .define("MAX_N", 1)
                            .runPadded(new long[] {1024, 1024, 32}, local);
                      }

                      @Override
                      public void sync() {
                        gpu.finish();
                      }
                    },
                    3,
                    9,
                    5);
            sb.append(
                String.format(
                    Locale.ROOT, " | %s %.3f ms", op == 1 ? "min" : "mean", r.medianMs()));
          }
          System.out.println(sb);
        }
      }
    }
    System.exit(0);
  }
}
