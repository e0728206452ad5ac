package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ext.Fovea_customOperation as the CLIJ2 documentation's customOperation.ijm calls it: images named
 * by an array of parameter names and image names, the output created by create2D into a variable
 * never assigned, the OpenCL code in CLIJ2's macro style.
 */
class CustomOperationMacroTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  static final String CODE =
      "opencl_code = \"float value_original = READ_IMAGE(original, sampler,"
          + " POS_original_INSTANCE(x, y, z, 0)).x;\\n\" +\n"
          + "\"float value_background = READ_IMAGE(background, sampler,"
          + " POS_background_INSTANCE(x, y, z, 0)).x;\\n\" +\n"
          + "\"float value_result = value_original + value_background * 0.005;\\n\" +\n"
          + "\"WRITE_IMAGE(result, POS_result_INSTANCE(x, y, z, 0),"
          + " CONVERT_result_PIXEL_TYPE(value_result));\\n\";\n";

  @Test
  void theClij2DocumentationMacroRuns() {
    ImagePlus orig = Macros.random("original", 8, 23, 11, 1, 5);
    Macros.Run r =
        Macros.run(
                Macros.openLine(orig)
                    + "original = getTitle();\n"
                    + "getDimensions(width, height, channels, slices, frames);\n"
                    + "newImage(\"background\", \"16-bit ramp\", width, height, slices);\n"
                    + "background = getTitle();\n"
                    + "run(\"Fovea Macro Extensions\", \"cl_device=\");\n"
                    + "Ext.Fovea_clear();\n"
                    + "Ext.Fovea_push(original);\n"
                    + "Ext.Fovea_push(background);\n"
                    + "Ext.Fovea_create2D(result, width, height, 8);\n"
                    + "selectImage(background); ramp = getPixel(7, 3);\n"
                    + "run(\"Close All\");\n"
                    + CODE
                    + "parameters = newArray(\"result\", result, \"original\", original,"
                    + " \"background\", background);\n"
                    + "Ext.Fovea_invalidateKernelCache();\n"
                    + "Ext.Fovea_customOperation(opencl_code, \"\", parameters);\n"
                    + "Ext.Fovea_pull(result);\n"
                    + "print(\"v=\" + getPixel(7, 3));\n"
                    + "print(\"ramp=\" + ramp);\n")
            .assertOk();
    double expected = Math.rint(orig.getProcessor().getf(7, 3) + r.value("ramp") * 0.005);
    assertEquals(Math.min(255, expected), r.value("v"));
  }

  @Test
  void aBadParameterArrayStopsWithItsReason() {
    ImagePlus orig = Macros.random("original", 8, 5, 4, 1, 6);
    Macros.Run r =
        Macros.run(
            Macros.openLine(orig)
                + "run(\"Fovea Macro Extensions\", \"cl_device=\");\n"
                + "Ext.Fovea_push(\"original\");\n"
                + "Ext.Fovea_customOperation(\"\", \"\", newArray(\"image\"));\n");
    assertFalse(r.result().ok());
    assertTrue(r.result().describe().contains("alternate parameter names"), r.result().describe());
  }
}
