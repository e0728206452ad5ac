package org.fovea.imagej;

import ij.CommandListener;
import ij.Executer;
import ij.Macro;
import ij.Menus;
import ij.macro.Interpreter;
import java.awt.AWTEvent;
import java.awt.Dialog;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.WindowEvent;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Hashtable;

/**
 * Makes sure an ImageJ command in a macro either runs with exactly the options the macro passes or
 * stops the macro with a message that names it — never runs silently with its defaults.
 *
 * <ul>
 *   <li><b>With a display</b> (a desktop, or the private Xvfb display that {@code ./fovea macro}
 *       starts): ImageJ reads each command's options from the macro as in the GUI. A command that
 *       still opens a window that waits for a person (a dialog whose values the macro did not pass,
 *       {@code waitForUser}, a yes/no question) would block forever: that window is cancelled and
 *       the macro stops with the command's name. {@code showMessage} boxes are printed to stdout
 *       and closed.
 *   <li><b>Headless</b> ({@code java.awt.headless=true}, no display): ImageJ 1.x cannot build a
 *       dialog, so a command given options would ignore them; such a command stops the macro
 *       instead, naming the command and what to install. Commands without options (or with only
 *       {@code stack}/{@code slice}, which need no dialog) and the Fovea commands run.
 * </ul>
 */
final class CommandGuard implements CommandListener {
  private static final CommandGuard INSTANCE = new CommandGuard();
  private static boolean installed;

  private volatile Interpreter interp;
  private volatile PrintStream out;
  private volatile String command;
  private volatile int commandLine;
  volatile String error;
  volatile int errorLine;

  private CommandGuard() {}

  /** Watches the macro that {@code interp} runs until {@link #disarm()}. */
  static synchronized CommandGuard arm(Interpreter interp, PrintStream out) {
    if (!installed) {
      Executer.addCommandListener(INSTANCE);
      if (!GraphicsEnvironment.isHeadless()) {
        Toolkit.getDefaultToolkit()
            .addAWTEventListener(
                e -> INSTANCE.windowEvent((WindowEvent) e), AWTEvent.WINDOW_EVENT_MASK);
      }
      installed = true;
    }
    INSTANCE.interp = interp;
    INSTANCE.out = out;
    INSTANCE.command = null;
    INSTANCE.error = null;
    INSTANCE.errorLine = 0;
    return INSTANCE;
  }

  static void disarm() {
    INSTANCE.interp = null;
  }

  @Override
  public String commandExecuting(String cmd) {
    Interpreter in = interp;
    if (in == null) return cmd;
    command = cmd;
    commandLine = in.getLineNumber();
    if (!GraphicsEnvironment.isHeadless()) return cmd;
    String options = Macro.getOptions();
    // "stack"/"slice" alone are read by ImageJ's filter runner without a dialog
    if (options == null || options.trim().matches("((stack|slice)\\s*)*")) return cmd;
    Hashtable<String, String> table = Menus.getCommands();
    String cls = table == null ? null : table.get(cmd);
    if (cls != null && cls.startsWith("org.fovea.")) return cmd;
    stop(
        "ImageJ command \""
            + cmd
            + "\" cannot read its options (\""
            + options.trim()
            + "\") here: ImageJ 1.x reads macro options through a dialog, and this JVM has no"
            + " display (java.awt.headless). It would run with its default values, so the macro"
            + " stops. Run it with a display: ./fovea macro starts a virtual one (Debian/Ubuntu:"
            + " sudo apt-get install xvfb), or use the Ext.Fovea_ function that does the same.",
        in.getLineNumber());
    return null;
  }

  private void windowEvent(WindowEvent e) {
    Interpreter in = interp;
    if (in == null || e.getID() != WindowEvent.WINDOW_OPENED) return;
    Window w = e.getWindow();
    if (!(w instanceof Dialog d)) return;
    String cls = d.getClass().getName();
    boolean waits = d.isModal() || cls.equals("ij.gui.WaitForUserDialog");
    if (!waits) return;
    if (cls.equals("ij.gui.MessageDialog")) {
      // showMessage(...) / IJ.showMessage: what a person would read; print it and go on
      PrintStream o = out;
      if (o != null) o.println(d.getTitle() + ": " + messageOf(d));
      close(d);
      return;
    }
    if (in.getErrorMessage() != null || d.getTitle().equals("Macro Error")) {
      // the interpreter's own error box: it has the message already (HeadlessMacro reports it)
      close(d);
      return;
    }
    int line = in.getLineNumber();
    String by =
        command != null && commandLine == line
            ? "ImageJ command \"" + command + "\""
            : "the macro statement";
    String what =
        cls.equals("ij.gui.WaitForUserDialog")
            ? "waits for a person to click OK (\"" + messageOf(d) + "\")"
            : cls.equals("ij.gui.GenericDialog") || d instanceof ij.gui.GenericDialog
                ? "opened its dialog \""
                    + d.getTitle()
                    + "\" to ask for values that the macro did not pass (give every value in the"
                    + " options string, as the macro recorder writes it)"
                : "opened the window \"" + d.getTitle() + "\" that waits for a person";
    stop(by + " cannot run unattended: it " + what + ".", line);
    close(d);
  }

  private void stop(String message, int line) {
    Interpreter in = interp;
    if (error == null) {
      error = message;
      errorLine = line;
    }
    if (in != null) Interpreter.abort(in);
  }

  /** Cancels the dialog as the window's close box does (GenericDialog: wasCanceled). */
  private static void close(Dialog d) {
    d.dispatchEvent(new WindowEvent(d, WindowEvent.WINDOW_CLOSING));
    if (d.isVisible()) d.dispose();
  }

  private static String messageOf(Dialog d) {
    try {
      Field f = d.getClass().getDeclaredField("label");
      f.setAccessible(true);
      Object label = f.get(d);
      if (label == null) return "";
      Field lines = label.getClass().getDeclaredField("lines");
      lines.setAccessible(true);
      String[] l = (String[]) lines.get(label);
      return l == null ? "" : String.join(" ", l).trim();
    } catch (ReflectiveOperationException | RuntimeException ex) {
      return "";
    }
  }
}
