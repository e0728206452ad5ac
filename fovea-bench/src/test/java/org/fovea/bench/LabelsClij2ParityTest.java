package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.measure.ResultsTable;
import java.util.Random;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.Arithmetic;
import org.fovea.ops.Conversions;
import org.fovea.ops.LabelMeasurements;
import org.fovea.ops.LabelStatistics;
import org.fovea.ops.Labels;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * Fovea's label ops against CLIJ2 2.5.3.1 in the same JVM, on blob images the test makes itself
 * (Gaussian blobs, thresholded): identical label maps, label numbers included.
 */
class LabelsClij2ParityTest extends Clij2Parity {
  static double[] fovea(GpuImage img) {
    return Peers.pixels(img);
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

  @Test
  void labelEditingMatchesClij2() {
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
      int n = (int) clij.maximumOfAllPixels(lab);
      // a label map with gaps: every label doubled
      ClearCLBuffer gappy = clij.create(in);
      clij.multiplyImageAndScalar(lab, gappy, 2);
      // a value per label (0..n) and a flag list
      float[] vals = new float[n + 1];
      float[] flags = new float[n + 1];
      for (int l = 0; l <= n; l++) {
        vals[l] = (l * 37) % 11;
        flags[l] = l % 3 == 1 ? 1 : 0;
      }
      ClearCLBuffer cv = clij.push(imagePlus(vals, n + 1, 1, 1));
      ClearCLBuffer cf = clij.push(imagePlus(flags, n + 1, 1, 1));
      try (GpuImage src = gpu.push(img, w, h, d);
          GpuImage m = gpu.push(mask, w, h, d);
          GpuImage labels = Labels.connectedComponentsLabelingBox(m, null);
          GpuImage gaps = Arithmetic.multiplyImageAndScalar(labels, null, 2);
          GpuImage fv = gpu.push(vals, n + 1, 1, 1);
          GpuImage ff = gpu.push(flags, n + 1, 1, 1)) {
        compare(
            in,
            dst -> clij.closeIndexGapsInLabelMap(gappy, dst),
            Labels.closeIndexGapsInLabelMap(gaps, null),
            w,
            h,
            what + " closeIndexGapsInLabelMap");
        compare(
            in,
            dst -> clij.excludeLabelsOnEdges(lab, dst),
            Labels.excludeLabelsOnEdges(labels, null),
            w,
            h,
            what + " excludeLabelsOnEdges");
        compare(
            in,
            dst -> clij.excludeLabelsOutsideSizeRange(lab, dst, 20, 60),
            Labels.excludeLabelsOutsideSizeRange(labels, null, 20, 60),
            w,
            h,
            what + " excludeLabelsOutsideSizeRange");
        compare(
            in,
            dst -> clij.excludeLabelsWithValuesOutOfRange(cv, lab, dst, 3, 7),
            Labels.excludeLabelsWithValuesOutOfRange(fv, labels, null, 3, 7),
            w,
            h,
            what + " excludeLabelsWithValuesOutOfRange");
        compare(
            in,
            dst -> clij.excludeLabelsWithValuesWithinRange(cv, lab, dst, 3, 7),
            Labels.excludeLabelsWithValuesWithinRange(fv, labels, null, 3, 7),
            w,
            h,
            what + " excludeLabelsWithValuesWithinRange");
        compare(
            in,
            dst -> clij.excludeLabels(cf, lab, dst),
            Labels.excludeLabels(ff, labels, null),
            w,
            h,
            what + " excludeLabels");
        compare(
            in,
            dst -> clij.labelToMask(lab, dst, 3),
            Labels.labelToMask(labels, null, 3),
            w,
            h,
            what + " labelToMask");
        compare(
            in,
            dst -> clij.maskLabel(in, lab, dst, 3),
            Labels.maskLabel(src, labels, null, 3),
            w,
            h,
            what + " maskLabel");
        compare(
            in,
            dst -> clij.replaceIntensity(lab, dst, 2, 99),
            Labels.replaceIntensity(labels, null, 2, 99),
            w,
            h,
            what + " replaceIntensity");
        try (GpuImage asFloat = gpu.create(w, h, d, org.fovea.core.PixelType.FLOAT32)) {
          Labels.replaceIntensities(labels, fv, asFloat);
          compare(
              in,
              dst -> clij.replaceIntensities(lab, cv, dst),
              Conversions.copy(asFloat, null),
              w,
              h,
              what + " replaceIntensities");
        }
      }
      for (ClearCLBuffer b : new ClearCLBuffer[] {in, bin, lab, gappy, cv, cf}) clij.release(b);
    }
  }

