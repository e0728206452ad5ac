package org.fovea.bench;

import ij.measure.ResultsTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fovea.imagej.CorpusRunner;

/**
 * The clij2-docs corpus as CLIJ2 2.5.3.1 runs it ({@code Ext.CLIJ2_} through CLIJ2's own macro
 * extensions, see {@link Clij2Macros}) compared with Fovea's run of the renamed macros. Used by
 * {@code fovea-imagej/src/corpus/run-clij2-docs.sh --clij2}; not a test. Two steps:
 *
 * <ul>
 *   <li>{@code run CLIJ2_MACROS LIMIT_S MACRO.ijm}: one macro with CLIJ2 in this JVM ({@link
 *       CorpusRunner#runOne}; the script starts one JVM per macro, so that a crash inside CLIJ2's
 *       OpenCL calls ends only that macro); writes {@code MACRO.ijm.tsv};
 *   <li>{@code compare CLIJ2_MACROS FOVEA_MACROS FOVEA_RESULTS.tsv OUT.tsv}: compares what the two
 *       printed (the numbers, line by line, leaving out lines about time, devices and memory) and
 *       the Results tables they left; one TSV line per macro.
 * </ul>
 */
public final class Clij2CorpusCompare {
  private Clij2CorpusCompare() {}

  /** Lines that depend on the machine, not on the image: not compared. */
  static final Pattern SKIP =
      Pattern.compile(
          "(?i).*(took|time|\\bms\\b|msec|second|duration|gpu|device|memory|opencl|bytes|version"
              + "|clij|fovea).*");

  static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|NaN|-?Infinity");

  public static void main(String[] args) throws Exception {
    if (args[0].equals("run")) {
      Path macro = Path.of(args[1]).resolve(args[3]);
      CorpusRunner.Outcome o =
          CorpusRunner.runOne(
              macro, Long.parseLong(args[2]) * 1000, Clij2CorpusCompare::clearClij2);
      Files.writeString(
          macro.resolveSibling(macro.getFileName() + ".tsv"),
          o.tsv() + "\n",
          StandardCharsets.UTF_8);
    } else {
      compare(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
    }
    System.exit(0);
  }

  private static void clearClij2() {
    try {
      net.haesleinhuepf.clij.macro.CLIJHandler.getInstance().clearGPU();
    } catch (RuntimeException e) {
      // CLIJ2 not started by this macro
    }
  }

  /** "ok" or "fail: message" of each macro in a CorpusRunner TSV. */
  static Map<String, String> outcomes(List<String> lines) {
    Map<String, String> m = new HashMap<>();
    for (String l : lines) {
      String[] f = l.split("\t", -1);
      if (f.length < 5 || f[0].equals("macro")) continue;
      m.put(f[0], f[1].equals("ok") ? "ok" : "fail: " + clip(f[4]));
    }
    return m;
  }

  static void compare(Path clij2Dir, Path foveaDir, Path foveaTsv, Path out) throws IOException {
    Map<String, String> fovea = outcomes(Files.readAllLines(foveaTsv, StandardCharsets.UTF_8));
    try (PrintStream w =
        new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
      w.println(
          "macro\tclij2\tfovea\tnumbers\tequal\tclij2_plus_1\tdiffer\tresults_cells\t"
              + "results_differ\tfirst_difference");
      for (Path m : CorpusRunner.macros(foveaDir)) {
        String name = m.getFileName().toString();
        Path ct = clij2Dir.resolve(name + ".tsv");
        String c =
            Files.exists(ct)
                ? outcomes(Files.readAllLines(ct, StandardCharsets.UTF_8))
                    .getOrDefault(name, "fail: no result")
                : "fail: the JVM ended without a result (crashed inside CLIJ2?)";
        String f = fovea.getOrDefault(name, "fail: not run");
        w.println(name + "\t" + c + "\t" + f + "\t" + differences(clij2Dir, foveaDir, name));
      }
    }
  }

  /** numbers, equal, +1, differ, results cells, results differ, first difference. */
  static String differences(Path clij2Dir, Path foveaDir, String name) throws IOException {
    List<double[]> cn = numbers(clij2Dir.resolve(name + ".out"));
    List<double[]> fn = numbers(foveaDir.resolve(name + ".out"));
    int n = Math.min(cn.size(), fn.size());
    int equal = 0, plusOne = 0, differ = 0;
    String first = "";
    if (cn.size() != fn.size()) {
      first = "printed " + cn.size() + " vs " + fn.size() + " numeric lines";
    }
    for (int i = 0; i < n; i++) {
      double[] a = cn.get(i), b = fn.get(i);
      if (a.length != b.length) {
        differ++;
        if (first.isEmpty()) first = "line " + (i + 1) + ": " + a.length + " vs " + b.length;
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
    ResultsTable c = table(clij2Dir.resolve(name + ".results.csv"));
    ResultsTable f = table(foveaDir.resolve(name + ".results.csv"));
    if (c != null && f != null) {
      for (String col : c.getHeadings()) {
        if (col.isBlank() || col.equals("Label") || col.equals(" ")) continue;
        if (!f.columnExists(col)) {
          cellsDiffer++;
          if (first.isEmpty()) first = "Results column " + col + " missing in Fovea's";
          continue;
        }
        for (int r = 0; r < Math.min(c.size(), f.size()); r++) {
          cells++;
          double a = c.getValue(col, r), b = f.getValue(col, r);
          if (compare(a, b) > 1) {
            cellsDiffer++;
            if (first.isEmpty())
              first = "Results " + col + " row " + r + ": CLIJ2 " + a + ", Fovea " + b;
          }
        }
      }
      if (c.size() != f.size() && first.isEmpty()) {
        first = "Results rows " + c.size() + " vs " + f.size();
      }
    } else if ((c == null) != (f == null) && first.isEmpty()) {
      first = "a Results table only in " + (c == null ? "Fovea's" : "CLIJ2's") + " run";
    }
    return String.format(
        Locale.ROOT,
        "%d\t%d\t%d\t%d\t%d\t%d\t%s",
        equal + plusOne + differ,
        equal,
        plusOne,
        differ,
        cells,
        cellsDiffer,
        clip(first));
  }

  private static ResultsTable table(Path csv) {
    return Files.exists(csv) ? ResultsTable.open2(csv.toString()) : null;
  }

  /** The numbers of each printed line that is not about time, devices or memory. */
  static List<double[]> numbers(Path log) throws IOException {
    List<double[]> numbers = new ArrayList<>();
    if (!Files.exists(log)) return numbers;
    // (a macro may print bytes that are not UTF-8: decode leniently)
    for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R")) {
      if (SKIP.matcher(line).matches()) continue;
      Matcher mm = NUMBER.matcher(line);
      List<Double> v = new ArrayList<>();
      while (mm.find()) v.add(Double.parseDouble(mm.group()));
      if (!v.isEmpty()) numbers.add(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return numbers;
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
}
