package org.fovea.scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked access to one JSON object of a configuration file. Every error names the file and
 * the key path ({@code run.json: microscope.seed: expected a number, got "x"}), and {@link
 * #checkKnown} rejects misspelt keys instead of silently ignoring them.
 */
public final class Conf {
  /** A configuration error with a message that says what to fix. */
  public static final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
      super(message);
    }
  }

  private final Map<String, Object> map;
  private final String where;

  public Conf(Map<String, Object> map, String where) {
    this.map = map == null ? new LinkedHashMap<>() : map;
    this.where = where;
  }

  @SuppressWarnings("unchecked")
  public static Conf of(Object json, String where) {
    if (json != null && !(json instanceof Map)) {
      throw new ConfigException(where + ": expected an object {...}");
    }
    return new Conf((Map<String, Object>) json, where);
  }

  public static Conf parse(String text, String source) {
    return of(Json.parse(text, source), source);
  }

  public Map<String, Object> map() {
    return map;
  }

  public String where() {
    return where;
  }

  public boolean has(String key) {
    return map.containsKey(key) && map.get(key) != null;
  }

  public Object raw(String key) {
    return map.get(key);
  }

  public ConfigException error(String key, String what) {
    return new ConfigException(where + "." + key + ": " + what);
  }

  /** Fails when the object has keys other than {@code known} (catches misspellings). */
  public void checkKnown(String... known) {
    Set<String> k = Set.of(known);
    for (String key : map.keySet()) {
      if (!k.contains(key)) {
        throw new ConfigException(
            where + ": unknown key \"" + key + "\"; known keys: " + new TreeSet<>(k));
      }
    }
  }

  public double getDouble(String key, double def) {
    Object v = map.get(key);
    if (v == null) return def;
    if (v instanceof Number n) return n.doubleValue();
    throw error(key, "expected a number, got " + Json.write(v));
  }

  public double requireDouble(String key) {
    if (!has(key)) throw error(key, "missing (a number is required)");
    return getDouble(key, 0);
  }

  public int getInt(String key, int def) {
    double d = getDouble(key, def);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw error(key, "expected a whole number, got " + d);
    }
    return (int) d;
  }

  public long getLong(String key, long def) {
    double d = getDouble(key, def);
    if (d != Math.rint(d)) throw error(key, "expected a whole number, got " + d);
    return (long) d;
  }

  public boolean getBool(String key, boolean def) {
    Object v = map.get(key);
    if (v == null) return def;
    if (v instanceof Boolean b) return b;
    throw error(key, "expected true or false, got " + Json.write(v));
  }

  public String getString(String key, String def) {
    Object v = map.get(key);
    if (v == null) return def;
    if (v instanceof String s) return s;
    throw error(key, "expected a string, got " + Json.write(v));
  }

  public String requireString(String key) {
    if (!has(key)) throw error(key, "missing (a string is required)");
    return getString(key, null);
  }

  public Conf child(String key) {
    Object v = map.get(key);
    if (v == null) return new Conf(new LinkedHashMap<>(), where + "." + key);
    if (v instanceof Map) return of(v, where + "." + key);
    throw error(key, "expected an object {...}, got " + Json.write(v));
  }

  public List<Object> list(String key) {
    Object v = map.get(key);
    if (v == null) return new ArrayList<>();
    if (v instanceof List<?> l) return new ArrayList<>(l);
    List<Object> one = new ArrayList<>();
    one.add(v);
    return one;
  }

  /**
   * A duration in minutes: a number (minutes) or a string such as {@code "10 min"}, {@code "2 h"},
   * {@code "30 s"}, {@code "1 h 30 min"}.
   */
  public double getMinutes(String key, double def) {
    Object v = map.get(key);
    if (v == null) return def;
    try {
      return minutes(v);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  /** Parses a duration (number = minutes, or text with units s, min, h, d) into minutes. */
  public static double minutes(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("expected a duration such as \"10 min\"");
    }
    String t = s.trim().toLowerCase(Locale.ROOT);
    double total = 0;
    boolean any = false;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "([0-9]*\\.?[0-9]+)\\s*(ms|seconds?|sec|s|minutes?|min|m|hours?|h|days?|d)?\\s*")
            .matcher(t);
    int pos = 0;
    while (pos < t.length() && m.find(pos) && m.start() == pos && m.end() > pos) {
      double x = Double.parseDouble(m.group(1));
      String u = m.group(2) == null ? "min" : m.group(2);
      double f =
          switch (u) {
            case "ms" -> 1.0 / 60000;
            case "s", "sec", "second", "seconds" -> 1.0 / 60;
            case "h", "hour", "hours" -> 60;
            case "d", "day", "days" -> 1440;
            default -> 1;
          };
      total += x * f;
      any = true;
      pos = m.end();
    }
    if (!any || pos != t.length()) {
      throw new IllegalArgumentException(
          "cannot read the duration \"" + s + "\" (write e.g. \"10 min\", \"2 h\", \"30 s\")");
    }
    return total;
  }
}
