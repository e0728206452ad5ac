package org.fovea.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.fovea.scope.StackAnalysis;

/**
 * Renders a cylinder projection as a PNG: grey values scaled between the 1st and the 99.8th
 * percentile of the non-zero pixels, detected spots as red crosses (5 pixels wide). x is the
 * position along the embryo's long axis, y the angle (one row per degree).
 */
final class ProjectionPng {
  private ProjectionPng() {}

  static byte[] render(StackAnalysis.Projection p) throws IOException {
    int w = p.width();
    int h = p.height();
    float[] px = p.pixels();
    float[] sorted = new float[px.length];
    int n = 0;
    for (float v : px) if (v > 0 && Float.isFinite(v)) sorted[n++] = v;
    Arrays.sort(sorted, 0, n);
    float lo = n == 0 ? 0 : sorted[(int) (n * 0.01)];
    float hi = n == 0 ? 1 : sorted[Math.min(n - 1, (int) (n * 0.998))];
    if (!(hi > lo)) hi = lo + 1;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[w * h];
    for (int i = 0; i < w * h; i++) {
      float v = px[i];
      int g = (int) Math.max(0, Math.min(255, (v - lo) * 255f / (hi - lo)));
      rgb[i] = (g << 16) | (g << 8) | g;
    }
    int red = 0xff2020;
    for (int s : p.spots()) {
      int x = s % w;
      int y = s / w;
      for (int d = -2; d <= 2; d++) {
        if (x + d >= 0 && x + d < w && y < h) rgb[y * w + x + d] = red;
        if (y + d >= 0 && y + d < h) rgb[(y + d) * w + x] = red;
      }
    }
    img.setRGB(0, 0, w, h, rgb, 0, w);
    ByteArrayOutputStream out = new ByteArrayOutputStream(w * h);
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
