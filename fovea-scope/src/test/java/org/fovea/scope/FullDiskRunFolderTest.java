package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 4 on a real full disk (a 1 MiB tmpfs, mounted when the tests run as root as CI
 * does; skipped elsewhere): the rows written before the disk filled survive, the header is there
 * from the start, a failed file leaves no .part and its message names it.
 */
class FullDiskRunFolderTest {
  @TempDir Path tmp;

  @Test
  void rowsWrittenBeforeTheDiskFilledSurviveAndErrorsNameTheFile() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("disk"));
    assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString())
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs here (not root)");
    try {
      Path dir = mnt.resolve("run");
      try (RunFolder f = RunFolder.create(dir)) {
        f.defineMeasurements(List.of("spot_count"));
        assertTrue(Files.readString(dir.resolve("measurements.tsv")).startsWith("wall_time\t"));
        f.measurement(0, 0.0, "ok", 12.5, Map.of("spot_count", 80.0));
        f.measurement(1, 0.5, "ok", 12.5, Map.of("spot_count", 81.0));
        // fill the disk to the last byte
        try (OutputStream o = Files.newOutputStream(mnt.resolve("filler"))) {
          byte[] block = new byte[4096];
          while (true) o.write(block);
        } catch (IOException full) {
          assertTrue(full.getMessage().contains("No space left"), full.getMessage());
        }
        IOException e =
            assertThrows(IOException.class, () -> f.writeText("summary.txt", "x".repeat(100_000)));
        assertTrue(e.getMessage().contains(dir.resolve("summary.txt").toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("summary.txt.part")));
        assertFalse(Files.exists(dir.resolve("summary.txt")));
        IOException s =
            assertThrows(
                IOException.class,
                () ->
                    f.writeStack(
                        new Stack(
                            2, 1.0, 0, 64, 64, 8, 1, 1, 1, new short[64 * 64 * 8], Map.of())));
        assertTrue(s.getMessage().contains(dir.toString()), s.getMessage());
        try (var list = Files.list(dir.resolve("stacks"))) {
          assertEquals(0, list.count(), "no partial stack left");
        }
      }
      List<String> rows = Files.readAllLines(dir.resolve("measurements.tsv"));
      assertEquals(3, rows.size(), rows.toString());
      assertTrue(rows.get(2).contains("\t81"), rows.toString());
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor();
    }
  }
}
