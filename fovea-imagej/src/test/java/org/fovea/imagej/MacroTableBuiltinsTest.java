package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIJ2's table, ROI, slice, file and device macro functions (Clij2TableBuiltins), each run as a
 * macro; expected values come from the macro's own arrays, tables and ImageJ's API.
 */
class MacroTableBuiltinsTest {
  static final String START = "run(\"Fovea Macro Extensions\");\n";

  @AfterEach
  void reset() {
    Macros.reset();
  }

  @Test
  void arraysAndTablesRoundTrip() {
    Macros.Run r =
        Macros.run(
                START
                    + "Ext.Fovea_pushArray2D(img, newArray(1, 2, 3, 4, 5, 6), 3, 2);\n"
                    + "Ext.Fovea_getDimensions(img, w, h, d);\n"
                    + "print(\"w=\" + w); print(\"h=\" + h); print(\"d=\" + d);\n"
                    + "run(\"Clear Results\");\n"
                    + "Ext.Fovea_pullToResultsTable(img);\n"
                    + "print(\"rows=\" + nResults); print(\"x2y1=\" + getResult(\"X2\", 1));\n"
                    + "Ext.Fovea_image2DToResultsTable(img);\n"
                    + "print(\"rows2=\" + nResults); print(\"x0y2=\" + getResult(\"X0\", 2));\n"
                    + "run(\"Clear Results\");\n"
                    + "setResult(\"A\", 0, 1); setResult(\"B\", 0, 10);\n"
                    + "setResult(\"A\", 1, 2); setResult(\"B\", 1, 20);\n"
                    + "setResult(\"A\", 2, 3); setResult(\"B\", 2, 40);\n"
                    + "Ext.Fovea_pushResultsTable(table);\n"
                    + "Ext.Fovea_getDimensions(table, tw, th, td);\n"
                    + "print(\"tw=\" + tw); print(\"th=\" + th);\n"
                    + "Ext.Fovea_getSumOfAllPixels(table, ts); print(\"ts=\" + ts);\n"
                    + "Ext.Fovea_pushResultsTableColumn(colB, \"B\");\n"
                    + "Ext.Fovea_getDimensions(colB, cw, ch, cd);\n"
                    + "print(\"cw=\" + cw); print(\"ch=\" + ch);\n"
                    + "Ext.Fovea_resultsTableColumnToImage(colA, \"A\");\n"
                    + "Ext.Fovea_getMaximumOfAllPixels(colA, ma); print(\"ma=\" + ma);\n"
                    + "Ext.Fovea_getSumOfAllPixels(colB, sb); print(\"sb=\" + sb);\n")
            .assertOk();
    assertEquals(3, r.value("w"));
    assertEquals(2, r.value("h"));
    assertEquals(1, r.value("d"));
    assertEquals(2, r.value("rows"));
    assertEquals(6, r.value("x2y1"));
    assertEquals(4, r.value("rows2")); // appended, as CLIJ2
    assertEquals(1, r.value("x0y2"));
    assertEquals(2, r.value("tw"));
    assertEquals(3, r.value("th"));
    assertEquals(76, r.value("ts"));
    assertEquals(3, r.value("cw"));
    assertEquals(1, r.value("ch"));
    assertEquals(3, r.value("ma"));
    assertEquals(70, r.value("sb"));
    Macros.Run bad =
        Macros.run(
            START
                + "run(\"Clear Results\"); setResult(\"A\", 0, 1);\n"
                + "Ext.Fovea_pushResultsTableColumn(c, \"Nope\");\n");
    assertFalse(bad.result().ok());
    assertTrue(bad.result().error().contains("no column 'Nope'"), bad.result().error());
  }

