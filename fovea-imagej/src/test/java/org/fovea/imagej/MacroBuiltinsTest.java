package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in macro functions: push, pull, pullBinary, release, clear, getDimensions, ... */
class MacroBuiltinsTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  @Test
  void pushPullAndDimensions() {
    Macros.Run r =
        Macros.run(
                "newImage(\"a\", \"32-bit ramp\", 31, 17, 5);\n"
                    + "run(\"Fovea Macro Extensions\");\n"
                    + "Ext.Fovea_push(\"a\");\n"
                    + "Ext.Fovea_getDimensions(\"a\", w, h, d);\n"
                    + "print(\"w=\" + w);\nprint(\"h=\" + h);\nprint(\"d=\" + d);\n"
                    + "Ext.Fovea_pull(\"a\");\n"
                    + "print(\"depth=\" + bitDepth());\n"
                    + "print(\"title=\" + getTitle());\n")
            .assertOk();
    assertEquals(31, r.value("w"));
    assertEquals(17, r.value("h"));
    assertEquals(5, r.value("d"));
    assertEquals(32, r.value("depth"));
  }

  @Test
  void pullBinaryGivesAnImageJMask() {
    Macros.Run r =
        Macros.run(
                "newImage(\"a\", \"16-bit ramp\", 31, 17, 2);\n"
                    + "run(\"Fovea Macro Extensions\");\n"
                    + "Ext.Fovea_push(\"a\");\n"
                    + "Ext.Fovea_pullBinary(\"a\");\n"
                    + "print(\"depth=\" + bitDepth());\n"
                    + "print(\"v0=\" + getPixel(0, 0));\n"
                    + "print(\"v1=\" + getPixel(30, 0));\n")
            .assertOk();
    assertEquals(8, r.value("depth"));
    assertEquals(0, r.value("v0")); // the ramp starts at 0
    assertEquals(255, r.value("v1"));
    ImagePlus mask = FoveaMacroExtensions.findImage("a");
    assertTrue(mask != null && mask.getBitDepth() == 8);
  }

  @Test
  void releaseClearAndReportMemory() {
    FoveaSession s = FoveaSession.get();
    Macros.Run r =
        Macros.run(
                "newImage(\"a\", \"8-bit ramp\", 31, 17, 1);\n"
                    + "newImage(\"b\", \"8-bit ramp\", 31, 17, 1);\n"
                    + "run(\"Fovea Macro Extensions\");\n"
                    + "Ext.Fovea_push(\"a\");\nExt.Fovea_push(\"b\");\n"
                    + "Ext.Fovea_reportMemory();\n"
                    + "Ext.Fovea_release(\"a\");\n"
                    + "Ext.Fovea_listDevices();\n")
            .assertOk();
    assertTrue(r.out().contains("a: 31×17 uint8"), r.out());
    assertTrue(r.out().contains("#0 "), r.out());
    assertEquals(java.util.List.of("b"), s.names());
    Macros.run("run(\"Fovea Macro Extensions\");\nExt.Fovea_clear();\n").assertOk();
    assertEquals(java.util.List.of(), s.names());
  }

  @Test
  void aNewImageUnderAnOldNameReleasesTheOldOne() {
    FoveaSession s = FoveaSession.get();
    Macros.run(
            "newImage(\"a\", \"8-bit ramp\", 31, 17, 1);\n"
                + "run(\"Fovea Macro Extensions\");\n"
                + "Ext.Fovea_push(\"a\");\n")
        .assertOk();
    var first = s.find("a");
    Macros.run(
            "newImage(\"a\", \"16-bit ramp\", 8, 8, 1);\n"
                + "run(\"Fovea Macro Extensions\");\n"
                + "Ext.Fovea_push(\"a\");\n")
        .assertOk();
    assertTrue(first.isClosed(), "the old image is released");
    assertEquals(8, s.find("a").width());
  }
}
