package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ImageStatistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What CLIJ2 macros rely on beyond the ops (checked against CLIJ2 2.5.3.1's CLIJHandler and
 * plugins): never-assigned output variables, Results-table writes, the get... forms, create2D,
 * device fallback, reportMemory.
 */
class Clij2SemanticsTest {
  @AfterEach
  void reset() {
    Macros.reset();
    ij.measure.ResultsTable.getResultsTable().reset();
  }

  private static String start(ImagePlus imp, String device) {
    return Macros.openLine(imp)
        + "run(\"Fovea Macro Extensions\", \"cl_device=["
        + device
        + "]\");\n"
        + "input = getTitle();\n"
        + "Ext.Fovea_push(input);\n";
  }

  @Test
  void aNeverAssignedOutputVariableNamesTheImage() {
    ImagePlus imp = Macros.random("in", 8, 31, 17, 4, 3);
    Macros.Run r =
        Macros.run(
                start(imp, "")
                    + "Ext.Fovea_addImageAndScalar(input, plus, 5);\n"
                    + "Ext.Fovea_maximumZProjection(plus, projected);\n"
                    + "Ext.Fovea_pull(projected);\n"
                    + "print(\"title=\" + (getTitle() == \"projected\"));\n"
                    + "print(\"var=\" + (plus == \"plus\"));\n")
            .assertOk();
    assertEquals(1, r.value("title"));
    assertEquals(1, r.value("var"));
  }

  @Test
  void outputVariablesAssignedInABranchOrFirstUsedInAFunction() {
    ImagePlus imp = Macros.random("in", 32, 31, 17, 1, 3);
    Macros.Run r =
        Macros.run(
                start(imp, "")
                    + "Ext.Fovea_addImageAndScalar(input, plus, 5);\n"
                    + "if (getWidth() < 0) { other = \"never\"; }\n"
                    + "Ext.Fovea_copy(plus, other);\n"
                    + "print(\"branch=\" + (other == \"other\"));\n"
                    + "show(plus);\n"
                    + "print(\"fn=\" + (getTitle() == \"inner\"));\n"
                    + "print(\"max=\" + getValue(\"Max\"));\n"
                    + "function show(plus) {\n"
                    + "  Ext.Fovea_addImageAndScalar(plus, inner, 1);\n"
                    + "  Ext.Fovea_pull(inner);\n"
                    + "}\n")
            .assertOk();
    assertEquals(1, r.value("branch"));
    assertEquals(1, r.value("fn"));
    assertEquals(imp.getStatistics().max + 6, r.value("max"), 1e-3);
  }

  @Test
  void resultsGoToTheResultsTableWithClij2sColumnsAndTheGetFormsReturnThem() {
    ImagePlus imp = Macros.random("in", 16, 31, 17, 3, 4);
    ImageStatistics st = new ij.process.StackStatistics(imp);
    Macros.Run r =
        Macros.run(
                start(imp, "")
                    + "Ext.Fovea_maximumOfAllPixels(input);\n"
                    + "Ext.Fovea_sumOfAllPixels(input);\n"
                    + "print(\"max=\" + getResult(\"Max\", 0));\n"
                    + "print(\"sum=\" + d2s(getResult(\"Sum\", 1), 0));\n"
                    + "print(\"rows=\" + nResults);\n"
                    + "Ext.Fovea_getMinimumOfAllPixels(input, mn);\n"
                    + "Ext.Fovea_getMeanOfAllPixels(input, mean);\n"
                    + "print(\"min=\" + mn);\n"
                    + "print(\"mean=\" + mean);\n"
                    + "Ext.Fovea_getSize(input);\n"
                    + "print(\"depth=\" + getResult(\"Depth\", nResults - 1));\n")
            .assertOk();
    assertEquals(st.max, r.value("max"));
    assertEquals(st.mean * st.pixelCount, r.value("sum"), 1.0);
    assertEquals(2, r.value("rows"));
    assertEquals(st.min, r.value("min"));
    assertEquals(st.mean, r.value("mean"), 1e-3);
    assertEquals(3, r.value("depth"));
  }

