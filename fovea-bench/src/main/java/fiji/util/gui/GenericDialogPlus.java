package fiji.util.gui;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * Stand-in for Fiji's {@code fiji.util.gui.GenericDialogPlus} (artifact fiji-lib, not on Maven
 * Central). CLIJ's plugin base class extends it for its dialogs, so the class must exist for CLIJ's
 * operations to load; the benchmarks never show a dialog. Only the two methods CLIJ calls that
 * {@link GenericDialog} lacks are provided. Written for Fovea's benchmarks; bench module only.
 */
public class GenericDialogPlus extends GenericDialog {
  private static final long serialVersionUID = 1L;
  private final java.util.List<String> imageTitles = new java.util.ArrayList<>();

  public GenericDialogPlus(String title) {
    super(title);
  }

  /** A choice among the open images' titles. */
  public void addImageChoice(String label, String defaultTitle) {
    String[] titles = WindowManager.getImageTitles();
    if (titles.length == 0) titles = new String[] {""};
    addChoice(label, titles, defaultTitle == null ? titles[0] : defaultTitle);
    imageTitles.add(label);
  }

  /** The image chosen in the next image choice, or null. */
  public ImagePlus getNextImage() {
    String title = getNextChoice();
    return title == null || title.isEmpty() ? null : WindowManager.getImage(title);
  }
}
