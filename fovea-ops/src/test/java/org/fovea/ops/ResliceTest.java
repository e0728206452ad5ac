package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Slicer;
import ij.process.FloatProcessor;
import java.lang.reflect.Field;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResliceTest {
  static Stream<Arguments> types3D() {
    return TestGpu.TYPES.stream().map(t -> Arguments.of(t, 31, 17, 5));
  }

  /** ImageJ's Image > Stacks > Reslice (Slicer) without the dialog, 1-pixel spacing. */
  static CpuImage imageJReslice(CpuImage in, String startAt) throws Exception {
    ImageStack stack = new ImageStack(in.w, in.h);
    for (FloatProcessor fp : GeometryTest.toImageJ(in)) stack.addSlice(fp);
    ImagePlus imp = new ImagePlus("in", stack);
    Slicer slicer = new Slicer();
    set(slicer, "startAt", startAt);
    set(slicer, "rotate", false);
    set(slicer, "flip", false);
    set(slicer, "nointerpolate", true);
    set(slicer, "outputZSpacing", 1.0);
    set(slicer, "inputZSpacing", 1.0);
    ImagePlus out = slicer.reslice(imp);
    ImageStack s = out.getStack();
    CpuImage r = new CpuImage(s.getWidth(), s.getHeight(), s.getSize(), in.type);
    for (int z = 0; z < r.d; z++)
      for (int y = 0; y < r.h; y++)
        for (int x = 0; x < r.w; x++) r.set(x, y, z, s.getProcessor(z + 1).getPixelValue(x, y));
    return r;
  }

  /** ImageJ's Image > Stacks > Z Project (Max) of a CpuImage. */
  static CpuImage imageJMaxZ(CpuImage in) {
    ImageStack stack = new ImageStack(in.w, in.h);
    for (FloatProcessor fp : GeometryTest.toImageJ(in)) stack.addSlice(fp);
    ImagePlus p = ij.plugin.ZProjector.run(new ImagePlus("s", stack), "max");
    CpuImage r = new CpuImage(in.w, in.h, 1, in.type);
    for (int y = 0; y < in.h; y++)
      for (int x = 0; x < in.w; x++) r.set(x, y, 0, p.getProcessor().getPixelValue(x, y));
    return r;
  }

  static void set(Object o, String name, Object value) throws Exception {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    f.set(o, value);
  }

  @Covers({"resliceTop", "resliceBottom", "resliceLeft", "resliceRight"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("types3D")
  void resliceMatchesCpuReferenceAndImageJ(PixelType t, int w, int h, int d) throws Exception {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 11);
    CpuImage top = new CpuImage(w, d, h, t);
    CpuImage bottom = new CpuImage(w, d, h, t);
    CpuImage left = new CpuImage(h, d, w, t);
    CpuImage right = new CpuImage(h, d, w, t);
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          double v = in.get(x, y, z);
          top.set(x, z, y, v);
          bottom.set(x, z, h - 1 - y, v);
          left.set(y, z, x, v);
          right.set(y, z, w - 1 - x, v);
        }
    try (GpuImage src = in.push(gpu);
        GpuImage a = Geometry.reslice(Geometry.Side.Top, src, null);
        GpuImage b = Geometry.reslice(Geometry.Side.Bottom, src, null);
        GpuImage c = Geometry.reslice(Geometry.Side.Left, src, null);
        GpuImage e = Geometry.reslice(Geometry.Side.Right, src, null)) {
      assertImageEquals(top, a);
      assertImageEquals(bottom, b);
      assertImageEquals(left, c);
      assertImageEquals(right, e);
      assertImageEquals(imageJReslice(in, "Top"), a);
      assertImageEquals(imageJReslice(in, "Bottom"), b);
      assertImageEquals(imageJReslice(in, "Left"), c);
      assertImageEquals(imageJReslice(in, "Right"), e);
    }
  }

  @Covers({"maximumXProjection", "maximumYProjection"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("types3D")
  void xyProjectionsMatchCpuReferenceAndImageJ(PixelType t, int w, int h, int d) throws Exception {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 12);
    CpuImage px = new CpuImage(d, h, 1, t);
    CpuImage py = new CpuImage(w, d, 1, t);
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++) {
        double m = -Double.MAX_VALUE;
        for (int x = 0; x < w; x++) m = Math.max(m, in.get(x, y, z));
        px.set(z, y, 0, m);
      }
    for (int z = 0; z < d; z++)
      for (int x = 0; x < w; x++) {
        double m = -Double.MAX_VALUE;
        for (int y = 0; y < h; y++) m = Math.max(m, in.get(x, y, z));
        py.set(x, z, 0, m);
      }
    try (GpuImage src = in.push(gpu);
        GpuImage a = Projections.maximumXProjection(src, null);
        GpuImage b = Projections.maximumYProjection(src, null)) {
      assertImageEquals(px, a);
      assertImageEquals(py, b);
      // ImageJ: reslice from the top, then Z Project (Max) = the Y projection; from the left,
      // then Z Project = the X projection transposed
      assertImageEquals(imageJMaxZ(imageJReslice(in, "Top")), b);
      CpuImage leftMax = imageJMaxZ(imageJReslice(in, "Left")); // (y, z)
      CpuImage transposed = new CpuImage(d, h, 1, t);
      for (int z = 0; z < d; z++)
        for (int y = 0; y < h; y++) transposed.set(z, y, 0, leftMax.get(y, z, 0));
      assertImageEquals(transposed, a);
    }
  }

  /** CPU reference of resliceRadial (definition in the op's notes), in double. */
  static CpuImage radialReference(
      CpuImage in,
      int nr,
      int na,
      double step,
      double start,
      double cx,
      double cy,
      double sx,
      double sy,
      PixelType t) {
    CpuImage out = new CpuImage(nr, in.d, na, t);
    for (int a = 0; a < na; a++) {
      double th = Math.toRadians(a * step + start);
      for (int z = 0; z < in.d; z++)
        for (int r = 0; r < nr; r++) {
          double px = cx + Math.sin(th) * r * sx;
          double py = cy + Math.cos(th) * r * sy;
          int x0 = (int) Math.floor(px);
          int y0 = (int) Math.floor(py);
          double ax = px - x0;
          double ay = py - y0;
          double v =
              (1 - ay) * ((1 - ax) * at(in, x0, y0, z) + ax * at(in, x0 + 1, y0, z))
                  + ay * ((1 - ax) * at(in, x0, y0 + 1, z) + ax * at(in, x0 + 1, y0 + 1, z));
          out.set(r, z, a, v);
        }
    }
    return out;
  }

  static double at(CpuImage in, int x, int y, int z) {
    if (x < 0 || y < 0 || x >= in.w || y >= in.h) return 0;
    return in.get(x, y, z);
  }

  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  @Covers("resliceRadial")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void resliceRadialMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 13);
    double range = 0;
    for (double v : in.data) range = Math.max(range, Math.abs(v));
    double tol = t == PixelType.FLOAT32 ? 1e-3 + 1e-4 * range : 1;
    try (GpuImage src = in.push(gpu)) {
      // defaults: 360 angles of 1°, centre (w/2, h/2)
      try (GpuImage dst =
          Geometry.resliceRadial(src, null, 360, 1, 0, Float.NaN, Float.NaN, 1, 1)) {
        int nr = (int) Math.sqrt((w / 2) * (w / 2) + (h / 2) * (h / 2));
        assertArrayEquals(
            new int[] {nr, d, 360}, new int[] {dst.width(), dst.height(), dst.depth()});
        assertImageClose(
            radialReference(in, nr, 360, 1, 0, w / 2.0, h / 2.0, 1, 1, t), dst, tol, 0);
      }
      // off-centre, 2.5° steps, start angle, anisotropic scale
      try (GpuImage dst = Geometry.resliceRadial(src, null, 90, 2.5f, 10, 9.3f, 6.7f, 1.2f, 0.8f)) {
        assertImageClose(
            radialReference(in, dst.width(), 36, 2.5, 10, 9.3, 6.7, 1.2, 0.8, t), dst, tol, 0);
      }
    }
  }

  @Covers("resliceRadial")
  @Test
  void resliceRadialAtZeroDegreesReadsDownwardsAlongY() {
    // θ = 0 points along +Y: the first output slice is the column below the centre
    Gpu gpu = TestGpu.get();
    CpuImage in = new CpuImage(9, 9, 1, PixelType.FLOAT32);
    for (int y = 0; y < 9; y++) in.set(4, y, 0, 10 + y);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Geometry.resliceRadial(src, null, 360, 90, 0, 4, 4, 1, 1)) {
      CpuImage out = CpuImage.pull(dst);
      for (int r = 0; r <= 4; r++) {
        org.junit.jupiter.api.Assertions.assertEquals(14 + r, out.get(r, 0, 0), 1e-5);
        org.junit.jupiter.api.Assertions.assertEquals(14 - r, out.get(r, 0, 2), 1e-4);
      }
    }
  }

  @Covers({"resliceTop", "resliceRadial", "maximumXProjection"})
  @Test
  void badArgumentsAreRejectedClearly() {
    Gpu gpu = TestGpu.get();
    try (GpuImage img2 = gpu.create(8, 6, 1, PixelType.FLOAT32);
        GpuImage img3 = gpu.create(8, 6, 3, PixelType.FLOAT32)) {
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Geometry.reslice(Geometry.Side.Top, img2, null));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Geometry.resliceRadial(img3, null, 360, 0, 0, Float.NaN, Float.NaN, 1, 1));
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Projections.maximumXProjection(img3, img3)); // destination of the wrong shape
    }
  }
}
