package org.fovea.imagej;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs an ImageJ macro without ImageJ's window (as {@code ./fovea macro FILE.ijm} does), with the
 * {@code Ext.Fovea_} functions available after {@code run("Fovea Macro Extensions")}. The macro's
 * {@code print} output goes to stdout. A failing line stops the macro and the {@link Result} says
 * why and where; no stack trace is printed.
 *
 * <p>With a display (a desktop or a virtual Xvfb display) ImageJ's commands read the macro's
 * options as in the GUI; without one, a command given options stops the macro (see {@link
 * CommandGuard}) instead of running with its defaults.
 */
public final class HeadlessMacro {
  private HeadlessMacro() {}

  /** What happened: {@code ok}, or the error message and the macro line (0 if unknown). */
  public record Result(boolean ok, String error, int line) {
    /** One line for the user, e.g. {@code line 7: Ext.Fovea_pull: ...}. */
    public String describe() {
      return ok ? "ok" : (line > 0 ? "line " + line + ": " : "") + error;
    }
  }

  /**
   * {@code java -cp ... org.fovea.imagej.HeadlessMacro FILE.ijm [ARG...]}: runs the macro file;
   * exits 1 with {@code file: line N: message} on stderr if it fails.
   */
  public static void main(String[] args) throws java.io.IOException {
    if (args.length < 1) {
      System.err.println("usage: HeadlessMacro FILE.ijm [ARG...]");
      System.exit(2);
    }
    String text = java.nio.file.Files.readString(java.nio.file.Path.of(args[0]));
    String arg = String.join(" ", java.util.Arrays.asList(args).subList(1, args.length));
    Result r = run(text, arg);
    System.out.flush();
    if (!r.ok()) System.err.println(args[0] + ": " + r.describe());
    System.exit(r.ok() ? 0 : 1);
  }

  /** Runs {@code macro} with {@code arg} (the macro's {@code getArgument()}). */
  public static synchronized Result run(String macro, String arg) {
    HeadlessImageJ.init();
    closeImages(); // each macro starts with no open image, as a fresh ImageJ would
    PrintStream out = System.out;
    Interpreter interp = new Interpreter();
    // Errors are not ignored: Interpreter.error() records the message, stops the macro and then
    // tries to show a dialog, which throws HeadlessException; we catch that below.
    DialogWatch watch = new DialogWatch(out, interp);
    System.setOut(watch);
    CommandGuard guard = CommandGuard.arm(interp, watch);
    boolean batch = Interpreter.batchMode;
    Interpreter.batchMode = true;
    String thrown = null;
    boolean exited = false;
    FoveaMacroExtensions.lastFailure = null;
    try {
      interp.run(macro, arg == null ? "" : arg);
    } catch (RuntimeException e) {
      if (e instanceof java.awt.HeadlessException || Macro.MACRO_CANCELED.equals(e.getMessage())) {
        if (calledExit(e)) {
          exited = true;
        } else if (interp.getErrorMessage() == null && watch.error == null) {
          thrown = "the macro was aborted (an ImageJ command failed or was not found)";
        }
      } else {
        thrown = FoveaMacroExtensions.why(e);
      }
    } catch (OutOfMemoryError e) {
      thrown = FoveaMacroExtensions.why(e);
    } finally {
      CommandGuard.disarm();
      watch.flush();
      System.setOut(out);
      Interpreter.batchMode = batch;
    }
    int line = interp.getLineNumber();
    if (guard.error != null) return new Result(false, guard.error, guard.errorLine);
    if (watch.error != null) return new Result(false, watch.error, watch.line);
    FoveaMacroExtensions.Failure f = FoveaMacroExtensions.lastFailure;
    if (f != null && f.message().equals(interp.getErrorMessage())) {
      return new Result(false, f.message(), f.line());
    }
    if (watch.exitMessage != null) {
      // exit("message"): the macro stopped itself with a reason (an argument check, …)
      return new Result(false, watch.exitMessage, watch.exitLine);
    }
    if (exited && interp.getErrorMessage() == null) return new Result(true, null, 0);
    if (interp.getErrorMessage() != null) {
      int el = watch.errorLine > 0 ? watch.errorLine : errorLine(interp);
      return new Result(false, explain(interp, interp.getErrorMessage(), el), el);
    }
    if (thrown != null) return new Result(false, thrown, line);
    return new Result(true, null, 0);
  }

