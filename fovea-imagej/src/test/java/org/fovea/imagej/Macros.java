package org.fovea.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.fovea.core.Gpu;
import org.fovea.ops.testkit.TestGpu;

/** Test helpers: run macros headless on the shared test GPU and capture what they print. */
final class Macros {
  private Macros() {}

  /** A macro's result and its stdout. */
  record Run(HeadlessMacro.Result result, String out) {
    Run assertOk() {
      if (!result.ok()) {
        throw new AssertionError("macro failed: " + result.describe() + "\nstdout:\n" + out);
      }
      return this;
    }

    /** The value printed as {@code key=value}. */
    double value(String key) {
      for (String l : out.split("\\R")) {
        if (l.startsWith(key + "=")) return Double.parseDouble(l.substring(key.length() + 1));
      }
      throw new AssertionError("the macro printed no " + key + "=...; stdout:\n" + out);
    }
  }

  static Gpu gpu() {
    HeadlessImageJ.init();
    Gpu g = TestGpu.get();
    FoveaSession.get().use(g);
    return g;
  }

  static Run run(String macro) {
    return run(macro, "");
  }

  static Run run(String macro, String arg) {
    gpu();
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream cap = new PrintStream(buf, true, StandardCharsets.UTF_8);
    System.setOut(cap);
    HeadlessMacro.Result r;
    try {
      r = HeadlessMacro.run(macro, arg);
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    old.print(out);
    return new Run(r, out);
  }

  /**
   * Macro lines that open {@code imp} (saved as a TIFF in a temporary folder) under its title, as a
   * user's macro opens a file.
   */
  static String openLine(ImagePlus imp) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("fovea-macro-test");
      dir.toFile().deleteOnExit();
      java.nio.file.Path f = dir.resolve(imp.getTitle() + ".tif");
      // saving renames the image it saves: save a copy
      if (!ij.IJ.saveAsTiff(imp.duplicate(), f.toString()))
        throw new AssertionError("could not save " + f);
      f.toFile().deleteOnExit();
      return "open(\""
          + f.toString().replace("\\", "/")
          + "\");\nrename(\""
          + imp.getTitle()
          + "\");\n";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Closes every open image and releases every GPU image. */
  static void reset() {
    HeadlessMacro.closeImages();
    FoveaSession.get().clear();
  }

  /** A seeded random stack: bitDepth 8, 16 or 32; d == 1 gives a 2D image. */
  static ImagePlus random(String title, int bitDepth, int w, int h, int d, long seed) {
    Random rnd = new Random(seed);
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      ImageProcessor ip =
          switch (bitDepth) {
            case 8 -> new ByteProcessor(w, h);
            case 16 -> new ShortProcessor(w, h);
            default -> new FloatProcessor(w, h);
          };
      for (int i = 0; i < w * h; i++) {
        ip.setf(
            i,
            switch (bitDepth) {
              case 8 -> rnd.nextInt(256);
              case 16 -> rnd.nextInt(4096);
              default -> (float) (rnd.nextGaussian() * 50 + 100);
            });
      }
      st.addSlice(ip);
    }
    return new ImagePlus(title, st);
  }

  /** Asserts equal size, bit depth and pixels; reports the first differing voxel. */
  static void assertSameImage(ImagePlus expected, ImagePlus actual, double tolerance) {
    String what = "'" + actual.getTitle() + "'";
    if (expected.getWidth() != actual.getWidth()
        || expected.getHeight() != actual.getHeight()
        || expected.getStackSize() != actual.getStackSize()) {
      throw new AssertionError(
          what
              + ": expected "
              + expected.getWidth()
              + "×"
              + expected.getHeight()
              + "×"
              + expected.getStackSize()
              + ", got "
              + actual.getWidth()
              + "×"
              + actual.getHeight()
              + "×"
              + actual.getStackSize());
    }
    if (expected.getBitDepth() != actual.getBitDepth()) {
      throw new AssertionError(
          what + ": expected " + expected.getBitDepth() + "-bit, got " + actual.getBitDepth());
    }
    int w = expected.getWidth();
    for (int z = 1; z <= expected.getStackSize(); z++) {
      ImageProcessor e = expected.getStack().getProcessor(z);
      ImageProcessor a = actual.getStack().getProcessor(z);
      for (int i = 0; i < w * expected.getHeight(); i++) {
        float ev = e.getf(i);
        float av = a.getf(i);
        if (ev != av
            && !(Math.abs(ev - av) <= tolerance)
            && !(Float.isNaN(ev) && Float.isNaN(av))) {
          throw new AssertionError(
              what
                  + " differs at x="
                  + (i % w)
                  + " y="
                  + (i / w)
                  + " z="
                  + (z - 1)
                  + ": expected "
                  + ev
                  + ", got "
                  + av);
        }
      }
    }
  }
}
