package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.gui.Roi;
import java.awt.Point;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * pullLabelsToROIList / pullLabelsToROIManager: the ROIs against a plain reference (the set of
 * pixels of each label), on label maps with gaps, holes, labels in several pieces, one-pixel
 * labels, labels on the border, and a random label map (every label in many pieces).
 */
class LabelRoisTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  /** 23×17: 1 a bar on the left border, 2 a ring, 3 in two pieces, no 4, 5 one pixel, 6 a cross. */
  static int[] handmade(int w, int h) {
    int[] l = new int[w * h];
    for (int y = 0; y < h; y++) for (int x = 0; x < 3; x++) l[x + y * w] = 1;
    for (int y = 2; y < 9; y++) {
      for (int x = 5; x < 12; x++) {
        if (x == 5 || x == 11 || y == 2 || y == 8) l[x + y * w] = 2;
      }
    }
    for (int x = 14; x < 17; x++) l[x + 3 * w] = 3;
    for (int y = 12; y < 16; y++) l[20 + y * w] = 3;
    l[8 + 5 * w] = 5; // inside the ring's hole
    for (int k = -2; k <= 2; k++) {
      l[8 + k + 13 * w] = 6;
      l[8 + (13 + k) * w] = 6;
    }
    l[(w - 1) + (h - 1) * w] = 6; // and a lone pixel in the far corner
    return l;
  }

  /** The reference: label → its pixels, labels in increasing order, empty ones absent. */
  static List<Set<Point>> reference(int[] l, int w, int h, List<Integer> labels) {
    int max = 0;
    for (int v : l) max = Math.max(max, v);
    List<Set<Point>> sets = new ArrayList<>();
    for (int k = 1; k <= max; k++) {
      Set<Point> s = new HashSet<>();
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) if (l[x + y * w] == k) s.add(new Point(x, y));
      if (!s.isEmpty()) {
        sets.add(s);
        labels.add(k);
      }
    }
    return sets;
  }

  static void assertRois(int[] l, int w, int h, List<Roi> rois) {
    List<Integer> labels = new ArrayList<>();
    List<Set<Point>> expected = reference(l, w, h, labels);
    assertEquals(expected.size(), rois.size(), "one ROI per non-empty label");
    for (int i = 0; i < rois.size(); i++) {
      Roi roi = rois.get(i);
      assertEquals("Label_" + labels.get(i), roi.getName());
      Set<Point> got = new HashSet<>(List.of(roi.getContainedPoints()));
      assertEquals(expected.get(i), got, roi.getName() + " (" + roi + ") pixels");
    }
  }

  @Test
  void roisContainExactlyTheirLabelsPixels() {
    Gpu gpu = Macros.gpu();
    int w = 23, h = 17;
    int[] l = handmade(w, h);
    try (GpuImage img = gpu.push(l, w, h)) {
      List<Roi> rois = LabelRois.toRois("test", img);
      assertRois(l, w, h, rois);
      assertEquals(5, rois.size());
      assertTrue(rois.get(2).getType() == Roi.COMPOSITE, "label 3 in two pieces: composite");
    }
    // random labels 0..7 on 31×29: every label in many pieces
    int rw = 31, rh = 29;
    int[] r = new int[rw * rh];
    Random rnd = new Random(5);
    for (int i = 0; i < r.length; i++) r[i] = rnd.nextInt(8);
    try (GpuImage img = gpu.push(r, rw, rh)) {
      assertRois(r, rw, rh, LabelRois.toRois("test", img));
    }
  }

  @Test
  void aStackIsRefusedAndTheMacroFunctionsWork() {
    Gpu gpu = Macros.gpu();
    try (GpuImage img = gpu.create(5, 4, 3, org.fovea.core.PixelType.UINT32)) {
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              org.fovea.core.FoveaException.InvalidArgument.class,
              () -> LabelRois.toRois("Ext.Fovea_pullLabelsToROIList", img));
      assertTrue(e.getMessage().contains("must be 2D"), e.getMessage());
    }
    int w = 23, h = 17;
    int[] l = handmade(w, h);
    float[] f = new float[l.length];
    for (int i = 0; i < l.length; i++) f[i] = l[i];
    ij.ImagePlus imp = new ij.ImagePlus("labels", new ij.process.FloatProcessor(w, h, f));
    Macros.Run r =
        Macros.run(
                Macros.openLine(imp)
                    + "run(\"Fovea Macro Extensions\", \"device=[]\");\n"
                    + "Ext.Fovea_push(\"labels\");\n"
                    + "Ext.Fovea_pullLabelsToROIList(\"labels\");\n")
            .assertOk();
    assertEquals(5, r.out().lines().filter(s -> s.startsWith("Roi[")).count(), r.out());
    // the ROI Manager is a window: headless, a clear message instead of ImageJ's exception
    Macros.Run m =
        Macros.run(
            Macros.openLine(imp)
                + "run(\"Fovea Macro Extensions\", \"device=[]\");\n"
                + "Ext.Fovea_push(\"labels\");\n"
                + "Ext.Fovea_pullLabelsToROIManager(\"labels\");\n");
    if (java.awt.GraphicsEnvironment.isHeadless()) {
      assertFalse(m.result().ok());
      assertTrue(m.result().error().contains("needs a display"), m.result().describe());
    } else {
      m.assertOk();
      assertEquals(5, ij.plugin.frame.RoiManager.getInstance().getCount());
    }
  }
}
