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
        thrown = e.toString();
      }
    } catch (OutOfMemoryError e) {
      thrown =
          "Java ran out of memory ("
              + e.getMessage()
              + "): give it more with FOVEA_JAVA_OPTS=-Xmx<size>, or work on smaller images";
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
    if (exited && interp.getErrorMessage() == null) return new Result(true, null, 0);
    if (interp.getErrorMessage() != null) return new Result(false, interp.getErrorMessage(), line);
    if (thrown != null) return new Result(false, thrown, line);
    return new Result(true, null, 0);
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
    volatile String error;
    volatile int line;

    DialogWatch(OutputStream out, Interpreter interp) {
      super(out, true, StandardCharsets.UTF_8);
      this.interp = interp;
    }

    @Override
    public void println(String s) {
      if (s != null && s.contains("java.awt.HeadlessException")) {
        if (s.contains("ij.macro.Interpreter.showError")) {
          // the macro's own error dialog: the interpreter has the message; just stop
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
      super.println(s);
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
