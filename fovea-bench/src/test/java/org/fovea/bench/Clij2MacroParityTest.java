package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same CLIJ2 macro run twice in this JVM: with {@code Ext.CLIJ2_*} through CLIJ2 2.5.3.1's own
 * macro extensions (see {@link Clij2Macros}) and, renamed {@code Fovea_}, through Fovea's macro
 * layer. Issue #11's done-when macro on a blob image the test makes (Otsu threshold →
 * connectedComponentsLabelingBox → excludeLabelsOnEdges → statisticsOfLabelledPixels, and
 * voronoiOtsuLabeling(3.5, 1)), plus the label statistics written to the Results table without a
 * result variable (statisticsOfBackgroundAndLabelledPixels, statisticsOfImage).
 */
class Clij2MacroParityTest {
  @TempDir static Path dir;

  @AfterEach
  void reset() {
    ResultsTable.getResultsTable().reset();
    org.fovea.imagej.FoveaSession.get().clear();
  }

  /**
   * voronoiOtsuLabeling: the share of pixels whose label may differ from CLIJ2's (Fovea's maxima
   * tie/border rules and blur rounding, documented on the op's reference page); the label count is
   * the same. Another engineer works on making it bit-identical.
   */
  static final double VORONOI_PIXEL_TOLERANCE = 0.005;

  /** The issue's macro in CLIJ2's words; {@code P_} is the prefix, {@code INSTALL} the set-up. */
  static final String MACRO =
      """
      open("%1$s/blobs.tif");
      rename("blobs");
      INSTALL
      input = getTitle();
      Ext.P_push(input);
      Ext.P_thresholdOtsu(input, binary);
      Ext.P_connectedComponentsLabelingBox(binary, labels);
      Ext.P_excludeLabelsOnEdges(labels, labels_no_edges);
      Ext.P_statisticsOfLabelledPixels(input, labels_no_edges);
      print("rows1=" + nResults);
      Ext.P_getMaximumOfAllPixels(labels, all);
      Ext.P_getMaximumOfAllPixels(labels_no_edges, inner);
      print("labels=" + all);
      print("inner=" + inner);
      Ext.P_statisticsOfBackgroundAndLabelledPixels(input, labels_no_edges);
      Ext.P_statisticsOfImage(input);
      Ext.P_voronoiOtsuLabeling(input, voronoi, 3.5, 1);
      Ext.P_getMaximumOfAllPixels(voronoi, cells);
      print("voronoi=" + cells);
      print("voronoi_name=" + voronoi);
      """;

  static Clij2Macros.Run run(String prefix, String install) {
    String m =
        String.format(MACRO, dir.toString().replace('\\', '/'))
            .replace("INSTALL\n", install)
            .replace("Ext.P_", "Ext." + prefix + "_");
    return Clij2Macros.run(m).assertOk();
  }

  static double value(String out, String key) {
    for (String l : out.split("\\R")) {
      if (l.startsWith(key + "=")) return Double.parseDouble(l.substring(key.length() + 1));
    }
    throw new AssertionError("no " + key + "= in\n" + out);
  }

