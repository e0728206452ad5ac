package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * bottomHatBox/Sphere, opening/closing Box/Diamond, onlyzeroOverwriteMaximumBox/Diamond and
 * medianSliceBySliceBox/Sphere against plain CPU references (every pixel type, 2D and 3D, odd
 * sizes). CLIJ2 agreement: MorphologyProjectionsClij2ParityTest in fovea-bench.
 */
class MorphologyClij2NamesTest {

  static boolean inEllipse(int a, int b, int c, int rx, int ry, int rz) {
    double e = 0;
    int[] o = {a, b, c};
    int[] r = {rx, ry, rz};
    for (int i = 0; i < 3; i++) {
      if (r[i] == 0) {
        if (o[i] != 0) return false;
      } else {
        e += (double) o[i] * o[i] / ((double) r[i] * r[i]);
      }
    }
    return e <= 1 + 1e-12;
  }

  /** Max (or min, or median with op 2) over the clamped neighbourhood. */
  static CpuImage rank(CpuImage in, int rx, int ry, int rz, boolean sphere, int op) {
    CpuImage out = CpuImage.like(in);
    double[] vals = new double[(2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1)];
    for (int z = 0; z < in.d; z++)
      for (int y = 0; y < in.h; y++)
        for (int x = 0; x < in.w; x++) {
          int n = 0;
          for (int c = -rz; c <= rz; c++)
            for (int b = -ry; b <= ry; b++)
              for (int a = -rx; a <= rx; a++)
                if (!sphere || inEllipse(a, b, c, rx, ry, rz)) {
                  vals[n++] = in.getClamped(x + a, y + b, z + c);
                }
          double[] v = Arrays.copyOf(vals, n);
          Arrays.sort(v);
          out.set(x, y, z, op == 0 ? v[n - 1] : op == 1 ? v[0] : v[n / 2]);
        }
    return out;
  }

  /** Binary erosion (max = false) or dilation of (v != 0) with the box or diamond. */
  static CpuImage binaryStep(CpuImage in, boolean max, boolean diamond) {
    CpuImage out = CpuImage.like(in);
    int rz = in.d > 1 ? 1 : 0;
    for (int z = 0; z < in.d; z++)
      for (int y = 0; y < in.h; y++)
        for (int x = 0; x < in.w; x++) {
          boolean any = false, all = true;
          for (int c = -rz; c <= rz; c++)
            for (int b = -1; b <= 1; b++)
              for (int a = -1; a <= 1; a++) {
                if (diamond && Math.abs(a) + Math.abs(b) + Math.abs(c) > 1) continue;
                boolean on = in.getClamped(x + a, y + b, z + c) != 0;
                any |= on;
                all &= on;
              }
          out.set(x, y, z, (max ? any : all) ? 1 : 0);
        }
    return out;
  }

  @Test
  @Covers({"bottomHatBox", "bottomHatSphere", "medianSliceBySliceBox", "medianSliceBySliceSphere"})
  void bottomHatAndSliceMediansMatchCpuReference() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      for (PixelType t : TestGpu.TYPES) {
        CpuImage in = CpuImage.random(s[0], s[1], s[2], t, 51 + t.ordinal());
        try (GpuImage src = in.push(gpu)) {
          for (Morphology.Shape shape : Morphology.Shape.values()) {
            boolean sphere = shape == Morphology.Shape.Sphere;
            // the sphere and median kernels are compiled per type and radius (slow on PoCL):
            // float32 for them (uint8 medians: MorphologyProjectionsClij2ParityTest), every type
            // for
            // the separable box
            boolean few = t == PixelType.FLOAT32;
            if (sphere && !few) continue;
            int rz = s[2] > 1 ? 1 : 0;
            CpuImage closed = rank(rank(in, 2, 1, rz, sphere, 0), 2, 1, rz, sphere, 1);
            CpuImage expected = CpuImage.like(in);
            for (int i = 0; i < in.data.length; i++) {
              expected.setRaw(i, closed.data[i] - in.data[i]);
            }
            try (GpuImage out = Morphology.bottomHat(shape, src, null, 2, 1, 1)) {
              assertImageEquals(expected, out);
            }
            if (!few) continue;
            if (s[2] > 1) {
              try (GpuImage out = Morphology.medianSliceBySlice(shape, src, null, 2, 1)) {
                assertImageEquals(rank(in, 2, 1, 0, sphere, 2), out);
              }
            } else {
              assertThrows(
                  FoveaException.class,
                  () -> Morphology.medianSliceBySlice(shape, src, null, 1, 1));
            }
          }
        }
      }
    }
  }

  @Test
  @Covers({
    "openingBox",
    "openingDiamond",
    "closingBox",
    "closingDiamond",
    "onlyzeroOverwriteMaximumBox",
    "onlyzeroOverwriteMaximumDiamond"
  })
  void binaryMorphologyAndOnlyzeroMatchCpuReference() {
    Gpu gpu = TestGpu.get();
    for (int[] s : TestGpu.SHAPES) {
      for (PixelType t : TestGpu.TYPES) {
        // sparse: about a third of the pixels non-zero
        CpuImage in = CpuImage.random(s[0], s[1], s[2], t, 61 + t.ordinal());
        CpuImage rnd = CpuImage.random(s[0], s[1], s[2], PixelType.UINT8, 62);
        for (int i = 0; i < in.data.length; i++) if (rnd.data[i] < 170) in.data[i] = 0;
        try (GpuImage src = in.push(gpu)) {
          for (Morphology.Repeated which : Morphology.Repeated.values()) {
            for (int n : new int[] {0, 2}) {
              CpuImage e = binaryStep(in, true, false); // n = 0: the binarised source
              for (int i = 0; i < e.data.length; i++) e.data[i] = in.data[i] != 0 ? 1 : 0;
              for (int k = 0; k < 2 * n; k++) {
                e = binaryStep(e, (k < n) == which.closing, which.diamond);
              }
              CpuImage expected = CpuImage.like(in);
              System.arraycopy(e.data, 0, expected.data, 0, e.data.length);
              try (GpuImage out = Morphology.repeated(which, src, null, n)) {
                assertEquals(t, out.type());
                assertImageEquals(expected, out);
              }
            }
          }
          for (Morphology.Diamond shape : Morphology.Diamond.values()) {
            boolean diamond = shape == Morphology.Diamond.Diamond;
            int rz = s[2] > 1 ? 1 : 0;
            CpuImage expected = CpuImage.like(in);
            for (int z = 0; z < in.d; z++)
              for (int y = 0; y < in.h; y++)
                for (int x = 0; x < in.w; x++) {
                  double v = in.get(x, y, z);
                  if (v == 0) {
                    for (int c = -rz; c <= rz; c++)
                      for (int b = -1; b <= 1; b++)
                        for (int a = -1; a <= 1; a++) {
                          if (diamond && Math.abs(a) + Math.abs(b) + Math.abs(c) > 1) continue;
                          double u = in.getClamped(x + a, y + b, z + c);
                          if (u > 0) v = Math.max(v, u);
                        }
                  }
                  expected.set(x, y, z, v);
                }
            try (GpuImage out = Morphology.onlyzeroOverwriteMaximum(shape, src, null)) {
              assertImageEquals(expected, out);
            }
          }
        }
      }
    }
  }
}
