package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.resource.ResourceInformation;
import org.fovea.core.DeviceInfo;
import org.fovea.core.DeviceType;
import org.fovea.core.Gpu;
import org.junit.jupiter.api.Test;

/**
 * The discovery script that Spark runs on every executor host: its output is what Spark's own
 * parser accepts, and its addresses are the Fovea indices of the host's devices of the asked types
 * (only GPUs by default). Local mode cannot schedule GPUs, so this is where it is tested.
 */
class GpuDiscoveryTest {
  static DeviceInfo device(int index, DeviceType type) {
    return new DeviceInfo(
        index,
        "platform",
        "device " + index,
        "vendor",
        type,
        1L << 30,
        1L << 28,
        1 << 16,
        8,
        1000,
        "OpenCL 3.0",
        "1",
        false,
        null,
        null);
  }

  static String[] indices(List<DeviceInfo> devices, DeviceType type) {
    return devices.stream()
        .filter(d -> d.type() == type)
        .map(d -> Integer.toString(d.index()))
        .toArray(String[]::new);
  }

  @Test
  void listsTheFoveaIndicesOfTheGpusOnlyInSparksFormat() {
    List<DeviceInfo> devices =
        List.of(
            device(0, DeviceType.CPU),
            device(1, DeviceType.GPU),
            device(2, DeviceType.ACCELERATOR),
            device(3, DeviceType.GPU));
    ResourceInformation r =
        ResourceInformation.parseJson(
            GpuDiscovery.json("gpu", devices, EnumSet.of(DeviceType.GPU)));
    assertEquals("gpu", r.name());
    assertArrayEquals(new String[] {"1", "3"}, r.addresses());
    ResourceInformation none =
        ResourceInformation.parseJson(
            GpuDiscovery.json(
                "gpu", List.of(device(0, DeviceType.CPU)), EnumSet.of(DeviceType.GPU)));
    assertArrayEquals(new String[0], none.addresses());
    assertEquals(
        EnumSet.of(DeviceType.GPU, DeviceType.ACCELERATOR),
        GpuDiscovery.parseTypes("gpu, accelerator"));
  }

  static String runScript(String... args) throws IOException, InterruptedException {
    Path script = Path.of("src", "main", "scripts", "fovea-gpu-discovery.sh");
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("FOVEA_SPARK_CLASSPATH", System.getProperty("java.class.path"));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
    assertEquals(0, p.exitValue(), "script exit code; stdout: " + out);
    return out.trim();
  }

  @Test
  void theScriptPrintsThisHostsOpenClDevicesAsSparkResources() throws Exception {
    List<DeviceInfo> here = Gpu.listDevices();
    ResourceInformation gpus = ResourceInformation.parseJson(runScript());
    assertEquals("gpu", gpus.name());
    assertArrayEquals(indices(here, DeviceType.GPU), gpus.addresses());
    // on a CPU-only machine (CI: PoCL) the CPU device shows up when asked for, with its index
    ResourceInformation cpus = ResourceInformation.parseJson(runScript("--types", "cpu"));
    assertArrayEquals(indices(here, DeviceType.CPU), cpus.addresses());
  }
}
