package org.fovea.imagej;

import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs every {@code *.ijm} of a folder in one JVM (as {@code ./fovea macro} would, one after the
 * other, each starting with no image open and nothing on the GPU) and writes one TSV line per
 * macro: name, ok|fail, seconds, line, message. Used by {@code src/corpus/run-clij2-docs.sh}; not a
 * test.
 */
public final class CorpusRunner {
  private CorpusRunner() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path tsv = Path.of(args[1]);
    long limitMs = args.length > 2 ? Long.parseLong(args[2]) * 1000 : 120_000;
    List<Path> macros;
    try (Stream<Path> s = Files.list(dir)) {
      macros = s.filter(p -> p.toString().endsWith(".ijm")).sorted().toList();
    }
    PrintStream realOut = System.out;
    try (PrintStream w =
        new PrintStream(Files.newOutputStream(tsv), true, StandardCharsets.UTF_8)) {
      w.println("macro\tresult\tseconds\tline\tmessage");
      for (Path m : macros) {
        String name = m.getFileName().toString();
        realOut.println("== " + name);
        Path log = dir.resolve(name + ".out");
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
        String msg = r.ok() ? "" : String.valueOf(r.error()).replaceAll("\\s+", " ");
        if (msg.length() > 300) msg = msg.substring(0, 300) + "…";
        w.printf(
            java.util.Locale.ROOT,
            "%s\t%s\t%.1f\t%d\t%s%n",
            name,
            r.ok() ? "ok" : "fail",
            sec,
            r.line(),
            msg);
        HeadlessMacro.closeImages();
        FoveaSession.get().clear();
        ResultsTable.getResultsTable().reset();
      }
    }
    System.exit(0);
  }
}
