package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** Runs {@code json} with its configured analysis slowed down by {@code delayMs} per stack. */
  static ScopeRun.Outcome runSlow(String json, Path out, long delayMs) throws IOException {
    ScopeRun run = ScopeRun.parse(json, "test-config", out.getParent());
    return run.run(TestGpu.get(), out, null, new Slow(run.analysis(TestGpu.get()), delayMs));
  }

  /** An analysis that sleeps before each stack, then lets {@code inner} analyse it. */
  static final class Slow implements StackAnalysis {
    private final StackAnalysis inner;
    private final long delayMs;

    Slow(StackAnalysis inner, long delayMs) {
      this.inner = inner;
      this.delayMs = delayMs;
    }

    @Override
    public String describe() {
      return inner.describe() + ", slowed by " + delayMs + " ms per stack";
    }

    @Override
    public Map<String, Double> analyse(Stack stack) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return inner.analyse(stack);
    }

    @Override
    public Projection lastProjection() {
      return inner.lastProjection();
    }

    @Override
    public void close() {
      inner.close();
    }
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

  /**
   * Starts {@link KillTarget} in a child JVM (this test class path) that writes a run into {@code
   * out}; its output goes to {@code log}.
   */
  static Process startKillTarget(Path out, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            KillTarget.class.getName(),
            out.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * Waits (90 s at most) until the child's run in {@code out} has {@code lines} index lines; fails
   * when the child ends first, with its output ({@code log}).
   */
  static void awaitIndexLines(Process p, Path out, int lines, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    Path index = out.resolve("index.tsv");
    while (!(Files.exists(index) && Files.readAllLines(index).size() >= lines)) {
      assertTrue(p.isAlive(), () -> "the run ended by itself: " + textOrNote(log));
      assertTrue(System.currentTimeMillis() < deadline, "no stacks written in 90 s");
      Thread.sleep(20);
    }
  }

  /** The file's text, or a note saying that it is missing or unreadable. */
  static String textOrNote(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no " + p + ")";
    } catch (IOException e) {
      return "(cannot read " + p + ": " + e.getMessage() + ")";
    }
  }
}
