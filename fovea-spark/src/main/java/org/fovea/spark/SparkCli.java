package org.fovea.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.fovea.core.FoveaException;
import org.fovea.scope.Conf;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fovea spark}: Fovea's per-stack analyses as Apache Spark jobs. Run locally through the
 * launcher ({@code ./fovea spark count-spots ...}) or on a cluster with {@code spark-submit --class
 * org.fovea.spark.SparkCli fovea-spark-<version>-cluster.jar count-spots ...}.
 */
@Command(
    name = "fovea spark",
    mixinStandardHelpOptions = true,
    version = "Fovea 0.1.0",
    description =
        "Fovea on Apache Spark: one task per stack, results as TSV and Parquet. See docs/spark.md.",
    subcommands = {SparkCli.CountSpots.class, SparkCli.Analyse.class})
public final class SparkCli implements Callable<Integer> {

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** The options every Spark subcommand has. */
  abstract static class Common implements Callable<Integer> {
    @Parameters(
        paramLabel = "INPUT",
        arity = "1..*",
        description =
            "TIFF stacks, folders of them, Fovea run folders (index.tsv) or globs; local paths or"
                + " any Hadoop file system URI the cluster has (hdfs://, s3a://, ...)")
    List<String> inputs = new ArrayList<>();

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "folder for results.tsv and results.parquet (local path or URI)")
    String out;

    @Option(
        names = "--master",
        paramLabel = "URL",
        description =
            "Spark master (default: spark-submit's, else local[*]); local[N,F] = N threads, F"
                + " attempts per task")
    String master;

    @Option(
        names = "--conf",
        paramLabel = "KEY=VALUE",
        description = "a Spark setting (repeatable), e.g. spark.executor.resource.gpu.amount=1")
    List<String> conf = new ArrayList<>();

    @Option(names = "--force", description = "replace results.tsv/results.parquet in --out")
    boolean force;

    @Option(
        names = "--device",
        description =
            "OpenCL device where Spark assigns no GPU to the task (name part, gpu, cpu or #index);"
                + " default: FOVEA_DEVICE or the best one")
    String device;

    @Option(
        names = "--voxel",
        paramLabel = "X,Y,Z",
        description =
            "voxel size in µm (default: the TIFF's calibration when it is in µm, else 0.52,0.52,2)")
    String voxel;

    double[] voxelOrNull() {
      if (voxel == null) return null;
      String[] p = voxel.split(",");
      double[] v = new double[3];
      if (p.length != 3) throw new StackInputs.InputException(badVoxel());
      try {
        for (int i = 0; i < 3; i++) v[i] = Double.parseDouble(p[i].trim());
      } catch (NumberFormatException e) {
        throw new StackInputs.InputException(badVoxel());
      }
      for (double x : v) {
        if (!(x > 0) || Double.isInfinite(x)) throw new StackInputs.InputException(badVoxel());
      }
      return v;
    }

    private String badVoxel() {
      return "--voxel needs three positive numbers like 0.52,0.52,2, got '" + voxel + "'";
    }

    abstract StackWork work() throws IOException;

