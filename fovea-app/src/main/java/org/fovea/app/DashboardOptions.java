package org.fovea.app;

import java.io.IOException;
import java.nio.file.Path;
import org.fovea.core.Gpu;
import org.fovea.dashboard.DashboardServer;
import org.fovea.dashboard.DashboardState;
import org.fovea.scope.AcquisitionLoop;
import org.fovea.scope.Microscope;
import org.fovea.scope.ScopeRun;
import org.fovea.scope.StackAnalysis;
import picocli.CommandLine.Option;

/**
 * The {@code --dashboard PORT} options of {@code fovea demo} and {@code fovea scope} (a picocli
 * mixin): off by default; on 127.0.0.1 unless {@code --dashboard-bind} says otherwise.
 */
final class DashboardOptions {
  static final DashboardOptions OFF = new DashboardOptions();

  @Option(
      names = "--dashboard",
      paramLabel = "PORT",
      description =
          "serve a live, read-only web page of the run on this port (0 = any free port; off by"
              + " default); see docs/dashboard.md")
  Integer port;

  @Option(
      names = "--dashboard-bind",
      paramLabel = "ADDRESS",
      description =
          "address the dashboard listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 = every"
              + " interface: anyone on the network can read the run)")
  String bind = "127.0.0.1";

  @Option(
      names = "--dashboard-keep",
      description = "keep serving the page after the run ends, until Ctrl-C")
  boolean keep;

  /** A started dashboard. */
  record Live(DashboardState state, DashboardServer server, boolean keep) implements AutoCloseable {
    String url() {
      return server.url();
    }

    void linger() throws InterruptedException {
      if (!keep) return;
      System.out.println("# dashboard still serving " + url() + " (Ctrl-C ends)");
      Thread.currentThread().join();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** Starts the server (null when off). */
  Live start(Gpu gpu, Path out, ScopeRun run) throws IOException {
    if (port == null) return null;
    if (port < 0 || port > 65535) throw new IOException("--dashboard: no port " + port);
    DashboardState st = new DashboardState();
    st.describe("live", out, gpu.device().name() + " (" + gpu.device().platformName() + ")");
    st.defineColumns(new java.util.ArrayList<>(ScopeRun.knownMeasurements()));
    return new Live(st, DashboardServer.start(st, bind, port), keep);
  }

  /** Both listeners, in order (the console first). */
  static AcquisitionLoop.Listener both(AcquisitionLoop.Listener a, AcquisitionLoop.Listener b) {
    return new AcquisitionLoop.Listener() {
      @Override
      public void analysed(AcquisitionLoop.Progress p) {
        a.analysed(p);
        b.analysed(p);
      }

      @Override
      public void message(String line) {
        a.message(line);
        b.message(line);
      }

      @Override
      public void started(Microscope mic, AcquisitionLoop.Options options) {
        a.started(mic, options);
        b.started(mic, options);
      }

      @Override
      public void acquired(int timePoint, double hours, long millis) {
        a.acquired(timePoint, hours, millis);
        b.acquired(timePoint, hours, millis);
      }

      @Override
      public void stored(int timePoint, long bytes) {
        a.stored(timePoint, bytes);
        b.stored(timePoint, bytes);
      }

      @Override
      public void analysisTimed(int timePoint, long millis, StackAnalysis.Projection projection) {
        a.analysisTimed(timePoint, millis, projection);
        b.analysisTimed(timePoint, millis, projection);
      }

      @Override
      public void finished(AcquisitionLoop.Result result) {
        a.finished(result);
        b.finished(result);
      }
    };
  }
}
