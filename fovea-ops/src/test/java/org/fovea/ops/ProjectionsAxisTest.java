package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ZProjector;
import ij.process.FloatProcessor;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * meanXProjection, meanYProjection and the bounded Z projections against plain CPU loops (every
 * pixel type, odd sizes) and ImageJ's ZProjector with a slice range.
 */
class ProjectionsAxisTest {

  @Test
  @Covers({
    "meanXProjection",
    "meanYProjection",
    "maximumZProjectionBounded",
    "minimumZProjectionBounded",
    "meanZProjectionBounded"
  })
  void matchCpuReferenceOnEveryType() {
    Gpu gpu = TestGpu.get();
    int w = 31, h = 17, d = 5;
    for (PixelType t : TestGpu.TYPES) {
      CpuImage in = CpuImage.random(w, h, d, t, 71 + t.ordinal());
      CpuImage mx = new CpuImage(d, h, 1, PixelType.FLOAT32);
      CpuImage my = new CpuImage(w, d, 1, PixelType.FLOAT32);
      for (int z = 0; z < d; z++) {
        for (int y = 0; y < h; y++) {
          double sum = 0;
          for (int x = 0; x < w; x++) sum += in.get(x, y, z);
          mx.set(z, y, 0, sum / w);
        }
        for (int x = 0; x < w; x++) {
          double sum = 0;
          for (int y = 0; y < h; y++) sum += in.get(x, y, z);
          my.set(x, z, 0, sum / h);
        }
      }
      CpuImage max = new CpuImage(w, h, 1, t);
      CpuImage min = new CpuImage(w, h, 1, t);
      CpuImage mean = new CpuImage(w, h, 1, PixelType.FLOAT32);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          double a = Double.NEGATIVE_INFINITY, b = Double.POSITIVE_INFINITY, sum = 0;
          for (int z = 1; z <= 3; z++) {
            double v = in.get(x, y, z);
            a = Math.max(a, v);
            b = Math.min(b, v);
            sum += v;
          }
          max.set(x, y, 0, a);
          min.set(x, y, 0, b);
          mean.set(x, y, 0, sum / 3);
        }
      try (GpuImage src = in.push(gpu)) {
        try (GpuImage out = Projections.meanProjection(Projections.MeanAxis.X, src, null)) {
          assertEquals(PixelType.FLOAT32, out.type());
          assertImageClose(mx, out, 1e-3, 1e-6);
        }
        try (GpuImage out = Projections.meanProjection(Projections.MeanAxis.Y, src, null)) {
          assertImageClose(my, out, 1e-3, 1e-6);
        }
        Projections.Bounded[] kinds = Projections.Bounded.values();
        CpuImage[] expected = {max, min, mean};
        for (int k = 0; k < 3; k++) {
          try (GpuImage out = Projections.zProjectionBounded(kinds[k], src, null, 1, 3)) {
            assertImageClose(expected[k], out, k == 2 ? 1e-3 : 0, k == 2 ? 1e-6 : 0);
          }
        }
        // the range is clipped to the stack; an empty range is an error
        try (GpuImage a = Projections.zProjectionBounded(kinds[0], src, null, -5, 100);
            GpuImage b = Projections.maximumZProjection(src, null)) {
          assertImageEquals(CpuImage.pull(b), a);
        }
        assertThrows(
            FoveaException.class, () -> Projections.zProjectionBounded(kinds[1], src, null, 4, 2));
      }
    }
  }

  @Test
  void boundedProjectionsMatchImageJZProject() {
    Gpu gpu = TestGpu.get();
    int w = 31, h = 17, d = 5;
    CpuImage in = CpuImage.random(w, h, d, PixelType.FLOAT32, 72);
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      FloatProcessor fp = new FloatProcessor(w, h);
      for (int i = 0; i < w * h; i++) fp.setf(i, (float) in.data[z * w * h + i]);
      st.addSlice(fp);
    }
    int[] methods = {ZProjector.MAX_METHOD, ZProjector.MIN_METHOD, ZProjector.AVG_METHOD};
    try (GpuImage src = in.push(gpu)) {
      for (int k = 0; k < 3; k++) {
        ZProjector zp = new ZProjector(new ImagePlus("s", st));
        zp.setStartSlice(2);
        zp.setStopSlice(4);
        zp.setMethod(methods[k]);
        zp.doProjection();
        FloatProcessor ip = (FloatProcessor) zp.getProjection().getProcessor();
        CpuImage expected = new CpuImage(w, h, 1, PixelType.FLOAT32);
        for (int i = 0; i < w * h; i++) expected.data[i] = ip.getf(i);
        try (GpuImage out =
            Projections.zProjectionBounded(Projections.Bounded.values()[k], src, null, 1, 3)) {
          assertImageClose(expected, out, 1e-3, 1e-6);
        }
      }
    }
  }
}
