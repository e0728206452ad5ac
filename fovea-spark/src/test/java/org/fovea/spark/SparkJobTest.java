package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fovea.app.FoveaCli;
import org.fovea.core.Gpu;
import org.fovea.ops.workflow.SyntheticNucleiStack;
import org.fovea.scope.RunFolder;
import org.fovea.scope.Stack;
import org.fovea.scope.StackAnalysis;
import org.fovea.scope.WorkflowAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on a local master with two task threads and two attempts per task ({@code
 * local[2,2]}), on stacks that {@code count-spots} counted in the same JVM.
 */
class SparkJobTest {
  @TempDir static Path tmp;
  static Path stacks;
  static Map<String, String[]> countSpots; // file name → count-spots' TSV row
  static String[] countSpotsHeader;
  static SparkSession spark;

  @BeforeAll
  static void countSpotsAndStartSpark() throws Exception {
    stacks = tmp.resolve("stacks");
    Path tsv = tmp.resolve("count-spots.tsv");
    int code =
        quiet(
            () ->
                FoveaCli.run(
                    "count-spots", stacks.toString(), "--generate", "3", "--out", tsv.toString()));
    assertEquals(0, code, "count-spots on the generated stacks");
    List<String> lines = Files.readAllLines(tsv);
    countSpotsHeader = lines.get(0).split("\t");
    countSpots = new HashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split("\t", -1);
      countSpots.put(Path.of(f[0]).getFileName().toString(), f);
    }
    assertEquals(3, countSpots.size());
    spark =
        SparkSession.builder()
            .master("local[2,2]")
            .appName("fovea-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.plugins", FoveaSparkPlugin.class.getName())
            .getOrCreate();
  }

  @AfterAll
  static void stopSparkClosesTheExecutorsGpu() {
    if (spark == null) return;
    spark.stop();
    assertEquals(0, ExecutorGpus.openContexts(), "the executor's Gpu is closed when it stops");
  }

  interface IntCall {
    int call() throws Exception;
  }

  /** Runs count-spots without its per-stack lines in the test log. */
  static int quiet(IntCall c) throws Exception {
    PrintStream old = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      return c.call();
    } finally {
      System.setOut(old);
    }
  }

  static List<Map<String, String>> readTsv(Path p) throws Exception {
    List<String> lines = Files.readAllLines(p);
    String[] h = lines.get(0).split("\t");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split("\t", -1);
      assertEquals(h.length, f.length, "columns of " + l);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < h.length; i++) m.put(h[i], f[i]);
      rows.add(m);
    }
    return rows;
  }

  static CountSpotsWork countSpotsWork() {
    return new CountSpotsWork(null, null, 5, "Y");
  }

  /** Every count-spots column but the timings equals the job's, for every stack. */
  static void assertSameAsCountSpots(Map<String, String> row) {
    String name = Path.of(row.get("file")).getFileName().toString();
    String[] cs = countSpots.get(name);
    assertNotNull(cs, name);
    for (int i = 0; i < countSpotsHeader.length; i++) {
      String c = countSpotsHeader[i];
      if (c.equals("read_ms") || c.equals("process_ms")) continue;
      assertEquals(cs[i], row.get(c), name + " column " + c);
    }
    assertEquals("", row.get("error"), name);
  }

  @Test
  void countsEqualCountSpotsOnTheSameStacksInTsvAndParquet() throws Exception {
    Path out = tmp.resolve("out-equal");
    SparkJob.Summary s =
        SparkJob.run(spark, countSpotsWork(), List.of(stacks.toString()), out.toString(), false);
    assertEquals(3, s.stacks());
    assertEquals(3, s.ok());
    assertTrue(s.summaryLine().contains("3 stacks, 3 ok, 0 error rows"), s.summaryLine());
    List<Map<String, String>> rows = readTsv(out.resolve("results.tsv"));
    assertEquals(3, rows.size());
    for (int i = 0; i < 3; i++) {
      assertSameAsCountSpots(rows.get(i));
      assertEquals(Integer.toString(i), rows.get(i).get("time_point"), "input order");
    }
    List<Row> parquet =
        spark
            .read()
            .parquet(out.resolve("results.parquet").toString())
            .orderBy("file")
            .collectAsList();
    assertEquals(3, parquet.size());
    for (Row r : parquet) {
      String name = Path.of(r.<String>getAs("file")).getFileName().toString();
      assertEquals(Long.parseLong(countSpots.get(name)[7]), (long) r.<Long>getAs("count"), name);
      assertNull(r.getAs("error"));
    }
    // existing results are never overwritten without --force
    StackInputs.InputException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            StackInputs.InputException.class,
            () ->
                SparkJob.run(
                    spark, countSpotsWork(), List.of(stacks.toString()), out.toString(), false));
    assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
  }

  @Test
  void aDamagedStackBecomesAnErrorRowAndTheJobGoesOn() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("damaged"));
    Path good = Files.copy(stacks.resolve("synthetic-001.tif"), dir.resolve("a-good.tif"));
    byte[] bytes = Files.readAllBytes(good);
    Files.write(dir.resolve("b-truncated.tif"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.write(dir.resolve("c-garbage.tif"), new byte[] {'I', 'I', 42, 0, 1, 2, 3, 4, 5});
    Path out = tmp.resolve("out-damaged");
    SparkJob.Summary s =
        SparkJob.run(spark, countSpotsWork(), List.of(dir.toString()), out.toString(), false);
    assertEquals(3, s.stacks());
    assertEquals(1, s.ok());
    assertEquals(2, s.errors());
    List<Map<String, String>> rows = readTsv(out.resolve("results.tsv"));
    assertEquals("", rows.get(0).get("error"));
    assertEquals(countSpots.get("synthetic-001.tif")[7], rows.get(0).get("count"));
    assertTrue(rows.get(1).get("error").contains("truncated"), rows.get(1).get("error"));
    assertTrue(rows.get(2).get("error").startsWith("cannot read"), rows.get(2).get("error"));
    for (Map<String, String> r : rows.subList(1, 3)) assertEquals("", r.get("count"));
    List<Row> errors =
        spark
            .read()
            .parquet(out.resolve("results.parquet").toString())
            .where("error IS NOT NULL")
            .collectAsList();
    assertEquals(2, errors.size());
  }

  @Test
  void aFailedTaskAttemptIsRetriedAndItsStackCounted() throws Exception {
    Path out = tmp.resolve("out-retry");
    spark.conf().set(SparkJob.FAIL_FIRST_ATTEMPT, "synthetic-002");
    SparkJob.Summary s;
    try {
      s = SparkJob.run(spark, countSpotsWork(), List.of(stacks.toString()), out.toString(), false);
    } finally {
      spark.conf().unset(SparkJob.FAIL_FIRST_ATTEMPT);
    }
    assertEquals(1, s.failedAttempts(), "the first attempt at synthetic-002 failed");
    assertEquals(3, s.ok(), "and its second attempt succeeded");
    for (Map<String, String> r : readTsv(out.resolve("results.tsv"))) assertSameAsCountSpots(r);
  }

  @Test
  void analyseRunsAStackAnalysisOverARunFolderWithItsTimePoints() throws Exception {
    Path run = tmp.resolve("run");
    List<Stack> written = new ArrayList<>();
    try (RunFolder rf = RunFolder.create(run)) {
      for (int t = 4; t <= 5; t++) {
        SyntheticNucleiStack syn =
            SyntheticNucleiStack.generate(SyntheticNucleiStack.Spec.small(40 + t));
        SyntheticNucleiStack.Spec sp = syn.spec();
        Stack st =
            new Stack(
                t,
                t * 0.5,
                System.currentTimeMillis(),
                sp.width(),
                sp.height(),
                sp.depth(),
                sp.voxelX(),
                sp.voxelY(),
                sp.voxelZ(),
                syn.pixels(),
                Map.of());
        rf.writeStack(st);
        written.add(st);
      }
    }
    Path out = tmp.resolve("out-analyse");
    String json = "{\"type\":\"workflow\",\"prominence\":5}";
    SparkJob.Summary s =
        SparkJob.run(
            spark,
            new AnalysisWork(null, null, json),
            List.of(run.toString()),
            out.toString(),
            false);
    assertEquals(2, s.ok(), s.summaryLine());
    List<Map<String, String>> rows = readTsv(out.resolve("results.tsv"));
    try (Gpu gpu = Gpu.open("");
        StackAnalysis direct =
            new WorkflowAnalysis(
                gpu, WorkflowAnalysis.Params.from(org.fovea.scope.Conf.parse(json, "t")))) {
      for (int i = 0; i < 2; i++) {
        Map<String, String> r = rows.get(i);
        assertEquals(Integer.toString(written.get(i).timePoint()), r.get("time_point"));
        assertTrue(r.get("file").endsWith(RunFolder.stackName(4 + i) + ".tif"), r.get("file"));
        Map<String, Double> m = direct.analyse(written.get(i));
        for (String c : m.keySet()) {
          double v = m.get(c);
          assertEquals(
              Double.isNaN(v) ? "" : new AnalysisWork(null, null, json).format(c, v),
              r.get(c),
              "stack " + i + " " + c);
        }
      }
    }
  }
}
