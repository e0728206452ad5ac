package org.fovea.scope;

import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: prints count vs ground truth over the schedule and the analysis stage times. Run with
 * {@code -Dprobe=true [-Dprobe.preset=tiny|small|talk]}.
 */
class ProbeTest {
  @Test
  @EnabledIfSystemProperty(named = "probe", matches = "true")
  void probe() {
    Gpu gpu = TestGpu.get();
    String preset = System.getProperty("probe.preset", "small");
    SimulatedMicroscope sim =
        new SimulatedMicroscope(
            new EmbryoModel(42),
            SimulatedMicroscope.Geometry.preset(preset),
            new Settings(30, null),
            1e9,
            0);
    if ("workflow".equals(System.getProperty("probe.analysis"))) {
      try (WorkflowAnalysis a = new WorkflowAnalysis(gpu, new WorkflowAnalysis.Params())) {
        double[] times = {0, 7, 11, 17.5, 18.1, 22, 60, 139, 140};
        for (int i = 0; i < times.length; i++) {
          Stack s = sim.acquire(i, times[i]);
          long t1 = System.nanoTime();
          Map<String, Double> m = a.analyse(s);
          long t2 = System.nanoTime();
          System.out.printf(
              "t=%6.1f truth=%4.0f analyse %d ms %s%n",
              times[i], s.metadata().get("true_count"), (t2 - t1) / 1000000, m);
        }
      }
      return;
    }
    try (CylinderSpotAnalysis a =
        new CylinderSpotAnalysis(gpu, new CylinderSpotAnalysis.Params())) {
      double[] times = {
        0, 3, 5, 7, 9, 11, 14, 17.5, 17.9, 18.1, 18.5, 19, 20, 22, 30, 60, 139, 139.7, 140, 141
      };
      if (System.getProperty("probe.times") != null) {
        times =
            java.util.Arrays.stream(System.getProperty("probe.times").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
      }
      for (int i = 0; i < times.length; i++) {
        long t0 = System.nanoTime();
        Stack s = sim.acquire(i, times[i]);
        long t1 = System.nanoTime();
        Map<String, Double> m = a.analyse(s);
        long t2 = System.nanoTime();
        System.out.printf(
            "t=%6.1f truth=%4.0f %s render %d ms analyse %d ms %s%n",
            times[i],
            s.metadata().get("true_count"),
            s.metadata().get("stage"),
            (t1 - t0) / 1000000,
            (t2 - t1) / 1000000,
            m);
      }
      a.profile = true;
      Stack s = sim.acquire(0, 15);
      for (int i = 0; i < 3; i++) a.analyse(s);
      System.out.println("stage ms per stack (push, dog, proj, cyl, max): ");
      for (double v : a.stageMillis) System.out.printf(" %.1f", v / 3);
      System.out.println();
    }
  }
}
