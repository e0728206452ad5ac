package org.fovea.bench;

import java.util.Locale;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Measures push/pull bandwidth for several staging configurations (chunk MB : slots : threads) to
 * choose Fovea's defaults on a machine. Usage: {@code TransferProbe [device] cfg...}, cfg like
 * {@code 8:3:16}; "-" keeps the defaults.
 */
public final class TransferProbe {
  private TransferProbe() {}

  public static void main(String[] args) throws Exception {
    String device = args.length > 0 ? args[0] : "";
    long[] sizes = {8, 64, 256};
    for (int c = 1; c < args.length; c++) {
      String cfg = args[c];
      if (!cfg.equals("-")) {
        String[] p = cfg.split(":");
        System.setProperty("fovea.staging.chunkMB", p[0]);
        System.setProperty("fovea.staging.slots", p[1]);
        System.setProperty("fovea.staging.threads", p[2]);
      }
      try (Gpu gpu = Gpu.open(device)) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "staging %-8s", cfg));
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
