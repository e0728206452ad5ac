package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountSpotsCommandTest {

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void generatesAStackCountsItAndWritesTheTsv(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("results.tsv");
    CliRun r = run("count-spots", dir.toString(), "--generate", "1", "--out", tsv.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    String planted = Files.readString(dir.resolve("synthetic-000.txt"));
    int n = Integer.parseInt(planted.lines().findFirst().orElseThrow().replaceAll("\\D", ""));
    List<String> lines = Files.readAllLines(tsv);
    assertEquals(2, lines.size(), String.join("\n", lines));
    String[] cols = lines.get(1).split("\t");
    assertTrue(cols[0].endsWith("synthetic-000.tif"), lines.get(1));
    assertEquals("128", cols[1]);
    assertEquals("40", cols[3]);
    long count = Long.parseLong(cols[7]);
    assertTrue(Math.abs(count - n) <= 0.05 * n, "count " + count + " planted " + n);
    assertTrue(r.out().contains("synthetic-000.tif\t" + count + " spots"), r.out());
  }

  @Test
  void aFolderIsProcessedInOrderAndACorruptFileDoesNotStopTheOthers(@TempDir Path dir)
      throws Exception {
    assertEquals(0, run("count-spots", dir.toString(), "--generate", "2", "--seed", "5").code());
    Files.write(dir.resolve("synthetic-0005-bad.tif"), new byte[] {'M', 'M', 0, 42, 9, 9});
    Path tsv = dir.resolve("r.tsv");
    CliRun r =
        run("count-spots", dir.toString(), "--out", tsv.toString(), "--voxel", "0.52,0.52,2");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("synthetic-0005-bad.tif"), r.err());
    List<String> lines = Files.readAllLines(tsv);
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(1).contains("synthetic-000.tif"));
    assertTrue(lines.get(2).contains("synthetic-001.tif"));
  }

  @Test
  void missingAndCorruptFilesExitNonZeroWithAClearMessage(@TempDir Path dir) throws Exception {
    CliRun missing = run("count-spots", dir.resolve("nope.tif").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no such file") && missing.err().contains("nope.tif"));
    Path bad = dir.resolve("bad.tif");
    Files.write(bad, new byte[] {'I', 'I', 42, 0, 1, 2, 3, 4, 5, 6, 7});
    CliRun corrupt = run("count-spots", bad.toString());
    assertEquals(2, corrupt.code(), corrupt.out() + corrupt.err());
    assertTrue(
        corrupt.err().contains("cannot read") && corrupt.err().contains("bad.tif"), corrupt.err());
    assertFalse(corrupt.err().contains("\tat "), "no stack trace: " + corrupt.err());
    CliRun badVoxel = run("count-spots", bad.toString(), "--voxel", "1,2");
    assertEquals(2, badVoxel.code());
    assertTrue(badVoxel.err().contains("--voxel"));
  }
}
