package org.fovea.spark;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fovea.core.DeviceInfo;
import org.fovea.core.DeviceType;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;

/**
 * Spark's GPU discovery for Fovea ({@code spark.executor.resource.gpu.discoveryScript}, through
 * {@code fovea-gpu-discovery.sh}): prints {@code {"name":"gpu","addresses":["0","1"]}} with the
 * Fovea device index ({@code #N} of {@code fovea devices}) of every OpenCL GPU of this host. A task
 * that Spark gives address {@code "1"} runs on Fovea device {@code #1}.
 *
 * <p>Arguments: {@code --types gpu,accelerator,cpu} (which device types count; default {@code
 * gpu}), {@code --name NAME} (the resource name; default {@code gpu}). Without an OpenCL runtime it
 * prints an empty list and says why on stderr (Spark then refuses to start an executor that asks
 * for GPUs, with that message in the executor log).
 */
public final class GpuDiscovery {
  private GpuDiscovery() {}

  static String json(String name, List<DeviceInfo> devices, Set<DeviceType> types) {
    List<String> addresses = new ArrayList<>();
    for (DeviceInfo d : devices)
      if (types.contains(d.type())) addresses.add("\"" + d.index() + "\"");
    return "{\"name\":\"" + name + "\",\"addresses\":[" + String.join(",", addresses) + "]}";
  }

  static Set<DeviceType> parseTypes(String s) {
    Set<DeviceType> t = EnumSet.noneOf(DeviceType.class);
    for (String p : s.split(",")) {
      if (!p.isBlank()) t.add(DeviceType.valueOf(p.trim().toUpperCase(Locale.ROOT)));
    }
    return t;
  }

  public static void main(String[] args) {
    String name = "gpu";
    Set<DeviceType> types = EnumSet.of(DeviceType.GPU);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--types" -> types = parseTypes(args[++i]);
        case "--name" -> name = args[++i];
        default -> {
          System.err.println("fovea-gpu-discovery: unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    List<DeviceInfo> devices;
    try {
      devices = Gpu.listDevices();
    } catch (FoveaException e) {
      System.err.println("fovea-gpu-discovery: " + e.getMessage());
      devices = List.of();
    }
    for (DeviceInfo d : devices) {
      System.err.println("fovea-gpu-discovery: #" + d.index() + " " + d.describe());
    }
    System.out.println(json(name, devices, types));
  }
}
