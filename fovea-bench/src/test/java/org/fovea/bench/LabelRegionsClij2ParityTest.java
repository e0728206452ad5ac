package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.LabelMeasurements;
import org.fovea.ops.Labels;
import org.fovea.ops.Measurements;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * voronoiOctagon, labelVoronoiOctagon, mergeTouchingLabels, labelOverlapCountMap,
 * euclideanDistanceFromLabelCentroidMap, labelSurface, excludeLabelsOnSurface, getJaccardIndex and
 * getSorensenDiceCoefficient against CLIJ2 2.5.3.1 in the same JVM, on blob images the test makes:
 * identical label maps (numbers included) and binary images, distances within float rounding,
 * identical coefficients.
 */
class LabelRegionsClij2ParityTest extends Clij2Parity {
  private static double[] run(ClearCLBuffer like, java.util.function.Consumer<ClearCLBuffer> op) {
    ClearCLBuffer dst = clij.create(like);
    op.accept(dst);
    double[] px = Peers.pixels(clij, dst);
    clij.release(dst);
    return px;
  }

  private static double[] ours(GpuImage img) {
    try (img) {
      return Peers.pixels(img);
    }
  }

  private static double max(double[] px) {
    double m = 0;
    for (double v : px) m = Math.max(m, v);
    return m;
  }

  @Test
  void regionOpsMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{127, 97, 1}, {61, 47, 13}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      String what = w + "x" + h + "x" + d + " ";
      float[] img = blobs(w, h, d, d == 1 ? 60 : 40, d == 1 ? 4 : 2, 7);
      float[] seeds = threshold(img, 80);
      float[] wide = threshold(img, 20);
      ClearCLBuffer cSeeds = clij.push(imagePlus(seeds, w, h, d));
      ClearCLBuffer cWide = clij.push(imagePlus(wide, w, h, d));
      ClearCLBuffer cLab = clij.create(cSeeds);
      ClearCLBuffer cDil = clij.create(cSeeds);
      ClearCLBuffer cVor = clij.create(cSeeds);
      ClearCLBuffer cObj = clij.create(cSeeds);
      clij.connectedComponentsLabelingBox(cSeeds, cLab);
      clij.dilateLabels(cLab, cDil, 2);
      clij.voronoiLabeling(cSeeds, cVor);
      clij.connectedComponentsLabelingBox(cWide, cObj);
      try (GpuImage gSeeds = gpu.push(seeds, w, h, d);
          GpuImage gWide = gpu.push(wide, w, h, d);
          GpuImage gLab = Labels.connectedComponentsLabelingBox(gSeeds, null);
          GpuImage gDil = Labels.dilateLabels(gLab, null, 2);
          GpuImage gVor = Labels.voronoiLabeling(gSeeds, null);
          GpuImage gObj = Labels.connectedComponentsLabelingBox(gWide, null)) {
        double[] e = run(cSeeds, dst -> clij.voronoiOctagon(cSeeds, dst));
        assertTrue(max(e) == 1, what + "voronoiOctagon draws lines");
        assertSame(e, ours(Labels.voronoiOctagon(gSeeds, null)), w, h, what + "voronoiOctagon");

        e = run(cSeeds, dst -> clij.labelVoronoiOctagon(cLab, dst));
        assertSame(
            e, ours(Labels.labelVoronoiOctagon(gLab, null)), w, h, what + "labelVoronoiOctagon");

        e = run(cSeeds, dst -> clij.mergeTouchingLabels(cDil, dst));
        double labels = clij.maximumOfAllPixels(cDil);
        assertTrue(max(e) > 3 && max(e) < labels, what + "some labels merge: " + max(e));
        assertSame(
            e, ours(Labels.mergeTouchingLabels(gDil, null)), w, h, what + "mergeTouchingLabels");

        e = run(cSeeds, dst -> clij.labelOverlapCountMap(cObj, cVor, dst));
        assertTrue(max(e) > 1, what + "objects overlap several Voronoi regions");
        assertSame(
            e,
            ours(LabelMeasurements.labelOverlapCountMap(gObj, gVor, null)),
            w,
            h,
            what + "labelOverlapCountMap");

        e = run(cSeeds, dst -> clij.euclideanDistanceFromLabelCentroidMap(cObj, dst));
        double[] a = ours(LabelMeasurements.euclideanDistanceFromLabelCentroidMap(gObj, null));
        for (int i = 0; i < e.length; i++) {
          assertEquals(e[i], a[i], 1e-4 + 1e-5 * e[i], what + "distance map at index " + i);
        }

        for (float[] c : new float[][] {{0.5f, 0.5f, 0.5f}, {0.13f, 0.81f, 0.3f}}) {
          e = run(cSeeds, dst -> clij.labelSurface(cDil, dst, c[0], c[1], c[2]));
          double kept = max(e);
          assertTrue(kept > 2 && kept < labels, what + "labelSurface keeps some: " + kept);
          assertSame(
              e,
              ours(Labels.labelSurface(gDil, null, c[0], c[1], c[2])),
              w,
              h,
              what + "labelSurface " + java.util.Arrays.toString(c));
        }

        // CLIJ2's own centroids as the point list for both (CLIJ2 loops forever when a point is
        // the centre: the centre has fractional coordinates no centroid of these maps has)
        int n = (int) labels;
        ClearCLBuffer cPoints = clij.create(new long[] {n, d == 1 ? 2 : 3}, NativeTypeEnum.Float);
        clij.centroidsOfLabels(cDil, cPoints);
        float[] pts = new float[(int) (cPoints.getWidth() * cPoints.getHeight())];
        double[] pd = Peers.pixels(clij, cPoints);
        for (int i = 0; i < pts.length; i++) pts[i] = (float) pd[i];
        float[] centre = {w * 0.4137f, h * 0.5731f, d * 0.4719f};
        e =
            run(
                cSeeds,
                dst ->
                    clij.excludeLabelsOnSurface(
                        cPoints, cDil, dst, centre[0], centre[1], centre[2]));
        assertTrue(max(e) > 0 && max(e) < labels, what + "some labels lie below the surface");
        try (GpuImage gPoints = gpu.push(pts, n, d == 1 ? 2 : 3, 1)) {
          assertSame(
              e,
              ours(
                  Labels.excludeLabelsOnSurface(
                      gPoints, gDil, null, centre[0], centre[1], centre[2])),
              w,
              h,
              what + "excludeLabelsOnSurface");
        }
        clij.release(cPoints);

        assertEquals(
            clij.getJaccardIndex(cSeeds, cWide),
            Measurements.getJaccardIndex(gSeeds, gWide),
            1e-12,
            what + "getJaccardIndex");
        assertEquals(
            clij.getSorensenDiceCoefficient(cSeeds, cWide),
            Measurements.getSorensenDiceCoefficient(gSeeds, gWide),
            1e-12,
            what + "getSorensenDiceCoefficient");
        assertEquals(PixelType.UINT32, gDil.type());
      }
      for (ClearCLBuffer c : new ClearCLBuffer[] {cSeeds, cWide, cLab, cDil, cVor, cObj}) {
        clij.release(c);
      }
    }
  }
}
