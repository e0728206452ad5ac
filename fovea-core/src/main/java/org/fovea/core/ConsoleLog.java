package org.fovea.core;

/** How Fovea's command-line programs print log records. */
public final class ConsoleLog {
  private ConsoleLog() {}

  /**
   * Prints java.util.logging records as {@code fovea: LEVEL: message}, one line each (with the
   * exception after it), unless the user set {@code java.util.logging.SimpleFormatter.format}
   * already. Call first thing in a {@code main}.
   */
  public static void useShortFormat() {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "fovea: %4$s: %5$s%6$s%n");
    }
  }
}
