package org.fovea.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared kernel library: OpenCL C helpers that several programs use (trilinear sampling, the
 * row-tile loader of separable passes, the pixel loop of whole-image reductions), kept once under
 * {@code org/fovea/core/kernels/lib/}. A kernel source includes one with a line {@code #include
 * "lib/<name>.cl"}; the line is replaced by the library text when the source is read (OpenCL
 * compilers get no include path), followed by a {@code #line} directive so that build errors still
 * name the including file's lines. The expanded text is what the program cache keys, so a change to
 * the library rebuilds exactly the programs that include it.
 */
final class KernelLibrary {
  private static final Pattern INCLUDE =
      Pattern.compile("(?m)^[ \\t]*#[ \\t]*include[ \\t]+(\\S+)[ \\t]*(//.*)?$");
  private static final Pattern LIBRARY_FILE = Pattern.compile("\"lib/([a-z0-9_]+\\.cl)\"");

  private KernelLibrary() {}

  /**
   * {@code source} with every {@code #include "lib/<name>.cl"} replaced by that library file.
   *
   * @throws FoveaException.KernelBuildFailed for any other {@code #include}, a library file that
   *     does not exist, or a library file that includes another
   */
  static String expand(
      String source, String resource, java.util.function.Function<String, String> read) {
    Matcher m = INCLUDE.matcher(source);
    if (!m.find()) return source;
    StringBuilder sb = new StringBuilder(source.length() + 4096);
    int from = 0;
    do {
      Matcher lib = LIBRARY_FILE.matcher(m.group(1));
      if (!lib.matches()) {
        throw new FoveaException.KernelBuildFailed(
            resource
                + ": '"
                + m.group().trim()
                + "' is not a library include; only #include \"lib/<name>.cl\" (files of"
                + " org/fovea/core/kernels/lib/) is supported",
            source);
      }
      String text = read.apply("kernels/lib/" + lib.group(1));
      if (INCLUDE.matcher(text).find()) {
        throw new FoveaException.KernelBuildFailed(
            "kernel library file lib/" + lib.group(1) + " includes another file", text);
      }
      int lineAfter = lineOf(source, m.end()) + 1;
      sb.append(source, from, m.start());
      sb.append("// ---- lib/").append(lib.group(1)).append('\n').append(text);
      if (!text.endsWith("\n")) sb.append('\n');
      sb.append("#line ").append(lineAfter);
      from = m.end();
    } while (m.find());
    sb.append(source, from, source.length());
    return sb.toString();
  }

  /** The 1-based line number of offset {@code at} in {@code s}. */
  private static int lineOf(String s, int at) {
    int line = 1;
    for (int i = 0; i < at; i++) if (s.charAt(i) == '\n') line++;
    return line;
  }
}
