package org.fovea.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fovea.scope.ScopeRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Smart-microscopy demo: a simulated Tribolium-like embryo (0-145 h) imaged with the talk's"
            + " two rules (ventral furrow -> higher frame rate, serosa rupture -> burst), analysed on"
            + " the best OpenCL device; writes stacks, measurements, decisions, a summary and a plot.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", description = "run folder (default: runs/demo-<timestamp>)")
  Path out;

  @Option(names = "--device", description = "OpenCL device (name part, gpu, cpu or #index)")
  String device;

  @Mixin DashboardOptions dashboard = new DashboardOptions();

  @Override
  public Integer call() throws Exception {
    Path folder = out != null ? out : ScopeConsole.defaultFolder("demo");
    return ScopeConsole.run(ScopeRun::demo, device, folder, dashboard);
  }
}
