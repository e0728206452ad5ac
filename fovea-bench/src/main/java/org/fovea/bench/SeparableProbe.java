package org.fovea.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Filters;

/**
 * Times the separable filters of the bench table (Gaussian σ 2, difference of Gaussians σ 2/4, box
 * mean and minimum r 2 on 2048×2048 and 1024×1024×32 uint16) under several launch configurations of
 * the fused kernel, in one JVM, and prints each time with its share of the table's pass bound
 * (bytes read + written by one pass × passes / time / copy bandwidth). Each configuration is a
 * comma list of system properties without their {@code fovea.fused.} prefix, e.g. {@code
 * rows2d=8,rows3d=2,groups=2048}; every output is compared with the first configuration's (the
 * largest difference is printed: launch shapes must not change results beyond float rounding).
 * Usage: {@code SeparableProbe [device] CONFIG...}.
 */
public final class SeparableProbe {
  private SeparableProbe() {}

  private interface Filter {
    void run(GpuImage src, GpuImage dst);
  }

  private record Row(String name, boolean is3D, PixelType out, Filter f) {}

  /** The row of {@code name} for 3D ({@code f3}) or 2D ({@code f2}). */
  private static Row row(String name, boolean d3, PixelType out, Filter f3, Filter f2) {
    return new Row(name, d3, out, d3 ? f3 : f2);
  }

  public static void main(String[] args) throws Exception {
    String device = args.length > 0 ? args[0] : "";
    List<Row> rows = new ArrayList<>();
    for (boolean d3 : new boolean[] {false, true}) {
      rows.add(
          row(
              "Gaussian σ2",
              d3,
              PixelType.UINT16,
              (s, o) -> Filters.gaussianBlur3D(s, o, 2, 2, 2),
              (s, o) -> Filters.gaussianBlur2D(s, o, 2, 2)));
      rows.add(
          row(
              "DoG σ2/4",
              d3,
              PixelType.FLOAT32,
              (s, o) -> Filters.differenceOfGaussian3D(s, o, 2, 2, 2, 4, 4, 4),
              (s, o) -> Filters.differenceOfGaussian2D(s, o, 2, 2, 4, 4)));
      rows.add(
          row(
              "Mean box r2",
              d3,
              PixelType.UINT16,
              (s, o) -> Filters.mean3DBox(s, o, 2, 2, 2),
              (s, o) -> Filters.mean2DBox(s, o, 2, 2)));
      rows.add(
          row(
              "Minimum box r2",
              d3,
              PixelType.UINT16,
              (s, o) -> Filters.extremum3DBox(Filters.Extremum.minimum, s, o, 2, 2, 2),
              (s, o) -> Filters.extremum2DBox(Filters.Extremum.minimum, s, o, 2, 2)));
    }
    try (Gpu gpu = Gpu.open(device)) {
      double copy = Timing.copyBandwidth(gpu, 512L << 20, 1_000_000_000L, 9, 10);
      System.out.printf(
          Locale.ROOT, "sepprobe device %s copy %.0f GB/s%n", gpu.device().name(), copy);
      BenchData d2 = new BenchData(2048, 2048, 1);
      BenchData d3 = new BenchData(1024, 1024, 32);
      try (GpuImage s2 = gpu.push(d2.a, 2048, 2048, 1);
          GpuImage s3 = gpu.push(d3.a, 1024, 1024, 32)) {
        float[][] first = new float[rows.size()][];
        for (int c = 1; c < args.length; c++) {
          for (String kv : args[c].split(",")) {
            String[] p = kv.split("=");
            System.setProperty("fovea.fused." + p[0], p[1]);
          }
          for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            GpuImage src = r.is3D ? s3 : s2;
            try (GpuImage dst = gpu.create(src.width(), src.height(), src.depth(), r.out)) {
              Timing.Result t =
                  Timing.timeBatched(
                      new Timing.Body() {
                        @Override
                        public void run() {
                          r.f.run(src, dst);
                        }

                        @Override
                        public void sync() {
                          gpu.finish();
                        }
                      },
                      5,
                      9,
                      r.is3D ? 20 : 100);
              float[] out = asFloats(gpu, dst);
              if (first[i] == null) first[i] = out;
              double diff = 0;
              for (int k = 0; k < out.length; k++) {
                diff = Math.max(diff, Math.abs(out[k] - first[i][k]));
              }
              long px = (long) src.width() * src.height() * src.depth();
              double bytes = px * (2.0 + r.out.bytes()) * (r.is3D ? 3 : 2);
              double pct = bytes / (t.medianMs() * 1e-3) / (copy * 1e9) * 100;
              System.out.printf(
                  Locale.ROOT,
                  "sepprobe %-28s %-16s %s %8.4f ms  %5.1f %% of bound  max|Δ| vs first %.3g%n",
                  args[c],
                  r.name,
                  r.is3D ? "3D" : "2D",
                  t.medianMs(),
                  pct,
                  diff);
            }
          }
        }
      }
    }
    System.exit(0);
  }

  private static float[] asFloats(Gpu gpu, GpuImage img) {
    Object a = gpu.pull(img);
    if (a instanceof float[] f) return f;
    short[] s = (short[]) a;
    float[] f = new float[s.length];
    for (int i = 0; i < s.length; i++) f[i] = s[i] & 0xFFFF;
    return f;
  }
}
