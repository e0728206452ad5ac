package org.fovea.app;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import java.awt.Button;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Point;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.InputEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs inside Debian's ImageJ (RealImageJTest copies it into ImageJ's plugins/jars): does what a
 * user does to record a Fovea command and replay it. Started by a macro with {@code
 * call("org.fovea.app.RecorderDriver.start", done, png)}; works on its own thread after the macro
 * has ended (ImageJ records nothing while a macro runs): opens Plugins › Macros › Record..., clicks
 * Plugins › Fovea › Filters › gaussianBlur2D (the menu item's action, as AWT delivers a click on a
 * menu, which java.awt.Robot cannot reach on a display without a window manager), clicks the
 * dialog's OK button with java.awt.Robot (mouse move and press on the Xvfb display), reads the
 * result, takes the recorder's text, closes the result and replays the recording as a macro, then
 * saves a screenshot and writes {@code key=value} lines to {@code done}.
 */
public final class RecorderDriver {
  private RecorderDriver() {}

  /** Macro entry point: returns at once, the work runs on its own thread. */
  public static String start(String done, String png) {
    Thread t = new Thread(() -> drive(Path.of(done), png), "RecorderDriver");
    t.start();
    return "";
  }

  static void drive(Path done, String png) {
    StringBuilder out = new StringBuilder();
    try {
      long end = System.currentTimeMillis() + 60_000;
      while (IJ.macroRunning() && System.currentTimeMillis() < end) Thread.sleep(100);
      IJ.run("Record...");
      Recorder rec = null;
      while ((rec = Recorder.getInstance()) == null && System.currentTimeMillis() < end) {
        Thread.sleep(100);
      }
      WindowManager.setTempCurrentImage(null);
      IJ.selectWindow("a");
      MenuItem item = find(Menus.getMenuBar(), "Plugins", "Fovea", "Filters", "gaussianBlur2D");
      out.append("menu=").append(item == null ? "missing" : "Plugins>Fovea>Filters>gaussianBlur2D");
      out.append('\n');
      if (item == null) throw new IllegalStateException("no menu item Plugins>Fovea>Filters");
      ActionEvent click =
          new ActionEvent(item, ActionEvent.ACTION_PERFORMED, item.getActionCommand());
      for (ActionListener l : item.getActionListeners()) l.actionPerformed(click);
      GenericDialog gd = null;
      while (gd == null && System.currentTimeMillis() < end) {
        for (Window w : Window.getWindows()) {
          if (w instanceof GenericDialog g && g.isShowing()) gd = g;
        }
        Thread.sleep(100);
      }
      if (gd == null) throw new IllegalStateException("the command's dialog did not open");
      out.append("dialog=").append(gd.getTitle()).append('\n');
      Thread.sleep(500);
      Button ok = gd.getButtons()[0];
      Point p = ok.getLocationOnScreen();
      Robot robot = new Robot();
      robot.mouseMove(p.x + ok.getWidth() / 2, p.y + ok.getHeight() / 2);
      robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
      robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
      String by = "robot";
      for (int i = 0; i < 50 && gd.isShowing(); i++) Thread.sleep(100);
      if (gd.isShowing()) {
        by = "button action (the Robot's click did not reach the dialog)";
        ok.dispatchEvent(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel()));
      }
      out.append("ok_clicked_by=").append(by).append('\n');
      ImagePlus result = null;
      while ((result = WindowManager.getImage("gaussianBlur2D_a")) == null
          && System.currentTimeMillis() < end) {
        Thread.sleep(100);
      }
      if (result == null) throw new IllegalStateException("no result image gaussianBlur2D_a");
      Thread.sleep(300);
      out.append("peak=").append(IJ.d2s(result.getProcessor().getf(32, 24), 6)).append('\n');
      String recording = rec.getText();
      Files.writeString(done.resolveSibling("recording.ijm"), recording);
      result.changes = false;
      result.close();
      Recorder.record = false;
      IJ.runMacro(recording);
      ImagePlus replayed = WindowManager.getImage("gaussianBlur2D_a");
      out.append("replayed_peak=")
          .append(replayed == null ? "NaN" : IJ.d2s(replayed.getProcessor().getf(32, 24), 6))
          .append('\n');
      ImagePlus screen = new ij.plugin.ScreenGrabber().captureScreen();
      if (screen != null) IJ.saveAs(screen, "PNG", png);
    } catch (Exception | Error e) {
      out.append("error=").append(e).append('\n');
    }
    try {
      Files.writeString(done, out.toString(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      IJ.log("RecorderDriver: " + e);
    }
  }

  /** The menu item at {@code path} (menu labels, then the item's label). */
  static MenuItem find(MenuBar bar, String... path) {
    if (bar == null) return null;
    for (int i = 0; i < bar.getMenuCount(); i++) {
      Menu m = bar.getMenu(i);
      if (m != null && path[0].equals(m.getLabel())) return find(m, path, 1);
    }
    return null;
  }

  private static MenuItem find(Menu menu, String[] path, int k) {
    for (int i = 0; i < menu.getItemCount(); i++) {
      MenuItem it = menu.getItem(i);
      if (!path[k].equals(it.getLabel())) continue;
      if (k == path.length - 1) return it;
      if (it instanceof Menu sub) return find(sub, path, k + 1);
    }
    return null;
  }
}
