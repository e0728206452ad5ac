package org.fovea.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fovea.scope.ScopeRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "scope",
    mixinStandardHelpOptions = true,
    description =
        "Run a configured smart-microscopy experiment (simulator or replay of a run folder) with"
            + " event rules; see examples/scope/*.json.")
final class ScopeCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "experiment configuration (JSON)")
  Path config;

  @Option(names = "--out", description = "run folder (default: runs/scope-<timestamp>)")
  Path out;

  @Option(names = "--device", description = "OpenCL device (name part, gpu, cpu or #index)")
  String device;

  @Mixin DashboardOptions dashboard = new DashboardOptions();

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(config)) {
      System.err.println("fovea scope: configuration " + config + " not found");
      return 2;
    }
    if (!Files.isRegularFile(config)) {
      System.err.println(
          "fovea scope: --config "
              + config
              + " is "
              + (Files.isDirectory(config) ? "a folder" : "not a regular file")
              + "; give the JSON file, e.g. examples/scope/demo.json");
      return 2;
    }
    Path folder = out != null ? out : ScopeConsole.defaultFolder("scope");
    return ScopeConsole.run(() -> ScopeRun.load(config), device, folder, dashboard);
  }
}
