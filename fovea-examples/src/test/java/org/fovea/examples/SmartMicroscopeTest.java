package org.fovea.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fovea.scope.AcquisitionLoop;
import org.fovea.scope.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartMicroscopeTest {
  @TempDir Path tmp;

  @Test
  void theCustomRuleFiresOnTheFirstDenseStackAndTakesTheBurst() throws IOException {
    Path out = tmp.resolve("run");
    SmartMicroscope.Result r = SmartMicroscope.run(ExampleGpu.get(), out, 6.0, 3.0, false);
    AcquisitionLoop.Result lr = r.result();
    assertEquals(lr.acquired(), lr.analysed());
    assertEquals(lr.acquired(), lr.stored());

    // the counts follow the simulator's ground truth
    for (int i = 0; i < r.spotCounts().size(); i++) {
      double truth = r.trueCounts().get(i);
      assertTrue(
          Math.abs(r.spotCounts().get(i) - truth) <= 0.06 * truth + 2,
          "stack at " + r.hours().get(i) + " h: " + r.spotCounts().get(i) + " vs " + truth);
    }

    // the rule fired once, on the first stack counted above the threshold
    assertFalse(lr.decisions().isEmpty(), "no decisions");
    int first = -1;
    for (int i = 0; i < r.spotCounts().size(); i++) {
      if (r.spotCounts().get(i) > SmartMicroscope.THRESHOLD) {
        first = i;
        break;
      }
    }
    assertTrue(first > 0, "the run should start below the threshold: " + r.spotCounts());
    AcquisitionLoop.Decision d = lr.decisions().get(0);
    assertEquals("dense blastoderm", d.rule());
    assertEquals(r.hours().get(first), d.hours(), 1e-9);
    assertTrue(lr.decisions().stream().allMatch(x -> x.timePoint() == d.timePoint()));
    assertTrue(lr.events().stream().anyMatch(e -> e.name().equals("more than 300 nuclei")));

    // the burst: 4 stacks 5 min apart, then the 30 min interval again
    List<RunFolder.IndexEntry> stacks = RunFolder.read(out).stacks();
    int k = d.timePoint();
    for (int i = 1; i < k; i++) {
      assertEquals(30, minutes(stacks, i), 1e-4, "before the rule, time point " + i);
    }
    for (int i = k + 1; i <= k + 4; i++) {
      assertEquals(5, minutes(stacks, i), 1e-4, "burst, time point " + i);
    }
    if (stacks.size() > k + 5) assertEquals(30, minutes(stacks, k + 5), 1e-4, "after the burst");
    assertTrue(Files.readAllLines(out.resolve("decisions.tsv")).size() >= 3); // header + 2
  }

  private static double minutes(List<RunFolder.IndexEntry> s, int i) {
    return (s.get(i).hours() - s.get(i - 1).hours()) * 60;
  }
}
