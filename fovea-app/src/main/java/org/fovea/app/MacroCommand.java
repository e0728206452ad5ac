package org.fovea.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fovea.imagej.HeadlessMacro;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fovea macro FILE.ijm [args]}: runs an ImageJ macro without ImageJ's window, with the
 * {@code Ext.Fovea_} functions available after {@code run("Fovea Macro Extensions")}. Exits 1 when
 * the macro fails.
 */
@Command(
    name = "macro",
    description = {
      "Run an ImageJ macro (no ImageJ window) with the Ext.Fovea_ functions.",
      "",
      "Start the macro with run(\"Fovea Macro Extensions\", \"device=[...]\");. The"
          + " arguments are joined with spaces and returned by getArgument(). print() goes to"
          + " stdout. Exits 1 if the macro fails."
    })
final class MacroCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE.ijm", description = "the macro file")
  Path file;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "the macro's argument")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    // No java.awt.headless here: with a display (./fovea macro starts a virtual Xvfb one when
    // there is none) ImageJ's commands read the macro's options; without one, the JVM is headless
    // and a command given options stops the macro instead of running with its defaults.
    if (!Files.isRegularFile(file)) {
      System.err.println("fovea macro: no such file: " + file);
      return 2;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    HeadlessMacro.Result r = HeadlessMacro.run(text, String.join(" ", args));
    System.out.flush();
    if (!r.ok()) {
      System.err.println("fovea macro: " + file + ": " + r.describe());
      return 1;
    }
    return 0;
  }
}
