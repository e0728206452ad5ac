package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.io.Opener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.io.Calibration;
import org.fovea.io.TiffReader;
import org.fovea.io.TiffStack;
import org.fovea.io.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run folder's stacks, written by fovea-io's TiffWriter, as ImageJ and replay read them. */
class StackTiffTest {
  @TempDir Path dir;

  static Stack randomStack(int w, int h, int d) {
    short[] px = new short[w * h * d];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < px.length; i++) px[i] = (short) r.nextInt(65536);
    return new Stack(0, 1.5, 0, w, h, d, 0.52, 0.52, 2.0, px, Map.of());
  }

  static void write(Path f, Stack s) throws IOException {
    TiffWriter.write(
        f,
        s.pixels(),
        s.width(),
        s.height(),
        s.depth(),
        Calibration.of(s.voxelX(), s.voxelY(), s.voxelZ(), "test"));
  }

  @Test
  void roundTripsThroughOwnReader() throws IOException {
    Stack s = randomStack(31, 17, 5);
    Path f = dir.resolve("a.tif");
    write(f, s);
    TiffStack img = TiffReader.read(f);
    assertEquals(31, img.width());
    assertEquals(17, img.height());
    assertEquals(5, img.depth());
    assertEquals(0.52, img.calibration().x(), 1e-6);
    assertEquals(2.0, img.calibration().z(), 1e-6);
    assertArrayEquals((short[]) s.pixels(), img.shorts());
  }

  @Test
  void imageJOpensItAsACalibratedStack() throws IOException {
    Stack s = randomStack(31, 17, 5);
    Path f = dir.resolve("b.tif");
    write(f, s);
    ImagePlus imp = new Opener().openImage(f.toString());
    assertEquals(31, imp.getWidth());
    assertEquals(17, imp.getHeight());
    assertEquals(5, imp.getStackSize());
    assertEquals(16, imp.getBitDepth());
    assertEquals(0.52, imp.getCalibration().pixelWidth, 1e-6);
    assertEquals(2.0, imp.getCalibration().pixelDepth, 1e-6);
    assertEquals("micron", imp.getCalibration().getUnit());
    for (int z = 0; z < 5; z++) {
      short[] slice = (short[]) imp.getStack().getPixels(z + 1);
      for (int i = 0; i < slice.length; i++) {
        assertEquals(
            ((short[]) s.pixels())[z * 31 * 17 + i], slice[i], "slice " + z + " pixel " + i);
      }
    }
  }

  @Test
  void truncatedFileIsReportedNotMisread() throws IOException {
    Stack s = randomStack(31, 17, 5);
    Path f = dir.resolve("c.tif");
    write(f, s);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
    IOException e = assertThrows(IOException.class, () -> TiffReader.read(f));
    assertEquals(true, e.getMessage().contains(f.toString()), e.getMessage());
    assertEquals(true, e.getMessage().contains("outside the file"), e.getMessage());
  }
}
