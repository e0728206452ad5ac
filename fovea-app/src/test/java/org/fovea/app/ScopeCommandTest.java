package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeCommandTest {
  @TempDir Path tmp;

  static CliRun fovea(String... args) {
    return CliRun.of(args);
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
    CliRun r = fovea("scope", "--config", cfg.toString(), "--out", out.toString());
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
    CliRun r = fovea("scope", "--config", cfg.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown measurement \"spots\""), r.err());
    assertTrue(!r.err().contains("\tat "), r.err());
    CliRun missing = fovea("scope", "--config", tmp.resolve("nope.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("not found"), missing.err());
  }
}
