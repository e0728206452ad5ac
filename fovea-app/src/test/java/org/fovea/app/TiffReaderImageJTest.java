package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.fovea.io.TiffReader;
import org.fovea.io.TiffStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fovea-io's TiffReader against ImageJ's own reader, on files ImageJ wrote. */
class TiffReaderImageJTest {
  static Path write(Path dir, String name, int bits, boolean calibrate) {
    return write(dir, name, bits, calibrate ? "micron" : null);
  }

  static Path write(Path dir, String name, int bits, String unit) {
    Random r = new Random(bits);
    int w = 37;
    int h = 21;
    int d = 6;
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      ImageProcessor ip =
          bits == 8
              ? new ByteProcessor(w, h)
              : bits == 16 ? new ShortProcessor(w, h) : new FloatProcessor(w, h);
      for (int i = 0; i < w * h; i++)
        ip.setf(
            i, bits == 32 ? (float) (r.nextGaussian() * 100) : r.nextInt(bits == 8 ? 256 : 65536));
      st.addSlice(null, ip);
    }
    ImagePlus imp = new ImagePlus(name, st);
    if (unit != null) {
      imp.getCalibration().setUnit(unit);
      imp.getCalibration().pixelWidth = 0.52;
      imp.getCalibration().pixelHeight = 0.53;
      imp.getCalibration().pixelDepth = 2;
    }
    Path p = dir.resolve(name);
    assertTrue(new FileSaver(imp).saveAsTiffStack(p.toString()));
    return p;
  }

  static Object imageJPixels(ImagePlus imp) {
    ImageStack st = imp.getStack();
    int n = st.getWidth() * st.getHeight();
    Object first = st.getPixels(1);
    Object all =
        java.lang.reflect.Array.newInstance(first.getClass().getComponentType(), n * st.getSize());
    for (int z = 0; z < st.getSize(); z++) System.arraycopy(st.getPixels(z + 1), 0, all, z * n, n);
    return all;
  }

  @Test
  void readsExactlyWhatImageJReads(@TempDir Path dir) throws Exception {
    for (int bits : new int[] {8, 16, 32}) {
      for (boolean cal : new boolean[] {true, false}) {
        Path p = write(dir, "s" + bits + cal + ".tif", bits, cal);
        TiffStack fast = TiffReader.read(p);
        ImagePlus ij = new Opener().openImage(p.toString());
        assertTrue(fast.mapped(), "fast path taken for " + bits + "-bit");
        assertEquals(ij.getWidth(), fast.width());
        assertEquals(ij.getHeight(), fast.height());
        assertEquals(ij.getStackSize(), fast.depth());
        Object px = imageJPixels(ij);
        assertEquals(px.getClass(), fast.pixels().getClass());
        if (bits == 8) assertArrayEquals((byte[]) px, (byte[]) fast.pixels());
        if (bits == 16) assertArrayEquals((short[]) px, (short[]) fast.pixels());
        if (bits == 32) assertArrayEquals((float[]) px, (float[]) fast.pixels());
        assertEquals(cal, fast.calibration().fromFile());
        if (cal) {
          ij.measure.Calibration c = ij.getCalibration();
          assertArrayEquals(
              new double[] {c.pixelWidth, c.pixelHeight, c.pixelDepth},
              fast.calibration().micrometres(),
              1e-6);
          assertEquals(0.53, fast.calibration().y(), 1e-6);
        }
        assertTrue(fast.pixels() == TiffReader.read(p, fast.pixels()).pixels());
      }
    }
  }

  @Test
  void everyUnitImageJWritesGivesImageJsVoxelSizeInMicrometres(@TempDir Path dir) throws Exception {
    // ImageJ writes the micro sign escaped (unit=\u00B5m); Greek mu and nm occur too
    String[][] units = {
      {"\u00B5m", "1"}, {"\u03BCm", "1"}, {"um", "1"}, {"micron", "1"}, {"nm", "0.001"}
    };
    for (String[] u : units) {
      String unit = u[0];
      Path p = write(dir, "u" + u[1] + unit.length() + ".tif", 16, unit);
      ImagePlus imp = new Opener().openImage(p.toString());
      double f = Double.parseDouble(u[1]);
      TiffStack s = TiffReader.read(p);
      assertTrue(s.calibration().fromFile(), unit + ": " + s.calibration());
      assertEquals(imp.getCalibration().pixelWidth * f, s.calibration().x(), 1e-9, unit);
      assertEquals(imp.getCalibration().pixelDepth * f, s.calibration().z(), 1e-9, unit);
    }
  }

  @Test
  void truncatedFilesAreReportedClearly(@TempDir Path dir) throws Exception {
    Path p = write(dir, "t.tif", 16, false);
    byte[] all = Files.readAllBytes(p);
    Path cut = dir.resolve("cut.tif");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    IOException e = assertThrows(IOException.class, () -> TiffReader.read(cut));
    assertTrue(e.getMessage().contains("cut.tif"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }
}
