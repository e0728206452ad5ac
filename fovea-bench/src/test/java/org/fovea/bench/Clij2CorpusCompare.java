package org.fovea.bench;

import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fovea.imagej.FoveaSession;
import org.fovea.imagej.HeadlessMacro;

/**
 * The clij2-docs corpus run twice in one JVM: each macro as CLIJ2 2.5.3.1 runs it ({@code
 * Ext.CLIJ2_} through CLIJ2's own macro extensions, see {@link Clij2Macros}) and renamed to {@code
 * Fovea_}; compares what they print (the numbers, line by line, leaving out lines about time,
 * devices and memory) and the Results tables they leave. Writes one TSV line per macro. Used by
 * {@code fovea-imagej/src/corpus/run-clij2-docs.sh --clij2}; not a test.
 *
 * <p>{@code java ... org.fovea.bench.Clij2CorpusCompare CLIJ2_MACROS FOVEA_MACROS OUT.tsv LIMIT_S}
 */
public final class Clij2CorpusCompare {
  private Clij2CorpusCompare() {}

  /** Lines that depend on the machine, not on the image: not compared. */
  static final Pattern SKIP =
      Pattern.compile(
          "(?i).*(took|time|\\bms\\b|msec|second|duration|gpu|device|memory|opencl|bytes|version"
              + "|clij|fovea).*");

  static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|NaN|-?Infinity");

  record Run(boolean ok, String error, List<double[]> numbers, ResultsTable results, double s) {}

  public static void main(String[] args) throws Exception {
    Path clij2Dir = Path.of(args[0]);
    Path foveaDir = Path.of(args[1]);
    Path tsv = Path.of(args[2]);
    long limitMs = args.length > 3 ? Long.parseLong(args[3]) * 1000 : 90_000;
    List<Path> macros;
    try (Stream<Path> s = Files.list(foveaDir)) {
      macros = s.filter(p -> p.toString().endsWith(".ijm")).sorted().toList();
    }
    PrintStream realOut = System.out;
    try (PrintStream w =
        new PrintStream(Files.newOutputStream(tsv), true, StandardCharsets.UTF_8)) {
      w.println(
          "macro\tclij2\tfovea\tnumbers\tequal\tclij2_plus_1\tdiffer\tresults_cells\t"
              + "results_differ\tfirst_difference");
      for (Path m : macros) {
        String name = m.getFileName().toString();
        realOut.println("== " + name);
        Run c = run(clij2Dir.resolve(name), limitMs, realOut);
        Run f = run(m, limitMs, realOut);
        int n = Math.min(c.numbers.size(), f.numbers.size());
        int equal = 0, plusOne = 0, differ = 0;
        String first = "";
        if (c.numbers.size() != f.numbers.size()) {
          first = "printed " + c.numbers.size() + " vs " + f.numbers.size() + " numeric lines";
        }
        for (int i = 0; i < n; i++) {
          double[] a = c.numbers.get(i), b = f.numbers.get(i);
          if (a.length != b.length) {
            differ++;
            if (first.isEmpty())
              first = "line " + (i + 1) + ": " + a.length + " vs " + b.length + " numbers";
            continue;
          }
          for (int k = 0; k < a.length; k++) {
            int cmp = compare(a[k], b[k]);
            if (cmp == 0) equal++;
            else if (cmp == 1) plusOne++;
            else {
              differ++;
              if (first.isEmpty())
                first = "printed line " + (i + 1) + ": CLIJ2 " + a[k] + ", Fovea " + b[k];
            }
          }
        }
        int cells = 0, cellsDiffer = 0;
        if (c.results != null && f.results != null) {
          for (String col : c.results.getHeadings()) {
            if (col.isBlank() || col.equals("Label")) continue;
            if (!f.results.columnExists(col)) {
              cellsDiffer++;
              if (first.isEmpty()) first = "Results column " + col + " missing in Fovea's";
              continue;
            }
            for (int r = 0; r < Math.min(c.results.size(), f.results.size()); r++) {
              cells++;
              double a = c.results.getValue(col, r), b = f.results.getValue(col, r);
              if (compare(a, b) > 1) {
                cellsDiffer++;
                if (first.isEmpty())
                  first = "Results " + col + " row " + r + ": CLIJ2 " + a + ", Fovea " + b;
              }
            }
          }
          if (c.results.size() != f.results.size() && first.isEmpty()) {
            first = "Results rows " + c.results.size() + " vs " + f.results.size();
          }
        }
        w.printf(
            Locale.ROOT,
            "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s%n",
            name,
            c.ok ? "ok" : "fail: " + clip(c.error),
            f.ok ? "ok" : "fail: " + clip(f.error),
            equal + plusOne + differ,
            equal,
            plusOne,
            differ,
            cells,
            cellsDiffer,
            clip(first));
      }
    }
    System.exit(0);
  }

  /**
   * 0 equal (1e-4 relative), 1 Fovea = CLIJ2 + 1 on whole numbers (the rounding rule), 2 differ.
   */
  static int compare(double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) return 0;
    if (Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b)) + 1e-6) return 0;
    if (a == Math.rint(a) && b == a + 1) return 1;
    return 2;
  }

  static String clip(String s) {
    String t = String.valueOf(s).replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }

  static Run run(Path macro, long limitMs, PrintStream realOut) throws Exception {
    Path log = macro.resolveSibling(macro.getFileName() + ".out");
    long t0 = System.nanoTime();
    HeadlessMacro.Result r;
    try (PrintStream o =
        new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  Thread.sleep(limitMs);
                  for (java.awt.Window win : java.awt.Window.getWindows()) win.dispose();
                  Interpreter.abort();
                } catch (InterruptedException e) {
                  // finished in time
                }
              });
      watchdog.setDaemon(true);
      watchdog.start();
      try {
        r = HeadlessMacro.run(Files.readString(macro), "");
      } catch (Throwable t) {
        r = new HeadlessMacro.Result(false, t.toString(), 0);
      } finally {
        watchdog.interrupt();
        System.setOut(realOut);
      }
    }
    List<double[]> numbers = new ArrayList<>();
    // (a macro may print bytes that are not UTF-8: decode leniently)
    for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R")) {
      if (SKIP.matcher(line).matches()) continue;
      Matcher mm = NUMBER.matcher(line);
      List<Double> v = new ArrayList<>();
      while (mm.find()) v.add(Double.parseDouble(mm.group()));
      if (!v.isEmpty()) numbers.add(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
    ResultsTable rt = (ResultsTable) ResultsTable.getResultsTable().clone();
    HeadlessMacro.closeImages();
    FoveaSession.get().clear();
    try {
      net.haesleinhuepf.clij.macro.CLIJHandler.getInstance().clearGPU();
    } catch (RuntimeException e) {
      // CLIJ2 not started by this macro
    }
    ResultsTable.getResultsTable().reset();
    return new Run(r.ok(), r.error(), numbers, rt, (System.nanoTime() - t0) / 1e9);
  }
}
