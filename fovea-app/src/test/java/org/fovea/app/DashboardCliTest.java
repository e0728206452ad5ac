package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's command-line surface (the server itself is tested in fovea-dashboard). */
class DashboardCliTest {
  @TempDir Path tmp;

  @Test
  void demoAndScopeOfferTheDashboardOptions() {
    for (String cmd : new String[] {"demo", "scope"}) {
      CliRun r = CliRun.of(cmd, "--help");
      assertEquals(0, r.code(), cmd);
      assertTrue(r.out().contains("--dashboard=PORT"), cmd + ": " + r.out());
      assertTrue(r.out().contains("--dashboard-bind=ADDRESS"), cmd);
      assertTrue(r.out().contains("127.0.0.1"), cmd + " names the default address");
    }
  }

  @Test
  void dashboardOfAFolderThatIsNoRunSaysSo() {
    CliRun r = CliRun.of("dashboard", tmp.toString(), "--port", "0", "--for", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("is not a run folder"), r.err());
  }
}
