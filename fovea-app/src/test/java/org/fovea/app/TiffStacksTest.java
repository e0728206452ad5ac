package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffStacksTest {
  static Path write(Path dir, String name, int bits, boolean calibrate) {
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
    if (calibrate) {
      imp.getCalibration().setUnit("micron");
      imp.getCalibration().pixelWidth = 0.52;
      imp.getCalibration().pixelHeight = 0.53;
      imp.getCalibration().pixelDepth = 2;
    }
    Path p = dir.resolve(name);
    assertTrue(new FileSaver(imp).saveAsTiffStack(p.toString()));
    return p;
  }

  @Test
  void theFastPathReadsExactlyWhatImageJReads(@TempDir Path dir) throws Exception {
    for (int bits : new int[] {8, 16, 32}) {
      for (boolean cal : new boolean[] {true, false}) {
        Path p = write(dir, "s" + bits + cal + ".tif", bits, cal);
        TiffStacks.Stack fast = TiffStacks.read(p, null);
        TiffStacks.Stack ij = TiffStacks.readWithImageJ(p);
        assertTrue(fast.fast(), "fast path taken for " + bits + "-bit");
        assertEquals(ij.width(), fast.width());
        assertEquals(ij.height(), fast.height());
        assertEquals(ij.depth(), fast.depth());
        assertEquals(ij.pixels().getClass(), fast.pixels().getClass());
        if (bits == 8) assertArrayEquals((byte[]) ij.pixels(), (byte[]) fast.pixels());
        if (bits == 16) assertArrayEquals((short[]) ij.pixels(), (short[]) fast.pixels());
        if (bits == 32) assertArrayEquals((float[]) ij.pixels(), (float[]) fast.pixels());
        if (cal) {
          assertArrayEquals(ij.voxelUm(), fast.voxelUm(), 1e-6);
          assertEquals(0.53, fast.voxelUm()[1], 1e-6);
        } else {
          assertNull(ij.voxelUm());
          assertNull(fast.voxelUm());
        }
        // the array is reused for the next stack of the same kind
        assertTrue(fast.pixels() == TiffStacks.read(p, fast.pixels()).pixels());
      }
    }
  }

  @Test
  void truncatedAndSingleImageFilesAreReportedClearly(@TempDir Path dir) throws Exception {
    Path p = write(dir, "t.tif", 16, false);
    byte[] all = Files.readAllBytes(p);
    Path cut = dir.resolve("cut.tif");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    IOException e = assertThrows(IOException.class, () -> TiffStacks.read(cut, null));
    assertFalse(e.getMessage().isBlank());
    Path single = dir.resolve("single.tif");
    assertTrue(
        new FileSaver(new ImagePlus("one", new ShortProcessor(8, 8)))
            .saveAsTiff(single.toString()));
    IOException e2 = assertThrows(IOException.class, () -> TiffStacks.read(single, null));
    assertTrue(e2.getMessage().contains("not a stack"), e2.getMessage());
  }
}
