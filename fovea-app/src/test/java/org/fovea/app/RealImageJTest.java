package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.plugin.filter.GaussianBlur;
import ij.process.FloatProcessor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fovea in a real ImageJ application: Debian's {@code imagej} package (ImageJ 1.53t; {@code ./fovea
 * test} installs it) with the Fiji zip's jars installed as a user would (plugins/ jar into ImageJ's
 * plugins folder, jars/ into plugins/jars), under a private Xvfb display, with a private HOME
 * (ImageJ's user folder is $HOME/.imagej). A batch run ({@code imagej -b}) and a run of a Fovea
 * menu command through its dialog in ImageJ's GUI ({@code imagej -m}), with a screenshot. Expected
 * values come from ImageJ's own GaussianBlur in this JVM.
 */
class RealImageJTest {
  static final Path IMAGEJ = Path.of("/usr/bin/imagej");
  @TempDir static Path home;
  static Process xvfb;
  static String display;

  @BeforeAll
  static void install() throws IOException {
    if (!Files.isExecutable(IMAGEJ)) {
      throw new AssertionError(
          "Debian's ImageJ is not installed (sudo apt-get install imagej; ./fovea test installs it)");
    }
    Path zip = fijiZip();
    Path plugins = home.resolve(".imagej/plugins");
    Files.createDirectories(plugins.resolve("jars"));
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        String n = e.getName();
        if (e.isDirectory() || !n.endsWith(".jar")) continue;
        Path to =
            n.startsWith("plugins/")
                ? plugins.resolve(n.substring(8))
                : plugins.resolve("jars").resolve(n.substring(n.lastIndexOf('/') + 1));
        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    xvfb =
        new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String n =
        new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
    if (n == null) throw new AssertionError("Xvfb did not start (sudo apt-get install xvfb)");
    display = ":" + n.trim();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (xvfb != null) {
      xvfb.destroy();
      xvfb.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** fovea-imagej-<version>-fiji.zip, built by the reactor before this module's tests. */
  static Path fijiZip() throws IOException {
    Path target = Path.of("..", "fovea-imagej", "target");
    if (Files.isDirectory(target)) {
      try (var s = Files.list(target)) {
        var z = s.filter(p -> p.getFileName().toString().endsWith("-fiji.zip")).findFirst();
        if (z.isPresent()) return z.get();
      }
    }
    throw new AssertionError(
        "no fovea-imagej-*-fiji.zip in " + target.toAbsolutePath() + ": build the reactor first");
  }

  /** ImageJ's Gaussian (σ 2) of a 64×48 float image with 1000 at (32, 24): the value there. */
  static double expectedPeak() {
    FloatProcessor fp = new FloatProcessor(64, 48);
    fp.setf(32, 24, 1000);
    new GaussianBlur().blurGaussian(fp, 2, 2, 0.0002);
    return new ImagePlus("e", fp).getProcessor().getf(32, 24);
  }

  /**
   * Fovea's Gaussian against ImageJ's (different kernel truncation): within 1e-5 of the image's
   * maximum (1000) here; a wrong σ would be off by far more (σ 3 gives 17.7).
   */
  static final double PEAK_TOLERANCE = 0.01;

  static final String SETUP =
      "newImage(\"a\", \"32-bit black\", 64, 48, 1);\n" + "setPixel(32, 24, 1000);\n";

  /** Runs ImageJ with args until {@code done} exists (GUI) or it exits (batch). */
  static String imagej(long timeoutS, Path done, String... args) throws Exception {
    Path log = home.resolve("imagej-" + System.nanoTime() + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(concat(List.of(IMAGEJ.toString()), List.of(args)).toArray(new String[0]))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("HOME", home.toString());
    pb.environment().put("DISPLAY", display);
    pb.directory(home.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      long end = t0 + TimeUnit.SECONDS.toNanos(timeoutS);
      while (System.nanoTime() < end) {
        if (done != null && Files.exists(done)) break;
        if (p.waitFor(200, TimeUnit.MILLISECONDS)) break;
      }
      if (done != null ? !Files.exists(done) : p.isAlive()) {
        throw new AssertionError(
            "ImageJ did not finish in " + timeoutS + " s; its output:\n" + Files.readString(log));
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      System.out.printf(
          "RealImageJTest: imagej %s took %.1f s%n", args[0], (System.nanoTime() - t0) / 1e9);
    }
    return Files.readString(log);
  }

  /** Keeps a screenshot in target/real-imagej/ (the test's output) for a person to look at. */
  static void keep(Path png) throws IOException {
    Path dir = Path.of("target", "real-imagej");
    Files.createDirectories(dir);
    Files.copy(png, dir.resolve(png.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> l = new java.util.ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  static double value(String text, String key) {
    for (String l : text.split("\\R")) {
      if (l.startsWith(key + "=")) return Double.parseDouble(l.substring(key.length() + 1).trim());
    }
    throw new AssertionError("no " + key + "= in:\n" + text);
  }

  @Test
  void aBatchMacroRunsTheExtFunctions() throws Exception {
    Path macro = home.resolve("batch.ijm");
    Files.writeString(
        macro,
        SETUP
            + "run(\"Fovea Macro Extensions\", \"device=[]\");\n"
            + "Ext.Fovea_push(\"a\");\n"
            + "Ext.Fovea_gaussianBlur2D(\"a\", \"b\", 2, 2);\n"
            + "Ext.Fovea_pull(\"b\");\n"
            + "print(\"peak=\" + d2s(getPixel(32, 24), 6));\n"
            + "print(\"version=\" + getVersion());\n");
    String out = imagej(240, null, "-b", macro.toString());
    assertEquals(expectedPeak(), value(out, "peak"), PEAK_TOLERANCE, out);
    assertTrue(out.contains("version=1.5"), out);
  }

  @Test
  void aMenuCommandRunsThroughItsDialogInImageJsGui() throws Exception {
    Path done = home.resolve("dialog.txt");
    Path png = home.resolve("screen.png");
    Path macro = home.resolve("dialog.ijm");
    Files.writeString(
        macro,
        SETUP
            + "List.setCommands;\n"
            + "menu = List.get(\"gaussianBlur2D\");\n"
            // the op's menu command: its GenericDialog reads these options as ImageJ's own do
            + "run(\"gaussianBlur2D\", \"src=a sigma_x=2 sigma_y=2\");\n"
            + "title = getTitle();\n"
            + "peak = d2s(getPixel(32, 24), 6);\n"
            + "run(\"Capture Screen\");\n"
            + "saveAs(\"PNG\", \""
            + png
            + "\");\n"
            + "File.saveString(\"menu=\" + menu + \"\\ntitle=\" + title + \"\\npeak=\" + peak"
            + " + \"\\n\", \""
            + done
            + "\");\n");
    String log = imagej(240, done, "-m", macro.toString());
    String out = Files.readString(done);
    assertTrue(out.contains("menu=org.fovea.imagej.FoveaOpCommand"), out + "\n" + log);
    assertTrue(out.contains("title=gaussianBlur2D_a"), out);
    assertEquals(expectedPeak(), value(out, "peak"), PEAK_TOLERANCE, out);
    ImagePlus shot = ij.IJ.openImage(png.toString());
    assertTrue(shot != null && shot.getWidth() == 1280 && shot.getHeight() == 1024, "screenshot");
  }

  /** The label map of the ROI Manager test, drawn with ImageJ's API as the macro draws it. */
  static final String LABELS =
      "newImage(\"labels\", \"32-bit black\", 45, 31, 1);\n"
          + "setColor(1); fillRect(2, 3, 10, 6);\n"
          + "setColor(2); fillOval(15, 5, 13, 9);\n"
          + "setColor(4); fillRect(30, 20, 5, 5);\n" // no label 3: no ROI for it
          + "setColor(4); fillRect(40, 2, 3, 3);\n"; // label 4 in two pieces

  /** Pixels per label of {@link #LABELS}, counted in this JVM (index = label). */
  static int[] labelAreas() {
    FloatProcessor fp = new FloatProcessor(45, 31);
    fp.setValue(1);
    fp.fillRect(2, 3, 10, 6);
    fp.setValue(2);
    fp.fillOval(15, 5, 13, 9);
    fp.setValue(4);
    fp.fillRect(30, 20, 5, 5);
    fp.fillRect(40, 2, 3, 3);
    int[] n = new int[5];
    for (int i = 0; i < 45 * 31; i++) n[(int) fp.getf(i)]++;
    return n;
  }

  @Test
  void pullLabelsToRoiManagerFillsImageJsRoiManager() throws Exception {
    Path done = home.resolve("rois.txt");
    Path png = home.resolve("rois.png");
    Path macro = home.resolve("rois.ijm");
    Files.writeString(
        macro,
        LABELS
            + "run(\"Fovea Macro Extensions\", \"device=[]\");\n"
            + "Ext.Fovea_push(\"labels\");\n"
            + "Ext.Fovea_pullLabelsToROIManager(\"labels\");\n"
            + "n = roiManager(\"count\");\n"
            + "s = \"count=\" + n + \"\\n\";\n"
            + "for (i = 0; i < n; i++) {\n"
            + "  roiManager(\"select\", i);\n"
            + "  s = s + \"area\" + i + \"=\" + getValue(\"Area\") + \"\\nname\" + i + \"=\""
            + " + Roi.getName + \"\\n\";\n"
            + "}\n"
            + "roiManager(\"show all\");\n"
            + "run(\"Capture Screen\");\n"
            + "saveAs(\"PNG\", \""
            + png
            + "\");\n"
            + "File.saveString(s, \""
            + done
            + "\");\n");
    String log = imagej(240, done, "-m", macro.toString());
    String out = Files.readString(done);
    int[] areas = labelAreas();
    assertEquals(3, value(out, "count"), out + "\n" + log);
    int[] labels = {1, 2, 4};
    for (int i = 0; i < labels.length; i++) {
      assertEquals(areas[labels[i]], value(out, "area" + i), "area of Label_" + labels[i]);
      assertTrue(out.contains("name" + i + "=Label_" + labels[i] + "\n"), out);
    }
    ImagePlus shot = ij.IJ.openImage(png.toString());
    assertTrue(shot != null && shot.getWidth() == 1280, "screenshot");
    keep(png);
  }

  /**
   * Issue #12 item 5: the macro recorder records a Fovea menu command run as a user runs it (menu
   * click, OK clicked with java.awt.Robot on the Xvfb display; see {@link RecorderDriver}) and the
   * recording, replayed, gives the same image.
   */
  @Test
  void aRecordedMenuCommandReplays() throws Exception {
    Path jars = home.resolve(".imagej/plugins/jars");
    Path driver = Path.of("target", "test-classes", "org", "fovea", "app");
    try (var out =
        new java.util.jar.JarOutputStream(
            Files.newOutputStream(jars.resolve("recorder-driver.jar")))) {
      try (var s = Files.list(driver)) {
        for (Path c :
            s.filter(p -> p.getFileName().toString().startsWith("RecorderDriver")).toList()) {
          out.putNextEntry(new ZipEntry("org/fovea/app/" + c.getFileName()));
          Files.copy(c, out);
          out.closeEntry();
        }
      }
    }
    Path done = home.resolve("recorded.txt");
    Path png = home.resolve("recorder.png");
    Path macro = home.resolve("record.ijm");
    Files.writeString(
        macro,
        SETUP
            + "call(\"org.fovea.app.RecorderDriver.start\", \""
            + done
            + "\", \""
            + png
            + "\");\n");
    String log = imagej(240, done, "-m", macro.toString());
    Thread.sleep(200);
    String out = Files.readString(done);
    assertTrue(!out.contains("error="), out + "\n" + log);
    String recording = Files.readString(home.resolve("recording.ijm"));
    System.out.println("RealImageJTest: recorded\n" + recording + "\n" + out);
    assertTrue(recording.contains("run(\"Fovea Macro Extensions\""), recording);
    assertTrue(
        recording.contains("Ext.Fovea_gaussianBlur2D(\"a\", \"gaussianBlur2D_a\""), recording);
    assertEquals(expectedPeak(), value(out, "peak"), PEAK_TOLERANCE, out);
    assertEquals(expectedPeak(), value(out, "replayed_peak"), PEAK_TOLERANCE, out);
    ImagePlus shot = ij.IJ.openImage(png.toString());
    assertTrue(shot != null && shot.getWidth() == 1280, "screenshot");
    keep(png);
  }
}
