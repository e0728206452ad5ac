package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ImageJ macros headless: commands from the filled command table, errors, print to stdout. */
class HeadlessMacroTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  @Test
  void printGoesToStdoutAndTheArgumentArrives() {
    Macros.Run r = Macros.run("print(\"hello \" + getArgument());", "a b").assertOk();
    assertTrue(r.out().contains("hello a b"), r.out());
  }

  @Test
  void builtInCommandsWithoutDialogOptionsRunWithoutADisplay() {
    Macros.Run r =
        Macros.run(
                "newImage(\"a\", \"8-bit ramp\", 64, 32, 3);\n"
                    + "run(\"Invert\", \"stack\");\n"
                    + "run(\"32-bit\");\n"
                    + "print(\"depth=\" + bitDepth());\n"
                    + "print(\"slices=\" + nSlices);\n")
            .assertOk();
    assertEquals(32, r.value("depth"));
    assertEquals(3, r.value("slices"));
  }

  /** Headless, ImageJ cannot read options through a dialog: the command stops, it never runs. */
  @Test
  void headlessACommandGivenOptionsStopsInsteadOfUsingItsDefaults() {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.awt.GraphicsEnvironment.isHeadless());
    Macros.Run r =
        Macros.run(
            "newImage(\"a\", \"32-bit black\", 16, 16, 1);\n"
                + "run(\"Set...\", \"value=1000\");\n"
                + "print(\"AFTER \" + getPixel(3, 3));\n");
    assertFalse(r.result().ok());
    assertEquals(2, r.result().line());
    assertTrue(r.result().error().contains("\"Set...\""), r.result().error());
    assertTrue(r.result().error().contains("xvfb"), r.result().error());
    assertFalse(r.out().contains("AFTER"));
  }

  @Test
  void aCommandThatNeedsADialogFailsWithAClearMessage() {
    Macros.Run r =
        Macros.run(
            "newImage(\"a\", \"8-bit ramp\", 64, 32, 3);\n"
                + "run(\"Add Specified Noise...\", \"standard=10 stack\");\n"
                + "print(\"AFTER\");\n");
    assertFalse(r.result().ok());
    assertEquals(2, r.result().line());
    assertTrue(r.result().error().contains("dialog"), r.result().error());
    assertFalse(r.out().contains("AFTER"));
    assertFalse(r.out().contains("HeadlessException"), r.out());
  }

  @Test
  void anUnknownCommandFails() {
    Macros.Run r = Macros.run("run(\"No Such Command\");\nprint(\"AFTER\");\n");
    assertFalse(r.result().ok());
    assertTrue(r.result().error().contains("No Such Command"), r.result().error());
    assertFalse(r.out().contains("AFTER"));
  }

  @Test
  void aSyntaxErrorFails() {
    Macros.Run r = Macros.run("x = ;\nprint(\"AFTER\");\n");
    assertFalse(r.result().ok());
    assertFalse(r.out().contains("AFTER"));
  }

  @Test
  void exitEndsTheMacroNormally() {
    Macros.Run r = Macros.run("print(\"before\");\nexit;\nprint(\"AFTER\");\n").assertOk();
    assertTrue(r.out().contains("before"));
    assertFalse(r.out().contains("AFTER"));
  }
}
