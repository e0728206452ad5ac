package org.fovea.scope;

import java.nio.file.Path;
import org.fovea.core.Gpu;

/** A run that goes on until it is killed (started as a subprocess by {@link KilledRunTest}). */
public final class KillTarget {
  public static void main(String[] args) throws Exception {
    String cfg =
        ScopeTesting.config(
            "{\"type\": \"simulator\", \"seed\": 5, \"stack\": \"tiny\", \"timeFactor\": 6000, \"startHours\": 8}",
            ScopeTesting.SHIPPED_RULES,
            "{\"interval\": \"10 min\", \"durationHours\": 10000, \"policy\": \"skip\"}");
    try (Gpu gpu = Gpu.open()) {
      ScopeRun.parse(cfg, "kill-target", Path.of(".")).run(gpu, Path.of(args[0]), null);
    }
    System.exit(0);
  }
}
