package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import java.util.Random;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.LabelMeasurements;
import org.fovea.ops.LabelStatistics;
import org.fovea.ops.Labels;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fovea's label ops against CLIJ2 2.5.3.1 in the same JVM, on blob images the test makes itself
 * (Gaussian blobs, thresholded): identical label maps, label numbers included.
 */
class LabelsClij2ParityTest {
  static CLIJ2 clij;

  @BeforeAll
  static void startClij() {
    clij = CLIJ2.getInstance();
  }

  @AfterAll
  static void clearClij() {
    if (clij != null) clij.clear();
  }

  /** Sum of random Gaussian blobs, seeded; 2D when d == 1. */
  static float[] blobs(int w, int h, int d, int count, double sigma, long seed) {
    float[] img = new float[w * h * d];
    Random r = new Random(seed);
    for (int k = 0; k < count; k++) {
      double cx = r.nextDouble() * w, cy = r.nextDouble() * h, cz = r.nextDouble() * d;
      double s = sigma * (0.6 + 0.8 * r.nextDouble());
      int rad = (int) Math.ceil(3 * s);
      for (int z = Math.max(0, (int) cz - rad); z < Math.min(d, (int) cz + rad + 1); z++) {
        for (int y = Math.max(0, (int) cy - rad); y < Math.min(h, (int) cy + rad + 1); y++) {
          for (int x = Math.max(0, (int) cx - rad); x < Math.min(w, (int) cx + rad + 1); x++) {
            double dd =
                (x - cx) * (x - cx) + (y - cy) * (y - cy) + (d > 1 ? (z - cz) * (z - cz) : 0);
            img[x + w * (y + h * z)] += (float) (100 * Math.exp(-dd / (2 * s * s)));
          }
        }
      }
    }
    return img;
  }

  static float[] threshold(float[] img, float t) {
    float[] m = new float[img.length];
    for (int i = 0; i < m.length; i++) m[i] = img[i] > t ? 1 : 0;
    return m;
  }

  static ImagePlus imagePlus(float[] px, int w, int h, int d) {
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      float[] p = new float[w * h];
      System.arraycopy(px, z * w * h, p, 0, w * h);
      st.addSlice(new FloatProcessor(w, h, p));
    }
    return new ImagePlus("img", st);
  }

  static double[] fovea(GpuImage img) {
    return Peers.pixels(img);
  }

  static void assertSame(double[] expected, double[] actual, int w, int h, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        fail(
            what
                + ": first difference at x="
                + i % w
                + " y="
                + (i / w) % h
                + " z="
                + i / (w * h)
                + ": CLIJ2 "
                + expected[i]
                + ", Fovea "
                + actual[i]);
      }
    }
  }

  @Test
  void connectedComponentsLabelingMatchesClij2LabelForLabel() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      float[] mask = threshold(blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7), 50);
      ClearCLBuffer in = clij.push(imagePlus(mask, w, h, d));
      try (GpuImage src = gpu.push(mask, w, h, d)) {
        for (String kind : new String[] {"box", "diamond", "alias"}) {
          ClearCLBuffer lab = clij.create(in);
          GpuImage ours;
          switch (kind) {
            case "box" -> {
              clij.connectedComponentsLabelingBox(in, lab);
              ours = Labels.connectedComponentsLabelingBox(src, null);
            }
            case "diamond" -> {
              clij.connectedComponentsLabelingDiamond(in, lab);
              ours = Labels.connectedComponentsLabelingDiamond(src, null);
            }
            default -> {
              clij.connectedComponentsLabeling(in, lab);
              ours = Labels.connectedComponentsLabeling(src, null);
            }
          }
          double[] expected = Peers.pixels(clij, lab);
          double max = 0;
          for (double v : expected) max = Math.max(max, v);
          assertTrue(max > 5, kind + " " + w + "x" + h + "x" + d + ": too few objects " + max);
          try (ours) {
            assertSame(expected, fovea(ours), w, h, kind + " " + w + "x" + h + "x" + d);
          }
          clij.release(lab);
        }
      }
      clij.release(in);
    }
  }

  /** Compares a CLIJ2 Results table with a Fovea statistics table, headings and every value. */
  static void assertSameTable(ResultsTable expected, LabelStatistics actual, String what) {
    assertEquals(expected.size(), actual.rows(), what + ": rows");
    for (LabelStatistics.Column c : LabelStatistics.columns()) {
      assertTrue(expected.columnExists(c.name()), what + ": CLIJ2 has no column " + c.name());
    }
    assertEquals(
        LabelStatistics.columnNames().size(),
        expected.getHeadings().length,
        what + ": CLIJ2 columns " + String.join(",", expected.getHeadings()));
    for (int r = 0; r < expected.size(); r++) {
      for (LabelStatistics.Column c : LabelStatistics.columns()) {
        double e = expected.getValue(c.name(), r);
        double a = actual.get(r, c);
        if (!(Math.abs(e - a) <= 1e-9 * Math.abs(e) + 1e-9)) {
          fail(what + ": row " + r + " " + c.name() + ": CLIJ2 " + e + ", Fovea " + a);
        }
      }
    }
  }

  @Test
  void statisticsMatchClij2ResultsRows() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      float[] img = blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7);
      for (int i = 0; i < img.length; i++) img[i] = Math.round(img[i]);
      float[] mask = threshold(img, 50);
      String what = w + "x" + h + "x" + d;
      ClearCLBuffer in = clij.push(imagePlus(img, w, h, d));
      ClearCLBuffer bin = clij.push(imagePlus(mask, w, h, d));
      ClearCLBuffer lab = clij.create(in);
      clij.connectedComponentsLabelingBox(bin, lab);
      try (GpuImage src = gpu.push(img, w, h, d);
          GpuImage m = gpu.push(mask, w, h, d);
          GpuImage labels = Labels.connectedComponentsLabelingBox(m, null)) {
        ResultsTable rt = new ResultsTable();
        clij.statisticsOfLabelledPixels(in, lab, rt);
        assertTrue(rt.size() > 5, what + ": too few labels");
        assertSameTable(rt, LabelMeasurements.statisticsOfLabelledPixels(src, labels), what);
        rt = new ResultsTable();
        clij.statisticsOfBackgroundAndLabelledPixels(in, lab, rt);
        assertSameTable(
            rt,
            LabelMeasurements.statisticsOfBackgroundAndLabelledPixels(src, labels),
            what + " with background");
        rt = new ResultsTable();
        clij.statisticsOfImage(in, rt);
        assertSameTable(rt, LabelMeasurements.statisticsOfImage(src), what + " image");
      }
      clij.release(in);
      clij.release(bin);
      clij.release(lab);
    }
  }
}
