package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 item 14: Ctrl-C (SIGINT) ends a run with a line in run.log, as SIGTERM does. */
class InterruptedRunTest {
  @TempDir Path tmp;

  @Test
  void sigintIsRecordedInTheRunLog() throws Exception {
    Path out = tmp.resolve("run");
    Path log = tmp.resolve("child.log");
    Process p = ScopeTesting.startKillTarget(out, log);
    try {
      ScopeTesting.awaitIndexLines(p, out, 3, log);
      assertTrue(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor() == 0);
      // the run finishes the stack in hand first: under a loaded CI machine that can take a while
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not end on SIGINT in 120 s");
    } finally {
      p.destroyForcibly();
    }
    String runLog = ScopeTesting.textOrNote(out.resolve("run.log"));
    assertTrue(runLog.contains("run interrupted"), runLog);
    assertTrue(RunFolder.read(out).stacks().size() >= 2);
  }
}
