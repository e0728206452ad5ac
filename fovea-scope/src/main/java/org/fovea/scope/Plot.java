package org.fovea.scope;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The run plot (Java2D, headless): spot count over experiment time (dots, late results hollow), the
 * ground-truth count where known (grey line), the acquisition interval as a step line in a lower
 * panel, and events and interval changes as labelled vertical lines.
 */
public final class Plot {
  private Plot() {}

  /** One point of the plot. */
  public record Point(
      double hours, double count, double truth, double intervalMinutes, boolean late) {}

  /** A vertical marker. */
  public record Marker(double hours, String label, Color color) {}

  public static void write(Path file, String title, List<Point> pts, List<Marker> markers)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int W = 1200;
    int H = 700;
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int left = 80;
    int right = W - 30;
    int top = 50;
    int mid = 470;
    int lowTop = 510;
    int bottom = H - 50;
    double h0 = Double.MAX_VALUE;
    double h1 = -Double.MAX_VALUE;
    double cMax = 1;
    double iMax = 1;
    for (Point p : pts) {
      h0 = Math.min(h0, p.hours());
      h1 = Math.max(h1, p.hours());
      if (!Double.isNaN(p.count())) cMax = Math.max(cMax, p.count());
      if (!Double.isNaN(p.truth())) cMax = Math.max(cMax, p.truth());
      iMax = Math.max(iMax, p.intervalMinutes());
    }
    if (pts.isEmpty()) {
      h0 = 0;
      h1 = 1;
    }
    if (h1 <= h0) h1 = h0 + 1;
    cMax *= 1.1;
    iMax *= 1.2;
    final double fh0 = h0;
    final double fh1 = h1;
    java.util.function.DoubleUnaryOperator X = h -> left + (h - fh0) / (fh1 - fh0) * (right - left);
    final double fc = cMax;
    java.util.function.DoubleUnaryOperator Y = c -> mid - c / fc * (mid - top);
    final double fi = iMax;
    java.util.function.DoubleUnaryOperator YI = m -> bottom - m / fi * (bottom - lowTop);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString(title, left, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    // axes and grid
    g.setColor(new Color(230, 230, 230));
    for (int k = 0; k <= 5; k++) {
      int y = (int) Y.applyAsDouble(fc / 1.1 * k / 5);
      g.drawLine(left, y, right, y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, mid - top);
    g.drawRect(left, lowTop, right - left, bottom - lowTop);
    for (int k = 0; k <= 5; k++) {
      double c = fc / 1.1 * k / 5;
      int y = (int) Y.applyAsDouble(c);
      g.drawString(String.format(Locale.ROOT, "%.0f", c), 30, y + 4);
    }
    double step = niceStep((h1 - h0) / 10);
    for (double t = Math.ceil(h0 / step) * step; t <= h1 + 1e-9; t += step) {
      int x = (int) X.applyAsDouble(t);
      g.drawLine(x, bottom, x, bottom + 5);
      g.drawString(String.format(Locale.ROOT, "%.0f", t), x - 8, bottom + 20);
    }
    g.drawString("embryo time (h)", (left + right) / 2 - 40, bottom + 40);
    rotated(g, "spot count", 15, (top + mid) / 2 + 30);
    rotated(g, "interval (min)", 15, (lowTop + bottom) / 2 + 40);
    for (int k = 0; k <= 2; k++) {
      double m = fi / 1.2 * k / 2;
      g.drawString(String.format(Locale.ROOT, "%.0f", m), 45, (int) YI.applyAsDouble(m) + 4);
    }
    // markers
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
    int labelRow = 0;
    for (Marker mk : markers) {
      int x = (int) X.applyAsDouble(mk.hours());
      g.setColor(mk.color());
      g.drawLine(x, top, x, bottom);
      int tw = g.getFontMetrics().stringWidth(mk.label());
      int tx = x + 4 + tw > right ? x - 4 - tw : x + 4;
      g.drawString(mk.label(), tx, top + 15 + 15 * (labelRow++ % 10));
    }
    g.setStroke(new BasicStroke(1.5f));
    // truth
    Path2D truth = new Path2D.Double();
    boolean started = false;
    for (Point p : pts) {
      if (Double.isNaN(p.truth())) continue;
      double x = X.applyAsDouble(p.hours());
      double y = Y.applyAsDouble(p.truth());
      if (!started) truth.moveTo(x, y);
      else truth.lineTo(x, y);
      started = true;
    }
    g.setColor(new Color(160, 160, 160));
    g.draw(truth);
    // counts
    for (Point p : pts) {
      if (Double.isNaN(p.count())) continue;
      int x = (int) X.applyAsDouble(p.hours());
      int y = (int) Y.applyAsDouble(p.count());
      g.setColor(new Color(20, 90, 200));
      if (p.late()) g.drawOval(x - 3, y - 3, 6, 6);
      else g.fillOval(x - 3, y - 3, 6, 6);
    }
    // interval step line
    Path2D iv = new Path2D.Double();
    for (int k = 0; k < pts.size(); k++) {
      Point p = pts.get(k);
      double x = X.applyAsDouble(p.hours());
      double y = YI.applyAsDouble(p.intervalMinutes());
      if (k == 0) iv.moveTo(x, y);
      else {
        iv.lineTo(x, iv.getCurrentPoint().getY());
        iv.lineTo(x, y);
      }
    }
    g.setColor(new Color(200, 80, 20));
    g.setStroke(new BasicStroke(2f));
    g.draw(iv);
    // legend
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int lx = right - 250;
    int ly = mid - 50;
    g.setColor(new Color(20, 90, 200));
    g.fillOval(lx, ly - 8, 6, 6);
    g.drawString("spot count (GPU analysis; hollow = late)", lx + 12, ly);
    g.setColor(new Color(160, 160, 160));
    g.drawLine(lx, ly + 12, lx + 8, ly + 12);
    g.drawString("ground truth (nuclei on the surface)", lx + 12, ly + 16);
    g.setColor(new Color(200, 80, 20));
    g.drawLine(lx, ly + 28, lx + 8, ly + 28);
    g.drawString("acquisition interval (lower panel)", lx + 12, ly + 32);
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static void rotated(Graphics2D g, String s, int x, int y) {
    java.awt.geom.AffineTransform t = g.getTransform();
    g.rotate(-Math.PI / 2, x, y);
    g.drawString(s, x, y);
    g.setTransform(t);
  }

  private static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw) return m * p;
    return 10 * p;
  }
}
