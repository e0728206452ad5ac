package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * detectMaximaBox / detectMinimaBox (CLIJ2's rules) against a plain CPU reference written from the
 * op's notes: every pixel type, 2D and 3D, odd sizes, coarse values so that plateaus (ties) are
 * frequent. Agreement with CLIJ2 itself is DetectionClij2ParityTest in fovea-bench.
 */
class DetectOptimaBoxTest {

  /** Coarse random values (few levels: many ties), of the image's type. */
  static CpuImage coarse(int w, int h, int d, PixelType t, long seed) {
    CpuImage img = new CpuImage(w, h, d, t);
    Random r = new Random(seed);
    double step = t == PixelType.FLOAT32 ? 0.5 : t == PixelType.UINT8 ? 1 : 1000;
    for (int i = 0; i < img.data.length; i++) img.setRaw(i, r.nextInt(4) * step);
    return img;
  }

  /** Mean along one axis: float sum of the clamped line from the lowest offset, / count. */
  static float[] meanPass(float[] in, int w, int h, int d, int axis, int r) {
    float[] out = new float[in.length];
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          float s = 0f;
          for (int k = -r; k <= r; k++) {
            int xx = axis == 0 ? Math.min(Math.max(x + k, 0), w - 1) : x;
            int yy = axis == 1 ? Math.min(Math.max(y + k, 0), h - 1) : y;
            int zz = axis == 2 ? Math.min(Math.max(z + k, 0), d - 1) : z;
            s += in[xx + w * (yy + h * zz)];
          }
          out[x + w * (y + h * z)] = s / (float) (2 * r + 1);
        }
    return out;
  }

  /**
   * The notes' rule: after the mean (minima: in x and y only), a pixel is marked when no 3×3(×3)
   * neighbour (negative coordinates left out, far coordinates clamped) is better, and no neighbour
   * visited before it (x slowest, then y, then z) is equal.
   */
  static CpuImage reference(CpuImage in, int radius, boolean minima) {
    return reference(in, new int[] {radius, radius, minima ? 0 : radius}, minima);
  }

  /** The same rule with a box-mean radius per axis {x, y, z} (detectMaxima2DBox/3DBox). */
  static CpuImage reference(CpuImage in, int[] radii, boolean minima) {
    int w = in.w, h = in.h, d = in.d;
    float[] m = new float[in.data.length];
    for (int i = 0; i < m.length; i++) m[i] = (float) in.data[i];
    for (int axis = 0; axis < (d > 1 ? 3 : 2); axis++) {
      if (radii[axis] > 0) m = meanPass(m, w, h, d, axis, radii[axis]);
    }
    CpuImage out = CpuImage.like(in);
    int rz = d > 1 ? 1 : 0;
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          float self = m[x + w * (y + h * z)];
          boolean marked = true;
          for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++)
              for (int dz = -rz; dz <= rz; dz++) {
                int xx = x + dx, yy = y + dy, zz = z + dz;
                if (xx < 0 || yy < 0 || zz < 0) continue;
                float u =
                    m[Math.min(xx, w - 1) + w * (Math.min(yy, h - 1) + h * Math.min(zz, d - 1))];
                boolean before = dx < 0 || (dx == 0 && (dy < 0 || (dy == 0 && dz < 0)));
                if (minima ? u < self : u > self) marked = false;
                if (before && u == self) marked = false;
              }
          out.set(x, y, z, marked ? 1 : 0);
        }
    return out;
  }

  @Test
  @Covers({"detectMaximaBox", "detectMinimaBox"})
  void matchesReferenceOnEveryTypeIn2DAnd3D() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      for (PixelType t : TestGpu.TYPES) {
        CpuImage in = coarse(s[0], s[1], s[2], t, 11 + t.ordinal());
        try (GpuImage src = in.push(gpu)) {
          for (int radius : new int[] {0, 2}) {
            for (Detection.Optima which : Detection.Optima.values()) {
              boolean minima = which == Detection.Optima.Minima;
              CpuImage expected = reference(in, radius, minima);
              int marked = 0;
              for (double v : expected.data) marked += (int) v;
              assertTrue(marked > 0 && marked < expected.data.length / 2, "non-trivial " + marked);
              try (GpuImage dst = Detection.detectOptimaBox(which, src, null, radius)) {
                assertEquals(t, dst.type(), "output has the source type, as CLIJ2");
                assertImageEquals(expected, dst);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void plateauAndBorderRules() {
    // a 2×2 plateau is marked once, at its pixel with the lowest x, then lowest y; a maximum on
    // the left and top border is found; radius 0 keeps the values
    Gpu gpu = TestGpu.get();
    float[] px = {
      5, 1, 1, 1, 1, 1, 4,
      1, 1, 3, 3, 1, 1, 1,
      1, 1, 3, 3, 1, 2, 1,
      1, 1, 1, 1, 1, 1, 1,
      1, 1, 1, 6, 1, 1, 7
    };
    try (GpuImage src = gpu.push(px, 7, 5, 1);
        GpuImage dst = Detection.detectOptimaBox(Detection.Optima.Maxima, src, null, 0)) {
      float[] out = (float[]) dst.pull();
      int[] expected = {0, 6, 2 + 7, 5 + 2 * 7, 3 + 4 * 7, 6 + 4 * 7};
      int count = 0;
      for (float v : out) count += (int) v;
      assertEquals(expected.length, count);
      for (int i : expected) assertEquals(1f, out[i], "pixel " + i);
    }
  }

  @Test
  void rejectsBadArguments() {
    Gpu gpu = TestGpu.get();
    try (GpuImage src = gpu.create(5, 5, 1, PixelType.UINT8)) {
      FoveaException e =
          assertThrows(
              FoveaException.class,
              () -> Detection.detectOptimaBox(Detection.Optima.Maxima, src, null, -1));
      assertTrue(e.getMessage().contains("radius"), e.getMessage());
      assertThrows(
          FoveaException.class,
          () -> Detection.detectOptimaBox(Detection.Optima.Minima, src, src, 1));
    }
  }
}
