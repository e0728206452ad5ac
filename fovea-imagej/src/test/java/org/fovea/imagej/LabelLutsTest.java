package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.LUT;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fiji's LUT names that CLIJ2 macros call, with Fovea's own colours (LabelLuts). */
class LabelLutsTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  private static int rgb(LUT l, int i) {
    return (l.getRed(i) << 16) | (l.getGreen(i) << 8) | l.getBlue(i);
  }

  /** CIELAB distance, computed here from the sRGB definition (not LabelLuts' code). */
  private static double deltaE(int c1, int c2) {
    double[] a = lab(c1), b = lab(c2);
    return Math.sqrt(
        Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
  }

  private static double[] lab(int c) {
    double[] v = new double[3];
    for (int k = 0; k < 3; k++) {
      double s = ((c >> (16 - 8 * k)) & 0xff) / 255.0;
      v[k] = s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
    double x = (0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2]) / 0.95047;
    double y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    double z = (0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2]) / 1.08883;
    double fx = Math.cbrt(x), fy = Math.cbrt(y), fz = Math.cbrt(z);
    if (y <= 216.0 / 24389) fy = (24389.0 / 27 * y + 16) / 116;
    if (x <= 216.0 / 24389) fx = (24389.0 / 27 * x + 16) / 116;
    if (z <= 216.0 / 24389) fz = (24389.0 / 27 * z + 16) / 116;
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  @Test
  void glasbeyColoursAreDistinctFromEachOtherAndTheBackground() {
    for (String name : new String[] {"glasbey_on_dark", "glasbey", "glasbey_inverted"}) {
      LUT l = LabelLuts.lut(name);
      assertEquals(256, l.getMapSize(), name);
      assertEquals(name.equals("glasbey") ? 0xffffff : 0, rgb(l, 0), name + " background");
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < 256; i++) assertTrue(seen.add(rgb(l, i)), name + " repeats entry " + i);
      // the first 16 labels (the ones a viewer tells apart) differ clearly from each other and
      // from the background they are drawn on
      int bg = name.equals("glasbey_on_dark") ? 0 : 0xffffff;
      for (int i = 1; i <= 16; i++) {
        assertTrue(deltaE(rgb(l, i), bg) > 30, name + " entry " + i + " near the background");
        for (int j = 1; j < i; j++) {
          double d = deltaE(rgb(l, i), rgb(l, j));
          assertTrue(d > 30, name + " entries " + j + " and " + i + ": ΔE " + d);
        }
      }
    }
  }

  @Test
  void fijisLutCommandsRunInTheMacroRunner() {
    Macros.Run r =
        Macros.run(
                "newImage(\"labels\", \"32-bit black\", 5, 3, 1);\n"
                    + "run(\"glasbey on dark\");\n"
                    + "getLut(r, g, b); print(\"a=\" + ((r[7] << 16) + (g[7] << 8) + b[7]));\n"
                    + "run(\"glasbey_inverted\");\n"
                    + "getLut(r, g, b); print(\"b=\" + ((r[7] << 16) + (g[7] << 8) + b[7]));\n"
                    + "run(\"Green Fire Blue\");\n"
                    + "getLut(r, g, b); print(\"c=\" + ((r[200] << 16) + (g[200] << 8) + b[200]));\n"
                    + "print(\"max=\" + getValue(\"Max\"));\n")
            .assertOk();
    assertEquals(rgb(LabelLuts.lut("glasbey_on_dark"), 7), (int) r.value("a"));
    assertEquals(rgb(LabelLuts.lut("glasbey_inverted"), 7), (int) r.value("b"));
    assertEquals(rgb(LabelLuts.lut("Green Fire Blue"), 200), (int) r.value("c"));
    assertEquals(0, r.value("max")); // pixels are not changed
  }
}
