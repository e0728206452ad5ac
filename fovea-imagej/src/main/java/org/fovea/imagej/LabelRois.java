package org.fovea.imagej;

import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.util.ArrayList;
import java.util.List;
import org.fovea.core.FoveaException;
import org.fovea.core.GpuImage;

/**
 * CLIJ2's {@code pullLabelsToROIList} / {@code pullLabelsToROIManager}: one ImageJ ROI per label of
 * a 2D label map, in label order 1, 2, …, named {@code Label_<n>}; a label without pixels gets no
 * ROI (CLIJ2 prints a warning and skips it too). Each ROI is ImageJ's own outline of the label's
 * pixels ({@link ThresholdToSelection}: a traced polygon, or a composite ROI for a label in several
 * pieces or with holes), so it contains exactly the label's pixels. The label map is pulled once
 * and each label is outlined inside its bounding box (one pass for the boxes, then work
 * proportional to the boxes), where CLIJ2 thresholds the whole image once per label.
 */
public final class LabelRois {
  private LabelRois() {}

  /** The ROIs of the labels of a 2D label map, label order, empty labels skipped. */
  public static List<Roi> toRois(String function, GpuImage labelMap) {
    if (labelMap.depth() > 1) {
      throw new FoveaException.InvalidArgument(
          function
              + ": the label map must be 2D (as CLIJ2's), got "
              + labelMap.width()
              + "×"
              + labelMap.height()
              + "×"
              + labelMap.depth()
              + "; take one slice first (copySlice)");
    }
    ImageProcessor ip = ImageJConversion.pull(labelMap, "labels", null).getProcessor();
    return toRois(ip);
  }

  /** The ROIs of the labels of {@code ip} (pixel values 1, 2, … are labels; others are not). */
  static List<Roi> toRois(ImageProcessor ip) {
    int w = ip.getWidth(), h = ip.getHeight();
    int max = 0;
    for (int i = 0; i < w * h; i++) max = Math.max(max, label(ip.getf(i)));
    int[] x0 = new int[max + 1],
        y0 = new int[max + 1],
        x1 = new int[max + 1],
        y1 = new int[max + 1];
    java.util.Arrays.fill(x0, Integer.MAX_VALUE);
    java.util.Arrays.fill(y0, Integer.MAX_VALUE);
    java.util.Arrays.fill(x1, -1);
    java.util.Arrays.fill(y1, -1);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int l = label(ip.getf(x + y * w));
        if (l == 0) continue;
        x0[l] = Math.min(x0[l], x);
        y0[l] = Math.min(y0[l], y);
        x1[l] = Math.max(x1[l], x);
        y1[l] = Math.max(y1[l], y);
      }
    }
    List<Roi> rois = new ArrayList<>();
    ThresholdToSelection tracer = new ThresholdToSelection();
    for (int l = 1; l <= max; l++) {
      if (x1[l] < 0) continue; // no pixels: no ROI, as CLIJ2
      int bw = x1[l] - x0[l] + 1, bh = y1[l] - y0[l] + 1;
      ByteProcessor mask = new ByteProcessor(bw, bh);
      for (int y = 0; y < bh; y++) {
        for (int x = 0; x < bw; x++) {
          if (label(ip.getf(x0[l] + x + (y0[l] + y) * w)) == l) mask.set(x, y, 255);
        }
      }
      mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
      Roi roi = tracer.convert(mask);
      roi.setLocation(roi.getXBase() + x0[l], roi.getYBase() + y0[l]);
      roi.setName("Label_" + l);
      rois.add(roi);
    }
    return rois;
  }

  /** The label of a pixel value: a whole number ≥ 1, else 0 (CLIJ2 compares with equalConstant). */
  private static int label(float v) {
    return v >= 1 && v == Math.rint(v) && v <= Integer.MAX_VALUE - 1 ? (int) v : 0;
  }
}
