package org.fovea.scope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fovea.ops.testkit.TestGpu;

/** Helpers for the loop tests: small simulated runs built from JSON text. */
final class ScopeTesting {
  private ScopeTesting() {}

  static String simulator(double startHours, String embryo) {
    return "{\"type\": \"simulator\", \"seed\": 42, \"stack\": \"tiny\", \"timeFactor\": 0,"
        + " \"startHours\": "
        + startHours
        + (embryo == null ? "" : ", \"embryo\": " + embryo)
        + "}";
  }

  static String config(String microscope, String rules, String run) {
    return "{\"microscope\": " + microscope + ", \"rules\": " + rules + ", \"run\": " + run + "}";
  }

  static final String SHIPPED_RULES =
      "[\"classpath:rules/ventral-furrow.json\", \"classpath:rules/serosa-rupture.json\"]";

  static ScopeRun.Outcome run(String json, Path out) throws IOException {
    return ScopeRun.parse(json, "test-config", out.getParent()).run(TestGpu.get(), out, null);
  }

  /** The recorded experiment times of the stored stacks, from index.tsv. */
  static List<Double> indexHours(Path dir) throws IOException {
    List<Double> h = new ArrayList<>();
    for (RunFolder.IndexEntry e : RunFolder.read(dir).stacks()) h.add(e.hours());
    return h;
  }

  static String text(Path p) throws IOException {
    return Files.readString(p);
  }
}
