package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.ImagePlus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * getJaccardIndex and getSorensenDiceCoefficient in CLIJ2's macro form: the coefficient comes back
 * through the variable after the two images, e.g. {@code Ext.Fovea_getJaccardIndex(a, b, j)}.
 */
class MacroOverlapCoefficientsTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  @Test
  void coefficientsComeBackThroughTheVariable() {
    ImagePlus a = Macros.random("a", 8, 31, 17, 3, 11);
    ImagePlus b = Macros.random("b", 8, 31, 17, 3, 12);
    long both = 0, either = 0, na = 0, nb = 0;
    for (int z = 1; z <= 3; z++) {
      var pa = a.getStack().getProcessor(z);
      var pb = b.getStack().getProcessor(z);
      for (int i = 0; i < 31 * 17; i++) {
        // about half of each image is background
        if (pa.getf(i) < 128) pa.setf(i, 0);
        if (pb.getf(i) < 100) pb.setf(i, 0);
        boolean x = pa.getf(i) != 0, y = pb.getf(i) != 0;
        both += x && y ? 1 : 0;
        either += x || y ? 1 : 0;
        na += x ? 1 : 0;
        nb += y ? 1 : 0;
      }
    }
    Macros.Run r =
        Macros.run(
                Macros.openLine(a)
                    + Macros.openLine(b)
                    + "run(\"Fovea Macro Extensions\");\n"
                    + "Ext.Fovea_push(\"a\");\n"
                    + "Ext.Fovea_push(\"b\");\n"
                    + "Ext.Fovea_getJaccardIndex(\"a\", \"b\", j);\n"
                    + "Ext.Fovea_getSorensenDiceCoefficient(\"a\", \"b\", s);\n"
                    + "print(\"j=\" + d2s(j, 9));\n"
                    + "print(\"s=\" + d2s(s, 9));\n")
            .assertOk();
    assertEquals((double) both / either, r.value("j"), 1e-9);
    assertEquals(2.0 * both / (na + nb), r.value("s"), 1e-9);
  }
}
