package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** set, crop2D, crop3D and copySlice against a CPU reference and ImageJ (2D and 3D, odd sizes). */
class CropSliceSetTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.typesAndShapes();
  }

  static Stream<Arguments> types() {
    return TestGpu.TYPES.stream().map(Arguments::of);
  }

  /** One ImageJ processor per slice (float; exact for the test values, < 2^24). */
  static ImageStack toImageJ(CpuImage img) {
    ImageStack s = new ImageStack(img.w, img.h);
    for (int z = 0; z < img.d; z++) {
      float[] px = new float[img.w * img.h];
      for (int i = 0; i < px.length; i++) px[i] = (float) img.data[i + z * img.w * img.h];
      s.addSlice(new FloatProcessor(img.w, img.h, px));
    }
    return s;
  }

  static CpuImage fromImageJ(ImageStack s, PixelType t) {
    CpuImage out = new CpuImage(s.getWidth(), s.getHeight(), s.getSize(), t);
    for (int z = 0; z < out.d; z++) {
      ImageProcessor ip = s.getProcessor(z + 1);
      for (int y = 0; y < out.h; y++)
        for (int x = 0; x < out.w; x++) out.set(x, y, z, ip.getPixelValue(x, y));
    }
    return out;
  }

  static CpuImage cropCpu(CpuImage in, int x0, int y0, int z0, int w, int h, int d) {
    CpuImage e = new CpuImage(w, h, d, in.type);
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          int sx = x + x0, sy = y + y0, sz = z + z0;
          boolean inside = sx >= 0 && sx < in.w && sy >= 0 && sy < in.h && sz >= 0 && sz < in.d;
          e.set(x, y, z, inside ? in.get(sx, sy, sz) : 0);
        }
    return e;
  }

  // ------------------------------------------------------------------ set

  @Covers("set")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void setMatchesCpuAndImageJ(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 3);
    for (double v : new double[] {200, 2.5, 3.5, -1, 300.5, 70000}) {
      CpuImage e = CpuImage.like(in);
      for (int i = 0; i < e.data.length; i++) e.setRaw(i, CpuImage.convert((float) v, t));
      try (GpuImage img = in.push(gpu)) {
        Arithmetic.set(img, (float) v);
        assertImageEquals(e, img);
      }
    }
    // ImageJ's Process > Math > Set on a processor of the same type (uint32: no ImageJ type)
    ImageProcessor ip =
        switch (t) {
          case UINT8 -> new ByteProcessor(w, h);
          case UINT16 -> new ShortProcessor(w, h);
          case FLOAT32 -> new FloatProcessor(w, h);
          default -> null;
        };
    if (ip != null) {
      ip.set(200);
      CpuImage ij = CpuImage.like(in);
      for (int z = 0; z < d; z++)
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++) ij.set(x, y, z, ip.getPixelValue(x, y));
      try (GpuImage img = in.push(gpu)) {
        Arithmetic.set(img, 200f);
        assertImageEquals(ij, img);
      }
    }
  }

  // ------------------------------------------------------------------ crops

  @Covers("crop2D")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void crop2DMatchesCpuAndImageJ(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, t, 5);
    ImageProcessor ip = toImageJ(in).getProcessor(1);
    ip.setRoi(4, 3, 13, 9);
    ImageStack ijCrop = new ImageStack(13, 9);
    ijCrop.addSlice(ip.crop());
    try (GpuImage src = in.push(gpu);
        GpuImage inside = Geometry.crop2D(src, null, 4, 3, 13, 9);
        GpuImage across = Geometry.crop2D(src, null, 25, -2, 9, 7)) {
      assertEquals(t, inside.type());
      assertImageEquals(cropCpu(in, 4, 3, 0, 13, 9, 1), inside);
      assertImageEquals(fromImageJ(ijCrop, t), inside);
      assertImageEquals(cropCpu(in, 25, -2, 0, 9, 7, 1), across);
      assertThrows(FoveaException.class, () -> Geometry.crop2D(src, null, 0, 0, 0, 5));
    }
  }

  @Covers("crop3D")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void crop3DMatchesCpuAndImageJ(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 5, t, 6);
    ImageStack all = toImageJ(in);
    ImageStack ijCrop = new ImageStack(11, 7);
    for (int z = 1; z < 4; z++) {
      ImageProcessor ip = all.getProcessor(z + 1);
      ip.setRoi(2, 5, 11, 7);
      ijCrop.addSlice(ip.crop());
    }
    try (GpuImage src = in.push(gpu);
        GpuImage inside = Geometry.crop3D(src, null, 2, 5, 1, 11, 7, 3);
        GpuImage across = Geometry.crop3D(src, null, -3, 12, 3, 9, 7, 4)) {
      assertImageEquals(cropCpu(in, 2, 5, 1, 11, 7, 3), inside);
      assertImageEquals(fromImageJ(ijCrop, t), inside);
      assertImageEquals(cropCpu(in, -3, 12, 3, 9, 7, 4), across);
    }
  }

  // ------------------------------------------------------------------ copySlice

  @Covers("copySlice")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void copySliceBothWaysMatchesCpuAndImageJ(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage stack = CpuImage.random(31, 17, 5, t, 7);
    CpuImage plane = CpuImage.random(31, 17, 1, t, 8);
    ImageStack ij = toImageJ(stack);
    ImageStack ijSlice = new ImageStack(31, 17);
    ijSlice.addSlice(ij.getProcessor(3 + 1));
    ij.setProcessor(toImageJ(plane).getProcessor(1), 2 + 1);
    CpuImage pasted = CpuImage.like(stack);
    for (int z = 0; z < 5; z++)
      for (int y = 0; y < 17; y++)
        for (int x = 0; x < 31; x++)
          pasted.set(x, y, z, z == 2 ? plane.get(x, y, 0) : stack.get(x, y, z));
    try (GpuImage s = stack.push(gpu);
        GpuImage p = plane.push(gpu);
        GpuImage slice = Conversions.copySlice(s, null, 3);
        GpuImage fresh = Conversions.copySlice(p, null, 2)) {
      // 3D → 2D
      assertEquals(1, slice.depth());
      assertImageEquals(cropCpu(stack, 0, 0, 3, 31, 17, 1), slice);
      assertImageEquals(fromImageJ(ijSlice, t), slice);
      // 2D → a new stack of sliceIndex + 1 slices
      assertImageEquals(cropCpu(plane, 0, 0, -2, 31, 17, 3), fresh);
      // 2D → slice 2 of an existing stack, the other slices unchanged
      assertEquals(s, Conversions.copySlice(p, s, 2));
      assertImageEquals(pasted, s);
      assertImageEquals(fromImageJ(ij, t), s);
      assertThrows(FoveaException.class, () -> Conversions.copySlice(s, null, 5));
      assertThrows(FoveaException.class, () -> Conversions.copySlice(p, s, 5));
      assertThrows(FoveaException.class, () -> Conversions.copySlice(p, slice, 0));
    }
  }

  // ------------------------------------------------------------------ setRandom

  static int hash(int x) {
    x ^= x >>> 16;
    x *= 0x7feb352d;
    x ^= x >>> 15;
    x *= 0x846ca68b;
    x ^= x >>> 16;
    return x;
  }

  /** The documented generator, in plain Java: min + u·(max − min), u from hash(seed, index). */
  static CpuImage randomCpu(CpuImage like, float min, float max, long seed) {
    CpuImage e = CpuImage.like(like);
    int k0 = hash((int) seed ^ hash((int) (seed >>> 32) + 0x9e3779b9));
    for (int i = 0; i < e.data.length; i++) {
      long idx = i;
      int k = hash(hash(k0 ^ (int) idx) ^ (int) (idx >>> 32));
      float u = (float) (k >>> 8) * (1.0f / 16777216.0f);
      float v = min + u * (max - min);
      e.setRaw(i, CpuImage.convert(v, like.type));
    }
    return e;
  }

  @Covers("setRandom")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void setRandomMatchesCpuAndIsUniform(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 4);
    long seed = 1733500000123L; // a getTime() value: more than 32 bits
    try (GpuImage img = in.push(gpu);
        GpuImage other = in.push(gpu)) {
      Arithmetic.setRandom(img, 10f, 250f, seed);
      CpuImage expected = randomCpu(in, 10f, 250f, seed);
      assertImageEquals(expected, img);
      // uniform in [10, 250): the mean within 5 standard errors, every value in range
      double sum = 0;
      for (double v : expected.data) {
        if (v < 10 || v > 250) throw new AssertionError("out of range: " + v);
        sum += v;
      }
      double n = expected.data.length;
      assertEquals(130, sum / n, 5 * 240 / Math.sqrt(12 * n));
      // another seed, other numbers
      Arithmetic.setRandom(other, 10f, 250f, seed + 1);
      CpuImage o = CpuImage.pull(other);
      int same = 0;
      for (int i = 0; i < o.data.length; i++) if (o.data[i] == expected.data[i]) same++;
      if (same > o.data.length / 20 + 2) throw new AssertionError(same + " equal pixels");
    }
  }
}
