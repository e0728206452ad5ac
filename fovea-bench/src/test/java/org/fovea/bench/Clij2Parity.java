package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import java.util.Random;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.GpuImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The test kit of the CLIJ2 parity tests: CLIJ2 2.5.3.1 in this JVM (started before a test class
 * that extends this one, cleared after it), the blob images they make themselves and pixel
 * comparisons that name the first differing coordinate.
 */
abstract class Clij2Parity {
  static CLIJ2 clij;

  @BeforeAll
  static void startClij() {
    clij = CLIJ2.getInstance();
  }

  @AfterAll
  static void clearClij() {
    if (clij != null) clij.clear();
  }

  /** Sum of random Gaussian blobs, seeded; 2D when d == 1. */
  static float[] blobs(int w, int h, int d, int count, double sigma, long seed) {
    float[] img = new float[w * h * d];
    Random r = new Random(seed);
    for (int k = 0; k < count; k++) {
      double cx = r.nextDouble() * w, cy = r.nextDouble() * h, cz = r.nextDouble() * d;
      double s = sigma * (0.6 + 0.8 * r.nextDouble());
      int rad = (int) Math.ceil(3 * s);
      for (int z = Math.max(0, (int) cz - rad); z < Math.min(d, (int) cz + rad + 1); z++) {
        for (int y = Math.max(0, (int) cy - rad); y < Math.min(h, (int) cy + rad + 1); y++) {
          for (int x = Math.max(0, (int) cx - rad); x < Math.min(w, (int) cx + rad + 1); x++) {
            double dd =
                (x - cx) * (x - cx) + (y - cy) * (y - cy) + (d > 1 ? (z - cz) * (z - cz) : 0);
            img[x + w * (y + h * z)] += (float) (100 * Math.exp(-dd / (2 * s * s)));
          }
        }
      }
    }
    return img;
  }

  static float[] threshold(float[] img, float t) {
    float[] m = new float[img.length];
    for (int i = 0; i < m.length; i++) m[i] = img[i] > t ? 1 : 0;
    return m;
  }

  static ImagePlus imagePlus(float[] px, int w, int h, int d) {
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      float[] p = new float[w * h];
      System.arraycopy(px, z * w * h, p, 0, w * h);
      st.addSlice(new FloatProcessor(w, h, p));
    }
    return new ImagePlus("img", st);
  }

  /** Equal pixel for pixel; the failure names the first differing x, y, z. */
  static void assertSame(double[] expected, double[] actual, int w, int h, String what) {
    assertWithin(expected, actual, w, h, 0, 0, what);
  }

  /** Within 1e-5 relative + 1e-5 absolute of CLIJ2's values (float rounding). */
  static void assertClose(double[] expected, double[] actual, int w, int h, String what) {
    assertWithin(expected, actual, w, h, 1e-5, 1e-5, what);
  }

  /** |expected − actual| ≤ rel·|expected| + abs everywhere (0, 0: equal, NaN ≠ NaN). */
  static void assertWithin(
      double[] expected, double[] actual, int w, int h, double rel, double abs, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      boolean ok =
          rel == 0 && abs == 0
              ? expected[i] == actual[i]
              : Math.abs(expected[i] - actual[i]) <= rel * Math.abs(expected[i]) + abs;
      if (!ok) {
        fail(
            what
                + ": first difference at x="
                + i % w
                + " y="
                + (i / w) % h
                + " z="
                + i / (w * h)
                + ": CLIJ2 "
                + expected[i]
                + ", Fovea "
                + actual[i]);
      }
    }
  }

  /** CLIJ2's result of one op on the same inputs, against Fovea's, pixel for pixel. */
  interface ClijOp {
    void run(ClearCLBuffer dst);
  }

  /** Runs {@code clijOp} into a new buffer like {@code like} and compares (then closes) ours. */
  static double[] compare(
      ClearCLBuffer like, ClijOp clijOp, GpuImage ours, int w, int h, String what) {
    ClearCLBuffer dst = clij.create(like);
    clijOp.run(dst);
    double[] expected = Peers.pixels(clij, dst);
    clij.release(dst);
    try (ours) {
      double[] actual = Peers.pixels(ours);
      assertSame(expected, actual, w, h, what);
      return actual;
    }
  }
}
