package org.fovea.spark;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The driver's side: lists the stacks, runs one Spark task per stack, and writes {@code
 * results.tsv} and {@code results.parquet} into the output folder (never over existing results
 * unless forced), then a summary line.
 *
 * <p>Rows come back to the driver (about 300 bytes per stack: 300,000 stacks are under 100 MB;
 * raise {@code spark.driver.maxResultSize} beyond a million stacks), in input order.
 */
public final class SparkJob {
  private SparkJob() {}

  /** Fault injection for tests: the first attempt of stacks whose file name contains it fails. */
  public static final String FAIL_FIRST_ATTEMPT = "spark.fovea.failFirstAttemptOf";

  /** What a run did. */
  public record Summary(
      int stacks, int ok, int errors, int failedAttempts, double seconds, String summaryLine) {}

  /** The output files, refused when they exist unless {@code force}. */
  static void checkOutput(FileSystem fs, Path out, boolean force) throws IOException {
    for (String name : new String[] {"results.tsv", "results.parquet"}) {
      Path p = new Path(out, name);
      if (fs.exists(p) && !force) {
        throw new StackInputs.InputException(
            p + " exists; choose another --out folder or pass --force to replace the results");
      }
    }
  }

  static Summary run(
      SparkSession spark, StackWork work, List<String> inputs, String outDir, boolean force)
      throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = jsc.hadoopConfiguration();
    Path out = new Path(outDir);
    FileSystem outFs = out.getFileSystem(hadoop);
    checkOutput(outFs, out, force);
    List<StackRef> refs = StackInputs.list(inputs, hadoop);

