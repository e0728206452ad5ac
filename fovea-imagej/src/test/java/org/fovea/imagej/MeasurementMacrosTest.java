package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * centerOfMass, meanSquaredError and the label statistics in macros: CLIJ2's Results columns (MassZ
 * only for stacks, as CLIJ2), the get… forms, and a statistics call with a result variable (the row
 * count). Values against plain loops over the ImageJ images.
 */
class MeasurementMacrosTest {
  @AfterEach
  void reset() {
    Macros.reset();
    ResultsTable.getResultsTable().reset();
  }

  @Test
  void centerOfMassAndMeanSquaredErrorOnAStackAndAnImage() {
    ImagePlus a = Macros.random("a", 16, 13, 11, 3, 21);
    ImagePlus b = Macros.random("b", 16, 13, 11, 3, 22);
    double s = 0, sx = 0, sy = 0, sz = 0, sq = 0;
    for (int z = 0; z < 3; z++) {
      ImageProcessor pa = a.getStack().getProcessor(z + 1), pb = b.getStack().getProcessor(z + 1);
      for (int y = 0; y < 11; y++) {
        for (int x = 0; x < 13; x++) {
          double v = pa.getf(x, y), e = v - pb.getf(x, y);
          s += v;
          sx += v * x;
          sy += v * y;
          sz += v * z;
          sq += e * e;
        }
      }
    }
    Macros.Run r =
        Macros.run(
                Macros.openLine(a)
                    + Macros.openLine(b)
                    + "run(\"Fovea Macro Extensions\", \"device=[]\");\n"
                    + "Ext.Fovea_push(\"a\");\n"
                    + "Ext.Fovea_push(\"b\");\n"
                    + "Ext.Fovea_centerOfMass(\"a\");\n"
                    + "Ext.Fovea_meanSquaredError(\"a\", \"b\");\n"
                    + "Ext.Fovea_getCenterOfMass(\"a\", x, y, z);\n"
                    + "Ext.Fovea_getMeanSquaredError(\"a\", \"b\", mse);\n"
                    + "print(\"z=\" + d2s(z, 9));\n"
                    + "print(\"mse=\" + d2s(mse, 6));\n"
                    + "Ext.Fovea_maximumZProjection(\"a\", \"flat\");\n"
                    + "Ext.Fovea_centerOfMass(\"flat\");\n")
            .assertOk();
    ResultsTable rt = ResultsTable.getResultsTable();
    assertEquals(3, rt.size());
    assertEquals(sx / s, rt.getValue("MassX", 0), 1e-9);
    assertEquals(sy / s, rt.getValue("MassY", 0), 1e-9);
    assertEquals(sz / s, rt.getValue("MassZ", 0), 1e-9);
    assertEquals(sq / (13 * 11 * 3), rt.getValue("MSE", 1), 1e-6 * sq);
    assertEquals(sz / s, r.value("z"), 1e-8);
    assertEquals(sq / (13 * 11 * 3), r.value("mse"), 1e-5 * sq);
    // the projection is 2D: its row has MassX and MassY, no MassZ (an empty cell: NaN or 0)
    assertTrue(rt.getValue("MassX", 2) > 0);
    double z2 = rt.getValue("MassZ", 2);
    assertTrue(Double.isNaN(z2) || z2 == 0, "2D image wrote MassZ " + z2);
  }

  @Test
  void statisticsWithAResultVariableGetsTheRowCountAndNoTable() {
    float[] labels = new float[9 * 7];
    for (int i = 0; i < labels.length; i++) labels[i] = (i % 9) / 3; // labels 0, 1, 2
    ImagePlus lab = new ImagePlus("lab", new ij.process.FloatProcessor(9, 7, labels));
    Macros.Run r =
        Macros.run(
                Macros.openLine(lab)
                    + "run(\"Fovea Macro Extensions\", \"device=[]\");\n"
                    + "Ext.Fovea_push(\"lab\");\n"
                    + "Ext.Fovea_statisticsOfBackgroundAndLabelledPixels(\"lab\", \"lab\", n);\n"
                    + "print(\"n=\" + n);\n"
                    + "print(\"rows=\" + nResults);\n"
                    + "Ext.Fovea_statisticsOfLabelledPixels(\"lab\", \"lab\");\n"
                    + "print(\"count=\" + getResult(\"PIXEL_COUNT\", 1));\n"
                    + "print(\"rows2=\" + nResults);\n")
            .assertOk();
    assertEquals(3, r.value("n"));
    assertEquals(0, r.value("rows"));
    assertEquals(21, r.value("count"));
    assertEquals(2, r.value("rows2"));
    assertFalse(ResultsTable.getResultsTable().columnExists("MassX"));
  }
}
