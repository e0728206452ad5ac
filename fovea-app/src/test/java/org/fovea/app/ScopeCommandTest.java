package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run fovea(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = FoveaCli.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void scopeRunsAConfiguredExperimentAndWritesTheRunFolder() throws Exception {
    Path cfg = tmp.resolve("exp.json");
    Files.writeString(
        cfg,
        "{\"microscope\": {\"type\": \"simulator\", \"stack\": \"tiny\", \"timeFactor\": 0, \"startHours\": 17},"
            + " \"rules\": [\""
            + Path.of("..", "examples", "rules", "ventral-furrow.json")
                .toAbsolutePath()
                .toString()
                .replace("\\", "/")
            + "\"],"
            + " \"run\": {\"interval\": \"20 min\", \"durationHours\": 2, \"policy\": \"block\", \"waitForAnalysisMs\": 60000}}");
    Path out = tmp.resolve("run");
    Run r = fovea("scope", "--config", cfg.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("ventral furrow: mark \"ventral furrow formation\""), r.out());
    assertTrue(r.out().contains("Sure! I increased frame rate after 18 h 0 min."), r.out());
    for (String f :
        new String[] {
          "index.tsv",
          "measurements.tsv",
          "decisions.tsv",
          "plot.png",
          "summary.txt",
          "rules.json",
          "run.json"
        }) {
      assertTrue(Files.exists(out.resolve(f)), f);
    }
  }

  @Test
  void badConfigurationsFailWithAMessageNotAStackTrace() throws Exception {
    Path cfg = tmp.resolve("bad.json");
    Files.writeString(
        cfg,
        "{\"microscope\": {\"type\": \"simulator\"}, \"rules\": [{\"name\": \"x\", \"when\": \"spots > 3\", \"then\": [{\"mark\": \"m\"}]}]}");
    Run r = fovea("scope", "--config", cfg.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown measurement \"spots\""), r.err());
    assertTrue(!r.err().contains("\tat "), r.err());
    Run missing = fovea("scope", "--config", tmp.resolve("nope.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("not found"), missing.err());
  }
}
