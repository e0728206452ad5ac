package org.fovea.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.fovea.ops.testkit.TestGpu;
import org.fovea.scope.ScopeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: headless Chromium opens the page before a short simulated run
 * starts (tiny stacks, PoCL in CI), and the test watches the page through the DevTools protocol:
 * the spot-count plot gains points while stacks arrive, and the decision of a rule appears in the
 * decisions table when the rule fires. A screenshot lands in {@code
 * target/dashboard-browser/dashboard.png}. Afterwards {@code fovea dashboard RUN_FOLDER}'s reader
 * must show the same rows and decisions as the live page had.
 */
class DashboardBrowserTest {
  static final String CONFIG =
      """
      {"microscope": {"type": "simulator", "seed": 42, "stack": "tiny", "timeFactor": 3600},
       "rules": [{"name": "dense", "when": "spot_count > 200", "once": true,
                  "then": [{"mark": "dense"}, {"interval": "15 min"}]}],
       "run": {"interval": "30 min", "durationHours": 14, "policy": "skip"}}
      """;

  @TempDir Path tmp;

  @Test
  void pageGainsPointsAsStacksArriveAndShowsTheDecisionWhenTheRuleFires() throws Exception {
    long t0 = System.currentTimeMillis();
    DashboardState state = new DashboardState();
    Path out = tmp.resolve("run");
    state.describe("live", out, "test device");
    state.defineColumns(new ArrayList<>(ScopeRun.knownMeasurements()));
    ScopeRun run = ScopeRun.parse(CONFIG, "browser-test", tmp);
    try (DashboardServer server = DashboardServer.start(state, "127.0.0.1", 0);
        HeadlessChromium browser = new HeadlessChromium(server.url(), 1280, 1500)) {
      // the page is up and connected before the first stack
      waitFor(browser, "window.fovea && window.fovea.updates() >= 1", 60_000);
      assertEquals(0.0, num(browser.eval("window.fovea.drawnPoints()")));
      assertEquals(0.0, num(browser.eval("window.fovea.decisionRows()")));

      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread runner =
          new Thread(
              () -> {
                try {
                  run.run(TestGpu.get(), out, state);
                } catch (Throwable t) {
                  failed.set(t);
                }
              },
              "test-run");
      runner.start();

      // points arrive while the run is going on: sample the plot until it has grown twice
      List<Double> seen = new ArrayList<>();
      double decisionsBefore = -1;
      long end = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < end && runner.isAlive()) {
        double p = num(browser.eval("window.fovea.drawnPoints()"));
        if (seen.isEmpty() || p > seen.get(seen.size() - 1)) {
          seen.add(p);
          if (decisionsBefore < 0 && p > 0) {
            decisionsBefore = num(browser.eval("window.fovea.decisionRows()"));
          }
        }
        if (seen.size() >= 3 && state.decisionCount() > 0) break;
        Thread.sleep(150);
      }
      assertTrue(
          seen.size() >= 3 && seen.get(1) > 0,
          "the plot should gain points while the run is going on; saw " + seen);
      runner.join(180_000);
      if (failed.get() != null) throw new AssertionError("the run failed", failed.get());
      assertTrue(state.decisionCount() >= 1, "the rule should have fired");
      // the decision appears in the page, pushed without a reload
      waitFor(browser, "window.fovea.decisionRows() >= " + state.decisionCount(), 20_000);
      waitFor(browser, "window.fovea.state() === 'finished'", 20_000);
      String firstRule =
          (String) browser.eval("document.querySelector('#decisions td:nth-child(3)').textContent");
      assertEquals("dense", firstRule);
      String action =
          (String) browser.eval("document.querySelector('#decisions td:nth-child(5)').textContent");
      assertTrue(action.contains("interval"), action);
      // every analysed stack is a point; the projection has been loaded
      waitFor(browser, "window.fovea.rows() === " + state.rowCount(), 20_000);
      waitFor(browser, "document.getElementById('projection').naturalWidth > 0", 20_000);
      Path shot = Path.of("target", "dashboard-browser", "dashboard.png");
      browser.screenshot(shot);
      assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
      System.out.println(
          "dashboard browser test: plot points seen "
              + seen
              + ", decisions on the page before the rule fired: "
              + decisionsBefore
              + ", screenshot "
              + shot.toAbsolutePath()
              + ", "
              + (System.currentTimeMillis() - t0)
              + " ms");
    }

    // the finished-run reader shows what the live page showed
    DashboardState folder = RunFolderReader.read(out);
    assertEquals(state.rowCount(), folder.rowCount(), "rows");
    assertEquals(state.decisionCount(), folder.decisionCount(), "decisions");
    assertNotNull(folder.statusJson());
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static void waitFor(HeadlessChromium b, String js, long millis) throws Exception {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      if (Boolean.TRUE.equals(b.eval("!!(" + js + ")"))) return;
      Thread.sleep(100);
    }
    throw new AssertionError("the page never satisfied: " + js);
  }
}
