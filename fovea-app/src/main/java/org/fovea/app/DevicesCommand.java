package org.fovea.app;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.core.DeviceInfo;
import org.fovea.core.Gpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devices", description = "List the OpenCL devices and the one Fovea would choose.")
final class DevicesCommand implements Callable<Integer> {
  @Option(
      names = "--device",
      description =
          "device to mark as chosen (name part, gpu, cpu or #index); default: FOVEA_DEVICE or the best")
  String device;

  @Override
  public Integer call() {
    List<DeviceInfo> devices = Gpu.listDevices();
    if (devices.isEmpty()) {
      System.err.println(
          "fovea: OpenCL platforms were found, but none has a device. Install a driver for your"
              + " GPU, or pocl-opencl-icd for the CPU, and check with 'clinfo -l'.");
      return 3;
    }
    String chosen;
    try (Gpu gpu = Gpu.open(device)) {
      chosen = gpu.device().name() + "|" + gpu.device().platformName();
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-3s %-2s %-40s %-12s %-28s %10s %10s %5s %-12s %s",
            "#",
            "",
            "device",
            "type",
            "platform",
            "memory",
            "max alloc",
            "CUs",
            "OpenCL",
            "images"));
    for (DeviceInfo d : devices) {
      boolean isChosen = chosen.equals(d.name() + "|" + d.platformName());
      System.out.println(
          String.format(
              Locale.ROOT,
              "%-3s %-2s %-40s %-12s %-28s %7.1f GiB %6.1f GiB %5d %-12s %s",
              "#" + d.index(),
              isChosen ? "*" : "",
              clip(d.name(), 40),
              d.type(),
              clip(d.platformName(), 28),
              d.globalMemoryBytes() / (double) (1L << 30),
              d.maxAllocationBytes() / (double) (1L << 30),
              d.computeUnits(),
              clip(d.openClVersion(), 12),
              d.imageSupport() ? "yes" : "no"));
    }
    System.out.println("* = the device Fovea uses (choose another with FOVEA_DEVICE or --device)");
    return 0;
  }

  static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
