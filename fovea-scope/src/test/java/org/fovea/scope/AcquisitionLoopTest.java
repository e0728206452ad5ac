package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcquisitionLoopTest {
  @TempDir static Path tmp;
  static final double FURROW = 17 + 50 / 60.0;
  static Path furrowRun;

  /** Deterministic pacing: no wall-clock waiting, but t+1 waits for the analysis of t. */
  static final String LOCKSTEP =
      "{\"interval\": \"20 min\", \"durationHours\": 7, \"policy\": \"block\", \"waitForAnalysisMs\": 60000}";

  static int firstIndexAtOrAfter(List<Double> hours, double t) {
    for (int i = 0; i < hours.size(); i++) if (hours.get(i) >= t - 1e-9) return i;
    return -1;
  }

  @Test
  @Order(1)
  void ventralFurrowRuleFiresWithinOneTimePointAndTheIntervalChangesFromTheNext()
      throws IOException {
    furrowRun = tmp.resolve("furrow");
    ScopeRun.Outcome o =
        ScopeTesting.run(
            ScopeTesting.config(
                ScopeTesting.simulator(16, "{\"ventralFurrowHours\": " + FURROW + "}"),
                ScopeTesting.SHIPPED_RULES,
                LOCKSTEP),
            furrowRun);
    AcquisitionLoop.Result r = o.result();
    assertEquals(r.acquired(), r.stored());
    assertEquals(r.acquired(), r.analysed());
    assertEquals(0, r.skipped());
    List<Double> hours = ScopeTesting.indexHours(furrowRun);
    int planted = firstIndexAtOrAfter(hours, FURROW);
    AcquisitionLoop.Decision enter =
        r.decisions().stream()
            .filter(d -> d.rule().equals("ventral furrow") && d.action().startsWith("interval"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("the ventral furrow rule never fired: " + r.decisions()));
    assertTrue(
        enter.timePoint() == planted || enter.timePoint() == planted + 1,
        "fired at time point "
            + enter.timePoint()
            + ", first stack after the furrow is "
            + planted);
    assertFalse(enter.late());
    assertEquals(enter.timePoint() + 1, enter.appliesFrom());
    int k = enter.timePoint();
    for (int i = 1; i <= k; i++) {
      assertEquals(
          20, (hours.get(i) - hours.get(i - 1)) * 60, 1e-4, "interval before the rule, tp " + i);
    }
    assertEquals(10, (hours.get(k + 1) - hours.get(k)) * 60, 1e-4, "interval right after the rule");
    assertTrue(r.events().stream().anyMatch(e -> e.name().equals("ventral furrow formation")));
    // the furrow closes: the rule exits and the run's interval comes back
    AcquisitionLoop.Decision exit =
        r.decisions().stream().filter(d -> d.transition().equals("exit")).findFirst().orElseThrow();
    assertTrue(exit.hours() - enter.hours() >= 2 - 1e-9, "minimum dwell of 2 h");
    int x = exit.timePoint();
    assertEquals(20, (hours.get(x + 1) - hours.get(x)) * 60, 1e-4);
    // every decision is in decisions.tsv with its latency
    List<String[]> logged = RunFolder.readDecisions(furrowRun);
    assertEquals(r.decisions().size(), logged.size());
    assertTrue(Double.parseDouble(logged.get(0)[7]) >= 0);
    assertTrue(Files.exists(furrowRun.resolve("plot.png")));
    assertTrue(
        ScopeTesting.text(furrowRun.resolve("summary.txt"))
            .contains("Sure! I increased frame rate after"));
    // ground truth is written next to each stack
    assertTrue(
        ScopeTesting.text(furrowRun.resolve("stacks/t000000.json")).contains("\"true_count\""));
  }

  @Test
  @Order(2)
  void replayingTheRecordedRunReproducesTheDecisions() throws IOException {
    assertNotNull(furrowRun, "runs after the furrow test");
    Path out = tmp.resolve("replay");
    String replay =
        "{\"type\": \"replay\", \"folder\": \""
            + furrowRun.toString().replace("\\", "/")
            + "\", \"timeFactor\": 0}";
    ScopeRun.Outcome o =
        ScopeTesting.run(
            ScopeTesting.config(
                replay,
                ScopeTesting.SHIPPED_RULES,
                "{\"interval\": \"20 min\", \"durationHours\": 1000, \"policy\": \"block\", \"waitForAnalysisMs\": 60000}"),
            out);
    List<String> original = key(RunFolder.readDecisions(furrowRun));
    List<String> replayed = key(RunFolder.readDecisions(out));
    assertFalse(original.isEmpty());
    assertEquals(original, replayed);
    assertEquals(ScopeTesting.indexHours(furrowRun), ScopeTesting.indexHours(out));
    assertEquals("the source has no more stacks", o.result().stopReason());
    // the replay references the recorded stacks instead of copying them
    for (RunFolder.IndexEntry e : RunFolder.read(out).stacks()) {
      assertTrue(e.file().startsWith(furrowRun.toAbsolutePath().normalize()), e.file().toString());
    }
    try (Stream<Path> s = Files.list(out.resolve("stacks"))) {
      assertTrue(s.noneMatch(p -> p.toString().endsWith(".tif")));
    }
  }

  /** time point, hours, rule, transition, action, measurements. */
  static List<String> key(List<String[]> rows) {
    List<String> l = new ArrayList<>();
    for (String[] r : rows) l.add(String.join("|", r[1], r[2], r[3], r[4], r[5], r[6]));
    return l;
  }

  @Test
  @Order(3)
  void serosaRuleStartsABurst() throws IOException {
    Path out = tmp.resolve("serosa");
    double rupture = 139 + 35 / 60.0;
    ScopeRun.Outcome o =
        ScopeTesting.run(
            ScopeTesting.config(
                ScopeTesting.simulator(138, "{\"serosaRuptureHours\": " + rupture + "}"),
                ScopeTesting.SHIPPED_RULES,
                "{\"interval\": \"30 min\", \"durationHours\": 3.5, \"policy\": \"block\", \"waitForAnalysisMs\": 60000}"),
            out);
    AcquisitionLoop.Decision burst =
        o.result().decisions().stream()
            .filter(d -> d.action().startsWith("burst 30 stacks every 2 min"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no burst: " + o.result().decisions()));
    List<Double> hours = ScopeTesting.indexHours(out);
    int planted = firstIndexAtOrAfter(hours, rupture);
    assertTrue(
        burst.timePoint() == planted || burst.timePoint() == planted + 1,
        "burst at " + burst.timePoint());
    int k = burst.timePoint();
    for (int i = k + 1; i <= k + 30; i++) {
      assertEquals(2, (hours.get(i) - hours.get(i - 1)) * 60, 1e-4, "burst interval at tp " + i);
    }
    assertEquals(
        30, (hours.get(k + 31) - hours.get(k + 30)) * 60, 1e-4, "back to the run's interval");
    assertTrue(o.result().events().stream().anyMatch(e -> e.name().equals("serosa rupture")));
  }

  @Test
  @Order(4)
  void slowAnalysisNeverLosesAStack() throws IOException {
    Path out = tmp.resolve("slow");
    ScopeRun.Outcome o =
        ScopeTesting.runSlow(
            ScopeTesting.config(
                ScopeTesting.simulator(10, null),
                "[]",
                "{\"interval\": \"30 min\", \"maxStacks\": 16, \"durationHours\": 100, \"policy\": \"skip\","
                    + " \"analysisQueue\": 1}"),
            out,
            150);
    AcquisitionLoop.Result r = o.result();
    assertEquals(16, r.acquired());
    assertEquals(16, r.stored());
    assertTrue(r.skipped() > 0, "analysis at 150 ms/stack behind an unpaced simulator must skip");
    assertEquals(16, r.analysed() + r.skipped());
    RunFolder.Contents c = RunFolder.read(out);
    assertEquals(16, c.stacks().size());
    for (RunFolder.IndexEntry e : c.stacks())
      assertEquals(24, org.fovea.io.TiffReader.read(e.file()).depth());
    List<String> rows = Files.readAllLines(out.resolve("measurements.tsv"));
    assertEquals(17, rows.size(), "header + one row per stack");
    long skippedRows = rows.stream().filter(l -> l.contains("\tskipped\t")).count();
    assertEquals(r.skipped(), skippedRows);
    assertTrue(ScopeTesting.text(out.resolve("run.log")).contains("skipped time point"));
    // how long each step took, for the finished run's page (late: acquisition or analysis?)
    List<String> timings = Files.readAllLines(out.resolve("timings.tsv"));
    assertEquals("time_point\tstep\tmillis", timings.get(0));
    assertEquals(16, timings.stream().filter(l -> l.contains("\tacquire\t")).count());
    assertEquals(r.analysed(), timings.stream().filter(l -> l.contains("\tanalyse\t")).count());

    // the same with the blocking policy: every stack analysed, acquisition waits instead
    Path out2 = tmp.resolve("slow-block");
    AcquisitionLoop.Result b =
        ScopeTesting.runSlow(
                ScopeTesting.config(
                    ScopeTesting.simulator(10, null),
                    "[]",
                    "{\"interval\": \"30 min\", \"maxStacks\": 8, \"durationHours\": 100, \"policy\": \"block\","
                        + " \"analysisQueue\": 1}"),
                out2,
                100)
            .result();
    assertEquals(8, b.stored());
    assertEquals(8, b.analysed());
    assertTrue(b.late() > 0, "results arrive after the next stack was taken");
  }

  @Test
  @Order(5)
  void storageErrorStopsAcquisitionWithAClearMessage() throws IOException {
    Path out = tmp.resolve("ioerror");
    ScopeRun run =
        ScopeRun.parse(
            ScopeTesting.config(
                ScopeTesting.simulator(10, null),
                "[]",
                "{\"interval\": \"30 min\", \"maxStacks\": 200, \"durationHours\": 1000, \"policy\": \"block\"}"),
            "test",
            tmp);
    AcquisitionLoop.Listener breakDisk =
        new AcquisitionLoop.Listener() {
          @Override
          public void analysed(AcquisitionLoop.Progress p) {
            if (p.timePoint() == 3) breakStacksFolder(out.resolve("stacks"));
          }
        };
    AcquisitionLoop.Result r = run.run(TestGpu.get(), out, breakDisk).result();
    assertNotNull(r.storageError());
    assertTrue(r.storageError().contains("cannot write stack t0000"), r.storageError());
    assertEquals("storage error", r.stopReason());
    assertTrue(r.acquired() < 200);
    assertTrue(ScopeTesting.text(out.resolve("run.log")).contains("STORAGE ERROR"));
    assertTrue(ScopeTesting.text(out.resolve("summary.txt")).contains("STORAGE ERROR"));
  }

  @Test
  @Order(6)
  void stopActionEndsTheRun() throws IOException {
    Path out = tmp.resolve("stop");
    AcquisitionLoop.Result r =
        ScopeTesting.run(
                ScopeTesting.config(
                    ScopeTesting.simulator(10, null),
                    "[{\"name\": \"enough\", \"when\": \"spot_count > 100\", \"for\": 2,"
                        + " \"then\": [{\"stop\": \"seen enough\"}]}]",
                    "{\"interval\": \"30 min\", \"durationHours\": 100, \"policy\": \"block\","
                        + " \"waitForAnalysisMs\": 60000}"),
                out)
            .result();
    assertEquals("rule: seen enough", r.stopReason());
    assertEquals(2, r.acquired(), "stops after the second stack that satisfies the rule");
    assertEquals(2, r.stored());
  }

  @Test
  @Order(7)
  void theReferenceWorkflowDrivesTheSameRule() throws IOException {
    Path out = tmp.resolve("workflow");
    String cfg =
        "{\"microscope\": "
            + ScopeTesting.simulator(17, "{\"ventralFurrowHours\": " + FURROW + "}")
            + ", \"analysis\": {\"type\": \"workflow\"}, \"rules\": "
            + ScopeTesting.SHIPPED_RULES
            + ", \"run\": {\"interval\": \"20 min\", \"durationHours\": 1.7, \"policy\": \"block\","
            + " \"waitForAnalysisMs\": 60000}}";
    AcquisitionLoop.Result r = ScopeTesting.run(cfg, out).result();
    List<Double> hours = ScopeTesting.indexHours(out);
    int planted = firstIndexAtOrAfter(hours, FURROW);
    AcquisitionLoop.Decision enter =
        r.decisions().stream()
            .filter(d -> d.action().startsWith("interval"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no decision: " + r.decisions()));
    assertTrue(enter.timePoint() == planted || enter.timePoint() == planted + 1);
    assertEquals(10, (hours.get(enter.timePoint() + 1) - hours.get(enter.timePoint())) * 60, 1e-4);
    assertTrue(ScopeTesting.text(out.resolve("run.json")).contains("SpotCountingWorkflow"));
  }

  /** Replaces the stacks folder by a plain file, so every further stack write fails. */
  static void breakStacksFolder(Path p) {
    for (int i = 0; i < 20 && Files.isDirectory(p); i++) deleteTree(p);
    try {
      Files.writeString(p, "not a folder");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void deleteTree(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    } catch (IOException e) {
      // racing with the writer: the next write fails, which is what the test wants
    }
  }
}
