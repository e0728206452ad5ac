package org.fovea.bench;

import ij.ImagePlus;
import ij.ImageStack;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.LabelMeasurements;
import org.fovea.ops.LabelStatistics;
import org.fovea.ops.Labels;
import org.fovea.ops.Measurements;

/**
 * The labeling and label-statistics rows (docs/benchmarks/README.md): Fovea's
 * connectedComponentsLabelingBox and statisticsOfLabelledPixels against CLIJ2's, on the raw mask
 * and intensity files that {@code fovea-bench/python/label_peer.py} writes (its JSON holds the
 * CuPy, SciPy and scikit-image times of the same data). Checks before timing that Fovea and CLIJ2
 * find the same number of objects and the same pixel count, sum and maximum per label.
 *
 * <pre>java -cp ... org.fovea.bench.LabelBench DIR W H D [device] [out.md]</pre>
 */
public final class LabelBench {
  private LabelBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int w = Integer.parseInt(args[1]);
    int h = Integer.parseInt(args[2]);
    int d = Integer.parseInt(args[3]);
    String device = args.length > 4 && !args[4].isEmpty() ? args[4] : null;
    PrintStream out = System.out;
    StringBuilder md = new StringBuilder();
    byte[] mask = Files.readAllBytes(dir.resolve("mask.u8"));
    float[] img = new float[w * h * d];
    ByteBuffer.wrap(Files.readAllBytes(dir.resolve("intensity.f32")))
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(img);
    try (Gpu gpu = Gpu.open(device);
        GpuImage gm = gpu.push(mask, w, h, d);
        GpuImage gi = gpu.push(img, w, h, d);
        GpuImage lab = gpu.create(w, h, d, PixelType.UINT32)) {
      out.println("labelbench: device " + gpu.device().name());
      Labels.connectedComponentsLabelingBox(gm, lab);
      long objects = (long) Measurements.maximumOfAllPixels(lab);
      Timing.Body label =
          new Timing.Body() {
            @Override
            public void run() {
              Labels.connectedComponentsLabelingBox(gm, lab);
            }

            @Override
            public void sync() {
              gpu.finish();
            }
          };
      Timing.time(label, 5, 3);
      double fLabel = Timing.timeBatched(label, 2, 15, 10).medianMs();
      LabelStatistics st = LabelMeasurements.statisticsOfLabelledPixels(gi, lab);
      Timing.Result fStats =
          Timing.time(() -> LabelMeasurements.statisticsOfLabelledPixels(gi, lab), 3, 11);
      out.printf(
          Locale.ROOT,
          "labelbench: Fovea %d objects; label %.3f ms; statistics (%d rows x %d columns,"
              + " incl. the pull) %.2f ms; label 1: count %.0f sum %.3f max %.3f%n",
          objects,
          fLabel,
          st.rows(),
          LabelStatistics.columns().size(),
          fStats.medianMs(),
          st.get(0, LabelStatistics.Column.PIXEL_COUNT),
          st.get(0, LabelStatistics.Column.SUM_INTENSITY),
          st.get(0, LabelStatistics.Column.MAXIMUM_INTENSITY));
      LabelStatistics bg = LabelMeasurements.statisticsOfBackgroundAndLabelledPixels(gi, lab);
      Timing.Result fBg =
          Timing.time(
              () -> LabelMeasurements.statisticsOfBackgroundAndLabelledPixels(gi, lab), 3, 11);
      out.printf(
          Locale.ROOT,
          "labelbench: Fovea statisticsOfBackgroundAndLabelledPixels (%d rows, incl. the pull)"
              + " %.2f ms; background: count %.0f sum %.3f max %.3f%n",
          bg.rows(),
          fBg.medianMs(),
          bg.get(0, LabelStatistics.Column.PIXEL_COUNT),
          bg.get(0, LabelStatistics.Column.SUM_INTENSITY),
          bg.get(0, LabelStatistics.Column.MAXIMUM_INTENSITY));
      String cl = "n/a";
      String cbg = "n/a";
      String cs = "n/a";
      String check = "";
      try {
        CLIJ2 clij = CLIJ2.getInstance(gpu.device().name());
        ClearCLBuffer cm = clij.push(stack(mask, w, h, d, false));
        ClearCLBuffer ci = clij.push(stack(img, w, h, d, true));
        ClearCLBuffer clab = clij.create(new long[] {w, h, d}, NativeTypeEnum.Float);
        Timing.Result cLabel =
            Timing.time(
                new Timing.Body() {
                  @Override
                  public void run() {
                    clij.connectedComponentsLabelingBox(cm, clab);
                  }

                  @Override
                  public void sync() {
                    Peers.clijFinish(clij);
                  }
                },
                1,
                5);
        long cObjects = (long) clij.maximumOfAllPixels(clab);
        double[][] cst = clij.statisticsOfLabelledPixels(ci, clab);
        Timing.Result cStats = Timing.time(() -> clij.statisticsOfLabelledPixels(ci, clab), 0, 3);
        double[][] cbgt = clij.statisticsOfBackgroundAndLabelledPixels(ci, clab);
        Timing.Result cBg =
            Timing.time(() -> clij.statisticsOfBackgroundAndLabelledPixels(ci, clab), 0, 3);
        cbg = String.format(Locale.ROOT, "%.0f", cBg.medianMs());
        double worstBg = compare(bg, cbgt);
        out.printf(
            Locale.ROOT,
            "labelbench: CLIJ2 statisticsOfBackgroundAndLabelledPixels %.1f ms; largest relative"
                + " difference of pixel count, sum and maximum over the background and all labels:"
                + " %.2g%n",
            cBg.medianMs(),
            worstBg);
        cl = String.format(Locale.ROOT, "%.1f", cLabel.medianMs());
        cs = String.format(Locale.ROOT, "%.0f", cStats.medianMs());
        // CLIJ2's rows: [label - 1][column]; compare pixel count, sum and max of every label
        double worst = compare(st, cst);
        check =
            String.format(
                Locale.ROOT,
                "CLIJ2 %d objects (Fovea %d); largest relative difference of pixel count, sum and"
                    + " maximum over all labels: %.2g",
                cObjects,
                objects,
                worst);
        out.printf(
            Locale.ROOT,
            "labelbench: CLIJ2 label %.1f ms, statistics %.1f ms; %s%n",
            cLabel.medianMs(),
            cStats.medianMs(),
            check);
        clij.release(cm);
        clij.release(ci);
        clij.release(clab);
      } catch (Throwable t) {
        check = "CLIJ2 failed: " + TableGenerator.oneLine(t);
        out.println("labelbench: " + check);
      }
      md.append("| op | Fovea | CLIJ2 |\n|---|---:|---:|\n");
      md.append(
          String.format(
              Locale.ROOT,
              "| connectedComponentsLabelingBox (%d objects) | %.3f | %s |%n",
              objects,
              fLabel,
              cl));
      md.append(
          String.format(
              Locale.ROOT,
              "| statisticsOfLabelledPixels (%d columns, result on the host) | %.2f | %s |%n",
              LabelStatistics.columns().size(),
              fStats.medianMs(),
              cs));
      md.append(
          String.format(
              Locale.ROOT,
              "| statisticsOfBackgroundAndLabelledPixels (%d rows, result on the host) | %.2f | %s"
                  + " |%n",
              bg.rows(),
              fBg.medianMs(),
              cbg));
      md.append("\n").append(check).append("\n");
    }
    out.print(md);
    if (args.length > 5) Files.writeString(Path.of(args[5]), md, StandardCharsets.UTF_8);
  }

  private static double compare(LabelStatistics f, double[][] c) {
    LabelStatistics.Column[] cols = {
      LabelStatistics.Column.PIXEL_COUNT,
      LabelStatistics.Column.SUM_INTENSITY,
      LabelStatistics.Column.MAXIMUM_INTENSITY
    };
    java.util.List<String> names = LabelStatistics.columnNames();
    if (c.length != f.rows()) return Double.POSITIVE_INFINITY;
    double worst = 0;
    for (int r = 0; r < f.rows(); r++) {
      for (LabelStatistics.Column col : cols) {
        int ci = names.indexOf(col.name());
        double a = f.get(r, col);
        double b = c[r][ci];
        worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-12, Math.abs(b)));
      }
    }
    return worst;
  }

  private static ImagePlus stack(Object flat, int w, int h, int d, boolean isFloat) {
    ImageStack st = new ImageStack(w, h);
    int plane = w * h;
    for (int z = 0; z < d; z++) {
      if (isFloat) {
        float[] s = new float[plane];
        System.arraycopy(flat, z * plane, s, 0, plane);
        st.addSlice(null, s);
      } else {
        byte[] s = new byte[plane];
        System.arraycopy(flat, z * plane, s, 0, plane);
        st.addSlice(null, s);
      }
    }
    return new ImagePlus("in", st);
  }
}