  @Test
  void roisAndSlices() {
    Macros.Run r =
        Macros.run(
                "newImage(\"m\", \"8-bit black\", 10, 8, 1);\n"
                    + "setColor(255); fillRect(2, 3, 4, 5);\n"
                    + "newImage(\"s\", \"32-bit black\", 10, 8, 3);\n"
                    + START
                    + "Ext.Fovea_push(\"m\");\n"
                    + "selectImage(\"s\");\n"
                    + "Ext.Fovea_pullAsROI(\"m\");\n"
                    + "getSelectionBounds(rx, ry, rw, rh);\n"
                    + "print(\"rx=\" + rx); print(\"ry=\" + ry); print(\"rw=\" + rw);"
                    + " print(\"rh=\" + rh);\n"
                    + "Ext.Fovea_pushArray2D(a, newArray(1, 2, 3, 4, 5, 6), 3, 2);\n"
                    + "setSlice(2); run(\"Select None\");\n"
                    + "Ext.Fovea_pullToCurrentSlice(a);\n"
                    + "print(\"p21=\" + getPixel(2, 1));\n"
                    + "setSlice(1); print(\"q21=\" + getPixel(2, 1));\n"
                    + "newImage(\"other\", \"16-bit black\", 4, 4, 1); selectImage(\"s\");\n"
                    + "Ext.Fovea_pullToCurrentSlice(a, \"other\");\n"
                    + "selectImage(\"other\"); print(\"o21=\" + getPixel(2, 1));\n"
                    + "print(\"o33=\" + getPixel(3, 3)); selectImage(\"s\");\n"
                    + "setSlice(3); makeRectangle(5, 4, 2, 2);\n"
                    + "Ext.Fovea_pullToCurrentSliceSelection(a);\n"
                    + "print(\"s54=\" + getPixel(5, 4)); print(\"s65=\" + getPixel(6, 5));"
                    + " print(\"s75=\" + getPixel(7, 5));\n"
                    + "Ext.Fovea_pushCurrentSliceSelection(\"s\");\n"
                    + "Ext.Fovea_getDimensions(\"s\", sw, sh, sd);\n"
                    + "print(\"sw=\" + sw); print(\"sd=\" + sd);\n"
                    + "Ext.Fovea_getSumOfAllPixels(\"s\", ss); print(\"ss=\" + ss);\n")
            .assertOk();
    assertEquals(2, r.value("rx"));
    assertEquals(3, r.value("ry"));
    assertEquals(4, r.value("rw"));
    assertEquals(5, r.value("rh"));
    assertEquals(6, r.value("p21"));
    assertEquals(0, r.value("q21"));
    assertEquals(6, r.value("o21"));
    assertEquals(0, r.value("o33"));
    assertEquals(1, r.value("s54"));
    assertEquals(5, r.value("s65"));
    assertEquals(0, r.value("s75"));
    assertEquals(2, r.value("sw"));
    assertEquals(1, r.value("sd"));
    assertEquals(1 + 2 + 4 + 5, r.value("ss"));
  }

  @Test
  void saveAsTifNeverOverwrites(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("out.tif");
    String path = f.toString().replace("\\", "/");
    Macros.run(
            START
                + "Ext.Fovea_pushArray2D(a, newArray(1, 2, 3, 4, 5, 6), 3, 2);\n"
                + "Ext.Fovea_saveAsTIF(a, \""
                + path
                + "\");\n")
        .assertOk();
    ImagePlus imp = IJ.openImage(f.toString());
    assertEquals(3, imp.getWidth());
    assertEquals(6, imp.getProcessor().getf(2, 1));
    long size = Files.size(f);
    Macros.Run again =
        Macros.run(
            START
                + "Ext.Fovea_pushArray2D(b, newArray(9, 9), 2, 1);\n"
                + "Ext.Fovea_saveAsTIF(b, \""
                + path
                + "\");\n");
    assertFalse(again.result().ok());
    assertTrue(again.result().error().contains("never overwrites"), again.result().error());
    assertEquals(size, Files.size(f));
  }

  @Test
  void helpCacheAndDevices() {
    Macros.Run r =
        Macros.run(
                START
                    + "Ext.Fovea_help(\"pusharray\");\n"
                    + "Ext.Fovea_pushArray2D(a, newArray(1, 2, 3, 4), 2, 2);\n"
                    + "Ext.Fovea_addImageAndScalar(a, b, 1);\n"
                    + "Ext.Fovea_getSumOfAllPixels(b, s1); print(\"s1=\" + s1);\n"
                    + "Ext.Fovea_invalidateKernelCache();\n"
                    + "Ext.Fovea_addImageAndScalar(a, c, 2);\n"
                    + "Ext.Fovea_getSumOfAllPixels(c, s2); print(\"s2=\" + s2);\n"
                    + "run(\"Clear Results\");\n"
                    + "Ext.Fovea_GPUProperties();\n"
                    + "print(\"name=\" + getResultString(\"GPUName\", 0));\n"
                    + "print(\"mem=\" + getResult(\"Global_memory_in_bytes\", 0));\n"
                    + "print(\"cl=\" + getResult(\"OpenCL_Version\", 0));\n"
                    + "Ext.Fovea_listAvailableGPUs();\n"
                    + "print(\"rows=\" + nResults);\n"
                    + "print(\"mem2=\" + getResult(\"Memory_in_bytes\", 1));\n")
            .assertOk();
    assertTrue(r.out().contains("Ext.Fovea_pushArray2D"), r.out());
    assertTrue(r.out().contains("Ext.Fovea_pushArray\n"), r.out());
    assertFalse(r.out().contains("Ext.Fovea_copy\n"), r.out());
    assertEquals(14, r.value("s1"));
    assertEquals(18, r.value("s2"));
    assertTrue(r.value("mem") > 0);
    assertTrue(r.value("cl") >= 1.2);
    assertTrue(r.value("rows") >= 2);
    assertTrue(r.value("mem2") > 0);
    assertTrue(r.out().contains("name=" + Macros.gpu().device().name()), r.out());
  }
}
