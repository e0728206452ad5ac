package org.fovea.bench;

import static org.fovea.bench.Clij2Parity.assertSame;
import static org.fovea.bench.Clij2Parity.blobs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Detection;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * detectMaximaBox and detectMinimaBox against CLIJ2 2.5.3.1 in the same JVM: identical 0/1 images
 * (and the same output type) on blob images with plateaus, 2D and 3D, uint8 and float32.
 */
class DetectionClij2ParityTest {
  static CLIJ2 clij;

  @BeforeAll
  static void startClij() {
    clij = CLIJ2.getInstance();
  }

  /** {@code px} (integral values in the type's range for integer types) as an ImageJ image. */
  static ImagePlus imagePlus(float[] px, int w, int h, int d, PixelType t) {
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      ImageProcessor ip =
          switch (t) {
            case UINT8 -> new ByteProcessor(w, h);
            case UINT16 -> new ShortProcessor(w, h);
            default -> new FloatProcessor(w, h);
          };
      for (int i = 0; i < w * h; i++) ip.setf(i, px[z * w * h + i]);
      st.addSlice(ip);
    }
    return new ImagePlus("img", st);
  }

  /** The same pixels as a Fovea image of type {@code t}. */
  static GpuImage push(Gpu gpu, float[] px, int w, int h, int d, PixelType t) {
    switch (t) {
      case UINT8 -> {
        byte[] a = new byte[px.length];
        for (int i = 0; i < a.length; i++) a[i] = (byte) (int) px[i];
        return gpu.push(a, w, h, d);
      }
      case UINT16 -> {
        short[] a = new short[px.length];
        for (int i = 0; i < a.length; i++) a[i] = (short) (int) px[i];
        return gpu.push(a, w, h, d);
      }
      default -> {
        return gpu.push(px, w, h, d);
      }
    }
  }

  static float[] quantised(float[] px, float step) {
    float[] q = new float[px.length];
    for (int i = 0; i < q.length; i++) q[i] = Math.min(255, Math.round(px[i] / step));
    return q;
  }

  @Test
  void detectOptimaMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{61, 47, 1}, {33, 29, 9}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      // coarse grey levels: plateaus everywhere, so the tie rules decide
      float[] img = quantised(blobs(w, h, d, d == 1 ? 25 : 15, d == 1 ? 3 : 2, 5), 10);
      for (PixelType t : new PixelType[] {PixelType.UINT8, PixelType.FLOAT32}) {
        ClearCLBuffer in = clij.push(imagePlus(img, w, h, d, t));
        try (GpuImage src = push(gpu, img, w, h, d, t)) {
          for (int radius : new int[] {0, 1, 2}) {
            for (Detection.Optima which : Detection.Optima.values()) {
              String what = w + "x" + h + "x" + d + " " + t + " detect" + which + "Box r" + radius;
              ClearCLBuffer out = clij.create(in);
              if (which == Detection.Optima.Maxima) clij.detectMaximaBox(in, out, radius);
              else clij.detectMinimaBox(in, out, radius);
              double[] expected = Peers.pixels(clij, out);
              clij.release(out);
              try (GpuImage ours = Detection.detectOptimaBox(which, src, null, radius)) {
                assertEquals(t, ours.type(), what);
                double[] actual = Peers.pixels(ours);
                assertSame(expected, actual, w, h, what);
                double n = 0;
                for (double v : actual) n += v;
                assertTrue(n > 2, what + ": only " + n + " points");
              }
            }
          }
        }
        clij.release(in);
      }
    }
  }

  /**
   * detectMaxima2DBox / detectMaxima3DBox with a radius per axis (0 included: CLIJ2 does not mark
   * every pixel there) on coarse images with plateaus.
   */
  @Test
  void detectMaximaPerAxisMatchClij2() {
    Gpu gpu = TestGpu.get();
    int[][] shapes = {{37, 23, 1}, {19, 17, 7}};
    int[][] radii = {{0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {1, 2, 0}, {0, 1, 2}};
    for (int[] s : shapes) {
      int w = s[0], h = s[1], d = s[2];
      float[] img = quantised(blobs(w, h, d, 8, 2, 7), 10);
      ClearCLBuffer in = clij.push(imagePlus(img, w, h, d, PixelType.FLOAT32));
      try (GpuImage src = push(gpu, img, w, h, d, PixelType.FLOAT32)) {
        for (int[] r : radii) {
          String what = w + "x" + h + "x" + d + " r" + r[0] + "," + r[1] + "," + r[2];
          ClearCLBuffer out = clij.create(in);
          if (d == 1) clij.detectMaxima2DBox(in, out, r[0], r[1]);
          else clij.detectMaxima3DBox(in, out, r[0], r[1], r[2]);
          double[] expected = Peers.pixels(clij, out);
          clij.release(out);
          try (GpuImage ours =
              d == 1
                  ? Detection.detectMaxima2DBox(src, null, r[0], r[1])
                  : Detection.detectMaxima3DBox(src, null, r[0], r[1], r[2])) {
            assertEquals(PixelType.UINT8, ours.type(), what);
            double[] actual = Peers.pixels(ours);
            assertSame(expected, actual, w, h, what);
            double n = 0;
            for (double v : actual) n += v;
            assertTrue(n > 0 && n < actual.length / 4, what + ": " + n + " points");
          }
        }
      }
      clij.release(in);
    }
  }
}
