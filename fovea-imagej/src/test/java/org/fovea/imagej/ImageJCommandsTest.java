package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.plugin.Duplicator;
import ij.plugin.SubstackMaker;
import ij.plugin.ZProjector;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.MaximumFinder;
import ij.plugin.filter.ParticleAnalyzer;
import ij.plugin.filter.RankFilters;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageJ's own commands in a macro run with exactly the options the macro passes, as under {@code
 * ./fovea macro} (a JVM with a display; here a private Xvfb display and a child JVM running {@link
 * HeadlessMacro}). Every expected result comes from ImageJ's API called directly with the same
 * parameters in this JVM — not from the macro mechanism. Each option value is a non-default one, so
 * a command that fell back to its defaults would fail here.
 */
class ImageJCommandsTest {
  @TempDir static Path dir;
  static VirtualDisplay.Output out;
  static ImagePlus f32;
  static ImagePlus u8;
  static ImagePlus bin;

  /** One macro for the whole table: one child JVM, one Xvfb. */
  @BeforeAll
  static void runTheTable() throws Exception {
    Random rnd = new Random(12);
    FloatProcessor fp = new FloatProcessor(61, 47);
    for (int i = 0; i < fp.getPixelCount(); i++)
      fp.setf(i, (float) (rnd.nextGaussian() * 20 + 100));
    for (int k = 0; k < 12; k++) fp.setf(3 + rnd.nextInt(55), 3 + rnd.nextInt(41), 150 + 20 * k);
    f32 = new ImagePlus("f32", fp);
    ImageStack st = new ImageStack(61, 47);
    for (int z = 0; z < 5; z++) st.addSlice(blobs(rnd, 20 + 10 * z));
    u8 = new ImagePlus("u8", st);
    ByteProcessor b = new ByteProcessor(61, 47);
    for (int k = 0; k < 9; k++) {
      int r = 2 + k % 4;
      b.setColor(255);
      b.fillOval(3 + (k % 3) * 20, 3 + (k / 3) * 15, 2 * r, 2 * r);
    }
    bin = new ImagePlus("bin", b);
    for (ImagePlus imp : new ImagePlus[] {f32, u8, bin}) {
      IJ.saveAsTiff(imp.duplicate(), dir.resolve(imp.getTitle() + ".tif").toString());
    }
    String d = dir.toString().replace('\\', '/') + "/";
    String macro =
        String.join(
            "\n",
            "setOption(\"BlackBackground\", true);",
            "d = \"" + d + "\";",
            "function one(in, cmd, options, name) {",
            "  open(d + in + \".tif\");",
            "  run(cmd, options);",
            "  saveAs(\"Tiff\", d + \"out-\" + name + \".tif\");",
            "  close(\"*\");",
            "}",
            "one(\"f32\", \"Gaussian Blur...\", \"sigma=3\", \"gauss\");",
            "one(\"f32\", \"Set...\", \"value=1000\", \"set\");",
            "one(\"f32\", \"Add...\", \"value=25\", \"add\");",
            "one(\"f32\", \"Multiply...\", \"value=1.5\", \"multiply\");",
            "one(\"f32\", \"Mean...\", \"radius=2\", \"mean\");",
            "one(\"f32\", \"Maximum...\", \"radius=3\", \"maximum\");",
            "one(\"f32\", \"Minimum...\", \"radius=1.5\", \"minimum\");",
            "one(\"f32\", \"Median...\", \"radius=2.5\", \"median\");",
            "one(\"u8\", \"Convert to Mask\", \"method=Otsu background=Dark calculate black\","
                + " \"mask\");",
            "one(\"u8\", \"Duplicate...\", \"title=dup duplicate range=2-4\", \"dup\");",
            "one(\"u8\", \"Make Substack...\", \"slices=1,3,5\", \"substack\");",
            "one(\"u8\", \"Z Project...\", \"start=2 stop=4 projection=[Average Intensity]\","
                + " \"zproject\");",
            "open(d + \"u8.tif\");",
            "run(\"Duplicate...\", \"title=dup duplicate range=2-4\");",
            "print(\"title=\" + (getTitle() == \"dup\"));",
            "close(\"*\");",
            "one(\"f32\", \"Find Maxima...\", \"prominence=40 output=[Single Points]\", \"maxima\");",
            "open(d + \"bin.tif\");",
            "run(\"Analyze Particles...\", \"size=30-Infinity display clear\");",
            "area = 0;",
            "for (i = 0; i < nResults; i++) area += getResult(\"Area\", i);",
            "print(\"particles=\" + nResults);",
            "print(\"area=\" + area);",
            "");
    Path file = dir.resolve("table.ijm");
    Files.writeString(file, macro);
    long t0 = System.nanoTime();
    try (VirtualDisplay x = VirtualDisplay.start()) {
      out = x.java(120, HeadlessMacro.class.getName(), file.toString());
    }
    System.out.printf(
        "ImageJCommandsTest: Xvfb + child JVM + macro took %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    if (out.exit() != 0) {
      throw new AssertionError(
          "the macro failed (exit " + out.exit() + "):\n" + out.stderr() + "\n" + out.stdout());
    }
    Prefs.blackBackground = true;
  }

  @AfterAll
  static void prefs() {
    Prefs.blackBackground = false;
  }

