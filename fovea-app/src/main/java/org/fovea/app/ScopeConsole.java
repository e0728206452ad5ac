package org.fovea.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.fovea.core.Gpu;
import org.fovea.scope.AcquisitionLoop;
import org.fovea.scope.Rules;
import org.fovea.scope.ScopeRun;

/** Terminal progress for {@code fovea demo} and {@code fovea scope}. */
final class ScopeConsole implements AcquisitionLoop.Listener {
  private final PrintStream out;
  private int lines;
  private double lastInterval = Double.NaN;

  ScopeConsole(PrintStream out) {
    this.out = out;
  }

  static Path defaultFolder(String prefix) {
    return Path.of(
        "runs",
        prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  @Override
  public synchronized void analysed(AcquisitionLoop.Progress p) {
    boolean eventful = !p.decisions().isEmpty() || p.intervalMinutes() != lastInterval;
    if (lines % 20 == 0) {
      out.println(" time point  embryo time     spots  truth  interval   status  events");
    }
    if (eventful || p.timePoint() % 5 == 0 || !"ok".equals(p.status())) {
      Object truth = p.truth() instanceof java.util.Map<?, ?> m ? m.get("true_count") : null;
      StringBuilder ev = new StringBuilder();
      for (AcquisitionLoop.Decision d : p.decisions()) {
        if (ev.length() > 0) ev.append("; ");
        ev.append(d.rule()).append(": ").append(d.action());
      }
      out.println(
          String.format(
              Locale.ROOT,
              " %10d  %-13s %6s  %5s  %-9s  %-7s %s",
              p.timePoint(),
              Rules.hoursText(p.hours()),
              p.measurements() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", p.measurements().get("spot_count")),
              truth instanceof Number n ? String.format(Locale.ROOT, "%.0f", n.doubleValue()) : "-",
              Rules.minutesText(p.intervalMinutes()) + (p.inBurst() ? "*" : ""),
              p.status(),
              ev));
      lines++;
    }
    lastInterval = p.intervalMinutes();
  }

  @Override
  public void message(String line) {
    if (line.startsWith("analysis behind") || line.startsWith("acquisition waits")) return;
    out.println("# " + line);
  }

  static int run(java.util.concurrent.Callable<ScopeRun> config, String device, Path out)
      throws Exception {
    return run(config, device, out, DashboardOptions.OFF);
  }

  static int run(
      java.util.concurrent.Callable<ScopeRun> config,
      String device,
      Path out,
      DashboardOptions dashboard)
      throws Exception {
    ScopeRun run;
    try {
      run = config.call();
      run.validate();
      org.fovea.scope.RunFolder.checkNew(out);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return failed(e, 2);
    }
    try {
      return runLoaded(run, device, out, dashboard);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return failed(e, 4);
    }
  }

  /** Prints why the run could not start or go on; exit code 2 for bad input, else ioCode. */
  private static int failed(Exception e, int ioCode) {
    if (e instanceof java.io.IOException io) {
      System.err.println("fovea: " + FoveaCli.describe(io));
      return ioCode;
    }
    System.err.println("fovea: " + e.getMessage());
    return 2;
  }

  private static int runLoaded(ScopeRun run, String device, Path out, DashboardOptions dash)
      throws Exception {
    long t0 = System.currentTimeMillis();
    try (Gpu gpu = Gpu.open(device);
        DashboardOptions.Live live = dash.start(gpu, out, run)) {
      System.out.println(
          "# device: " + gpu.device().name() + " (" + gpu.device().platformName() + ")");
      System.out.println("# run folder: " + out);
      if (live != null) System.out.println("# dashboard: " + live.url());
      AcquisitionLoop.Listener console = new ScopeConsole(System.out);
      ScopeRun.Outcome o =
          run.run(gpu, out, live == null ? console : DashboardOptions.both(console, live.state()));
      System.out.println();
      System.out.print(o.summary());
      java.nio.file.Path plot = o.folder().resolve("plot.png");
      System.out.println(
          "  plot: "
              + (java.nio.file.Files.isRegularFile(plot) ? plot : "not written (see run.log)"));
      System.out.println(
          String.format(
              Locale.ROOT, "  total time %.1f s", (System.currentTimeMillis() - t0) / 1000.0));
      if (live != null) live.linger();
      if (o.result().storageError() != null) return 4;
      String stop = o.result().stopReason();
      if (stop != null && stop.startsWith("acquisition failed")) {
        System.err.println("fovea: the run did not do what was asked: " + stop);
        return 5;
      }
      return 0;
    }
  }
}
