package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.fovea.io.Calibration;
import org.fovea.io.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 through the command line: every hostile case asserts the exit code, that the message
 * names the file or argument, that no stack trace reaches the user, and that no user file changed.
 */
class NothingLostTest {
  @TempDir Path tmp;

  /** A small calibrated 16-bit stack (no GPU needed to write it). */
  static Path stack(Path dir, String name, String unitDescriptionOrNull) throws Exception {
    int w = 64;
    int h = 96;
    int d = 12;
    short[] px = new short[w * h * d];
    for (int i = 0; i < px.length; i++) px[i] = (short) (100 + (i * 31 % 97));
    Path p = dir.resolve(name);
    TiffWriter.write(p, px, w, h, d, Calibration.of(2.08, 2.08, 8, "test"));
    return p;
  }

  static void assertClean(CliRun r) {
    String all = r.out() + r.err();
    assertFalse(all.contains("\tat ") || all.contains("Exception in"), "stack trace: " + all);
  }

  static CliRun refused(int code, String mustMention, String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(code, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(mustMention), "message names " + mustMention + ": " + r.err());
    assertClean(r);
    return r;
  }

  private List<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void countSpotsNeverOverwritesAndRefusesBadTargetsBeforeAnyWork() throws Exception {
    Path in = stack(tmp, "a.tif", null);
    byte[] before = Files.readAllBytes(in);
    // 1: the input as --out, even with --force
    refused(2, "never overwrites an input", "count-spots", in.toString(), "--out", in.toString());
    refused(2, "a.tif", "count-spots", in.toString(), "--out", in.toString(), "--force");
    assertArrayEquals(before, Files.readAllBytes(in));
    // 1: an existing file without --force
    Path mine = Files.writeString(tmp.resolve("mine.tsv"), "my notes\n");
    refused(2, "--force", "count-spots", in.toString(), "--out", mine.toString());
    assertEquals("my notes\n", Files.readString(mine));
    // 10: a folder, a missing parent
    refused(2, "is a folder", "count-spots", in.toString(), "--out", tmp.toString());
    refused(
        2,
        "does not exist",
        "count-spots",
        in.toString(),
        "--out",
        tmp.resolve("x/y.tsv").toString());
    // 10/14: --generate into an existing file, a negative count
    refused(2, "is a file", "count-spots", in.toString(), "--generate", "1");
    refused(2, "--generate", "count-spots", tmp.toString(), "--generate", "-3");
    assertArrayEquals(before, Files.readAllBytes(in));
    // 10: a device index that is no number
    refused(2, "#abc", "count-spots", in.toString(), "--device", "#abc");
    assertEquals(List.of("a.tif", "mine.tsv"), list(tmp));
  }

