package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KilledRunTest {
  @TempDir Path tmp;

  @Test
  void aRunKilledWithSigkillLeavesAFolderReplayReads() throws Exception {
    Path out = tmp.resolve("killed");
    Path log = tmp.resolve("child.log");
    Process p = ScopeTesting.startKillTarget(out, log);
    Path index = out.resolve("index.tsv");
    try {
      ScopeTesting.awaitIndexLines(p, out, 9, log);
      Thread.sleep(37); // land somewhere inside the next write
    } finally {
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
      p.waitFor(30, TimeUnit.SECONDS);
    }
    RunFolder.Contents c = RunFolder.read(out);
    assertTrue(c.stacks().size() >= 8, "stacks on disk: " + c.stacks().size());
    for (RunFolder.IndexEntry e : c.stacks()) {
      org.fovea.io.TiffStack img = org.fovea.io.TiffReader.read(e.file());
      assertEquals(96 * 192 * 24, img.shorts().length, e.file().toString());
    }
    for (String line : Files.readAllLines(out.resolve("metadata.jsonl"))) {
      if (!line.isEmpty()) Json.parse(line); // every complete line is valid JSON
    }

    // a torn write: a partial index line and a .part file are ignored
    Files.writeString(
        index, "99\t2026-11-26T10:00", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.write(out.resolve("stacks/t000099.tif.part"), new byte[100]);
    RunFolder.Contents torn = RunFolder.read(out);
    assertEquals(c.stacks().size(), torn.stacks().size());
    assertEquals(1, torn.incompleteLines());

    // and replay runs it through the rules
    Path replayOut = tmp.resolve("replay");
    String cfg =
        ScopeTesting.config(
            "{\"type\": \"replay\", \"folder\": \"" + out.toString().replace("\\", "/") + "\"}",
            ScopeTesting.SHIPPED_RULES,
            "{\"interval\": \"10 min\", \"durationHours\": 10000, \"policy\": \"block\"}");
    AcquisitionLoop.Result r = ScopeTesting.run(cfg, replayOut).result();
    assertEquals(c.stacks().size(), r.acquired());
    assertEquals(c.stacks().size(), r.analysed());
    assertEquals(c.stacks().size(), r.stored());
    List<Double> hours = ScopeTesting.indexHours(replayOut);
    assertEquals(ScopeTesting.indexHours(out).subList(0, hours.size()), hours);
  }
}