  /**
   * ImageJ's "Undefined variable" and "Unrecognized Ext function" name nothing headless (the GUI
   * highlights the word): add the word, and for CLIJ/CLIJx functions what to use instead.
   */
  static String explain(Interpreter interp, String message, int line) {
    boolean undefined = message.startsWith("Undefined variable");
    boolean ext = message.startsWith("Unrecognized Ext function");
    if (!undefined && !ext) return message;
    String word = null;
    // ImageJ's reported line can be the one after the statement that failed
    for (int l = line; word == null && l >= Math.max(1, line - 1); l--) {
      word = wordOnLine(interp, l, ext);
    }
    if (word == null) return message;
    if (undefined) {
      return "Undefined variable '"
          + word
          + "': it is used before a value was assigned to it (an image name for Ext.Fovea_"
          + " functions is a string, e.g. \""
          + word
          + "\", or a variable that holds one)";
    }
    String fn = "Ext." + word;
    String rest = word.contains("_") ? word.substring(word.indexOf('_') + 1) : word;
    String fovea = MacroBinding.PREFIX + rest;
    boolean exists =
        FoveaMacroExtensions.BUILTINS.containsKey(rest)
            || MacroBinding.all().stream().anyMatch(b -> b.macroName().equals(fovea));
    String use = exists ? " Use Ext." + fovea + " instead." : "";
    if (word.startsWith("CLIJx_") || word.startsWith("CLIJ_") || word.startsWith("CLIJ3_")) {
      return "Unrecognized Ext function "
          + fn
          + ": CLIJ (CLIJ1) and CLIJx functions are not part of Fovea."
          + (exists ? use : " Fovea has no " + rest + " yet (./fovea ops lists what exists).");
    }
    if (word.startsWith("CLIJ2_")) {
      return "Unrecognized Ext function "
          + fn
          + ": rename CLIJ2_ to Fovea_ and start with run(\"Fovea Macro Extensions\")."
          + use;
    }
    return "Unrecognized Ext function "
        + fn
        + (word.startsWith(MacroBinding.PREFIX)
            ? ": Fovea has no "
                + rest
                + " (./fovea ops lists the ops; the macro functions are"
                + " Ext.Fovea_<op>)."
            : ": no extension registered it (start the macro with run(\"Fovea Macro"
                + " Extensions\")).");
  }

  private static boolean isFoveaFunction(String w) {
    if (!w.startsWith(MacroBinding.PREFIX)) return false;
    String rest = w.substring(MacroBinding.PREFIX.length());
    return FoveaMacroExtensions.BUILTINS.containsKey(rest)
        || MacroBinding.all().stream().anyMatch(b -> b.macroName().equals(w));
  }

