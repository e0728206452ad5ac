package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.junit.jupiter.api.Test;

/** ImagePlus / ImageStack / ImageProcessor ↔ GpuImage. */
class ImageJConversionTest {
  @Test
  void stacksOfEveryImageJTypeRoundTrip() {
    Gpu gpu = Macros.gpu();
    int[][] shapes = {{31, 17, 1}, {31, 17, 5}};
    for (int bits : new int[] {8, 16, 32}) {
      for (int[] s : shapes) {
        ImagePlus imp = Macros.random("in", bits, s[0], s[1], s[2], bits + s[2]);
        try (GpuImage g = ImageJConversion.push(gpu, imp)) {
          assertEquals(
              bits == 8 ? PixelType.UINT8 : bits == 16 ? PixelType.UINT16 : PixelType.FLOAT32,
              g.type());
          assertEquals(s[0], g.width());
          assertEquals(s[1], g.height());
          assertEquals(s[2], g.depth());
          Macros.assertSameImage(imp, ImageJConversion.pull(g, "back"), 0);
        }
      }
    }
  }

  @Test
  void aProcessorPushesAs2D() {
    Gpu gpu = Macros.gpu();
    ImagePlus imp = Macros.random("in", 16, 31, 17, 1, 3);
    try (GpuImage g = ImageJConversion.push(gpu, imp.getProcessor())) {
      assertEquals(1, g.depth());
      Macros.assertSameImage(imp, ImageJConversion.pull(g, "back"), 0);
    }
  }

  @Test
  void labelsComeBackAs32BitFloat() {
    Gpu gpu = Macros.gpu();
    int[] labels = new int[31 * 17 * 2];
    for (int i = 0; i < labels.length; i++) labels[i] = i * 997;
    labels[5] = 16_777_216; // 2^24 is still exact in float
    try (GpuImage g = gpu.push(labels, 31, 17, 2)) {
      ImagePlus imp = ImageJConversion.pull(g, "labels");
      assertEquals(32, imp.getBitDepth());
      assertEquals(2, imp.getStackSize());
      ImageStack st = imp.getStack();
      for (int i = 0; i < labels.length; i++) {
        int z = i / (31 * 17);
        assertEquals(labels[i], st.getProcessor(z + 1).getf(i % (31 * 17)), "label " + i);
      }
    }
  }

  @Test
  void pullBinaryGives0And255() {
    Gpu gpu = Macros.gpu();
    float[] v = {0, 1, -2, 0.5f, 0, 7};
    try (GpuImage g = gpu.push(v, 3, 2)) {
      ImagePlus imp = ImageJConversion.pullBinary(g, "mask", null);
      assertEquals(8, imp.getBitDepth());
      ImageProcessor ip = imp.getProcessor();
      for (int i = 0; i < v.length; i++) assertEquals(v[i] != 0 ? 255 : 0, ip.get(i), "pixel " + i);
    }
  }

  @Test
  void aHyperstackPushesTheCurrentChannelsZStack() {
    Gpu gpu = Macros.gpu();
    ImagePlus imp = Macros.random("hyper", 16, 11, 7, 6, 9); // 2 channels × 3 slices
    imp.setDimensions(2, 3, 1);
    imp.setOpenAsHyperStack(true);
    imp.setPosition(2, 1, 1);
    try (GpuImage g = ImageJConversion.push(gpu, imp)) {
      assertEquals(3, g.depth());
      ImagePlus back = ImageJConversion.pull(g, "c2");
      for (int z = 1; z <= 3; z++) {
        ImageProcessor e = imp.getStack().getProcessor(imp.getStackIndex(2, z, 1));
        ImageProcessor a = back.getStack().getProcessor(z);
        for (int i = 0; i < 11 * 7; i++) assertEquals(e.getf(i), a.getf(i), "z " + z + " i " + i);
      }
    }
  }

  @Test
  void calibrationIsKept() {
    Gpu gpu = Macros.gpu();
    ImagePlus imp = Macros.random("cal", 16, 11, 7, 3, 1);
    Calibration c = imp.getCalibration();
    c.pixelWidth = 0.52;
    c.pixelHeight = 0.52;
    c.pixelDepth = 2;
    c.setUnit("micron");
    try (GpuImage g = ImageJConversion.push(gpu, imp)) {
      ImagePlus back = ImageJConversion.pull(g, "back", imp.getCalibration());
      assertEquals(0.52, back.getCalibration().pixelWidth);
      assertEquals(2, back.getCalibration().pixelDepth);
      assertEquals("micron", back.getCalibration().getUnit());
    }
  }

  @Test
  void rgbIsRefusedWithWhatToDo() {
    Gpu gpu = Macros.gpu();
    ImagePlus rgb = new ImagePlus("rgb", new ColorProcessor(4, 4));
    FoveaException e = assertThrows(FoveaException.class, () -> ImageJConversion.push(gpu, rgb));
    assertTrue(e.getMessage().contains("8-bit"), e.getMessage());
    assertTrue(e.getMessage().contains("rgb"), e.getMessage());
  }

  @Test
  void theMacroPushKeepsTheCalibrationForOutputsOfTheSameShape() {
    Macros.Run r =
        Macros.run(
                "newImage(\"a\", \"16-bit ramp\", 31, 17, 5);\n"
                    + "setVoxelSize(0.5, 0.5, 2, \"micron\");\n"
                    + "run(\"Fovea Macro Extensions\");\n"
                    + "Ext.Fovea_push(\"a\");\n"
                    + "Ext.Fovea_addImageAndScalar(\"a\", \"b\", 3);\n"
                    + "Ext.Fovea_pull(\"b\");\n"
                    + "getVoxelSize(w, h, d, unit);\n"
                    + "print(\"w=\" + w);\nprint(\"d=\" + d);\n")
            .assertOk();
    assertEquals(0.5, r.value("w"));
    assertEquals(2, r.value("d"));
    Macros.reset();
  }
}
