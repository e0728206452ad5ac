package org.fovea.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fovea.bench.TableGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fovea bench table|jmh}: the comparison tables and the JMH benchmarks. */
@Command(
    name = "bench",
    description = "Benchmarks: Fovea vs ImageJ, CLIJ2 (and CuPy) tables; JMH micro-benchmarks.",
    subcommands = {BenchCommand.Table.class, BenchCommand.Jmh.class})
final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.out);
    return 0;
  }

  @Command(
      name = "table",
      description =
          "Runs Fovea, ImageJ 1.x (CPU) and CLIJ2 in one JVM on one device and writes a Markdown"
              + " table (time per op, speedups, fraction of copy bandwidth, output differences).")
  static final class Table implements Callable<Integer> {
    @Option(names = "--quick", description = "small inputs, few repetitions (CPU devices)")
    boolean quick;

    @Option(names = "--device", description = "device: name part, gpu, cpu or #index")
    String device;

    @Option(names = "--out", description = "Markdown file to write (default: stdout)")
    Path out;

    @Option(names = "--cupy", description = "JSON written by fovea-bench/python/cupy_peer.py")
    Path cupy;

    @Option(
        names = "--only",
        split = ",",
        description = "only ops whose name contains one of these")
    List<String> only = new ArrayList<>();

    @Option(names = "--no-imagej", description = "skip ImageJ")
    boolean noImagej;

    @Option(names = "--no-clij", description = "skip CLIJ2")
    boolean noClij;

    @Option(names = "--no-sweep", description = "skip the size sweep")
    boolean noSweep;

    @Option(names = "--no-workflow", description = "skip the reference workflow")
    boolean noWorkflow;

    @Option(
        names = "--transfers",
        split = ",",
        description = "transfer sizes in MB (default 8,64,256,1024; --quick: 8,64)")
    long[] transfers;

    @Option(names = "--command-label", hidden = true)
    String commandLabel;

    @Option(names = "--2d", split = "x", description = "2D input size, e.g. 2048x2048")
    int[] shape2D;

    @Option(names = "--3d", split = "x", description = "3D input size, e.g. 1024x1024x32")
    int[] shape3D;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      TableGenerator.Options o = new TableGenerator.Options();
      o.quick = quick;
      o.device = device;
      o.out = out;
      o.cupy = cupy;
      o.only = only;
      o.imagej = !noImagej;
      o.clij = !noClij;
      o.sweep = !noSweep;
      o.workflow = !noWorkflow;
      o.transferMB = transfers;
      o.shape2D = shape2D;
      o.shape3D = shape3D;
      o.command =
          commandLabel != null
              ? commandLabel
              : "./fovea " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
      return new TableGenerator(o).run();
    }
  }

  @Command(
      name = "jmh",
      description = "Runs the JMH benchmarks of fovea-bench (arguments go to JMH, e.g. -l, -f 1).")
  static final class Jmh implements Callable<Integer> {
    /** Everything after {@code jmh}, in order, for JMH's own parser. */
    @CommandLine.Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(args.toArray(String[]::new));
      return 0;
    }
  }
}
