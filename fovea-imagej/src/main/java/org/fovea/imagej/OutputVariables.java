package org.fovea.imagej;

import ij.macro.Interpreter;
import ij.macro.MacroConstants;
import ij.macro.Program;
import ij.macro.Symbol;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CLIJ2 lets a macro pass a variable that was never assigned as an output image, {@code
 * Ext.CLIJ2_gaussianBlur2D(input, blurred, 1, 1);}, and its documentation teaches this (ImageJ
 * creates a variable passed as an output argument). ImageJ itself would stop at such a variable
 * ("Undefined variable"). When the Fovea extensions are registered, this class gives every variable
 * that the macro passes as an output image of an {@code Ext.Fovea_} function its own name as value,
 * so the output image is named after the variable ({@code blurred}) and later calls with the same
 * variable find it:
 *
 * <ul>
 *   <li>at the macro's top level (outside user functions), each such variable that is not yet
 *       defined is defined now with its name as value, also when the macro assigns it later or only
 *       in a branch (a branch not taken leaves the name, as CLIJ2 leaves its generated name);
 *   <li>inside a user function, each such variable that the function never assigns and that is not
 *       one of its parameters (nor a {@code var} global) reads as its name wherever the function
 *       uses it (ImageJ would create it as a local of the function, as CLIJ2 relies on).
 * </ul>
 *
 * <p>CLIJ2 2.5.3.1 gives such an image a generated name ({@code CLIJ2_gaussianBlur2D_result1},
 * written back into the variable); Fovea names it after the variable, so a pulled window is titled
 * {@code blurred}.
 */
final class OutputVariables {
  private OutputVariables() {}

