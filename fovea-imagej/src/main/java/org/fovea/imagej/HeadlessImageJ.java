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

  /**
   * Fills ImageJ's command table once. Does not choose between headless and a display: the JVM does
   * (no DISPLAY on Linux, or {@code -Djava.awt.headless=true}, means headless).
   */
  public static synchronized void init() {
    if (initialized) return;
    Hashtable<String, String> existing = Menus.getCommands();
    if (existing != null) {
      // with a display ImageJ builds its own table (menus, plugins folder); add ours
      for (Map.Entry<String, String> e : commands().entrySet()) {
        existing.putIfAbsent(e.getKey(), e.getValue());
      }
      LabelLuts.install(existing);
    } else {
      Hashtable<String, String> table = new Hashtable<>(commands());
      LabelLuts.install(table);
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

  /**
   * The built-in commands: those of ij.jar's IJ_Props.txt (submenus) and the top-level menu items
   * that {@code ij.Menus} adds in code (Edit > Invert, Image > Type > 8-bit, ...), read from the
   * string constants of Menus.class without loading AWT menus.
   */
  public static Map<String, String> builtinCommands() {
    Map<String, String> table = new LinkedHashMap<>(menusClassCommands());
    table.putAll(propsCommands());
    return table;
  }

  /** The commands listed in IJ_Props.txt. */
  static Map<String, String> propsCommands() {
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

  /**
   * Label → class of the menu items ij.Menus adds in code: in its bytecode each is a pair of
   * adjacent {@code ldc} instructions, the label and then the class
   * ("ij.plugin.Converter(\"8-bit\")").
   */
  static Map<String, String> menusClassCommands() {
    Map<String, String> table = new LinkedHashMap<>();
    byte[] b;
    try (InputStream in = IJ.class.getResourceAsStream("/ij/Menus.class")) {
      if (in == null) return table;
      b = in.readAllBytes();
    } catch (IOException e) {
      return table;
    }
    Map<Integer, String> strings = new java.util.HashMap<>();
    int end;
    try {
      java.io.DataInputStream d = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b));
      d.readInt(); // magic
      d.readUnsignedShort();
      d.readUnsignedShort();
      int n = d.readUnsignedShort();
      Map<Integer, String> utf8 = new java.util.HashMap<>();
      Map<Integer, Integer> stringRefs = new java.util.HashMap<>();
      for (int i = 1; i < n; i++) {
        int tag = d.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8.put(i, d.readUTF());
          case 8 -> stringRefs.put(i, d.readUnsignedShort());
          case 7, 16, 19, 20 -> d.skipBytes(2);
          case 15 -> d.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipBytes(4);
          case 5, 6 -> {
            d.skipBytes(8);
            i++;
          }
          default -> {
            return table; // unknown constant: give up on this source
          }
        }
      }
      for (Map.Entry<Integer, Integer> e : stringRefs.entrySet()) {
        String s = utf8.get(e.getValue());
        if (s != null) strings.put(e.getKey(), s);
      }
      end = b.length - d.available();
    } catch (IOException | RuntimeException e) {
      return table;
    }
    String label = null;
    int labelEnd = -1;
    for (int i = end; i < b.length - 1; i++) {
      int op = b[i] & 0xff;
      String s = null;
      int len = 0;
      if (op == 0x12) {
        s = strings.get(b[i + 1] & 0xff);
        len = 2;
      } else if (op == 0x13 && i + 2 < b.length) {
        s = strings.get(((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff));
        len = 3;
      }
      if (s == null) {
        continue;
      }
      if (label != null
          && i == labelEnd
          && s.startsWith("ij.")
          && s.matches("ij\\.[\\w.$]+(\\(.*\\))?")) {
        table.putIfAbsent(label, s);
        label = null;
      } else {
        label = s.startsWith("ij.") || s.isBlank() ? null : s;
        labelEnd = i + len;
      }
      i += len - 1;
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
