package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 12: under {@code LC_ALL=POSIX} Java 17 decodes arguments as ASCII and a non-ASCII
 * path was mangled. The launcher's {@code ensure_utf8_locale} (taken from {@code ./fovea} itself)
 * switches to C.UTF-8; the CLI then names the file exactly.
 */
class LauncherLocaleTest {
  @TempDir Path tmp;

  private String run(boolean withLauncherFix, Path file) throws Exception {
    Path launcher = Path.of("..", "fovea").toAbsolutePath().normalize();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String script =
        (withLauncherFix
                ? "eval \"$(sed -n '/^ensure_utf8_locale()/,/^}/p' \"$0\")\"; ensure_utf8_locale; "
                : "")
            + "exec \"$1\" -cp \"$2\" org.fovea.app.FoveaCli count-spots \"$3\"";
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                "-c",
                script,
                launcher.toString(),
                java,
                System.getProperty("java.class.path"),
                file.toString())
            .redirectErrorStream(true);
    pb.environment().put("LC_ALL", "POSIX");
    pb.environment().remove("LANG");
    pb.environment().remove("LC_CTYPE");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), out);
    return out;
  }

  @Test
  void aNonAsciiPathSurvivesAPosixLocale() throws Exception {
    Path f = tmp.resolve("stäck-µm-ß.tif");
    String fixed = run(true, f);
    assertTrue(fixed.contains("no such file or folder: " + f), fixed);
    assertTrue(!fixed.contains("Unmatched argument"), fixed);
  }
}
