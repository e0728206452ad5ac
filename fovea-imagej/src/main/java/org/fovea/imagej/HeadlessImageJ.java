package org.fovea.imagej;

import ij.IJ;
import ij.Menus;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.fovea.core.FoveaException;

/**
 * Makes ImageJ 1.x run commands without a display. {@code IJ.run} normally calls {@code IJ.init()},
 * which builds the AWT menu bar and fails headless. Here the command table ({@code Menus}' plugins
 * table) is filled without AWT: the built-in commands from {@code IJ_Props.txt} inside ij.jar (with
 * the {@code [x]} shortcut suffixes stripped), plus every {@code plugins.config} on the class path
 * (ours lists the Fovea commands). Error messages are redirected to the log (stdout headless).
 *
 * <p>Commands that open a dialog window (GenericDialog) still cannot run headless in plain ImageJ
 * 1.x; {@link HeadlessMacro} reports them as a failed macro line.
 */
public final class HeadlessImageJ {
  private static boolean initialized;

  private HeadlessImageJ() {}

  /** Sets {@code java.awt.headless=true} and fills ImageJ's command table once. */
  public static synchronized void init() {
    if (initialized) return;
    System.setProperty("java.awt.headless", "true");
    if (Menus.getCommands() == null) {
      Hashtable<String, String> table = new Hashtable<>(commands());
      try {
        Field f = Menus.class.getDeclaredField("pluginsTable");
        f.setAccessible(true);
        f.set(null, table);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new FoveaException(
            "Could not fill ImageJ's command table headless (ImageJ "
                + IJ.getFullVersion()
                + " changed its internals?): "
                + e,
            e);
      }
    }
    IJ.redirectErrorMessages(true);
    initialized = true;
  }

  /** Every command label → class (with argument), built-in and from plugins.config files. */
  public static Map<String, String> commands() {
    Map<String, String> table = new LinkedHashMap<>(builtinCommands());
    try {
      Enumeration<URL> urls = HeadlessImageJ.class.getClassLoader().getResources("plugins.config");
      while (urls.hasMoreElements()) {
        try (InputStream in = urls.nextElement().openStream()) {
          table.putAll(parsePluginsConfig(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new FoveaException("Could not read plugins.config: " + e.getMessage(), e);
    }
    return table;
  }

  /** The built-in commands listed in ij.jar's IJ_Props.txt. */
  public static Map<String, String> builtinCommands() {
    Properties p = new Properties();
    try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
      if (in == null) throw new IOException("IJ_Props.txt is not in ij.jar");
      p.load(in);
    } catch (IOException e) {
      throw new FoveaException("Could not read ImageJ's command list: " + e.getMessage(), e);
    }
    Map<String, String> table = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      String v = p.getProperty(key).trim();
      if (!v.startsWith("\"")) continue;
      int q = v.indexOf('"', 1);
      if (q < 0) continue;
      String rest = v.substring(q + 1).trim();
      if (!rest.startsWith(",")) continue;
      table.put(stripShortcut(v.substring(1, q)), rest.substring(1).trim());
    }
    return table;
  }

  /** "Image...[n]" → "Image...". */
  static String stripShortcut(String label) {
    int b = label.lastIndexOf('[');
    if (b > 0 && label.endsWith("]")) return label.substring(0, b);
    return label;
  }

  /**
   * Parses plugins.config lines {@code Menu>Sub, "Label", some.Class("arg")} into label → {@code
   * some.Class("arg")}.
   */
  public static Map<String, String> parsePluginsConfig(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      String l = line.trim();
      if (l.isEmpty() || l.startsWith("#")) continue;
      int q1 = l.indexOf('"');
      int q2 = q1 < 0 ? -1 : l.indexOf('"', q1 + 1);
      if (q2 < 0) continue;
      String rest = l.substring(q2 + 1).trim();
      if (!rest.startsWith(",")) continue;
      m.put(l.substring(q1 + 1, q2), rest.substring(1).trim());
    }
    return m;
  }
}
