package org.fovea.dashboard;

import java.util.List;
import org.fovea.scope.Json;

/**
 * JSON for the dashboard's views: fovea-scope's writer in its web form (numbers exact, NaN and
 * infinities as null, {@code <>&} escaped so that text can sit inside the page).
 */
final class JsonOut {
  private JsonOut() {}

  static String write(Object v) {
    StringBuilder b = new StringBuilder();
    value(b, v);
    return b.toString();
  }

  static void value(StringBuilder b, Object v) {
    Json.write(b, v, true);
  }

  static void strings(StringBuilder b, List<String> l) {
    value(b, l);
  }

  static void number(StringBuilder b, double d) {
    Json.number(b, d, true);
  }

  static void string(StringBuilder b, String s) {
    Json.quote(b, s, true);
  }
}
