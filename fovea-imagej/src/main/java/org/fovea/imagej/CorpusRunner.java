package org.fovea.imagej;

import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs a folder of {@code *.ijm} macros one after the other (as {@code ./fovea macro} would, each
 * starting with no image open and nothing on the GPU) and writes one TSV line per macro: name,
 * ok|fail, seconds, line, message. Next to each macro it leaves what the macro printed ({@code
 * NAME.out}) and the Results table it left ({@code NAME.results.csv}, when not empty). Used by
 * {@code src/corpus/run-clij2-docs.sh} for Fovea and, with CLIJ2's extensions, by fovea-bench's
 * {@code Clij2CorpusCompare}; not a test.
 *
 * <p>{@code java ... org.fovea.imagej.CorpusRunner DIR OUT.tsv [LIMIT_S [MACRO.ijm...]]}: with
 * macro names, only those.
 */
public final class CorpusRunner {
  private CorpusRunner() {}

  /** The TSV header. */
  public static final String HEADER = "macro\tresult\tseconds\tline\tmessage";

  /** One macro's outcome. */
  public record Outcome(String macro, boolean ok, String error, int line, double seconds) {
    /** The TSV line (without newline). */
    public String tsv() {
      String msg = ok ? "" : String.valueOf(error).replaceAll("\\s+", " ");
      if (msg.length() > 300) msg = msg.substring(0, 300) + "…";
      return String.format(
          Locale.ROOT, "%s\t%s\t%.1f\t%d\t%s", macro, ok ? "ok" : "fail", seconds, line, msg);
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long limitMs = args.length > 2 ? Long.parseLong(args[2]) * 1000 : 120_000;
    List<Path> macros = new ArrayList<>();
    for (int i = 3; i < args.length; i++) macros.add(dir.resolve(args[i]));
    if (macros.isEmpty()) macros = macros(dir);
    runAll(macros, Path.of(args[1]), limitMs, () -> {});
    System.exit(0);
  }

  /** The {@code *.ijm} files of {@code dir}, sorted by name. */
  public static List<Path> macros(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".ijm")).sorted().toList();
    }
  }

  /**
   * Runs {@code macros} in turn and writes {@code tsv}; {@code cleanup} runs after each (besides
   * closing images, Fovea's GPU images and the Results table).
   */
  public static List<Outcome> runAll(List<Path> macros, Path tsv, long limitMs, Runnable cleanup)
      throws IOException {
    List<Outcome> all = new ArrayList<>();
    PrintStream realOut = System.out;
    try (PrintStream w =
        new PrintStream(Files.newOutputStream(tsv), true, StandardCharsets.UTF_8)) {
      w.println(HEADER);
      for (Path m : macros) {
        realOut.println("== " + m.getFileName());
        Outcome o = runOne(m, limitMs, cleanup);
        w.println(o.tsv());
        all.add(o);
      }
    }
    return all;
  }

  /**
   * Runs one macro with a time limit: its stdout goes to {@code NAME.out}, the Results table it
   * leaves to {@code NAME.results.csv}. A macro stopped at the limit fails with "timed out".
   */
  public static Outcome runOne(Path m, long limitMs, Runnable cleanup) throws IOException {
    String name = m.getFileName().toString();
    Path log = m.resolveSibling(name + ".out");
    Path results = m.resolveSibling(name + ".results.csv");
    Files.deleteIfExists(results);
    PrintStream realOut = System.out;
    long t0 = System.nanoTime();
    AtomicBoolean timedOut = new AtomicBoolean();
    HeadlessMacro.Result r;
    try (PrintStream o =
        new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  Thread.sleep(limitMs);
                  timedOut.set(true);
                  // a window that waits for a person (a dialog left open) would block for ever
                  for (java.awt.Window win : java.awt.Window.getWindows()) win.dispose();
                  Interpreter.abort();
                } catch (InterruptedException e) {
                  // finished in time
                }
              });
      watchdog.setDaemon(true);
      watchdog.start();
      try {
        r = HeadlessMacro.run(Files.readString(m), "");
      } catch (Throwable t) {
        r = new HeadlessMacro.Result(false, t.toString(), 0);
      } finally {
        watchdog.interrupt();
        System.setOut(realOut);
      }
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    if (timedOut.get()) {
      // the abort surfaces as whatever the interpreter was parsing ("';' expected", …)
      r =
          new HeadlessMacro.Result(
              false,
              String.format(
                  Locale.ROOT,
                  "timed out after %d s (stopped by the corpus runner; ImageJ then reported: %s)",
                  limitMs / 1000,
                  r.error()),
              r.line());
    }
    ResultsTable rt = ResultsTable.getResultsTable();
    if (rt != null && rt.size() > 0) rt.save(results.toString());
    HeadlessMacro.closeImages();
    FoveaSession.get().clear();
    cleanup.run();
    if (rt != null) rt.reset();
    return new Outcome(name, r.ok(), r.error(), r.line(), sec);
  }
}
