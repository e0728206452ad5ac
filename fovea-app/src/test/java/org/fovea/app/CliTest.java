package org.fovea.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fovea.core.Gpu;
import org.fovea.ops.OpRegistry;
import org.junit.jupiter.api.Test;

class CliTest {
  static String captureOut(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, FoveaCli.run(args), "exit code of fovea " + String.join(" ", args));
    } finally {
      System.setOut(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void devicesListsEveryDeviceAndMarksTheChosenOne() {
    String out = captureOut("devices");
    for (var d : Gpu.listDevices()) assertTrue(out.contains(d.platformName()), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("#\\d+\\s+\\*.*")), out);
  }

  @Test
  void opsListsTheWholeRegistry() {
    String out = captureOut("ops");
    for (var d : OpRegistry.all()) assertTrue(out.contains(d.name()), d.name());
    assertTrue(out.contains(OpRegistry.all().size() + " ops"));
  }

  @Test
  void unknownDeviceExitsNonZeroWithTheDeviceList() {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = FoveaCli.run("devices", "--device", "no-such-device");
    } finally {
      System.setErr(oldErr);
    }
    assertNotEquals(0, code);
    String msg = err.toString(StandardCharsets.UTF_8);
    assertTrue(msg.contains("no-such-device") && msg.contains("Devices found"), msg);
    assertFalse(msg.contains("\tat "), "no stack trace: " + msg);
  }

  @Test
  void missingOpenClDriverGivesAClearMessageAndNoStackTrace() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                FoveaCli.class.getName(),
                "devices"));
    pb.environment().put("OCL_ICD_VENDORS", "/nonexistent");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    assertNotEquals(0, code, out);
    assertTrue(out.contains("OpenCL") && out.contains("install"), out);
    assertFalse(out.contains("\tat "), "no stack trace: " + out);
  }
}
