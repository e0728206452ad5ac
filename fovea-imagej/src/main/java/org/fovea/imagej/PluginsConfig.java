package org.fovea.imagej;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpRegistry;

/**
 * Generates the jar's {@code plugins.config} from the op registry (run by the build in {@code
 * process-classes}): the macro extensions command, then one menu command per op under {@code
 * Plugins>Fovea>&lt;category&gt;}. Uses no ImageJ class, so the build can run it without ImageJ.
 */
public final class PluginsConfig {
  /** The top menu. */
  public static final String MENU = "Plugins>Fovea";

  private PluginsConfig() {}

  /** The lines of plugins.config (without comments). */
  public static List<String> entries() {
    List<String> lines = new ArrayList<>();
    lines.add(MENU + ", \"Fovea Macro Extensions\", org.fovea.imagej.FoveaMacroExtensions");
    for (OpDescriptor d : OpRegistry.all()) {
      lines.add(
          MENU
              + ">"
              + d.category().title()
              + ", \""
              + d.name()
              + "\", org.fovea.imagej.FoveaOpCommand(\""
              + d.name()
              + "\")");
    }
    return lines;
  }

  /** The whole file. */
  public static String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Generated from org.fovea.ops.OpRegistry by org.fovea.imagej.PluginsConfig;")
        .append(" do not edit.\n");
    for (String l : entries()) sb.append(l).append('\n');
    return sb.toString();
  }

  /** Writes plugins.config to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "plugins.config");
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    Files.writeString(out, text(), StandardCharsets.UTF_8);
  }
}
