package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 items 9, 10, 13, 14 for {@code fovea macro}: a macro that did not do what was asked
 * exits non-zero, the error names the line where it happened, ImageJ's chatter stays off stdout.
 */
class MacroExitCodesTest {
  @TempDir Path tmp;

  private CliRun macro(String text, String... args) throws Exception {
    Path f = tmp.resolve("m.ijm");
    Files.writeString(f, text);
    String[] all = new String[args.length + 2];
    all[0] = "macro";
    all[1] = f.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    CliRun r = CliRun.of(all);
    assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace: " + r.err());
    return r;
  }

  @Test
  void exitWithAMessageFailsAndAPlainExitDoesNot() throws Exception {
    CliRun r = macro("print(\"a\");\nexit(\"bad argument: 42\");\nprint(\"b\");\n");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("m.ijm: line 2: bad argument: 42"), r.err());
    assertEquals("a\n", r.out());
    CliRun plain = macro("print(\"a\");\nexit();\nprint(\"b\");\n");
    assertEquals(0, plain.code(), plain.out() + plain.err());
    assertEquals("a\n", plain.out());
    // the shipped example's own argument check
    CliRun ex =
        CliRun.of("macro", Path.of("..", "examples", "count-spots.ijm").toString(), "spots=99");
    assertEquals(1, ex.code(), ex.out() + ex.err());
    assertTrue(ex.err().contains("spots must be between 1 and 16, got 99"), ex.err());
  }

  @Test
  void errorsNameTheirOwnLineNotTheNextStatements() throws Exception {
    CliRun r = macro("print(\"a\");\nx = 1;\ny = undefinedVar + 2;\n\n\nprint(\"b\");\n");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("line 3: Undefined variable"), r.err());
    CliRun ext =
        macro("run(\"Fovea Macro Extensions\", \"device=[cpu]\");\nExt.Fovea_nope(\"a\");\n");
    assertEquals(1, ext.code());
    assertTrue(ext.err().contains("line 2:"), ext.err());
  }

  @Test
  void aBadDeviceAndAnOverLargeImageFailClearly() throws Exception {
    CliRun dev = macro("run(\"Fovea Macro Extensions\", \"device=[#abc]\");\nprint(\"after\");\n");
    assertEquals(1, dev.code(), dev.out() + dev.err());
    assertTrue(dev.err().contains("#abc"), dev.err());
    assertFalse(dev.out().contains("after"), dev.out());
    CliRun big =
        macro("newImage(\"big\", \"16-bit black\", 100000, 100000, 1000);\nprint(\"made\");\n");
    assertEquals(1, big.code(), big.out() + big.err());
    assertTrue(big.err().contains("line 1: Image is too large"), big.err());
    assertFalse(big.out().contains("too large") || big.out().contains("made"), big.out());
  }
}