  @Test
  void spotsAndPointListsMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{37, 23, 1}, {21, 17, 7}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      float[] spots = new float[w * h * d];
      Random r = new Random(5);
      for (int k = 0; k < 30; k++) spots[r.nextInt(spots.length)] = 1;
      int n = 0;
      for (float v : spots) if (v != 0) n++;
      int dims = d > 1 ? 3 : 2;
      String what = w + "x" + h + "x" + d;
      ClearCLBuffer cs = clij.push(imagePlus(spots, w, h, d));
      ClearCLBuffer cl = clij.create(cs);
      clij.labelSpots(cs, cl);
      ClearCLBuffer cp = clij.create(new long[] {n, dims}, NativeTypeEnum.Float);
      clij.labelledSpotsToPointList(cl, cp);
      ClearCLBuffer cp2 = clij.create(new long[] {n, dims}, NativeTypeEnum.Float);
      clij.spotsToPointList(cs, cp2);
      ClearCLBuffer cback = clij.create(cs);
      clij.set(cback, 0);
      clij.pointlistToLabelledSpots(cp, cback);
      // positions and values: the point list plus a value row
      float[] pv = new float[n * (dims + 1)];
      double[] plist = Peers.pixels(clij, cp);
      for (int i = 0; i < n * dims; i++) pv[i] = (float) plist[i];
      for (int k = 0; k < n; k++) pv[n * dims + k] = 3 + k;
      ClearCLBuffer cpv = clij.push(imagePlus(pv, n, dims + 1, 1));
      ClearCLBuffer cwv = clij.create(cs);
      clij.set(cwv, 0);
      clij.writeValuesToPositions(cpv, cwv);
      try (GpuImage fs = gpu.push(spots, w, h, d);
          GpuImage fl = Labels.labelSpots(fs, null);
          GpuImage fp = Labels.labelledSpotsToPointList(fl, null);
          GpuImage fp2 = Labels.spotsToPointList(fs, null);
          GpuImage fback = gpu.create(w, h, d, org.fovea.core.PixelType.FLOAT32);
          GpuImage fpv = gpu.push(pv, n, dims + 1, 1);
          GpuImage fwv = gpu.create(w, h, d, org.fovea.core.PixelType.FLOAT32)) {
        gpu.fill(fback, 0);
        gpu.fill(fwv, 0);
        Labels.pointlistToLabelledSpots(fp, fback);
        Labels.writeValuesToPositions(fpv, fwv);
        assertSame(Peers.pixels(clij, cl), fovea(fl), w, h, what + " labelSpots");
        assertSame(plist, fovea(fp), n, dims, what + " labelledSpotsToPointList");
        assertSame(Peers.pixels(clij, cp2), fovea(fp2), n, dims, what + " spotsToPointList");
        assertSame(
            Peers.pixels(clij, cback), fovea(fback), w, h, what + " pointlistToLabelledSpots");
        assertSame(Peers.pixels(clij, cwv), fovea(fwv), w, h, what + " writeValuesToPositions");
      }
      for (ClearCLBuffer b : new ClearCLBuffer[] {cs, cl, cp, cp2, cback, cpv, cwv})
        clij.release(b);
    }
  }

  @Test
  void parametricMapsAndCentroidsMatchClij2() {
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
      int n = (int) clij.maximumOfAllPixels(lab);
      int dims = d > 1 ? 3 : 2;
      try (GpuImage src = gpu.push(img, w, h, d);
          GpuImage m = gpu.push(mask, w, h, d);
          GpuImage labels = Labels.connectedComponentsLabelingBox(m, null)) {
        String[] names = {"pixelCount", "mean", "maximum", "minimum", "std", "extensionRatio"};
        for (String name : names) {
          ClearCLBuffer dst = clij.create(in);
          GpuImage ours;
          switch (name) {
            case "pixelCount" -> {
              clij.pixelCountMap(lab, dst);
              ours = LabelMeasurements.pixelCountMap(labels, null);
            }
            case "mean" -> {
              clij.meanIntensityMap(in, lab, dst);
              ours = LabelMeasurements.meanIntensityMap(src, labels, null);
            }
            case "maximum" -> {
              clij.maximumIntensityMap(in, lab, dst);
              ours = LabelMeasurements.maximumIntensityMap(src, labels, null);
            }
            case "minimum" -> {
              clij.minimumIntensityMap(in, lab, dst);
              ours = LabelMeasurements.minimumIntensityMap(src, labels, null);
            }
            case "std" -> {
              clij.standardDeviationIntensityMap(in, lab, dst);
              ours = LabelMeasurements.standardDeviationIntensityMap(src, labels, null);
            }
            default -> {
              clij.extensionRatioMap(lab, dst);
              ours = LabelMeasurements.extensionRatioMap(labels, null);
            }
          }
          double[] expected = Peers.pixels(clij, dst);
          clij.release(dst);
          try (ours) {
            assertClose(expected, fovea(ours), w, h, what + " " + name + "Map");
          }
        }
        ClearCLBuffer cp = clij.create(new long[] {n, dims}, NativeTypeEnum.Float);
        clij.centroidsOfLabels(lab, cp);
        ClearCLBuffer cpb = clij.create(new long[] {n + 1, dims}, NativeTypeEnum.Float);
        clij.centroidsOfBackgroundAndLabels(lab, cpb);
        try (GpuImage fp = LabelMeasurements.centroidsOfLabels(labels, null);
            GpuImage fpb = LabelMeasurements.centroidsOfBackgroundAndLabels(labels, null)) {
          assertClose(Peers.pixels(clij, cp), fovea(fp), n, dims, what + " centroidsOfLabels");
          assertClose(
              Peers.pixels(clij, cpb),
              fovea(fpb),
              n + 1,
              dims,
              what + " centroidsOfBackgroundAndLabels");
        }
        clij.release(cp);
        clij.release(cpb);
      }
      for (ClearCLBuffer b : new ClearCLBuffer[] {in, bin, lab}) clij.release(b);
    }
  }

  @Test
  void labelEdgesMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      float[] mask = threshold(blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7), 50);
      String what = w + "x" + h + "x" + d;
      ClearCLBuffer bin = clij.push(imagePlus(mask, w, h, d));
      ClearCLBuffer lab = clij.create(bin);
      clij.connectedComponentsLabelingBox(bin, lab);
      try (GpuImage m = gpu.push(mask, w, h, d);
          GpuImage labels = Labels.connectedComponentsLabelingBox(m, null)) {
        compare(
            bin,
            dst -> clij.detectLabelEdges(lab, dst),
            Labels.detectLabelEdges(labels, null),
            w,
            h,
            what + " detectLabelEdges");
        compare(
            bin,
            dst -> clij.reduceLabelsToLabelEdges(lab, dst),
            Labels.reduceLabelsToLabelEdges(labels, null),
            w,
            h,
            what + " reduceLabelsToLabelEdges");
        compare(
            bin,
            dst -> clij.reduceLabelsToCentroids(lab, dst),
            LabelMeasurements.reduceLabelsToCentroids(labels, null),
            w,
            h,
            what + " reduceLabelsToCentroids");
      }
      clij.release(bin);
      clij.release(lab);
    }
  }
}