  @Test
  void create2DMakesAZeroImageOfTheBitDepth() {
    Macros.Run r =
        Macros.run(
                "run(\"Fovea Macro Extensions\", \"cl_device=\");\n"
                    + "Ext.Fovea_create2D(blank, 5, 3, 16);\n"
                    + "Ext.Fovea_getMaximumOfAllPixels(blank, m);\n"
                    + "Ext.Fovea_pull(blank);\n"
                    + "print(\"max=\" + m);\n"
                    + "print(\"bits=\" + bitDepth());\n"
                    + "print(\"w=\" + getWidth());\n")
            .assertOk();
    assertEquals(0, r.value("max"));
    assertEquals(16, r.value("bits"));
    assertEquals(5, r.value("w"));
  }

  @Test
  void aClij2DeviceThisMachineLacksFallsBackWithOneWarning() {
    ImagePlus imp = Macros.random("in", 8, 7, 5, 1, 5);
    Macros.Run r = Macros.run(start(imp, "GeForce RTX 2080 Ti") + "print(\"ok=1\");\n").assertOk();
    assertEquals(1, r.value("ok"));
    long warnings = r.out().lines().filter(l -> l.contains("GeForce RTX 2080 Ti")).count();
    assertEquals(1, warnings, r.out());
  }

  @Test
  void reportMemoryAfterClearListsNoImages() {
    ImagePlus imp = Macros.random("in", 8, 7, 5, 1, 6);
    Macros.Run r =
        Macros.run(
                start(imp, "")
                    + "Ext.Fovea_copy(input, other);\n"
                    + "Ext.Fovea_clear();\n"
                    + "print(\"---\");\n"
                    + "Ext.Fovea_reportMemory();\n")
            .assertOk();
    String after = r.out().substring(r.out().indexOf("---"));
    assertTrue(after.contains(": 0 images, 0 bytes"), after);
    assertFalse(after.contains("#"), after);
  }

  @Test
  void imageJsOwnErrorsNameTheVariableOrTheFunction() {
    Macros.Run r = Macros.run("a = 1;\nb = a + missing;\n");
    assertTrue(r.result().error().contains("'missing'"), r.result().error());
    r =
        Macros.run(
            "run(\"Fovea Macro Extensions\", \"device=[]\");\nExt.CLIJx_maximumZProjection(\"a\", \"b\");\n");
    assertTrue(r.result().error().contains("Ext.CLIJx_maximumZProjection"), r.result().error());
    assertTrue(r.result().error().contains("Ext.Fovea_maximumZProjection"), r.result().error());
    r = Macros.run("run(\"Fovea Macro Extensions\", \"device=[]\");\nExt.Fovea_noSuchOp(\"a\");\n");
    assertTrue(r.result().error().contains("Ext.Fovea_noSuchOp"), r.result().error());
  }

  @Test
  void pushArrayMakesAFloatImageAndTimeTracingListsTheCalls() {
    Macros.Run r =
        Macros.run(
                "run(\"Fovea Macro Extensions\", \"cl_device=\");\n"
                    + "Ext.Fovea_startTimeTracing();\n"
                    + "Ext.Fovea_pushArray(arr, newArray(1, 2, 3.5, 4, 5, 6), 3, 2, 1);\n"
                    + "Ext.Fovea_getSumOfAllPixels(arr, sum);\n"
                    + "Ext.Fovea_stopTimeTracing();\n"
                    + "Ext.Fovea_getTimeTracing(traces);\n"
                    + "Ext.Fovea_pull(arr);\n"
                    + "print(\"sum=\" + sum);\n"
                    + "print(\"bits=\" + bitDepth());\n"
                    + "print(\"v=\" + getPixel(2, 0));\n"
                    + "print(traces);\n")
            .assertOk();
    assertEquals(21.5, r.value("sum"));
    assertEquals(32, r.value("bits"));
    assertEquals(3.5, r.value("v"));
    assertTrue(r.out().contains("Ext.Fovea_pushArray: "), r.out());
    assertTrue(r.out().contains("Ext.Fovea_getSumOfAllPixels: "), r.out());
  }
}
