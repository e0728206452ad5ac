package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.Labels;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * dilateLabels and the Voronoi labelings against CLIJ2 2.5.3.1 in the same JVM, on blob images the
 * test makes itself: identical label maps, label numbers included.
 */
class LabelGrowthClij2ParityTest extends Clij2Parity {
  /** As {@link Clij2Parity#compare}, and the result holds more than 5 labels. */
  static void compareLabels(
      ClearCLBuffer like, ClijOp clijOp, GpuImage ours, int w, int h, String what) {
    double max = 0;
    for (double v : compare(like, clijOp, ours, w, h, what)) max = Math.max(max, v);
    assertTrue(max > 5, what + ": too few labels " + max);
  }

  @Test
  void labelGrowthMatchesClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      float[] img = blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7);
      // small seeds (high threshold) and a wider mask (low threshold)
      float[] seeds = threshold(img, 80);
      float[] mask = threshold(img, 20);
      String what = w + "x" + h + "x" + d;
      ClearCLBuffer bin = clij.push(imagePlus(seeds, w, h, d));
      ClearCLBuffer msk = clij.push(imagePlus(mask, w, h, d));
      ClearCLBuffer lab = clij.create(bin);
      clij.connectedComponentsLabelingBox(bin, lab);
      try (GpuImage b = gpu.push(seeds, w, h, d);
          GpuImage m = gpu.push(mask, w, h, d);
          GpuImage labels = Labels.connectedComponentsLabelingBox(b, null)) {
        for (int r : new int[] {1, 2, 3, 6}) {
          compareLabels(
              bin,
              dst -> clij.dilateLabels(lab, dst, r),
              Labels.dilateLabels(labels, null, r),
              w,
              h,
              what + " dilateLabels radius " + r);
        }
        compareLabels(
            bin,
            dst -> clij.extendLabelingViaVoronoi(lab, dst),
            Labels.extendLabelingViaVoronoi(labels, null),
            w,
            h,
            what + " extendLabelingViaVoronoi");
        compareLabels(
            bin,
            dst -> clij.voronoiLabeling(bin, dst),
            Labels.voronoiLabeling(b, null),
            w,
            h,
            what + " voronoiLabeling");
        compareLabels(
            bin,
            dst -> clij.maskedVoronoiLabeling(bin, msk, dst),
            Labels.maskedVoronoiLabeling(b, m, null),
            w,
            h,
            what + " maskedVoronoiLabeling");
      }
      for (ClearCLBuffer c : new ClearCLBuffer[] {bin, msk, lab}) clij.release(c);
    }
  }

  @Test
  void erodeLabelsMatchesClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      // Voronoi-extended blob labels: labels touch everywhere, thin ones split when eroded
      float[] seeds = threshold(blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7), 80);
      String what = w + "x" + h + "x" + d;
      ClearCLBuffer bin = clij.push(imagePlus(seeds, w, h, d));
      ClearCLBuffer lab = clij.create(bin);
      clij.voronoiLabeling(bin, lab);
      try (GpuImage b = gpu.push(seeds, w, h, d);
          GpuImage labels = Labels.voronoiLabeling(b, null)) {
        for (int r : new int[] {1, 2, 3, 4}) {
          for (boolean relabel : new boolean[] {false, true}) {
            compareLabels(
                bin,
                dst -> clij.erodeLabels(lab, dst, r, relabel),
                Labels.erodeLabels(labels, null, r, relabel),
                w,
                h,
                what + " erodeLabels radius " + r + " relabel_islands " + relabel);
          }
        }
      }
      clij.release(bin);
      clij.release(lab);
    }
  }

  @Test
  void voronoiOtsuLabelingAgreesWithClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      float[] img = blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7);
      String what = w + "x" + h + "x" + d + " voronoiOtsuLabeling";
      ClearCLBuffer in = clij.push(imagePlus(img, w, h, d));
      ClearCLBuffer dst = clij.create(in);
      clij.voronoiOtsuLabeling(in, dst, 2f, 2f);
      double[] expected = Peers.pixels(clij, dst);
      clij.release(dst);
      clij.release(in);
      try (GpuImage src = gpu.push(img, w, h, d);
          GpuImage ours = Labels.voronoiOtsuLabeling(src, null, 2, 2)) {
        double[] actual = Peers.pixels(ours);
        int differ = 0;
        double maxE = 0, maxA = 0;
        for (int i = 0; i < expected.length; i++) {
          if (expected[i] != actual[i]) differ++;
          maxE = Math.max(maxE, expected[i]);
          maxA = Math.max(maxA, actual[i]);
        }
        String msg =
            what
                + ": labels CLIJ2 "
                + maxE
                + ", Fovea "
                + maxA
                + ", differing pixels "
                + differ
                + " of "
                + expected.length;
        System.out.println(msg);
        // the same pipeline with CLIJ2's Otsu rule (see the op's notes): identical label maps
        assertTrue(maxE > 5, msg);
        assertSame(expected, actual, w, h, what);
      }
    }
  }

  @Test
  void voronoiGrowthStopsWhereClij2Stops() {
    // a seed on a diagonal mask line: only box steps can grow it; CLIJ2 stops at the first step
    // that changes nothing (the diamond step after the first box step)
    Gpu gpu = TestGpu.get();
    int w = 9, h = 9;
    float[] seed = new float[w * h], mask = new float[w * h];
    seed[1 + w] = 1;
    for (int k = 1; k < 8; k++) mask[k + k * w] = 1;
    ClearCLBuffer s = clij.push(imagePlus(seed, w, h, 1));
    ClearCLBuffer m = clij.push(imagePlus(mask, w, h, 1));
    ClearCLBuffer dst = clij.create(s);
    clij.maskedVoronoiLabeling(s, m, dst);
    double[] expected = Peers.pixels(clij, dst);
    for (ClearCLBuffer c : new ClearCLBuffer[] {s, m, dst}) clij.release(c);
    try (GpuImage gs = gpu.push(seed, w, h, 1);
        GpuImage gm = gpu.push(mask, w, h, 1);
        GpuImage ours = Labels.maskedVoronoiLabeling(gs, gm, null)) {
      assertSame(expected, Peers.pixels(ours), w, h, "diagonal maskedVoronoiLabeling");
    }
  }
}
