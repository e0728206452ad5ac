package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fovea.ops.OpRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A CLIJ2 macro runs after renaming CLIJ2_ to Fovea_ (and the extensions line). */
class Clij2PortTest {
  /** A macro as CLIJ2 users write it (after CLIJ2's own examples). */
  static final String CLIJ2_MACRO =
      "newImage(\"embryo\", \"16-bit ramp\", 64, 48, 6);\n"
          + "run(\"CLIJ2 Macro Extensions\", \"cl_device=\");\n"
          + "Ext.CLIJ2_clear();\n"
          + "input = getTitle();\n"
          + "Ext.CLIJ2_push(input);\n"
          + "blurred = \"blurred\";\n"
          + "Ext.CLIJ2_gaussianBlur3D(input, blurred, 2, 2, 1);\n"
          + "mask = \"mask\";\n"
          + "Ext.CLIJ2_thresholdOtsu(blurred, mask);\n"
          + "Ext.CLIJ2_countNonZeroPixels(mask, count);\n"
          + "projection = \"projection\";\n"
          + "Ext.CLIJ2_maximumZProjection(mask, projection);\n"
          + "Ext.CLIJ2_getDimensions(projection, width, height, depth);\n"
          + "Ext.CLIJ2_pullBinary(projection);\n"
          + "print(\"count=\" + count);\n"
          + "print(\"depth=\" + depth);\n"
          + "Ext.CLIJ2_clear();\n";

  @AfterEach
  void reset() {
    Macros.reset();
  }

  @Test
  void aClij2MacroRunsAfterRenaming() {
    for (String op :
        List.of("gaussianBlur3D", "thresholdOtsu", "countNonZeroPixels", "maximumZProjection")) {
      assertTrue(OpRegistry.find(op).isPresent(), op + " must be in the registry");
    }
    String ported =
        CLIJ2_MACRO
            .replace("CLIJ2_", "Fovea_")
            .replace("CLIJ2 Macro Extensions", "Fovea Macro Extensions");
    Macros.Run r = Macros.run(ported).assertOk();
    assertEquals(1, r.value("depth"));
    double count = r.value("count");
    assertEquals(true, count > 0 && count < 64 * 48 * 6, "count " + count);
  }
}
