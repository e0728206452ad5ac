package org.fovea.bench;

import ij.macro.Functions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.haesleinhuepf.clij.CLIJ;
import net.haesleinhuepf.clij.converters.FallBackCLIJConverterService;
import net.haesleinhuepf.clij.macro.CLIJHandler;
import net.haesleinhuepf.clij2.legacy.FallBackCLIJMacroPluginService;
import org.fovea.imagej.FoveaSession;
import org.fovea.imagej.HeadlessMacro;
import org.fovea.ops.testkit.TestGpu;

/**
 * CLIJ2 2.5.3.1's own macro extensions ({@code Ext.CLIJ2_*}) in this JVM, next to Fovea's. CLIJ2's
 * extensions normally come from its SciJava plugin service (Fiji); CLIJ2 ships a fallback for plain
 * ImageJ 1.x ({@code net.haesleinhuepf.clij2.legacy}: a plugin service that registers its plugin
 * classes by name, and a converter service without SciJava), which works with the Maven Central
 * jars and the two stand-in classes of this module. A macro calls {@code
 * call("org.fovea.bench.Clij2Macros.install")} where a CLIJ2 user writes {@code run("CLIJ2 Macro
 * Extensions", "cl_device=")} (that command shows a device dialog, which a headless JVM cannot).
 */
public final class Clij2Macros {
  private Clij2Macros() {}

  /** The line that replaces CLIJ2's {@code run("CLIJ2 Macro Extensions", ...)} in a macro. */
  public static final String INSTALL = "call(\"org.fovea.bench.Clij2Macros.install\");\n";

  private static boolean ready;

  /** Called from a running macro: registers CLIJ2's {@code Ext.CLIJ2_} functions. */
  public static synchronized String install() {
    if (!ready) {
      CLIJ clij = CLIJ.getInstance();
      CLIJHandler.automaticOutputVariableNaming = true;
      FallBackCLIJMacroPluginService plugins = new FallBackCLIJMacroPluginService();
      registerIndexedPlugins(plugins);
      CLIJHandler.getInstance().setPluginService(plugins);
      FallBackCLIJConverterService converters = FallBackCLIJConverterService.getInstance();
      converters.setCLIJ(clij);
      clij.setConverterService(converters);
      ready = true;
    }
    Functions.registerExtensions(CLIJHandler.getInstance());
    return "";
  }

  private static final Pattern ENTRY =
      Pattern.compile(
          "\\{\"class\":\"([\\w.$]+)\",\"values\":\\{\"name\":\"(CLIJ2_\\w+)\",\"type\":"
              + "\"net.haesleinhuepf.clij.macro.CLIJMacroPlugin\"");

  /**
   * The fallback service knows 354 of CLIJ2's 450 macro functions (not voronoiOtsuLabeling, for
   * one); the rest are read from the SciJava plugin index in CLIJ2's jar, as Fiji's plugin service
   * would.
   */
  private static void registerIndexedPlugins(FallBackCLIJMacroPluginService plugins) {
    try {
      var urls =
          Clij2Macros.class
              .getClassLoader()
              .getResources("META-INF/json/org.scijava.plugin.Plugin");
      while (urls.hasMoreElements()) {
        String json;
        try (var in = urls.nextElement().openStream()) {
          json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = ENTRY.matcher(json);
        while (m.find()) {
          if (plugins.getCLIJMethodNames().contains(m.group(2))) continue;
          try {
            plugins.registerPlugin(m.group(2), Class.forName(m.group(1)));
          } catch (ClassNotFoundException | LinkageError e) {
            // a plugin that needs jars outside Maven Central: unavailable, as in plain ImageJ
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A macro's result and what it printed. */
  public record Run(HeadlessMacro.Result result, String out) {
    public Run assertOk() {
      if (!result.ok()) {
        throw new AssertionError("macro failed: " + result.describe() + "\nstdout:\n" + out);
      }
      return this;
    }
  }

  /** Runs a macro headless (Fovea's runner) on the shared test GPU, capturing stdout. */
  public static Run run(String macro) {
    FoveaSession.get().use(TestGpu.get());
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    HeadlessMacro.Result r;
    try {
      r = HeadlessMacro.run(macro, "");
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    old.print(out);
    return new Run(r, out);
  }
}
