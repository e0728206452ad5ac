package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KillTarget.class.getName(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    try {
      long deadline = System.currentTimeMillis() + 90_000;
      Path index = out.resolve("index.tsv");
      while (!(Files.exists(index) && Files.readAllLines(index).size() >= 3)) {
        assertTrue(p.isAlive(), () -> "the run ended by itself: " + log(tmp.resolve("child.log")));
        assertTrue(System.currentTimeMillis() < deadline, "no stacks written in 90 s");
        Thread.sleep(20);
      }
      assertTrue(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor() == 0);
      // the run finishes the stack in hand first: under a loaded CI machine that can take a while
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not end on SIGINT in 120 s");
    } finally {
      p.destroyForcibly();
    }
    String runLog = log(out.resolve("run.log"));
    assertTrue(runLog.contains("run interrupted"), runLog);
    assertTrue(RunFolder.read(out).stacks().size() >= 2);
  }

  private static String log(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no " + p + ")";
    } catch (java.io.IOException e) {
      return "(cannot read " + p + ": " + e.getMessage() + ")";
    }
  }
}
