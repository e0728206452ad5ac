package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.ops.OpRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failing macro line stops the macro with a message that names the function and the argument
 * (what to fix), never with a stack trace.
 */
class MacroErrorsTest {
  private static final String SETUP =
      "newImage(\"a\", \"16-bit ramp\", 31, 17, 5);\n"
          + "run(\"Fovea Macro Extensions\");\n"
          + "Ext.Fovea_push(\"a\");\n";

  @AfterEach
  void reset() {
    Macros.reset();
  }

  /** Runs SETUP + {@code line} + a print that must not run; returns the error. */
  private static String fails(String line) {
    Macros.Run r = Macros.run(SETUP + line + "\nprint(\"AFTER THE ERROR\");\n");
    assertFalse(r.result().ok(), "the macro should fail: " + line);
    assertFalse(r.out().contains("AFTER THE ERROR"), "the macro went on after: " + line);
    assertFalse(r.out().contains("\tat "), "a stack trace was printed:\n" + r.out());
    assertTrue(r.result().line() >= 4, "line " + r.result().line());
    return r.result().error();
  }

  private static void assertContains(String text, String... parts) {
    for (String p : parts) assertTrue(text.contains(p), "'" + p + "' not in: " + text);
  }

  @Test
  void unknownImageNameListsTheImagesOnTheGpu() {
    String e = fails("Ext.Fovea_addImageAndScalar(\"nope\", \"b\", 1);");
    assertContains(e, "Ext.Fovea_addImageAndScalar", "'src'", "no image named 'nope'", "a");
    assertContains(e, "Images on the GPU: a");
  }

  @Test
  void aStringWhereANumberBelongsNamesTheArgument() {
    String e = fails("Ext.Fovea_addImageAndScalar(\"a\", \"b\", \"ten\");");
    assertContains(e, "Ext.Fovea_addImageAndScalar", "'scalar'", "must be a number");
  }

  @Test
  void aMissingArgumentIsNamed() {
    String e = fails("Ext.Fovea_addImageAndScalar(\"a\");");
    assertContains(e, "Ext.Fovea_addImageAndScalar", "argument 2 'dst' is missing", "Usage:");
  }

  @Test
  void tooManyArgumentsShowTheUsage() {
    String e = fails("Ext.Fovea_addImageAndScalar(\"a\", \"b\", 1, 2);");
    assertContains(e, "Ext.Fovea_addImageAndScalar takes 3 arguments, got 4", "src, dst, scalar");
  }

  @Test
  void aWrongChoiceListsTheChoices() {
    assertTrue(
        OpRegistry.find("automaticThreshold").isPresent(),
        "automaticThreshold must be in the registry");
    String e = fails("Ext.Fovea_automaticThreshold(\"a\", \"m\", \"Otsuu\");");
    assertContains(e, "Ext.Fovea_automaticThreshold", "'method'", "Otsu");
  }

  @Test
  void aMissingOutputVariableIsNamed() {
    String e = fails("Ext.Fovea_getDimensions(\"a\", w);");
    assertContains(e, "Ext.Fovea_getDimensions", "'height'", "variable");
  }

  @Test
  void pushingAnImageThatIsNotOpenListsTheOpenImages() {
    String e = fails("Ext.Fovea_push(\"zzz\");");
    assertContains(e, "Ext.Fovea_push", "no open image titled 'zzz'", "Open images: a");
  }

  @Test
  void anUnknownDeviceListsTheDevices() {
    Macros.Run r =
        Macros.run(
            "run(\"Fovea Macro Extensions\", \"device=[no-such-device-x]\");\n"
                + "print(\"AFTER THE ERROR\");\n");
    assertFalse(r.result().ok());
    assertFalse(r.out().contains("AFTER THE ERROR"));
    assertContains(
        r.result().error(), "Fovea Macro Extensions", "no-such-device-x", "Devices found");
  }

  @Test
  void releasedImagesAreGone() {
    String e = fails("Ext.Fovea_release(\"a\");\nExt.Fovea_pull(\"a\");");
    assertContains(e, "Ext.Fovea_pull", "no image named 'a'", "No image is on the GPU");
  }

  @Test
  void anOpErrorIsReportedWithTheFunctionName() {
    assertTrue(
        OpRegistry.find("gaussianBlur3D").isPresent(), "gaussianBlur3D must be in the registry");
    String e = fails("Ext.Fovea_gaussianBlur3D(\"a\", \"b\", -1, 1, 1);");
    assertContains(e, "Ext.Fovea_gaussianBlur3D", "sigma");
  }

  @Test
  void anExistingOutputOfAnotherShapeIsReplaced() {
    Macros.Run r =
        Macros.run(
                SETUP
                    + "newImage(\"small\", \"16-bit ramp\", 5, 5, 1);\n"
                    + "Ext.Fovea_push(\"small\");\n"
                    + "Ext.Fovea_addImageAndScalar(\"a\", \"small\", 1);\n"
                    + "Ext.Fovea_getDimensions(\"small\", w, h, d);\n"
                    + "print(\"w=\" + w);\nprint(\"d=\" + d);\n")
            .assertOk();
    org.junit.jupiter.api.Assertions.assertEquals(31, r.value("w"));
    org.junit.jupiter.api.Assertions.assertEquals(5, r.value("d"));
  }
}