  /**
   * On macro line {@code line}: the first function name after {@code Ext.} that no extension
   * registered ({@code ext}), or the first plain word that is not a defined variable, not a
   * function call and not a keyword. Null if there is none.
   */
  static String wordOnLine(Interpreter interp, int line, boolean ext) {
    try {
      java.lang.reflect.Field pf = Interpreter.class.getDeclaredField("pgm");
      pf.setAccessible(true);
      ij.macro.Program pgm = (ij.macro.Program) pf.get(interp);
      java.lang.reflect.Field lf = ij.macro.Program.class.getDeclaredField("lineNumbers");
      lf.setAccessible(true);
      int[] lines = (int[]) lf.get(pgm);
      int[] code = pgm.getCode();
      ij.macro.Symbol[] table = pgm.getSymbolTable();
      java.util.Set<String> vars = java.util.Set.of(interp.getVariableNames());
      for (int i = 0; i < code.length && i < lines.length; i++) {
        if (lines[i] != line) continue;
        int tok = code[i] & ij.macro.MacroConstants.TOK_MASK;
        if (tok != ij.macro.MacroConstants.WORD) continue;
        int a = code[i] >> ij.macro.MacroConstants.TOK_SHIFT;
        String w = a > 0 && a < table.length && table[a] != null ? table[a].str : null;
        if (w == null) continue;
        int prev = i > 0 ? code[i - 1] & ij.macro.MacroConstants.TOK_MASK : -1;
        int next = i + 1 < code.length ? code[i + 1] & ij.macro.MacroConstants.TOK_MASK : -1;
        if (ext) {
          if (prev == '.' && next == '(' && !isFoveaFunction(w)) return w;
        } else if (prev != '.' && next != '(' && next != '=' && !vars.contains(w)) {
          return w;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // ImageJ's internals changed: no word
    }
    return null;
  }

  /**
   * Closes the images the previous macro left open (headless they are batch-mode images, which
   * ImageJ keeps in a static list). Images on the GPU are not affected.
   */
  public static synchronized void closeImages() {
    boolean batch = Interpreter.batchMode;
    Interpreter.batchMode = true;
    try {
      for (int id : Interpreter.getBatchModeImageIDs()) {
        ImagePlus imp = Interpreter.getBatchModeImage(id);
        if (imp != null) {
          Interpreter.removeBatchModeImage(imp);
          imp.flush();
        }
      }
    } finally {
      Interpreter.batchMode = batch;
    }
    WindowManager.setTempCurrentImage(null);
  }

  /**
   * The line ImageJ itself names in its "Macro Error … in line N" dialog: the interpreter's private
   * {@code lineNumber}, set by {@code getErrorLine()} when the error is raised. {@code
   * getLineNumber()} has by then moved on to the next token, often on the next statement's line.
   */
  static int errorLine(Interpreter interp) {
    try {
      java.lang.reflect.Field f = Interpreter.class.getDeclaredField("lineNumber");
      f.setAccessible(true);
      int n = f.getInt(interp);
      if (n > 0) return n;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another ImageJ version: fall back to the token's line
    }
    return interp.getLineNumber();
  }

  /** True if the macro ended by calling exit() (a normal end, as in ImageJ's -batch mode). */
  private static boolean calledExit(Throwable e) {
    for (StackTraceElement el : e.getStackTrace()) {
      if (el.getClassName().equals("ij.macro.Functions") && el.getMethodName().equals("exit")) {
        return true;
      }
    }
    return false;
  }

  /**
   * stdout as ImageJ writes to it headless (IJ.log prints there when there is no Log window). A
   * command that tried to open a dialog is logged by ImageJ as a HeadlessException stack trace: we
   * swallow that trace, remember a clear message instead and stop the macro.
   */
  static final class DialogWatch extends PrintStream {
    private final Interpreter interp;
    private final PrintStream err = System.err;
    volatile String error;
    volatile int line;
    volatile String exitMessage;
    volatile int errorLine;
    volatile int exitLine;

    DialogWatch(OutputStream out, Interpreter interp) {
      super(out, true, StandardCharsets.UTF_8);
      this.interp = interp;
    }

    @Override
    public void println(String s) {
      if (s != null && s.contains("java.awt.HeadlessException")) {
        if (s.contains("ij.macro.Interpreter.showError")) {
          // the macro's own error dialog: the interpreter has the message; its line is the one
          // of this moment (afterwards the interpreter has moved on to the next statement)
          if (errorLine == 0) errorLine = errorLine(interp);
          Interpreter.abort(interp);
        } else if (error == null) {
          line = interp.getLineNumber();
          error =
              "this ImageJ command "
                  + origin(s)
                  + "opens a dialog window, which plain ImageJ 1.x cannot do headless"
                  + " (java.awt.headless=true). Use the Ext.Fovea_ function that does the same on"
                  + " the GPU, or run the macro in Fiji with a display.";
          Interpreter.abort(interp);
        }
        return;
      }
      String from = imageJMessage();
      if (from != null) {
        if (from.equals("exit")) {
          // exit("message") reports through IJ.showMessage: keep it as the macro's failure
          if (exitMessage == null) {
            exitMessage = s;
            exitLine = interp.getLineNumber();
          }
        } else if (from.equals("error") && error == null) {
          // IJ.error from an ImageJ command (image too large, …): the command failed
          error = s.replaceFirst("^ImageJ: ", "").replace('\n', ' ').trim();
          // IJ.error may print its message in pieces: the first line is enough to say why
          line = interp.getLineNumber();
          Interpreter.abort(interp);
        } else {
          err.println(s); // ImageJ's own messages go to stderr, not between the results
        }
        return;
      }
      super.println(s);
    }

    /**
     * "exit" when this line is printed by the macro's exit("…"), "error" for IJ.error, "message"
     * for IJ.showMessage and other ImageJ chatter, null for the macro's own print().
     */
    private static String imageJMessage() {
      return StackWalker.getInstance()
          .walk(
              frames -> {
                String kind = null;
                for (StackWalker.StackFrame f :
                    (Iterable<StackWalker.StackFrame>) frames::iterator) {
                  String c = f.getClassName();
                  String m = f.getMethodName();
                  if (c.equals("ij.macro.Functions") && m.equals("exit")) return "exit";
                  if (c.equals("ij.IJ") && m.equals("error")) kind = "error";
                  if (c.equals("ij.IJ") && m.equals("showMessage") && kind == null) {
                    kind = "message";
                  }
                }
                return kind;
              });
    }

    @Override
    public void println(Object o) {
      println(String.valueOf(o));
    }

    /** "(ij.plugin.filter.Filters) " from the stack trace, the class that opened the dialog. */
    private static String origin(String trace) {
      boolean afterDialog = false;
      for (String l : trace.split("\\R")) {
        String t = l.trim();
        if (!t.startsWith("at ")) continue;
        if (t.contains("ij.gui.GenericDialog") || t.contains("java.awt.")) {
          afterDialog = true;
          continue;
        }
        if (afterDialog && t.startsWith("at ij.")) {
          String m = t.substring(3);
          int p = m.indexOf('(');
          if (p > 0) m = m.substring(0, p);
          int dot = m.lastIndexOf('.');
          return "(" + (dot > 0 ? m.substring(0, dot) : m) + ") ";
        }
      }
      return "";
    }
  }
}
