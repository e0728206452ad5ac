package org.fovea.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter names of one kernel, read from its OpenCL C source when the program is built, so
 * that {@link KernelCall} binds arguments by name instead of by call order.
 *
 * <p>The parser reads the text of the parameter list (comments removed) and takes the last
 * identifier of each comma-separated parameter. A kernel defined more than once (under {@code #if})
 * must use the same parameter names in every definition; a preprocessor directive inside a
 * parameter list is rejected, because the names would then depend on the defines.
 */
final class KernelSignature {
  private static final Pattern LAST_IDENTIFIER = Pattern.compile("([A-Za-z_]\\w*)\\s*$");

  private KernelSignature() {}

  /**
   * The parameter names of {@code kernelName} in {@code source}, in declaration order.
   *
   * @throws FoveaException.KernelBuildFailed if the kernel is not in the source, or its parameter
   *     list cannot be read without the preprocessor
   */
  static String[] parameterNames(String source, String kernelName, String resource) {
    String text = stripComments(source);
    Matcher m =
        Pattern.compile(
                "\\b(?:__kernel|kernel)\\b[^;{]*?\\bvoid\\s+"
                    + Pattern.quote(kernelName)
                    + "\\s*\\(")
            .matcher(text);
    String[] found = null;
    while (m.find()) {
      int open = m.end() - 1;
      int close = matchingParen(text, open);
      if (close < 0) {
        throw new FoveaException.KernelBuildFailed(
            "Kernel '" + kernelName + "' in " + resource + ": unbalanced parameter list", source);
      }
      String[] names = split(text.substring(open + 1, close), kernelName, resource, source);
      if (found != null && !Arrays.equals(found, names)) {
        throw new FoveaException.KernelBuildFailed(
            "Kernel '"
                + kernelName
                + "' in "
                + resource
                + " is defined twice with different parameter names "
                + Arrays.toString(found)
                + " and "
                + Arrays.toString(names)
                + "; arguments are bound by name, so every definition must use the same names",
            source);
      }
      found = names;
    }
    if (found == null) {
      throw new FoveaException.KernelBuildFailed(
          "Kernel '" + kernelName + "' is not defined in " + resource, source);
    }
    return found;
  }

  private static String[] split(String params, String kernelName, String resource, String source) {
    if (params.contains("#")) {
      throw new FoveaException.KernelBuildFailed(
          "Kernel '"
              + kernelName
              + "' in "
              + resource
              + " has a preprocessor directive inside its parameter list; arguments are bound by"
              + " name, so the parameter list must not depend on the defines",
          source);
    }
    List<String> names = new ArrayList<>();
    if (params.isBlank() || params.strip().equals("void")) return new String[0];
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= params.length(); i++) {
      char c = i < params.length() ? params.charAt(i) : ',';
      if (c == '(' || c == '[') depth++;
      else if (c == ')' || c == ']') depth--;
      else if (c == ',' && depth == 0) {
        String p = params.substring(start, i).replaceAll("\\[[^\\]]*\\]", "").strip();
        Matcher id = LAST_IDENTIFIER.matcher(p);
        if (!id.find()) {
          throw new FoveaException.KernelBuildFailed(
              "Kernel '"
                  + kernelName
                  + "' in "
                  + resource
                  + ": cannot read the name of parameter '"
                  + p
                  + "'",
              source);
        }
        names.add(id.group(1));
        start = i + 1;
      }
    }
    return names.toArray(new String[0]);
  }

  private static int matchingParen(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') depth++;
      else if (c == ')' && --depth == 0) return i;
    }
    return -1;
  }

  /** Removes comments, keeping string-free OpenCL C intact (kernels have no string literals). */
  static String stripComments(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
        sb.append(' ');
      } else if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end;
      } else {
        sb.append(s.charAt(i++));
      }
    }
    return sb.toString();
  }
}
