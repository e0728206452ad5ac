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
 * Ext.CLIJ2_gaussianBlur2D(input, blurred, 1, 1);}, and its documentation teaches this. ImageJ
 * itself would stop at such a variable ("Undefined variable"). When the Fovea extensions are
 * registered, this class finds every variable of the running macro that is passed as an output
 * image of an {@code Ext.Fovea_} function and is never assigned anywhere in the macro (no {@code
 * =}, no {@code var}, no function parameter), and defines it with its own name as value: the output
 * image is then named after the variable ({@code blurred}), and later calls with the same variable
 * find it.
 *
 * <p>CLIJ2 2.5.3.1 gives such an image a generated name ({@code CLIJ2_gaussianBlur2D_result1},
 * written back into the variable); Fovea names it after the variable, so a pulled window is titled
 * {@code blurred}. The variables are defined at the level where the extensions are registered
 * (normally the macro's top level); a never-assigned variable used only inside a user function
 * still stops with "Undefined variable".
 */
final class OutputVariables {
  private OutputVariables() {}

  /**
   * Defines the never-assigned output-image variables of the macro {@code interp} runs. {@code
   * outputPositions} maps a function name ({@code Fovea_gaussianBlur2D}) to its output-image
   * argument indices. Returns the names defined; empty if ImageJ's internals are not as expected.
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
      Set<Integer> candidates = new LinkedHashSet<>();
      Set<Integer> assigned = new java.util.HashSet<>();
      int n = code.length;
      for (int i = 0; i < n; i++) {
        int tok = code[i] & MacroConstants.TOK_MASK;
        if (tok == MacroConstants.EOF) {
          n = i;
          break;
        }
      }
      for (int i = 0; i < n; i++) {
        int tok = tok(code, i);
        if (tok == MacroConstants.WORD) {
          int next = i + 1 < n ? tok(code, i + 1) : -1;
          if (next == '=' || isAssignOp(next)) assigned.add(addr(code, i));
          if (i > 0 && tok(code, i - 1) == MacroConstants.VAR) assigned.add(addr(code, i));
        }
        if (tok == MacroConstants.FUNCTION && i + 2 < n && tok(code, i + 2) == '(') {
          for (int j = i + 3; j < n && tok(code, j) != ')'; j++) {
            if (tok(code, j) == MacroConstants.WORD) assigned.add(addr(code, j));
          }
        }
        // Ext . WORD ( args )
        if (i + 3 < n
            && tok(code, i + 1) == '.'
            && tok(code, i + 2) == MacroConstants.WORD
            && tok(code, i + 3) == '('
            && "Ext".equals(name(table, code, i))) {
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
                candidates.add(addr(code, start));
              }
              arg++;
              start = j + 1;
              if (t == ')') break;
            }
          }
        }
      }
      candidates.removeAll(assigned);
      if (candidates.isEmpty()) return defined;
      Method push =
          Interpreter.class.getDeclaredMethod(
              "push", int.class, double.class, String.class, Interpreter.class);
      push.setAccessible(true);
      Set<String> existing = Set.of(interp.getVariableNames());
      for (int a : candidates) {
        String name = table[a].str;
        if (name == null || existing.contains(name)) continue;
        push.invoke(interp, a, 0.0, name, interp);
        defined.add(name);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // ImageJ changed its internals: fall back to ImageJ's own behaviour (Undefined variable)
    }
    return defined;
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
