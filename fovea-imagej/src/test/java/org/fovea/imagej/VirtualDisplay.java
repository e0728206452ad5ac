package org.fovea.imagej;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Xvfb display for tests that need ImageJ with a display: started with {@code -displayfd}
 * (Xvfb picks a free display number), stopped by {@link #close()}. Linux only; Xvfb comes from
 * Debian's {@code xvfb} package, which {@code ./fovea test} installs.
 */
final class VirtualDisplay implements AutoCloseable {
  private final Process xvfb;
  final String display;

  private VirtualDisplay(Process xvfb, String display) {
    this.xvfb = xvfb;
    this.display = display;
  }

  /** Whether Xvfb is on the PATH. */
  static boolean available() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "Xvfb"))) return true;
    }
    return false;
  }

  static VirtualDisplay start() throws IOException {
    if (!available()) {
      throw new AssertionError(
          "Xvfb is not installed: ImageJ-with-a-display tests need it (sudo apt-get install xvfb;"
              + " ./fovea test installs it)");
    }
    Process p =
        new ProcessBuilder(
                "Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1280x1024x24")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String n = r.readLine();
    if (n == null || !n.trim().matches("\\d+")) {
      p.destroy();
      throw new AssertionError("Xvfb did not report a display number (got " + n + ")");
    }
    return new VirtualDisplay(p, ":" + n.trim());
  }

  /**
   * Runs {@code java -cp <this test's class path> mainClass args} on this display; returns its exit
   * code and output (stdout then stderr).
   */
  Output java(long timeoutSeconds, String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return run(timeoutSeconds, cmd);
  }

  /** Runs {@code cmd} with DISPLAY set to this display. */
  Output run(long timeoutSeconds, List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile("fovea-xvfb", ".out");
    Path err = Files.createTempFile("fovea-xvfb", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put("DISPLAY", display);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new AssertionError(
            "timed out after "
                + timeoutSeconds
                + " s: "
                + cmd
                + "\nstdout:\n"
                + Files.readString(out)
                + "\nstderr:\n"
                + Files.readString(err));
      }
      return new Output(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  record Output(int exit, String stdout, String stderr) {
    /** The value printed as {@code key=value}. */
    double value(String key) {
      for (String l : stdout.split("\\R")) {
        if (l.startsWith(key + "=")) return Double.parseDouble(l.substring(key.length() + 1));
      }
      throw new AssertionError("no " + key + "=... in stdout:\n" + stdout + "\nstderr:\n" + stderr);
    }
  }

  @Override
  public void close() {
    xvfb.destroy();
    try {
      if (!xvfb.waitFor(5, TimeUnit.SECONDS)) xvfb.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      xvfb.destroyForcibly();
    }
  }
}