  private static ByteProcessor blobs(Random rnd, int n) {
    ByteProcessor ip = new ByteProcessor(61, 47);
    for (int i = 0; i < ip.getPixelCount(); i++) ip.set(i, 10 + rnd.nextInt(30));
    for (int k = 0; k < n / 10 + 2; k++) {
      int r = 2 + rnd.nextInt(5);
      ip.setColor(120 + rnd.nextInt(100));
      ip.fillOval(rnd.nextInt(50), rnd.nextInt(36), 2 * r, 2 * r);
    }
    return ip;
  }

  private static ImagePlus result(String name) {
    ImagePlus imp = IJ.openImage(dir.resolve("out-" + name + ".tif").toString());
    if (imp == null) throw new AssertionError("the macro wrote no out-" + name + ".tif");
    return imp;
  }

  private static ImagePlus f32(java.util.function.Consumer<ImageProcessor> op) {
    ImageProcessor ip = f32.getProcessor().duplicate();
    op.accept(ip);
    return new ImagePlus("expected", ip);
  }

  @Test
  void gaussianBlurUsesTheMacrosSigma() {
    // the dialog's accuracy for float images is 0.0002 (0.002 for 8-bit and RGB)
    ImagePlus e = f32(ip -> new GaussianBlur().blurGaussian(ip, 3, 3, 0.0002));
    Macros.assertSameImage(e, result("gauss"), 1e-3);
  }

  @Test
  void setAddMultiplyUseTheMacrosValues() {
    Macros.assertSameImage(f32(ip -> ip.set(1000)), result("set"), 0);
    Macros.assertSameImage(f32(ip -> ip.add(25)), result("add"), 1e-4);
    Macros.assertSameImage(f32(ip -> ip.multiply(1.5)), result("multiply"), 1e-4);
  }

  @Test
  void rankFiltersUseTheMacrosRadius() {
    RankFilters rf = new RankFilters();
    Macros.assertSameImage(f32(ip -> rf.rank(ip, 2, RankFilters.MEAN)), result("mean"), 1e-3);
    Macros.assertSameImage(f32(ip -> rf.rank(ip, 3, RankFilters.MAX)), result("maximum"), 0);
    Macros.assertSameImage(f32(ip -> rf.rank(ip, 1.5, RankFilters.MIN)), result("minimum"), 0);
    Macros.assertSameImage(f32(ip -> rf.rank(ip, 2.5, RankFilters.MEDIAN)), result("median"), 0);
  }

  @Test
  void findMaximaUsesTheMacrosProminence() {
    MaximumFinder mf = new MaximumFinder();
    ImageProcessor ip = f32.getProcessor();
    ByteProcessor e =
        mf.findMaxima(
            ip, 40, ImageProcessor.NO_THRESHOLD, MaximumFinder.SINGLE_POINTS, false, false);
    int atDefault = mf.getMaxima(ip, 10, false, false).npoints;
    assertEquals(
        true, e.getStats().histogram()[255] != atDefault, "prominence 40 must differ from 10");
    Macros.assertSameImage(new ImagePlus("expected", e), result("maxima"), 0);
  }

  @Test
  void convertToMaskUsesTheMacrosMethodPerSlice() {
    ImageStack st = new ImageStack(61, 47);
    for (int z = 1; z <= u8.getStackSize(); z++) {
      ImageProcessor ip = u8.getStack().getProcessor(z).duplicate();
      ip.setAutoThreshold(AutoThresholder.Method.Otsu, true, ImageProcessor.NO_LUT_UPDATE);
      double lo = ip.getMinThreshold();
      double hi = ip.getMaxThreshold();
      ByteProcessor m = new ByteProcessor(61, 47);
      for (int i = 0; i < m.getPixelCount(); i++) {
        float v = ip.getf(i);
        m.set(i, v >= lo && v <= hi ? 255 : 0);
      }
      st.addSlice(m);
    }
    Macros.assertSameImage(new ImagePlus("expected", st), result("mask"), 0);
  }

  @Test
  void duplicateSubstackAndZProjectUseTheMacrosRanges() {
    Macros.assertSameImage(new Duplicator().run(u8, 2, 4), result("dup"), 0);
    assertEquals(1, out.value("title"), "Duplicate... names the copy after title=");
    Macros.assertSameImage(new SubstackMaker().makeSubstack(u8, "1,3,5"), result("substack"), 0);
    Macros.assertSameImage(ZProjector.run(u8, "avg", 2, 4), result("zproject"), 1e-4);
  }

  @Test
  void analyzeParticlesUsesTheMacrosSizeRange() {
    ResultsTable rt = new ResultsTable();
    ParticleAnalyzer pa =
        new ParticleAnalyzer(
            ParticleAnalyzer.CLEAR_WORKSHEET, Measurements.AREA, rt, 30, Double.POSITIVE_INFINITY);
    pa.setHideOutputImage(true);
    if (!pa.analyze(bin.duplicate())) throw new AssertionError("ParticleAnalyzer failed");
    double area = 0;
    for (int i = 0; i < rt.size(); i++) area += rt.getValue("Area", i);
    assertEquals(rt.size(), out.value("particles"));
    assertEquals(area, out.value("area"), 1e-9);
    assertEquals(true, rt.size() < 9, "the size range must exclude some of the 9 particles");
  }
}