    AtomicInteger failedAttempts = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo() != null && end.taskInfo().failed()) failedAttempts.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    LongAccumulator done = spark.sparkContext().longAccumulator("fovea stacks analysed");
    LongAccumulator failed = spark.sparkContext().longAccumulator("fovea error rows");
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(hadoop));
    String inject = spark.conf().get(FAIL_FIRST_ATTEMPT, "");
    jsc.setJobDescription(
        "fovea " + work.name() + ": " + refs.size() + " stacks, one task each; " + work.describe());

    long t0 = System.nanoTime();
    List<ResultRow> rows;
    try {
      rows =
          jsc.parallelize(refs, Math.max(1, refs.size()))
              .map(
                  ref -> {
                    ResultRow r = StackTask.run(ref, work, conf.value().value(), inject);
                    (r.ok() ? done : failed).add(1);
                    return r;
                  })
              .collect();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;

    List<String> columns = work.columns();
    if (columns == null) {
      LinkedHashSet<String> seen = new LinkedHashSet<>();
      for (ResultRow r : rows) seen.addAll(r.values().keySet());
      columns = new ArrayList<>(seen);
    }
    long w0 = System.nanoTime();
    outFs.mkdirs(out);
    writeTsv(outFs, new Path(out, "results.tsv"), rows, columns, work, force);
    writeParquet(spark, new Path(out, "results.parquet").toString(), rows, columns, work, force);

    double writeSeconds = (System.nanoTime() - w0) / 1e9;
    int errors = (int) rows.stream().filter(r -> !r.ok()).count();
    int ok = rows.size() - errors;
    Map<String, Integer> devices = new TreeMap<>();
    for (ResultRow r : rows) if (r.device() != null) devices.merge(r.device(), 1, Integer::sum);
    String line =
        String.format(
            Locale.ROOT,
            "fovea spark %s: %d stacks, %d ok, %d error rows, %d failed task attempts retried;"
                + " %.2f s, %.2f stacks/s on %s (%d cores); devices %s; results in %s"
                + " (results.tsv, results.parquet; written in %.1f s)",
            work.name(),
            rows.size(),
            ok,
            errors,
            failedAttempts.get(),
            seconds,
            rows.size() / seconds,
            spark.sparkContext().master(),
            spark.sparkContext().defaultParallelism(),
            devices,
            out,
            writeSeconds);
    return new Summary(rows.size(), ok, errors, failedAttempts.get(), seconds, line);
  }

  static String header(List<String> columns) {
    StringBuilder b =
        new StringBuilder("file\ttime_point\twidth\theight\tdepth\tvoxel_x\tvoxel_y\tvoxel_z");
    for (String c : columns) b.append('\t').append(c);
    return b.append("\tread_ms\tprocess_ms\tvoxel_source\tdevice\terror").toString();
  }

  /** count-spots' voxel format. */
  static String fmtVoxel(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
  }

  private static void writeTsv(
      FileSystem fs,
      Path p,
      List<ResultRow> rows,
      List<String> columns,
      StackWork work,
      boolean force)
      throws IOException {
    try (Writer w = new OutputStreamWriter(fs.create(p, force), StandardCharsets.UTF_8);
        PrintWriter tsv = new PrintWriter(w)) {
      tsv.println(header(columns));
      for (ResultRow r : rows) {
        StringBuilder b = new StringBuilder();
        b.append(r.file()).append('\t').append(r.timePoint());
        if (r.ok()) {
          b.append('\t')
              .append(r.width())
              .append('\t')
              .append(r.height())
              .append('\t')
              .append(r.depth());
          b.append('\t').append(fmtVoxel(r.voxelX()));
          b.append('\t').append(fmtVoxel(r.voxelY()));
          b.append('\t').append(fmtVoxel(r.voxelZ()));
        } else {
          b.append("\t\t\t\t\t\t");
        }
        for (String c : columns) {
          Double v = r.values().get(c);
          b.append('\t').append(v == null || v.isNaN() ? "" : work.format(c, v));
        }
        b.append('\t')
            .append(Double.isNaN(r.readMs()) ? "" : String.format(Locale.ROOT, "%.1f", r.readMs()));
        b.append('\t')
            .append(
                Double.isNaN(r.processMs())
                    ? ""
                    : String.format(Locale.ROOT, "%.1f", r.processMs()));
        b.append('\t').append(r.voxelSource() == null ? "" : r.voxelSource().replace('\t', ' '));
        b.append('\t').append(r.device() == null ? "" : r.device());
        b.append('\t').append(r.error() == null ? "" : r.error());
        tsv.println(b);
      }
    }
  }

  static StructType schema(List<String> columns, StackWork work) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("file", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("time_point", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("width", DataTypes.IntegerType, true));
    f.add(DataTypes.createStructField("height", DataTypes.IntegerType, true));
    f.add(DataTypes.createStructField("depth", DataTypes.IntegerType, true));
    f.add(DataTypes.createStructField("voxel_x", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("voxel_y", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("voxel_z", DataTypes.DoubleType, true));
    for (String c : columns) {
      DataType t = work.integerColumn(c) ? DataTypes.LongType : DataTypes.DoubleType;
      f.add(DataTypes.createStructField(c, t, true));
    }
    f.add(DataTypes.createStructField("read_ms", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("process_ms", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("voxel_source", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("device", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
    return DataTypes.createStructType(f);
  }

  private static void writeParquet(
      SparkSession spark,
      String path,
      List<ResultRow> rows,
      List<String> columns,
      StackWork work,
      boolean force) {
    List<Row> out = new ArrayList<>(rows.size());
    for (ResultRow r : rows) {
      List<Object> v = new ArrayList<>();
      v.add(r.file());
      v.add(r.timePoint());
      v.add(r.ok() ? r.width() : null);
      v.add(r.ok() ? r.height() : null);
      v.add(r.ok() ? r.depth() : null);
      v.add(r.ok() ? r.voxelX() : null);
      v.add(r.ok() ? r.voxelY() : null);
      v.add(r.ok() ? r.voxelZ() : null);
      for (String c : columns) {
        Double x = r.values().get(c);
        v.add(x == null ? null : work.integerColumn(c) ? (Object) (long) (double) x : x);
      }
      v.add(Double.isNaN(r.readMs()) ? null : r.readMs());
      v.add(Double.isNaN(r.processMs()) ? null : r.processMs());
      v.add(r.voxelSource());
      v.add(r.device());
      v.add(r.error());
      out.add(RowFactory.create(v.toArray()));
    }
    spark
        .createDataFrame(out, schema(columns, work))
        .coalesce(1)
        .write()
        .mode(force ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
        .parquet(path);
  }
}
