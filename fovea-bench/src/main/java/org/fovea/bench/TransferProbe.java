package org.fovea.bench;

import java.util.Locale;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Measures push/pull bandwidth for several staging configurations to choose Fovea's defaults on a
 * machine, and checks that the data come back unchanged. Usage: {@code TransferProbe [device]
 * cfg...}, cfg like {@code mode=threads,subMB=2,threads=16} or {@code
 * mode=chunks,chunkMB=32,slots=2} (keys of the {@code fovea.staging.*} properties); "-" = defaults.
 */
public final class TransferProbe {
  private TransferProbe() {}

  public static void main(String[] args) throws Exception {
    String device = args.length > 0 ? args[0] : "";
    long[] sizes = {8, 64, 256};
    for (int c = 1; c < args.length; c++) {
      String cfg = args[c];
      for (String k : new String[] {"mode", "chunkMB", "slots", "threads", "subMB"}) {
        System.clearProperty("fovea.staging." + k);
      }
      if (!cfg.equals("-")) {
        for (String kv : cfg.split(",")) {
          String[] p = kv.split("=");
          System.setProperty("fovea.staging." + p[0], p[1]);
        }
      }
      try (Gpu gpu = Gpu.open(device)) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "staging %-36s", cfg));
        for (long mb : sizes) {
          int d = (int) ((mb << 20) / 2 / (1024 * 1024));
          short[] arr = new short[1024 * 1024 * d];
          for (int i = 0; i < arr.length; i += 61) arr[i] = (short) i;
          try (GpuImage img = gpu.create(1024, 1024, d, PixelType.UINT16)) {
            Timing.Result push =
                Timing.time(
                    new Timing.Body() {
                      @Override
                      public void run() {
                        gpu.pushInto(arr, img);
                      }

                      @Override
                      public void sync() {
                        gpu.finish();
                      }
                    },
                    3,
                    9);
            short[] back = new short[arr.length];
            Timing.Result pull = Timing.time(() -> gpu.pull(img, back), 3, 9);
            if (!java.util.Arrays.equals(arr, back)) sb.append(" DATA DIFFER!");
            double bytes = mb << 20;
            sb.append(
                String.format(
                    Locale.ROOT,
                    " | %4d MB push %5.1f pull %5.1f GB/s",
                    mb,
                    bytes / push.medianMs() / 1e6,
                    bytes / pull.medianMs() / 1e6));
          }
        }
        System.out.println(sb);
      }
    }
    System.exit(0);
  }
}