  @Test
  void fifosAreSkippedOrRefusedNeverOpened() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("in"));
    Path fifo = dir.resolve("pipe.tif");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
    Files.createDirectory(dir.resolve("folder.tif"));
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          refused(2, "FIFO", "count-spots", fifo.toString());
          // in a folder: skipped with a message; the folder then has no stack to count
          CliRun r = refused(2, "FIFO", "count-spots", dir.toString());
          assertTrue(r.err().contains("folder.tif") && r.err().contains("a folder"), r.err());
        });
  }

  @Test
  void countSpotsRecordsWhereTheVoxelSizeCameFromAndWritesAtomically() throws Exception {
    Path in = stack(tmp, "a.tif", null);
    Path out = tmp.resolve("r.tsv");
    CliRun r = CliRun.of("count-spots", in.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("voxel 2.08 × 2.08 × 8 µm (file, unit=micron)"), r.out());
    List<String> lines = Files.readAllLines(out);
    assertTrue(lines.get(0).endsWith("\tvoxel_source"), lines.get(0));
    assertTrue(lines.get(1).endsWith("\tfile, unit=micron"), lines.get(1));
    assertEquals(List.of("a.tif", "r.tsv"), list(tmp)); // no temporary file left
    // --force replaces a results file, with the new voxel source
    CliRun again =
        CliRun.of(
            "count-spots", in.toString(), "--out", out.toString(), "--force", "--voxel", "1,1,4");
    assertEquals(0, again.code(), again.out() + again.err());
    assertTrue(Files.readAllLines(out).get(1).endsWith("\t--voxel"));
  }

  @Test
  void aFullOrReadOnlyDiskIsAnErrorNamingTheFile() throws Exception {
    Path in = stack(tmp, "a.tif", null);
    Path mnt = Files.createDirectory(tmp.resolve("tiny"));
    assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", mnt.toString())
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs (not root): SafeFilesTest covers the full disk through its seam");
    try {
      // 4 KiB hold the header, not 40 rows: fill it first so that even the header fails
      Files.write(mnt.resolve("filler"), new byte[4096 - 64]);
      Path out = mnt.resolve("r.tsv");
      CliRun r = CliRun.of("count-spots", in.toString(), in.toString(), "--out", out.toString());
      assertEquals(4, r.code(), r.out() + r.err());
      assertTrue(r.err().contains(out.toString()), r.err());
      assertTrue(r.err().contains("No space left on device"), r.err());
      assertTrue(r.err().contains("on standard output"), r.err());
      assertTrue(r.out().contains("a.tif\t"), "rows on stdout: " + r.out());
      assertFalse(r.out().contains("results: "), r.out());
      assertFalse(Files.exists(out));
      assertEquals(List.of("filler"), list(mnt));
      assertClean(r);
      assertEquals(
          0, new ProcessBuilder("mount", "-o", "remount,ro", mnt.toString()).start().waitFor());
      refused(2, "not writable", "count-spots", in.toString(), "--out", out.toString());
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor();
    }
  }

  static String config(String microscope, String run) {
    return "{\"microscope\": {" + microscope + "}, \"run\": {" + run + "}}";
  }

  @Test
  void scopeRefusesBadConfigurationsAndFoldersThatAreNotNew() throws Exception {
    Path cfg = tmp.resolve("c.json");
    String tiny = "\"type\": \"simulator\", \"stack\": \"tiny\", \"timeFactor\": 0";
    String[][] bad = {
      {
        "\"type\": \"simulator\", \"stack\": {\"width\": -5, \"height\": 10, \"depth\": 3}",
        "\"durationHours\": 1",
        "stack"
      },
      {tiny + ", \"bogus\": 1", "\"durationHours\": 1", "bogus"},
      {tiny + ", \"embryo\": {\"nope\": 2}", "\"durationHours\": 1", "nope"},
      {tiny, "\"durationHours\": -3", "durationHours"},
      {"\"type\": \"simulator\", \"timeFactor\": -1", "\"durationHours\": 1", "timeFactor"},
    };
    for (String[] b : bad) {
      Files.writeString(cfg, config(b[0], b[1]));
      refused(2, b[2], "scope", "--config", cfg.toString(), "--out", tmp.resolve("o").toString());
      assertFalse(Files.exists(tmp.resolve("o")), "nothing created for a bad configuration");
    }
    refused(2, "is a folder", "scope", "--config", tmp.toString());
    Files.writeString(cfg, config(tiny, "\"durationHours\": 1"));
    // 3: a folder of the user's
    Path user = Files.createDirectory(tmp.resolve("user"));
    Files.writeString(user.resolve("summary.txt"), "mine");
    Files.writeString(user.resolve("measurements.tsv"), "mine");
    refused(2, "not empty", "scope", "--config", cfg.toString(), "--out", user.toString());
    assertEquals(List.of("measurements.tsv", "summary.txt"), list(user));
    assertEquals("mine", Files.readString(user.resolve("summary.txt")));
    assertEquals("mine", Files.readString(user.resolve("measurements.tsv")));
    // 4: a run folder left by a crash says how to go on
    Path crashed = Files.createDirectory(tmp.resolve("crashed"));
    Files.writeString(
        crashed.resolve("index.tsv"), "time_point\tacquired_at\thours\tfile\tbytes\n");
    CliRun r =
        refused(
            2, "was interrupted", "scope", "--config", cfg.toString(), "--out", crashed.toString());
    assertTrue(r.err().contains("replay"), r.err());
  }
}