  /**
   * Defines the output-image variables of the macro {@code interp} runs (see the class comment).
   * {@code outputPositions} maps a function name ({@code Fovea_gaussianBlur2D}) to its output-image
   * argument indices. Returns the names defined or bound; empty if ImageJ's internals are not as
   * expected.
   */
  static List<String> define(Interpreter interp, Map<String, Set<Integer>> outputPositions) {
    List<String> defined = new ArrayList<>();
    try {
      Field pf = Interpreter.class.getDeclaredField("pgm");
      pf.setAccessible(true);
      Program pgm = (Program) pf.get(interp);
      if (pgm == null) return defined;
      int[] code = pgm.getCode();
      Symbol[] table = pgm.getSymbolTable();
      int n = code.length;
      for (int i = 0; i < n; i++) {
        if (tok(code, i) == MacroConstants.EOF) {
          n = i;
          break;
        }
      }
      // user functions: [body start, body end) and their parameters
      int[] owner = new int[n]; // index of the FUNCTION token whose body holds token i, else -1
      java.util.Arrays.fill(owner, -1);
      Map<Integer, Set<Integer>> params = new java.util.HashMap<>();
      Set<Integer> globals = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) {
        int tok = tok(code, i);
        if (tok == MacroConstants.WORD && i > 0 && tok(code, i - 1) == MacroConstants.VAR) {
          globals.add(addr(code, i));
        }
        if (tok != MacroConstants.FUNCTION || i + 2 >= n || tok(code, i + 2) != '(') continue;
        Set<Integer> ps = new java.util.HashSet<>();
        int j = i + 3;
        for (; j < n && tok(code, j) != ')'; j++) {
          if (tok(code, j) == MacroConstants.WORD) ps.add(addr(code, j));
        }
        params.put(i, ps);
        int depth = 0;
        for (j = j + 1; j < n; j++) {
          int t = tok(code, j);
          if (t == '{') depth++;
          owner[j] = i;
          if (t == '}' && --depth == 0) break;
        }
      }
      // the output-image arguments that are a single word: Ext . WORD ( args )
      Map<Integer, Set<Integer>> outputs = new java.util.HashMap<>(); // scope → addresses
      for (int i = 0; i + 3 < n; i++) {
        if (tok(code, i + 1) != '.'
            || tok(code, i + 2) != MacroConstants.WORD
            || tok(code, i + 3) != '('
            || !"Ext".equals(name(table, code, i))) {
          continue;
        }
        Set<Integer> outs = outputPositions.get(name(table, code, i + 2));
        if (outs == null) continue;
        int depth = 0;
        int arg = 0;
        int start = i + 4;
        for (int j = i + 4; j < n; j++) {
          int t = tok(code, j);
          if (t == '(' || t == '[') depth++;
          else if ((t == ')' || t == ']') && depth > 0) depth--;
          else if (depth == 0 && (t == ',' || t == ')')) {
            if (j == start + 1 && tok(code, start) == MacroConstants.WORD && outs.contains(arg)) {
              outputs
                  .computeIfAbsent(owner[start], k -> new LinkedHashSet<>())
                  .add(addr(code, start));
            }
            arg++;
            start = j + 1;
            if (t == ')') break;
          }
        }
      }
      for (Map.Entry<Integer, Set<Integer>> e : outputs.entrySet()) {
        Set<Integer> names = new LinkedHashSet<>(e.getValue());
        names.removeAll(globals);
        if (e.getKey() < 0) {
          defineTopLevel(interp, table, names, defined);
        } else {
          bindInFunction(code, table, owner, e.getKey(), params.get(e.getKey()), names, defined);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // ImageJ changed its internals: fall back to ImageJ's own behaviour (Undefined variable)
    }
    return defined;
  }

  /** Top level: defines each variable of {@code names} not yet defined, with its name as value. */
  private static void defineTopLevel(
      Interpreter interp, Symbol[] table, Set<Integer> names, List<String> defined)
      throws ReflectiveOperationException {
    Method push =
        Interpreter.class.getDeclaredMethod(
            "push", int.class, double.class, String.class, Interpreter.class);
    push.setAccessible(true);
    Set<String> existing = Set.of(interp.getVariableNames());
    for (int a : names) {
      String name = table[a].str;
      if (name == null || existing.contains(name)) continue;
      push.invoke(interp, a, 0.0, name, interp);
      defined.add(name);
    }
  }

  /**
   * In the body of the user function at {@code fn}: each variable of {@code names} that is no
   * parameter and is never assigned in the body becomes the string constant of its name (its
   * tokens, where they are read as a variable).
   */
  private static void bindInFunction(
      int[] code,
      Symbol[] table,
      int[] owner,
      int fn,
      Set<Integer> params,
      Set<Integer> names,
      List<String> defined) {
    Set<Integer> bind = new LinkedHashSet<>(names);
    bind.removeAll(params);
    for (int i = 0; i < owner.length; i++) {
      if (owner[i] != fn || tok(code, i) != MacroConstants.WORD) continue;
      int next = i + 1 < owner.length ? tok(code, i + 1) : -1;
      if (next == '=' || isAssignOp(next) || (i > 0 && isAssignOp(tok(code, i - 1)))) {
        bind.remove(addr(code, i));
      }
    }
    for (int i = 0; i < owner.length; i++) {
      if (owner[i] != fn || tok(code, i) != MacroConstants.WORD || !bind.contains(addr(code, i))) {
        continue;
      }
      int prev = i > 0 ? tok(code, i - 1) : -1;
      int next = i + 1 < owner.length ? tok(code, i + 1) : -1;
      if (prev == '.' || next == '(' || next == '[' || next == '.') continue;
      code[i] = MacroConstants.STRING_CONSTANT + (addr(code, i) << MacroConstants.TOK_SHIFT);
    }
    for (int a : bind) defined.add(table[a].str);
  }

  private static int tok(int[] code, int i) {
    return code[i] & MacroConstants.TOK_MASK;
  }

  private static int addr(int[] code, int i) {
    return code[i] >> MacroConstants.TOK_SHIFT;
  }

  private static String name(Symbol[] table, int[] code, int i) {
    int a = addr(code, i);
    return a > 0 && a < table.length && table[a] != null ? table[a].str : null;
  }

  private static boolean isAssignOp(int t) {
    return t == MacroConstants.PLUS_EQUAL
        || t == MacroConstants.MINUS_EQUAL
        || t == MacroConstants.MUL_EQUAL
        || t == MacroConstants.DIV_EQUAL
        || t == MacroConstants.PLUS_PLUS
        || t == MacroConstants.MINUS_MINUS;
  }
}