    @Override
    public Integer call() throws IOException {
      String cmd = "fovea spark " + getClass().getAnnotation(Command.class).name();
      StackWork work;
      try {
        work = work();
      } catch (StackInputs.InputException | Conf.ConfigException e) {
        System.err.println(cmd + ": " + e.getMessage());
        return 2;
      }
      try {
        // refuse existing results before Spark starts (checked again by the job, with the
        // cluster's Hadoop settings, for file systems only those settings reach)
        org.apache.hadoop.fs.Path o = new org.apache.hadoop.fs.Path(out);
        SparkJob.checkOutput(o.getFileSystem(new org.apache.hadoop.conf.Configuration()), o, force);
      } catch (StackInputs.InputException e) {
        System.err.println(cmd + ": " + e.getMessage());
        return 2;
      } catch (IOException | RuntimeException e) {
        // a file system that needs the cluster's settings: the job checks it
      }
      try {
        // local inputs that name nothing fail before Spark starts (the job lists them all)
        List<String> local = new ArrayList<>();
        for (String in : inputs) {
          String scheme = new org.apache.hadoop.fs.Path(in).toUri().getScheme();
          if (scheme == null || scheme.equals("file")) local.add(in);
        }
        if (!local.isEmpty()) {
          StackInputs.list(local, new org.apache.hadoop.conf.Configuration());
        }
      } catch (StackInputs.InputException e) {
        System.err.println(cmd + ": " + e.getMessage());
        return 2;
      } catch (IOException | RuntimeException e) {
        // reported by the job with the cluster's settings
      }
      SparkConf sc = new SparkConf();
      for (String kv : conf) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          System.err.println(cmd + ": --conf needs KEY=VALUE, got '" + kv + "'");
          return 2;
        }
        sc.set(kv.substring(0, eq), kv.substring(eq + 1));
      }
      if (master != null) sc.setMaster(master);
      else if (!sc.contains("spark.master")) sc.setMaster("local[*]");
      sc.setAppName(sc.get("spark.app.name", "fovea " + work.name()));
      // the stage's progress bar on the console ([Stage 0:====>  (10 + 2) / 24]), as spark-shell
      sc.setIfMissing("spark.ui.showConsoleProgress", "true");
      String plugins = sc.get("spark.plugins", "");
      if (!plugins.contains(FoveaSparkPlugin.class.getName())) {
        sc.set(
            "spark.plugins",
            plugins.isEmpty()
                ? FoveaSparkPlugin.class.getName()
                : plugins + "," + FoveaSparkPlugin.class.getName());
      }
      long t0 = System.nanoTime();
      SparkSession spark = SparkSession.builder().config(sc).getOrCreate();
      try {
        System.out.printf(
            Locale.ROOT,
            "%s: Spark %s started in %.1f s (master %s)%n",
            cmd,
            spark.version(),
            (System.nanoTime() - t0) / 1e9,
            spark.sparkContext().master());
        spark
            .sparkContext()
            .uiWebUrl()
            .foreach(
                url -> {
                  System.out.println(cmd + ": progress in Spark's UI at " + url);
                  return null;
                });
        SparkJob.Summary s = SparkJob.run(spark, work, inputs, out, force);
        System.out.println(s.summaryLine());
        return 0;
      } catch (StackInputs.InputException e) {
        System.err.println(cmd + ": " + e.getMessage());
        return 2;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(
      name = "count-spots",
      mixinStandardHelpOptions = true,
      description = {
        "count-spots as a Spark job: the CLIJ talk's spot-counting workflow on every stack, one"
            + " task per stack; count-spots' columns plus time_point, device and error, as"
            + " results.tsv and results.parquet in --out. A stack that cannot be read or analysed"
            + " becomes a row with its error; failed task attempts are retried by Spark."
      })
  static final class CountSpots extends Common {
    @Option(
        names = "--prominence",
        defaultValue = "5",
        description = "Find Maxima prominence (noise tolerance); default ${DEFAULT-VALUE}")
    double prominence;

    @Option(
        names = "--long-axis",
        defaultValue = "Y",
        description = "stack axis along which the embryo lies: X or Y; default ${DEFAULT-VALUE}")
    String longAxis;

    @Override
    StackWork work() {
      String axis = longAxis.toUpperCase(Locale.ROOT);
      if (!axis.equals("X") && !axis.equals("Y")) {
        throw new StackInputs.InputException("--long-axis is X or Y, got '" + longAxis + "'");
      }
      if (!(prominence >= 0)) throw new StackInputs.InputException("--prominence must be ≥ 0");
      return new CountSpotsWork(device, voxelOrNull(), prominence, axis);
    }
  }

  @Command(
      name = "analyse",
      aliases = "analyze",
      mixinStandardHelpOptions = true,
      description = {
        "Any StackAnalysis as a Spark job, one task per stack; its measurements become columns.",
        "--analysis is JSON like a scope run's \"analysis\" section, inline or a file:"
            + " {\"type\":\"workflow\",\"prominence\":5} (the built-in WorkflowAnalysis), or"
            + " {\"type\":\"com.example.MyAnalysis\",...} for a class on the job's class path"
            + " with a public constructor (Gpu, Conf) or (Gpu)."
      })
  static final class Analyse extends Common {
    @Option(
        names = "--analysis",
        paramLabel = "JSON|FILE",
        defaultValue = "{\"type\":\"workflow\"}",
        description = "the analysis; default ${DEFAULT-VALUE}")
    String analysis;

    @Override
    StackWork work() throws IOException {
      String json = analysis.trim();
      if (!json.startsWith("{")) {
        java.nio.file.Path f = java.nio.file.Path.of(json);
        if (!Files.isRegularFile(f)) {
          throw new StackInputs.InputException("--analysis: no such file and not JSON: " + json);
        }
        json = Files.readString(f, StandardCharsets.UTF_8);
      }
      return new AnalysisWork(device, voxelOrNull(), json);
    }
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SparkCli());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof FoveaException || ex instanceof IllegalArgumentException) {
            cmd.getErr().println("fovea spark: " + ex.getMessage());
            return 2;
          }
          throw ex;
        });
    return cl;
  }

  /** Runs {@code fovea spark args...} and returns the exit code (tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    org.fovea.core.ConsoleLog.useShortFormat();
    System.exit(run(args));
  }
}
