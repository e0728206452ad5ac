package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fovea.ops.OpRegistry;
import org.junit.jupiter.api.Test;

/** {@code fovea macro FILE.ijm [args]}: ImageJ macros headless, exit code 1 on failure. */
class MacroCommandTest {

  static CliRun fovea(String... args) {
    return CliRun.of(args);
  }

  static Path example() {
    Path p = Path.of("..", "examples", "count-spots.ijm");
    assertTrue(Files.isRegularFile(p), p.toAbsolutePath().toString());
    return p;
  }

  @Test
  void theCountSpotsExampleCountsThePlantedSpots() {
    for (String op :
        List.of(
            "gaussianBlur3D",
            "automaticThreshold",
            "detectMaxima3DBox",
            "binaryAnd",
            "countNonZeroPixels")) {
      assertTrue(OpRegistry.find(op).isPresent(), op + " must be in the registry");
    }
    for (int spots : new int[] {12, 7}) {
      CliRun o = fovea("macro", example().toString(), "spots=" + spots, "seed=" + spots);
      assertEquals(0, o.code(), o.err());
      assertTrue(o.out().contains("spots: " + spots + "\n"), o.out());
    }
  }

  @Test
  void aFailingMacroExitsNonZeroWithTheLineAndNoStackTrace(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path m = dir.resolve("bad.ijm");
    Files.writeString(
        m,
        "run(\"Fovea Macro Extensions\");\n"
            + "print(\"before\");\n"
            + "Ext.Fovea_addImageAndScalar(\"missing\", \"out\", 1);\n"
            + "print(\"AFTER\");\n");
    CliRun o = fovea("macro", m.toString());
    assertEquals(1, o.code());
    assertTrue(o.out().contains("before"));
    assertFalse(o.out().contains("AFTER"));
    assertTrue(o.err().contains("line 3"), o.err());
    assertTrue(o.err().contains("Ext.Fovea_addImageAndScalar"), o.err());
    assertTrue(o.err().contains("'missing'"), o.err());
    assertFalse(o.err().contains("\tat "), o.err());
  }

  @Test
  void theArgumentsReachGetArgument(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path m = dir.resolve("arg.ijm");
    Files.writeString(m, "print(\"got \" + getArgument());\n");
    CliRun o = fovea("macro", m.toString(), "a=1", "b=2");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("got a=1 b=2"), o.out());
  }

  @Test
  void aMissingFileExitsNonZero() {
    CliRun o = fovea("macro", "no-such-macro.ijm");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("no-such-macro.ijm"), o.err());
  }

  @Test
  void withoutAnOpenClDriverTheMacroSaysWhatToInstall(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path m = dir.resolve("gpu.ijm");
    Files.writeString(
        m, "print(\"before\");\nrun(\"Fovea Macro Extensions\");\nprint(\"AFTER\");\n");
    String javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                javaExe,
                "-cp",
                System.getProperty("java.class.path"),
                FoveaCli.class.getName(),
                "macro",
                m.toString()));
    pb.environment().put("OCL_ICD_VENDORS", "/nonexistent");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    assertEquals(1, code, out);
    assertTrue(out.contains("before"), out);
    assertFalse(out.contains("AFTER"), out);
    assertTrue(out.contains("line 2") && out.contains("OpenCL") && out.contains("install"), out);
    assertFalse(out.contains("\tat "), "no stack trace: " + out);
  }
}
