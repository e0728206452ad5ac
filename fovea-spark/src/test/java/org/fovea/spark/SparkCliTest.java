package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fovea.ops.workflow.SyntheticNucleiStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fovea spark count-spots} as the launcher runs it (its own local Spark). */
class SparkCliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = SparkCli.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    Run r =
        new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    oldOut.print(r.out());
    oldErr.print(r.err());
    return r;
  }

  static final String[] LOCAL = {
    "--master",
    "local[1]",
    "--conf",
    "spark.ui.enabled=false",
    "--conf",
    "spark.ui.showConsoleProgress=false",
    "--conf",
    "spark.driver.host=127.0.0.1",
    "--conf",
    "spark.driver.bindAddress=127.0.0.1"
  };

  static String[] args(String... a) {
    String[] all = new String[a.length + LOCAL.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(LOCAL, 0, all, a.length, LOCAL.length);
    return all;
  }

  @Test
  void countSpotsWritesTsvAndParquetAndNeverOverwritesWithoutForce(@TempDir Path tmp)
      throws Exception {
    SyntheticNucleiStack syn = SyntheticNucleiStack.generate(SyntheticNucleiStack.Spec.small(3));
    SyntheticNucleiStack.Spec sp = syn.spec();
    Path tif = tmp.resolve("t000007.tif");
    org.fovea.io.TiffWriter.write(
        tif,
        syn.pixels(),
        sp.width(),
        sp.height(),
        sp.depth(),
        org.fovea.io.Calibration.of(sp.voxelX(), sp.voxelY(), sp.voxelZ(), "test"));
    Path out = tmp.resolve("results");
    Run r = run(args("count-spots", tif.toString(), "--out", out.toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("1 stacks, 1 ok, 0 error rows"), r.out());
    assertEquals(0, ExecutorGpus.openContexts(), "the executor's Gpu closed with Spark");
    List<String> lines = Files.readAllLines(out.resolve("results.tsv"));
    assertEquals(2, lines.size());
    long count = Long.parseLong(lines.get(1).split("\t")[8]);
    assertTrue(Math.abs(count - syn.plantedCount()) <= 0.05 * syn.plantedCount(), lines.get(1));
    assertTrue(Files.isDirectory(out.resolve("results.parquet")));

    Run again = run(args("count-spots", tif.toString(), "--out", out.toString()));
    assertEquals(2, again.code());
    assertTrue(again.err().contains("--force"), again.err());
    Run forced = run(args("count-spots", tif.toString(), "--out", out.toString(), "--force"));
    assertEquals(0, forced.code(), forced.err());

    Run missing =
        run(
            args(
                "count-spots",
                tmp.resolve("nope.tif").toString(),
                "--out",
                tmp.resolve("o2").toString()));
    assertEquals(2, missing.code());
    assertTrue(
        missing.err().contains("no such file") && missing.err().contains("nope.tif"),
        missing.err());
    Run badAnalysis =
        run(
            args(
                "analyse",
                tif.toString(),
                "--out",
                tmp.resolve("o3").toString(),
                "--analysis",
                "{\"type\":\"nope.Nothing\"}"));
    assertEquals(2, badAnalysis.code());
    assertTrue(badAnalysis.err().contains("nope.Nothing"), badAnalysis.err());
  }
}
