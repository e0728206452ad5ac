package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.util.List;
import org.fovea.core.GpuImage;
import org.fovea.ops.OpRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The menu command's work (without its dialog, which needs a display): it runs the op on an open
 * image, and the macro it gives the recorder reproduces the result.
 */
class FoveaOpCommandTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  @Test
  void theRecordedMacroReproducesTheCommand() {
    FoveaSession session = FoveaSession.get();
    ImagePlus in = Macros.random("blobs", 16, 31, 17, 5, 11);
    Macros.gpu();
    ij.WindowManager.setTempCurrentImage(in); // the current image, as when a user clicks
    FoveaOpCommand.Execution ex =
        FoveaOpCommand.execute(
            session, OpRegistry.get("addImageAndScalar"), List.of("blobs"), List.of(5.0));
    assertEquals(List.of("addImageAndScalar_blobs"), ex.outputs());
    ImagePlus byCommand =
        ImageJConversion.pull(session.find("addImageAndScalar_blobs"), "by command");
    assertEquals(
        List.of(
            "Ext.Fovea_push(\"blobs\");\n",
            "Ext.Fovea_addImageAndScalar(\"blobs\", \"addImageAndScalar_blobs\", 5);\n",
            "Ext.Fovea_pull(\"addImageAndScalar_blobs\");\n"),
        ex.macro());
    assertTrue(ex.extensionLine().startsWith("run(\"Fovea Macro Extensions\", \"device=["));

    session.clear();
    ij.WindowManager.setTempCurrentImage(null);
    String recorded = Macros.openLine(in) + "" + ex.extensionLine() + String.join("", ex.macro());
    Macros.run(recorded).assertOk();
    ImagePlus byMacro = FoveaMacroExtensions.findImage("addImageAndScalar_blobs");
    Macros.assertSameImage(byCommand, byMacro, 0);
  }

  @Test
  void inPlaceOpsChangeTheImageTheyWerePushedFrom() {
    ImagePlus in = Macros.random("plate", 8, 31, 17, 3, 13);
    Macros.Run r =
        Macros.run(
                Macros.openLine(in)
                    + "n = nImages;\n"
                    + "run(\"set\", \"value=7\");\n"
                    + "print(\"title=\" + (getTitle() == \"plate\"));\n"
                    + "print(\"images=\" + (nImages - n));\n"
                    + "Stack.getStatistics(count, mean, min, max);\n"
                    + "print(\"min=\" + min);\n"
                    + "print(\"max=\" + max);\n")
            .assertOk();
    assertEquals(1, r.value("title"));
    assertEquals(0, r.value("images")); // no new window: the image itself changed
    assertEquals(7, r.value("min"));
    assertEquals(7, r.value("max"));
    FoveaOpCommand.Execution ex =
        FoveaOpCommand.execute(
            FoveaSession.get(), OpRegistry.get("set"), List.of("plate"), List.of(3.0));
    assertEquals(List.of("plate"), ex.changed());
    assertEquals("Ext.Fovea_pull(\"plate\");\n", ex.macro().get(ex.macro().size() - 1));
  }

  @Test
  void scalarResultsAreLoggedAndRecordedAsPrints() {
    var op = OpRegistry.find("countNonZeroPixels");
    org.junit.jupiter.api.Assertions.assertTrue(
        op.isPresent(), "countNonZeroPixels must be in the registry");
    FoveaSession session = FoveaSession.get();
    ImagePlus in = Macros.random("spots", 8, 31, 17, 5, 12);
    Macros.gpu();
    ij.WindowManager.setTempCurrentImage(in);
    FoveaOpCommand.Execution ex =
        FoveaOpCommand.execute(session, op.get(), List.of("spots"), List.of());
    assertEquals(1, ex.resultLines().size());
    assertTrue(
        ex.resultLines().get(0).startsWith("countNonZeroPixels(spots): "),
        ex.resultLines().toString());
    assertTrue(String.join("", ex.macro()).contains("Ext.Fovea_countNonZeroPixels(\"spots\", "));
    GpuImage g = session.find("spots");
    assertTrue(g != null);
  }

  @Test
  void theMenuCommandRunsFromAMacroHeadlessWithItsOptions() {
    Macros.Run r =
        Macros.run(
                "newImage(\"a\", \"16-bit ramp\", 31, 17, 5);\n"
                    + "v0 = getPixel(7, 3);\n"
                    + "run(\"addImageAndScalar\", \"src=a scalar=5\");\n"
                    + "print(\"title=\" + getTitle());\n"
                    + "print(\"diff=\" + (getPixel(7, 3) - v0));\n"
                    + "print(\"slices=\" + nSlices);\n")
            .assertOk();
    assertTrue(r.out().contains("title=addImageAndScalar_a"), r.out());
    assertEquals(5, r.value("diff"));
    assertEquals(5, r.value("slices"));
  }

  @Test
  void aBadMenuCommandOptionStopsTheMacro() {
    Macros.Run r =
        Macros.run(
            "newImage(\"a\", \"16-bit ramp\", 31, 17, 5);\n"
                + "run(\"addImageAndScalar\", \"src=a scalar=five\");\n"
                + "print(\"AFTER\");\n");
    assertTrue(!r.result().ok());
    assertTrue(r.result().error().contains("scalar"), r.result().error());
    assertTrue(!r.out().contains("AFTER"), r.out());
  }
}