  @Test
  @SuppressWarnings("deprecation") // CLIJHandler.getFromCache: the only way to a named buffer
  void issue11sMacroGivesClij2sLabelCountsAndResultsRows() throws Exception {
    int w = 131, h = 101;
    float[] px = Clij2Parity.blobs(w, h, 1, 40, 4, 11);
    // an 8-bit image, as the Blobs sample: Otsu's 256-bin histogram is the same for both
    ImageProcessor ip = Clij2Parity.imagePlus(px, w, h, 1).getProcessor();
    ImagePlus blobs = new ImagePlus("blobs", ip.convertToByteProcessor(false));
    assertTrue(IJ.saveAsTiff(blobs, dir.resolve("blobs.tif").toString()));

    long t0 = System.nanoTime();
    Clij2Macros.Run clij2 = run("CLIJ2", Clij2Macros.INSTALL);
    ResultsTable expected = (ResultsTable) ResultsTable.getResultsTable().clone();
    ResultsTable.getResultsTable().reset();
    long t1 = System.nanoTime();
    Clij2Macros.Run fovea = run("Fovea", "run(\"Fovea Macro Extensions\", \"cl_device=[]\");\n");
    ResultsTable actual = ResultsTable.getResultsTable();
    System.out.printf(
        "Clij2MacroParityTest: CLIJ2 macro %.1f s, Fovea macro %.1f s%n",
        (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);

    for (String k : new String[] {"labels", "inner", "rows1", "voronoi"}) {
      assertEquals(value(clij2.out(), k), value(fovea.out(), k), k);
    }
    assertTrue(value(fovea.out(), "inner") >= 10, "too few labels: " + fovea.out());
    assertTrue(value(fovea.out(), "inner") < value(fovea.out(), "labels"), "no edge labels");
    assertSameResults(expected, actual);

    // the label maps themselves, from each side's named GPU images (CLIJ2's pull would run
    // "Enhance Contrast...", a command with options that needs a display)
    String cname =
        clij2
            .out()
            .lines()
            .filter(l -> l.startsWith("voronoi_name="))
            .findFirst()
            .orElseThrow()
            .substring(13);
    ImagePlus ev =
        net.haesleinhuepf
            .clij2
            .CLIJ2
            .getInstance()
            .pull(net.haesleinhuepf.clij.macro.CLIJHandler.getInstance().getFromCache(cname));
    ImagePlus av =
        org.fovea.imagej.ImageJConversion.pull(
            org.fovea.imagej.FoveaSession.get().find("voronoi"), "voronoi", null);
    assertEquals(32, av.getBitDepth(), "label maps come back as 32-bit images");
    int differ = 0;
    for (int i = 0; i < w * h; i++) {
      if (ev.getProcessor().getf(i) != av.getProcessor().getf(i)) differ++;
    }
    System.out.printf(
        "Clij2MacroParityTest: voronoiOtsuLabeling differs from CLIJ2 on %d of %d pixels%n",
        differ, w * h);
    assertTrue(
        differ <= VORONOI_PIXEL_TOLERANCE * w * h,
        differ + " of " + w * h + " pixels differ from CLIJ2's voronoiOtsuLabeling");
  }

  /** Same headings in the same order, same rows, every value within 1e-9 relative. */
  static void assertSameResults(ResultsTable expected, ResultsTable actual) {
    assertArrayEquals(expected.getHeadings(), actual.getHeadings(), "Results columns");
    assertEquals(expected.size(), actual.size(), "Results rows");
    for (String c : expected.getHeadings()) {
      if (c.equals("Label") || c.equals(" ")) continue;
      for (int r = 0; r < expected.size(); r++) {
        double e = expected.getValue(c, r);
        double a = actual.getValue(c, r);
        if (!(Math.abs(e - a) <= 1e-9 * Math.abs(e) + 1e-9)) {
          fail("Results row " + r + " " + c + ": CLIJ2 " + e + ", Fovea " + a);
        }
      }
    }
  }

  static final String MEASURE =
      """
      open("%1$s/blobs.tif");
      rename("blobs");
      INSTALL
      input = getTitle();
      Ext.P_push(input);
      Ext.P_flip2D(input, flipped, 1, 0);
      Ext.P_centerOfMass(input);
      Ext.P_meanSquaredError(input, flipped);
      Ext.P_getCenterOfMass(input, cx, cy, cz);
      Ext.P_getMeanSquaredError(input, flipped, mse);
      print("cx=" + cx);
      print("cy=" + cy);
      print("mse=" + mse);
      Ext.P_gaussianBlur2D(input, blurred, 1.5, 1.5);
      print("blurred_name=" + blurred);
      """;

  /**
   * centerOfMass / meanSquaredError (Results columns MassX, MassY; MSE) and their get… forms; and
   * the rounding rule on an 8-bit Gaussian blur: Fovea rounds half to even where CLIJ2 truncates,
   * so Fovea's pixel is CLIJ2's or CLIJ2's + 1, never anything else.
   */
  @Test
  @SuppressWarnings("deprecation") // CLIJHandler.getFromCache: the only way to a named buffer
  void centerOfMassMeanSquaredErrorAndTheRoundingRule() throws Exception {
    int w = 67, h = 53;
    float[] px = Clij2Parity.blobs(w, h, 1, 12, 4, 13);
    ImageProcessor ip = Clij2Parity.imagePlus(px, w, h, 1).getProcessor();
    assertTrue(
        IJ.saveAsTiff(
            new ImagePlus("blobs", ip.convertToByteProcessor(false)),
            dir.resolve("blobs.tif").toString()));
    String m = String.format(MEASURE, dir.toString().replace('\\', '/'));
    Clij2Macros.Run clij2 =
        Clij2Macros.run(m.replace("INSTALL\n", Clij2Macros.INSTALL).replace("Ext.P_", "Ext.CLIJ2_"))
            .assertOk();
    ResultsTable expected = (ResultsTable) ResultsTable.getResultsTable().clone();
    ResultsTable.getResultsTable().reset();
    Clij2Macros.Run fovea =
        Clij2Macros.run(
                m.replace("INSTALL\n", "run(\"Fovea Macro Extensions\", \"cl_device=[]\");\n")
                    .replace("Ext.P_", "Ext.Fovea_"))
            .assertOk();
    assertArrayEquals(new String[] {"MassX", "MassY", "MSE"}, nonEmpty(expected.getHeadings()));
    assertSameResults(expected, ResultsTable.getResultsTable());
    for (String k : new String[] {"cx", "cy", "mse"}) {
      double e = value(clij2.out(), k), a = value(fovea.out(), k);
      assertTrue(Math.abs(e - a) <= 1e-4 * Math.abs(e), k + ": CLIJ2 " + e + ", Fovea " + a);
    }
    String cname =
        clij2.out().lines().filter(l -> l.startsWith("blurred_name=")).findFirst().orElseThrow();
    ImagePlus eb =
        net.haesleinhuepf
            .clij2
            .CLIJ2
            .getInstance()
            .pull(
                net.haesleinhuepf.clij.macro.CLIJHandler.getInstance()
                    .getFromCache(cname.substring(13)));
    ImagePlus ab =
        org.fovea.imagej.ImageJConversion.pull(
            org.fovea.imagej.FoveaSession.get().find("blurred"), "blurred", null);
    assertEquals(8, eb.getBitDepth());
    assertEquals(8, ab.getBitDepth());
    int plusOne = 0;
    for (int i = 0; i < w * h; i++) {
      float e = eb.getProcessor().getf(i), a = ab.getProcessor().getf(i);
      if (a == e + 1) plusOne++;
      else if (a != e) fail("pixel " + i + ": CLIJ2 " + e + ", Fovea " + a + " (only +1 allowed)");
    }
    System.out.printf(
        "Clij2MacroParityTest: 8-bit gaussianBlur2D: %d of %d pixels are CLIJ2's + 1%n",
        plusOne, w * h);
    assertTrue(plusOne > 0, "the rounding rule was not exercised");
  }

  static String[] nonEmpty(String[] headings) {
    return java.util.Arrays.stream(headings)
        .filter(x -> !x.isBlank() && !x.equals("Label"))
        .toArray(String[]::new);
  }
}
