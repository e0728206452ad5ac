package org.fovea.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny JSON reader and writer (RFC 8259 subset that matters here: objects, arrays, strings with
 * escapes, numbers, true/false/null). Objects become {@link LinkedHashMap}, arrays {@link List},
 * numbers {@link Double}. Errors name the line and column. No dependency on purpose.
 */
public final class Json {
  /** A JSON syntax error, with the position in the text. */
  public static final class ParseException extends IllegalArgumentException {
    public ParseException(String message) {
      super(message);
    }
  }

  private final String s;
  private final String source;
  private int i;

  private Json(String text, String source) {
    this.s = text;
    this.source = source;
  }

  /** Parses one JSON value; {@code source} names the text in error messages (a file name). */
  public static Object parse(String text, String source) {
    Json p = new Json(text, source);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i < p.s.length()) throw p.error("unexpected text after the JSON value");
    return v;
  }

  public static Object parse(String text) {
    return parse(text, "<json>");
  }

  private ParseException error(String what) {
    int line = 1;
    int col = 1;
    for (int k = 0; k < Math.min(i, s.length()); k++) {
      if (s.charAt(k) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new ParseException(source + ":" + line + ":" + col + ": " + what);
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else {
        break;
      }
    }
  }

  private Object value() {
    if (i >= s.length()) throw error("unexpected end of text, a value was expected");
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw error("unexpected character '" + c + "', a value was expected");
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) throw error("unknown word, expected " + word);
    i += word.length();
    return v;
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    ws();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      return m;
    }
    while (true) {
      ws();
      if (i >= s.length() || s.charAt(i) != '"') throw error("expected a quoted key");
      String k = string();
      ws();
      if (i >= s.length() || s.charAt(i) != ':')
        throw error("expected ':' after key \"" + k + "\"");
      i++;
      ws();
      if (m.containsKey(k)) throw error("duplicate key \"" + k + "\"");
      m.put(k, value());
      ws();
      if (i >= s.length()) throw error("unexpected end of text inside an object");
      char c = s.charAt(i++);
      if (c == '}') return m;
      if (c != ',') {
        i--;
        throw error("expected ',' or '}' in an object");
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    i++;
    ws();
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
      return l;
    }
    while (true) {
      ws();
      l.add(value());
      ws();
      if (i >= s.length()) throw error("unexpected end of text inside an array");
      char c = s.charAt(i++);
      if (c == ']') return l;
      if (c != ',') {
        i--;
        throw error("expected ',' or ']' in an array");
      }
    }
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    i++;
    while (true) {
      if (i >= s.length()) throw error("unterminated string");
      char c = s.charAt(i++);
      if (c == '"') return b.toString();
      if (c == '\\') {
        if (i >= s.length()) throw error("unterminated escape");
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) throw error("bad \\u escape");
            try {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            i += 4;
          }
          default -> throw error("unknown escape \\" + e);
        }
      } else if (c < 0x20) {
        i--;
        throw error("control character in a string");
      } else {
        b.append(c);
      }
    }
  }

  private Double number() {
    int start = i;
    if (s.charAt(i) == '-') i++;
    while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) i++;
    String t = s.substring(start, i);
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      i = start;
      throw error("bad number '" + t + "'");
    }
  }

  // ------------------------------------------------------------------ writing

  /** Writes a value (Map, List, String, Number, Boolean, null) as compact JSON. */
  public static String write(Object v) {
    StringBuilder b = new StringBuilder();
    write(b, v, false);
    return b.toString();
  }

  /**
   * Appends a value as compact JSON. NaN and infinities become null. {@code web} selects the form
   * for a web page: numbers exactly (the shortest text that reads back to the same float or double)
   * and {@code <>&} escaped, so that the text can sit inside HTML; otherwise numbers have 6
   * significant digits (files written for people and scripts). Other objects become their string.
   */
  public static void write(StringBuilder b, Object v, boolean web) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String str) {
      quote(b, str, web);
    } else if (v instanceof Double || v instanceof Float) {
      number(b, ((Number) v).doubleValue(), web);
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) b.append(',');
        first = false;
        quote(b, String.valueOf(e.getKey()), web);
        b.append(':');
        write(b, e.getValue(), web);
      }
      b.append('}');
    } else if (v instanceof Collection<?> l) {
      b.append('[');
      boolean first = true;
      for (Object o : l) {
        if (!first) b.append(',');
        first = false;
        write(b, o, web);
      }
      b.append(']');
    } else {
      quote(b, v.toString(), web);
    }
  }

  /** Appends a number as {@link #write(StringBuilder, Object, boolean)} does. */
  public static void number(StringBuilder b, double d, boolean web) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      b.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      b.append((long) d);
    } else if (web) {
      b.append((float) d == d ? Float.toString((float) d) : Double.toString(d));
    } else {
      b.append(String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+($|e)", "$1$2"));
    }
  }

  /** Appends a quoted string as {@link #write(StringBuilder, Object, boolean)} does. */
  public static void quote(StringBuilder b, String s, boolean web) {
    b.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || (web && (c == '<' || c == '>' || c == '&'))) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
