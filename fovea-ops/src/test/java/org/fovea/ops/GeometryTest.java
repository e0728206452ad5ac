package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Geometry.Interpolation;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeometryTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.typesAndShapes();
  }

  static Stream<Arguments> types2D() {
    return TestGpu.TYPES.stream().map(t -> Arguments.of(t, 31, 17, 1));
  }

  static Stream<Arguments> types3D() {
    return TestGpu.TYPES.stream().map(t -> Arguments.of(t, 31, 17, 5));
  }

  // ------------------------------------------------------------------ ImageJ helpers

  /** One ImageJ FloatProcessor per slice (exact for all test values, < 2^24). */
  static FloatProcessor[] toImageJ(CpuImage img) {
    FloatProcessor[] s = new FloatProcessor[img.d];
    for (int z = 0; z < img.d; z++) {
      float[] px = new float[img.w * img.h];
      for (int i = 0; i < px.length; i++) px[i] = (float) img.data[i + z * img.w * img.h];
      s[z] = new FloatProcessor(img.w, img.h, px);
    }
    return s;
  }

  static CpuImage fromImageJ(ImageProcessor[] slices, PixelType t) {
    CpuImage out = new CpuImage(slices[0].getWidth(), slices[0].getHeight(), slices.length, t);
    for (int z = 0; z < slices.length; z++)
      for (int y = 0; y < out.h; y++)
        for (int x = 0; x < out.w; x++) out.set(x, y, z, slices[z].getPixelValue(x, y));
    return out;
  }

  // ------------------------------------------------------------------ flips

  @Covers("flip2D")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("types2D")
  void flip2DMatchesCpuAndImageJ(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 1);
    for (boolean fx : new boolean[] {false, true}) {
      for (boolean fy : new boolean[] {false, true}) {
        CpuImage e = CpuImage.like(in);
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++)
            e.set(x, y, 0, in.get(fx ? w - 1 - x : x, fy ? h - 1 - y : y, 0));
        FloatProcessor[] ij = toImageJ(in);
        if (fx) ij[0].flipHorizontal();
        if (fy) ij[0].flipVertical();
        try (GpuImage src = in.push(gpu);
            GpuImage dst = Geometry.flip2D(src, null, fx, fy)) {
          assertImageEquals(e, dst);
          assertImageEquals(fromImageJ(ij, t), dst);
        }
      }
    }
  }

  @Covers("flip3D")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("types3D")
  void flip3DMatchesCpuAndImageJ(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 2);
    boolean[][] combos = {
      {true, false, false}, {false, true, false}, {false, false, true}, {true, true, true}
    };
    for (boolean[] f : combos) {
      CpuImage e = CpuImage.like(in);
      for (int z = 0; z < d; z++)
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++)
            e.set(
                x, y, z, in.get(f[0] ? w - 1 - x : x, f[1] ? h - 1 - y : y, f[2] ? d - 1 - z : z));
      FloatProcessor[] ij = toImageJ(in);
      for (FloatProcessor s : ij) {
        if (f[0]) s.flipHorizontal();
        if (f[1]) s.flipVertical();
      }
      if (f[2]) {
        // ImageJ's Image > Transform > Flip Z reverses the slice order (StackReverser)
        for (int i = 0; i < d / 2; i++) {
          FloatProcessor tmp = ij[i];
          ij[i] = ij[d - 1 - i];
          ij[d - 1 - i] = tmp;
        }
      }
      try (GpuImage src = in.push(gpu);
          GpuImage dst = Geometry.flip3D(src, null, f[0], f[1], f[2])) {
        assertImageEquals(e, dst);
        assertImageEquals(fromImageJ(ij, t), dst);
      }
    }
  }

  // ------------------------------------------------------------------ 90° rotations

  @Covers({"rotateClockwise", "rotateCounterClockwise"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void rotate90MatchesCpuAndImageJ(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 3);
    CpuImage cw = new CpuImage(h, w, d, t);
    CpuImage ccw = new CpuImage(h, w, d, t);
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          cw.set(h - 1 - y, x, z, in.get(x, y, z)); // a pixel on the left goes to the top
          ccw.set(y, w - 1 - x, z, in.get(x, y, z));
        }
    FloatProcessor[] slices = toImageJ(in);
    ImageProcessor[] right = new ImageProcessor[d];
    ImageProcessor[] left = new ImageProcessor[d];
    for (int z = 0; z < d; z++) {
      right[z] = slices[z].rotateRight();
      left[z] = slices[z].rotateLeft();
    }
    try (GpuImage src = in.push(gpu);
        GpuImage a = Geometry.rotateClockwise(src, null);
        GpuImage b = Geometry.rotateCounterClockwise(src, null)) {
      assertImageEquals(cw, a);
      assertImageEquals(fromImageJ(right, t), a);
      assertImageEquals(ccw, b);
      assertImageEquals(fromImageJ(left, t), b);
    }
  }

  /** The tiled GPU kernel (rotate90_tiled) on PoCL: odd sizes, 2D and 3D, one pixel type. */
  @Covers({"rotateClockwise", "rotateCounterClockwise"})
  @Test
  void rotate90TiledGpuPathMatchesCpuAndImageJ() {
    GpuCaps.withGpuLayout(
        () -> {
          rotate90MatchesCpuAndImageJ(PixelType.UINT16, 37, 19, 1);
          rotate90MatchesCpuAndImageJ(PixelType.UINT16, 37, 19, 3);
        });
  }

  // ------------------------------------------------------------------ interpolating ops

  /** Maps a destination pixel centre (x+.5, y+.5, z+.5) to a source position. */
  interface Mapping {
    double[] map(double x, double y, double z);
  }

  /**
   * CPU reference for every interpolating op (see Geometry's class doc), in double. Nearest: the
   * pixel containing p; linear: trilinear in index coordinates with edge clamping; outside: 0.
   * Pixels whose position lies within 1e-3 px of a decision border (pixel border for nearest, image
   * extent for both) are skipped: there float32 and double may legitimately decide differently.
   */
  static void assertMapped(
      CpuImage in, GpuImage actualImg, Mapping m, boolean linear, String what) {
    CpuImage actual = CpuImage.pull(actualImg);
    PixelType t = actual.type;
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double v : in.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double range = hi - lo;
    CpuImage expected = CpuImage.like(actual);
    boolean[] compared = new boolean[expected.data.length];
    int checked = 0;
    for (int z = 0; z < actual.d; z++) {
      for (int y = 0; y < actual.h; y++) {
        for (int x = 0; x < actual.w; x++) {
          double[] p = m.map(x + 0.5, y + 0.5, z + 0.5);
          int[] size = {in.w, in.h, in.d};
          boolean ambiguous = false;
          boolean outside = false;
          for (int a = 0; a < 3; a++) {
            if (Math.abs(p[a]) < 1e-3 || Math.abs(p[a] - size[a]) < 1e-3) ambiguous = true;
            if (!linear && Math.abs(p[a] - Math.rint(p[a])) < 1e-3) ambiguous = true;
            if (p[a] < 0 || p[a] >= size[a]) outside = true;
          }
          if (ambiguous) continue;
          double e;
          if (outside) e = 0;
          else if (!linear) e = in.get((int) p[0], (int) p[1], (int) p[2]);
          else e = trilinear(in, p[0] - 0.5, p[1] - 0.5, p[2] - 0.5);
          expected.set(x, y, z, e);
          compared[expected.index(x, y, z)] = true;
          checked++;
        }
      }
    }
    assertTrue(checked > actual.data.length / 2, what + ": too few unambiguous pixels checked");
    double tol = 0;
    if (linear) tol = t == PixelType.FLOAT32 ? 1e-3 + 1e-4 * range : 1;
    assertImageClose(expected, actual, tol, 0, i -> compared[i], what);
  }

  static double trilinear(CpuImage in, double qx, double qy, double qz) {
    int x0 = (int) Math.floor(qx);
    int y0 = (int) Math.floor(qy);
    int z0 = (int) Math.floor(qz);
    double ax = qx - x0;
    double ay = qy - y0;
    double az = qz - z0;
    double v = 0;
    for (int k = 0; k <= 1; k++)
      for (int j = 0; j <= 1; j++)
        for (int i = 0; i <= 1; i++) {
          double wgt = (i == 0 ? 1 - ax : ax) * (j == 0 ? 1 - ay : ay) * (k == 0 ? 1 - az : az);
          if (wgt != 0) v += wgt * in.getClamped(x0 + i, y0 + j, z0 + k);
        }
    return v;
  }

  static Stream<Arguments> typesShapesInterp() {
    return typesAndShapes()
        .flatMap(
            a ->
                Stream.of(Interpolation.NEAREST, Interpolation.LINEAR)
                    .map(i -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3], i)));
  }

  @Covers({"rotate2D", "rotate3D"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3} {4}")
  @MethodSource("typesShapesInterp")
  void rotateMatchesCpuReference(PixelType t, int w, int h, int d, Interpolation ip) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 4);
    boolean linear = ip == Interpolation.LINEAR;
    if (d == 1) {
      for (boolean center : new boolean[] {true, false}) {
        double angle = center ? 30 : -12.5;
        double c = Math.cos(Math.toRadians(angle));
        double s = Math.sin(Math.toRadians(angle));
        double cx = center ? w / 2.0 : 0;
        double cy = center ? h / 2.0 : 0;
        // clockwise on screen: forward x' = cx + c·dx − s·dy, y' = cy + s·dx + c·dy; inverse:
        Mapping m =
            (x, y, z) ->
                new double[] {
                  cx + c * (x - cx) + s * (y - cy), cy - s * (x - cx) + c * (y - cy), z
                };
        try (GpuImage src = in.push(gpu);
            GpuImage dst = Geometry.rotate2D(src, null, (float) angle, center, ip)) {
          assertMapped(in, dst, m, linear, "rotate2D " + angle);
        }
      }
    } else {
      for (boolean center : new boolean[] {true, false}) {
        // around the origin, small angles keep most of the image inside
        double ax = center ? 20 : 3;
        double ay = center ? -35 : -4;
        double az = center ? 50 : 8;
        double[] cc = center ? new double[] {w / 2.0, h / 2.0, d / 2.0} : new double[3];
        Mapping m =
            (x, y, z) -> {
              double[] p = {x - cc[0], y - cc[1], z - cc[2]};
              p = rotZ(p, -az);
              p = rotY(p, -ay);
              p = rotX(p, -ax);
              return new double[] {p[0] + cc[0], p[1] + cc[1], p[2] + cc[2]};
            };
        try (GpuImage src = in.push(gpu);
            GpuImage dst =
                Geometry.rotate3D(src, null, (float) ax, (float) ay, (float) az, center, ip)) {
          assertMapped(in, dst, m, linear, "rotate3D center=" + center);
        }
      }
    }
  }

  static double[] rotX(double[] p, double deg) {
    double c = Math.cos(Math.toRadians(deg));
    double s = Math.sin(Math.toRadians(deg));
    return new double[] {p[0], c * p[1] - s * p[2], s * p[1] + c * p[2]};
  }

  static double[] rotY(double[] p, double deg) {
    double c = Math.cos(Math.toRadians(deg));
    double s = Math.sin(Math.toRadians(deg));
    return new double[] {c * p[0] + s * p[2], p[1], -s * p[0] + c * p[2]};
  }

  static double[] rotZ(double[] p, double deg) {
    double c = Math.cos(Math.toRadians(deg));
    double s = Math.sin(Math.toRadians(deg));
    return new double[] {c * p[0] - s * p[1], s * p[0] + c * p[1], p[2]};
  }

  @Covers({"rotate2D", "rotateClockwise"})
  @Test
  void rotate2DBy90EqualsRotateClockwiseOnSquares() {
    Gpu gpu = TestGpu.get();
    for (int n : new int[] {16, 17}) {
      CpuImage in = CpuImage.random(n, n, 1, PixelType.UINT16, 5);
      try (GpuImage src = in.push(gpu);
          GpuImage a = Geometry.rotate2D(src, null, 90, true, Interpolation.NEAREST);
          GpuImage b = Geometry.rotateClockwise(src, null)) {
        assertImageEquals(CpuImage.pull(b), a);
      }
    }
  }

  @Covers({"rotate3D", "rotate2D"})
  @Test
  void rotate3DAroundZEqualsRotate2DPerSlice() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(21, 13, 4, PixelType.FLOAT32, 6);
    try (GpuImage src = in.push(gpu);
        GpuImage r3 = Geometry.rotate3D(src, null, 0, 0, 33, true, Interpolation.LINEAR)) {
      CpuImage all = CpuImage.pull(r3);
      for (int z = 0; z < 4; z++) {
        CpuImage slice = new CpuImage(21, 13, 1, PixelType.FLOAT32);
        System.arraycopy(in.data, z * 21 * 13, slice.data, 0, 21 * 13);
        CpuImage got = new CpuImage(21, 13, 1, PixelType.FLOAT32);
        System.arraycopy(all.data, z * 21 * 13, got.data, 0, 21 * 13);
        try (GpuImage s = slice.push(gpu);
            GpuImage r2 = Geometry.rotate2D(s, null, 33, true, Interpolation.LINEAR)) {
          org.fovea.ops.testkit.ImageAssert.assertImageClose(got, CpuImage.pull(r2), 1e-4, 1e-6);
        }
      }
    }
  }

  @Covers({"scale2D", "scale3D"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3} {4}")
  @MethodSource("typesShapesInterp")
  void scaleMatchesCpuReference(PixelType t, int w, int h, int d, Interpolation ip) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 7);
    boolean linear = ip == Interpolation.LINEAR;
    double fx = 1.7;
    double fy = 0.6;
    double fz = d > 1 ? 1.3 : 1;
    for (boolean center : new boolean[] {true, false}) {
      double cx = center ? w / 2.0 : 0;
      double cy = center ? h / 2.0 : 0;
      double cz = center && d > 1 ? d / 2.0 : 0;
      Mapping m =
          (x, y, z) -> new double[] {(x - cx) / fx + cx, (y - cy) / fy + cy, (z - cz) / fz + cz};
      try (GpuImage src = in.push(gpu);
          GpuImage dst =
              d == 1
                  ? Geometry.scale2D(src, null, (float) fx, (float) fy, center, ip)
                  : Geometry.scale3D(src, null, (float) fx, (float) fy, (float) fz, center, ip)) {
        assertEquals(w, dst.width());
        assertMapped(in, dst, m, linear, "scale center=" + center);
      }
    }
  }

  @Covers({"scale2D", "scale3D"})
  @Test
  void scaleIntoAnotherCanvasMapsCentreToCentre() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 17);
    double f = 1.6;
    try (GpuImage src = in.push(gpu);
        GpuImage dst = gpu.create(50, 27, 1, PixelType.FLOAT32)) {
      Geometry.scale2D(src, dst, (float) f, (float) f, true, Interpolation.LINEAR);
      Mapping m = (x, y, z) -> new double[] {(x - 25) / f + 15.5, (y - 13.5) / f + 8.5, z};
      assertMapped(in, dst, m, true, "scale into 50×27");
    }
    CpuImage in3 = CpuImage.random(13, 11, 5, PixelType.UINT16, 18);
    try (GpuImage src = in3.push(gpu);
        GpuImage dst = gpu.create(20, 9, 7, PixelType.UINT16)) {
      Geometry.scale3D(src, dst, 1.5f, 0.8f, 1.4f, false, Interpolation.NEAREST);
      Mapping m = (x, y, z) -> new double[] {x / 1.5, y / 0.8, z / 1.4};
      assertMapped(in3, dst, m, false, "scale3D into 20×9×7");
    }
  }

  @Covers({"resample", "makeIsotropic"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3} {4}")
  @MethodSource("typesShapesInterp")
  void resampleMatchesCpuReference(PixelType t, int w, int h, int d, Interpolation ip) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 8);
    boolean linear = ip == Interpolation.LINEAR;
    double fx = 0.52;
    double fy = 1.9;
    double fz = 2;
    int ow = (int) Math.round(w * fx);
    int oh = (int) Math.round(h * fy);
    int od = d > 1 ? (int) Math.round(d * fz) : 1;
    Mapping m =
        (x, y, z) -> new double[] {x * w / (double) ow, y * h / (double) oh, z * d / (double) od};
    try (GpuImage src = in.push(gpu);
        GpuImage a = Geometry.resample(src, null, (float) fx, (float) fy, (float) fz, linear);
        GpuImage b = Geometry.makeIsotropic(src, null, 0.52f, 1.9f, 2f, 1f, linear)) {
      assertArrayEquals(
          new int[] {ow, oh, od}, new int[] {a.width(), a.height(), a.depth()}, "resample size");
      assertMapped(in, a, m, linear, "resample");
      assertImageEquals(CpuImage.pull(a), b);
    }
  }

  @Covers({"downsample2D", "downsample3D"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void downsampleMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 9);
    double fx = 0.5;
    double fy = 0.37;
    double fz = 0.6;
    Mapping m = (x, y, z) -> new double[] {x / fx, y / fy, d > 1 ? z / fz : z};
    try (GpuImage src = in.push(gpu);
        GpuImage dst =
            d == 1
                ? Geometry.downsample2D(src, null, (float) fx, (float) fy)
                : Geometry.downsample3D(src, null, (float) fx, (float) fy, (float) fz)) {
      assertEquals((int) Math.floor(w * fx), dst.width());
      assertEquals((int) Math.floor(h * fy), dst.height());
      assertEquals(d > 1 ? (int) Math.floor(d * fz) : 1, dst.depth());
      // x/0.5 lands exactly on pixel borders (2x+1): those pixels are checked separately below
      assertMapped(
          in,
          dst,
          (x, y, z) -> {
            double[] p = m.map(x, y, z);
            p[0] += 0.25; // (x+0.5)/0.5 = 2x+1 → pixel 2x+1 in float32 and double alike
            return p;
          },
          false,
          "downsample");
    }
  }

  @Covers({"downsample2D", "downsample3D"})
  @Test
  void downsampleWithFactorsAboveOneGrows() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(11, 7, 3, PixelType.UINT8, 19);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Geometry.downsample3D(src, null, 2, 3, 1.5f)) {
      assertArrayEquals(new int[] {22, 21, 4}, new int[] {dst.width(), dst.height(), dst.depth()});
      assertMapped(in, dst, (x, y, z) -> new double[] {x / 2, y / 3, z / 1.5}, false, "grow");
    }
  }

  @Covers({"rotate2D", "scale3D", "resample", "flip2D", "rotateClockwise"})
  @Test
  void badArgumentsAreRejectedClearly() {
    Gpu gpu = TestGpu.get();
    try (GpuImage img2 = gpu.create(8, 6, 1, PixelType.FLOAT32);
        GpuImage img3 = gpu.create(8, 6, 3, PixelType.FLOAT32);
        GpuImage u8 = gpu.create(8, 6, 1, PixelType.UINT8)) {
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Geometry.rotate2D(img3, null, 10, true, Interpolation.LINEAR));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Geometry.scale3D(img3, null, 0, 1, 1, true, Interpolation.LINEAR));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Geometry.resample(img2, null, -1, 1, 1, true));
      assertThrows(
          FoveaException.InvalidArgument.class, () -> Geometry.flip2D(img2, u8, true, false));
      assertThrows(
          FoveaException.InvalidArgument.class, () -> Geometry.rotateClockwise(img2, img2));
    }
  }
}
