package org.fovea.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fovea.core.Gpu;
import org.fovea.dashboard.DashboardServer;
import org.fovea.dashboard.DashboardState;
import org.fovea.dashboard.RunFolderReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description =
        "Serve the read-only dashboard page (plots, decisions, status, JSON API) of a finished run"
            + " folder, as `fovea demo --dashboard PORT` shows a live one; see docs/dashboard.md.")
final class DashboardCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_FOLDER", description = "a run folder (with index.tsv)")
  Path folder;

  @Option(
      names = "--port",
      description = "port (default: ${DEFAULT-VALUE}; 0 = any free port)",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--bind",
      description = "address to listen on (default: ${DEFAULT-VALUE})",
      defaultValue = "127.0.0.1")
  String bind;

  @Option(
      names = "--device",
      description =
          "OpenCL device that recomputes the last stack's projection (name part, gpu, cpu or"
              + " #index)")
  String device;

  @Option(names = "--no-projection", description = "do not recompute the projection")
  boolean noProjection;

  @Option(
      names = "--for",
      paramLabel = "SECONDS",
      description = "serve this long, then exit (default: until Ctrl-C)")
  Double seconds;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(folder.resolve("index.tsv"))) {
      System.err.println("fovea dashboard: " + folder + " is not a run folder (no index.tsv)");
      return 2;
    }
    DashboardState st = RunFolderReader.read(folder);
    if (!noProjection) {
      try (Gpu gpu = Gpu.open(device)) {
        RunFolderReader.reproject(folder, st, gpu);
      } catch (RuntimeException e) {
        System.err.println("fovea dashboard: no projection (" + e.getMessage() + ")");
      }
    }
    try (DashboardServer server = DashboardServer.start(st, bind, port)) {
      System.out.println("# dashboard of " + folder + ": " + server.url());
      if (seconds != null) {
        Thread.sleep((long) (seconds * 1000));
      } else {
        System.out.println("# Ctrl-C ends");
        Thread.currentThread().join();
      }
    }
    return 0;
  }
}
