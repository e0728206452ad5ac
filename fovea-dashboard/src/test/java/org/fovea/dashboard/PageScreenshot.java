package org.fovea.dashboard;

import java.nio.file.Path;

/**
 * Saves a screenshot of a dashboard page once its data has arrived (how docs/dashboard.png was
 * made): {@code java -cp ... org.fovea.dashboard.PageScreenshot URL OUT.png [WIDTH HEIGHT]}.
 */
public final class PageScreenshot {
  private PageScreenshot() {}

  public static void main(String[] args) throws Exception {
    int w = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
    int h = args.length > 3 ? Integer.parseInt(args[3]) : 1400;
    try (HeadlessChromium b = new HeadlessChromium(args[0], w, h)) {
      long end = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < end
          && !Boolean.TRUE.equals(
              b.eval(
                  "!!(window.fovea && window.fovea.drawnPoints() > 0"
                      + " && document.getElementById('projection').naturalWidth > 0)"))) {
        Thread.sleep(200);
      }
      Thread.sleep(500);
      b.screenshot(Path.of(args[1]));
    }
  }
}
