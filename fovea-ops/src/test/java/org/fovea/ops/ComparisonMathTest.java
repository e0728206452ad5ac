package org.fovea.ops;

import static org.fovea.ops.testkit.CpuImage.map;
import static org.fovea.ops.testkit.CpuImage.map2;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.ImagePlus;
import ij.plugin.ImageCalculator;
import ij.plugin.filter.EDM;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.Random;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The comparison family, masks, binary shape ops, distance map, the extra pixel-wise math, set
 * lines/ramps, conversions, matrix product and slice equalisation against plain-Java references
 * written here (sharing nothing with the kernels), on one small odd-sized 2D and 3D image per pixel
 * type (13×7 and 13×7×3: 91 pixels per slice exercise the 8-wide vector path and its tail), and
 * against ImageJ where ImageJ has the operation.
 */
class ComparisonMathTest {
  static final int W = 13;
  static final int H = 7;

  static Stream<Arguments> typesAndDepths() {
    return TestGpu.TYPES.stream().flatMap(t -> Stream.of(Arguments.of(t, 1), Arguments.of(t, 3)));
  }

  static Stream<PixelType> types() {
    return TestGpu.TYPES.stream();
  }

  /** Random pixels with a few special values (half-integers, out of range, NaN for float). */
  static CpuImage input(PixelType t, int d, long seed) {
    CpuImage a = CpuImage.random(W, H, d, t, seed);
    if (t == PixelType.FLOAT32) {
      double[] special = {2.5, 3.5, -1, 300, 70000, Double.NaN, 0, -0.5, 254.5, 1e18};
      for (int i = 0; i < special.length; i++) a.data[i * 7 + 3] = (float) special[i];
    }
    return a;
  }

  /** A second image equal to {@code a} on every third pixel, 0 on every fourth, else random. */
  static CpuImage partner(CpuImage a, long seed) {
    CpuImage r = CpuImage.random(a.w, a.h, a.d, a.type, seed);
    for (int i = 0; i < r.data.length; i++) {
      if (i % 3 == 0) r.data[i] = a.data[i];
      else if (i % 4 == 0) r.data[i] = 0;
    }
    return r;
  }

  static double bool(boolean b) {
    return b ? 1 : 0;
  }

  /** Equal values (infinities included) or |e − a| ≤ rel·|e|; NaN only against NaN. */
  static void assertClose(CpuImage expected, GpuImage actual, double rel, String what) {
    CpuImage a = CpuImage.pull(actual);
    assertEquals(expected.type, a.type, what + ": pixel type");
    assertEquals(expected.data.length, a.data.length, what + ": size");
    for (int i = 0; i < a.data.length; i++) {
      double e = expected.data[i];
      double v = a.data[i];
      boolean ok =
          e == v || (Double.isNaN(e) && Double.isNaN(v)) || Math.abs(e - v) <= rel * Math.abs(e);
      if (!ok) fail(what + ": pixel " + i + " expected " + e + ", got " + v);
    }
  }

  /** The Java comparison of each family member, written independently of the kernel. */
  static boolean holds(Binary.Comparison c, double a, double b) {
    return switch (c) {
      case greater -> a > b;
      case greaterOrEqual -> a >= b;
      case smaller -> a < b;
      case smallerOrEqual -> a <= b;
      case equal -> a == b;
      case notEqual -> a != b;
    };
  }

  @Covers({
    "greater",
    "greaterOrEqual",
    "smaller",
    "smallerOrEqual",
    "equal",
    "notEqual",
    "greaterConstant",
    "greaterOrEqualConstant",
    "smallerConstant",
    "smallerOrEqualConstant",
    "equalConstant",
    "notEqualConstant"
  })
  @ParameterizedTest(name = "{0} depth {1}")
  @MethodSource("typesAndDepths")
  void comparisonsMatchJavaComparisons(PixelType t, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = input(t, d, 11);
    CpuImage b = partner(a, 12);
    // a value the image has (equality holds somewhere), a fraction, NaN
    double[] constants = {a.data[20], 100.5, Double.NaN};
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu)) {
      for (Binary.Comparison c : Binary.Comparison.values()) {
        // float32 images are compared in float, as the constant: the reference does the same
        CpuImage e = map2(a, b, t, (x, y) -> bool(holds(c, x, y)));
        try (GpuImage r = Binary.compareImages(c, ga, gb, null)) {
          assertImageEquals(e, r);
        }
        for (double k : constants) {
          double kk = t == PixelType.FLOAT32 ? (float) k : k;
          CpuImage ek = map(a, t, x -> bool(holds(c, x, kk)));
          try (GpuImage r = Binary.compareConstant(c, ga, null, k)) {
            assertImageEquals(ek, r);
          }
        }
      }
    }
  }

  @Covers({"mask", "maskStackWithPlane"})
  @ParameterizedTest(name = "{0} depth {1}")
  @MethodSource("typesAndDepths")
  void maskKeepsPixelsWhereTheMaskIsNonZero(PixelType t, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = input(t, d, 13);
    CpuImage m = partner(a, 14);
    CpuImage e = map2(a, m, t, (x, y) -> y != 0 ? x : 0);
    try (GpuImage ga = a.push(gpu);
        GpuImage gm = m.push(gpu);
        GpuImage r = Binary.mask(ga, gm, null)) {
      assertImageEquals(e, r);
    }
    if (d == 1) return;
    CpuImage plane = new CpuImage(W, H, 1, t);
    System.arraycopy(m.data, 0, plane.data, 0, W * H);
    CpuImage ep = CpuImage.like(a);
    for (int i = 0; i < a.data.length; i++)
      ep.data[i] = plane.data[i % (W * H)] != 0 ? a.data[i] : 0;
    try (GpuImage ga = a.push(gpu);
        GpuImage gp = plane.push(gpu);
        GpuImage r = Binary.maskStackWithPlane(ga, gp, null)) {
      assertImageEquals(ep, r);
      assertThrows(
          FoveaException.InvalidArgument.class, () -> Binary.maskStackWithPlane(gp, gp, null));
    }
  }

  @Covers({
    "subtractImageFromScalar",
    "absoluteDifference",
    "squaredDifference",
    "divideImages",
    "logarithm",
    "exponential",
    "invert",
    "undefinedToZero"
  })
  @ParameterizedTest(name = "{0} depth {1}")
  @MethodSource("typesAndDepths")
  void pixelMathMatchesFloatReference(PixelType t, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = input(t, d, 15);
    CpuImage b = partner(a, 16);
    PixelType f32 = PixelType.FLOAT32;
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu)) {
      float s = 200.5f;
      try (GpuImage r = Arithmetic.subtractImageFromScalar(ga, null, s)) {
        assertImageEquals(map(a, t, x -> (float) (s - (float) x)), r);
      }
      try (GpuImage r = Arithmetic.absoluteDifference(ga, gb, null)) {
        assertImageEquals(map2(a, b, t, (x, y) -> Math.abs((float) ((float) x - (float) y))), r);
      }
      try (GpuImage r = Arithmetic.squaredDifference(ga, gb, null)) {
        assertImageEquals(
            map2(
                a,
                b,
                t,
                (x, y) -> {
                  float diff = (float) x - (float) y;
                  return diff * diff;
                }),
            r);
      }
      try (GpuImage r = Arithmetic.divideImages(ga, gb, null)) {
        assertClose(map2(a, b, f32, (x, y) -> (float) x / (float) y), r, 1e-6, "divideImages");
      }
      try (GpuImage r = Arithmetic.logarithm(ga, null)) {
        assertClose(map(a, f32, x -> Math.log((float) x)), r, 1e-6, "logarithm");
      }
      try (GpuImage r = Arithmetic.exponential(ga, null)) {
        assertClose(map(a, f32, x -> Math.exp((float) x)), r, 1e-6, "exponential");
      }
      try (GpuImage r = Arithmetic.invert(ga, null)) {
        assertImageEquals(map(a, f32, x -> -(float) x), r);
      }
      try (GpuImage r = Arithmetic.undefinedToZero(ga, null)) {
        assertImageEquals(map(a, t, x -> Double.isFinite(x) ? x : 0), r);
      }
    }
  }

  @Covers({"convertFloat", "convertUInt8", "convertUInt16"})
  @ParameterizedTest(name = "{0} depth {1}")
  @MethodSource("typesAndDepths")
  void conversionsSaturateAndRoundHalfToEven(PixelType t, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = input(t, d, 17);
    try (GpuImage ga = a.push(gpu)) {
      for (Conversions.Target target : Conversions.Target.values()) {
        PixelType to = target.type();
        CpuImage e = CpuImage.like(a, to);
        for (int i = 0; i < a.data.length; i++) {
          double v = a.data[i];
          double r;
          if (to == PixelType.FLOAT32) r = (float) v;
          else if (Double.isNaN(v)) r = 0;
          else r = Math.max(0, Math.min(to.max(), Math.rint(v)));
          e.data[i] = r;
        }
        try (GpuImage r = Conversions.convertTo(target, ga, null)) {
          assertImageEquals(e, r);
        }
      }
    }
  }

  @Covers({"setColumn", "setRow", "setPlane", "setRampX", "setRampY", "setRampZ"})
  @ParameterizedTest(name = "{0} depth {1}")
  @MethodSource("typesAndDepths")
  void setLinesAndRamps(PixelType t, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage a = input(t, d, 18);
    try (GpuImage g = a.push(gpu)) {
      Arithmetic.setIndex(Arithmetic.Line.Column, g, 4, 7.5f);
      Arithmetic.setIndex(Arithmetic.Line.Row, g, 6, 300f);
      if (d > 1) Arithmetic.setIndex(Arithmetic.Line.Plane, g, 1, -2f);
      CpuImage e = CpuImage.like(a);
      for (int z = 0; z < d; z++) {
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            double v = a.get(x, y, z);
            if (x == 4) v = 7.5;
            if (y == 6) v = 300;
            if (z == 1) v = -2;
            e.set(x, y, z, v);
          }
        }
      }
      assertImageEquals(e, g);
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Arithmetic.setIndex(Arithmetic.Line.Row, g, H, 1f));
      for (Arithmetic.Axis axis : Arithmetic.Axis.values()) {
        Arithmetic.setRamp(axis, g);
        CpuImage ramp = CpuImage.like(a);
        for (int z = 0; z < d; z++) {
          for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
              ramp.set(x, y, z, axis == Arithmetic.Axis.X ? x : axis == Arithmetic.Axis.Y ? y : z);
            }
          }
        }
        assertImageEquals(ramp, g);
      }
    }
  }

  /** Blobs with holes: random squares with a one-pixel background centre, as 0/value pixels. */
  static CpuImage holes(PixelType t, int w, int h, int d, long seed) {
    CpuImage m = new CpuImage(w, h, d, t);
    Random r = new Random(seed);
    double fg = t == PixelType.FLOAT32 ? 0.5 : 3;
    for (int k = 0; k < 6; k++) {
      int cx = r.nextInt(w), cy = r.nextInt(h), cz = r.nextInt(d);
      for (int z = Math.max(0, cz - 1); z <= Math.min(d - 1, cz + 1); z++) {
        for (int y = Math.max(0, cy - 2); y <= Math.min(h - 1, cy + 2); y++) {
          for (int x = Math.max(0, cx - 2); x <= Math.min(w - 1, cx + 2); x++) {
            m.data[m.index(x, y, z)] = fg;
          }
        }
      }
      m.data[m.index(cx, cy, cz)] = 0;
    }
    // a ring whose hole touches a diagonal gap (stays a hole with face connectivity)
    for (int x = 1; x <= 5; x++) {
      m.data[m.index(x, 1, 0)] = fg;
      m.data[m.index(x, 5, 0)] = x < 5 ? fg : 0;
      m.data[m.index(1, x, 0)] = fg;
      m.data[m.index(5, x, 0)] = x < 5 ? fg : 0;
    }
    return m;
  }

  /** Face neighbours (4 in 2D, 6 in 3D) of pixel i inside the image. */
  static int[] faces(CpuImage m, int i) {
    int x = i % m.w, y = (i / m.w) % m.h, z = i / (m.w * m.h);
    int[][] off = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
    int[] out = new int[m.d > 1 ? 6 : 4];
    int n = 0;
    for (int k = 0; k < out.length; k++) {
      int nx = x + off[k][0], ny = y + off[k][1], nz = z + off[k][2];
      if (nx >= 0 && ny >= 0 && nz >= 0 && nx < m.w && ny < m.h && nz < m.d) {
        out[n++] = m.index(nx, ny, nz);
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Fill holes by a breadth-first flood of the background from the border. */
  static CpuImage fillHolesReference(CpuImage m) {
    boolean[] outside = new boolean[m.data.length];
    java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
    for (int i = 0; i < m.data.length; i++) {
      int x = i % m.w, y = (i / m.w) % m.h, z = i / (m.w * m.h);
      boolean border =
          x == 0 || y == 0 || x == m.w - 1 || y == m.h - 1 || (m.d > 1 && (z == 0 || z == m.d - 1));
      if (border && m.data[i] == 0) {
        outside[i] = true;
        queue.add(i);
      }
    }
    while (!queue.isEmpty()) {
      for (int j : faces(m, queue.poll())) {
        if (!outside[j] && m.data[j] == 0) {
          outside[j] = true;
          queue.add(j);
        }
      }
    }
    CpuImage e = CpuImage.like(m);
    for (int i = 0; i < e.data.length; i++) e.data[i] = outside[i] ? 0 : 1;
    return e;
  }

  static CpuImage edgeReference(CpuImage m) {
    CpuImage e = CpuImage.like(m);
    for (int i = 0; i < e.data.length; i++) {
      boolean edge = false;
      if (m.data[i] != 0) for (int j : faces(m, i)) edge |= m.data[j] == 0;
      e.data[i] = bool(edge);
    }
    return e;
  }

  /** Brute force: the distance to every background pixel, the smallest kept. */
  static CpuImage distanceReference(CpuImage m) {
    CpuImage e = CpuImage.like(m, PixelType.FLOAT32);
    for (int i = 0; i < m.data.length; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int j = 0; j < m.data.length; j++) {
        if (m.data[j] != 0) continue;
        double dx = i % m.w - j % m.w;
        double dy = (i / m.w) % m.h - (j / m.w) % m.h;
        double dz = i / (m.w * m.h) - j / (m.w * m.h);
        best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
      }
      e.data[i] = (float) best;
    }
    return e;
  }

  @Covers({"binaryFillHoles", "binaryEdgeDetection", "distanceMap"})
  @ParameterizedTest(name = "{0} depth {1}")
  @MethodSource("typesAndDepths")
  void binaryShapeOpsMatchReferences(PixelType t, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage m = holes(t, 17, 11, d == 1 ? 1 : 5, 19);
    try (GpuImage g = m.push(gpu)) {
      try (GpuImage r = Binary.binaryFillHoles(g, null)) {
        assertImageEquals(fillHolesReference(m), r);
      }
      try (GpuImage r = Binary.binaryEdgeDetection(g, null)) {
        assertImageEquals(edgeReference(m), r);
      }
      try (GpuImage r = Binary.distanceMap(g, null)) {
        assertClose(distanceReference(m), r, 1e-6, "distanceMap");
      }
    }
  }

  /** ImageJ's Fill Holes, Outline and EDM (32-bit) on a 2D 8-bit mask give the same pixels. */
  @Covers({"binaryFillHoles", "binaryEdgeDetection", "distanceMap"})
  @Test
  void binaryShapeOpsMatchImageJ() {
    Gpu gpu = TestGpu.get();
    CpuImage m = holes(PixelType.UINT8, 23, 19, 1, 21);
    ByteProcessor ip = new ByteProcessor(m.w, m.h);
    for (int i = 0; i < m.data.length; i++) ip.set(i, m.data[i] != 0 ? 255 : 0);
    boolean black = ij.Prefs.blackBackground;
    ij.Prefs.blackBackground = true;
    try (GpuImage g = m.push(gpu)) {
      ImagePlus filled = imageJBinary("fill", ip);
      try (GpuImage r = Binary.binaryFillHoles(g, null)) {
        assertImageEquals(mask255(filled.getProcessor()), r);
      }
      FloatProcessor edm = new EDM().makeFloatEDM(ip, 0, false);
      try (GpuImage r = Binary.distanceMap(g, null)) {
        assertClose(ImageJBridge.fromProcessor(edm, PixelType.FLOAT32), r, 1e-6, "EDM");
      }
      ImagePlus outline = imageJBinary("outline", ip);
      CpuImage e = mask255(outline.getProcessor());
      try (GpuImage r = Binary.binaryEdgeDetection(g, null)) {
        // ImageJ's Outline also counts diagonal background neighbours (8-neighbourhood) and the
        // outside of the image as background: away from the border, Fovea's (CLIJ2's) face-
        // neighbour edges are exactly ImageJ's outline pixels that have a background face
        // neighbour
        CpuImage a = CpuImage.pull(r);
        CpuImage faceEdges = edgeReference(m);
        int kept = 0;
        for (int y = 1; y < m.h - 1; y++) {
          for (int x = 1; x < m.w - 1; x++) {
            double expected = e.get(x, y, 0) * faceEdges.get(x, y, 0);
            assertEquals(expected, a.get(x, y, 0), "outline at " + x + "," + y);
            kept += (int) expected;
          }
        }
        assertTrue(kept > 10, "too few edge pixels: " + kept);
      }
    } finally {
      ij.Prefs.blackBackground = black;
    }
  }

  /** Runs Process > Binary > {@code command} (ImageJ's Binary filter) on a copy of {@code ip}. */
  static ImagePlus imageJBinary(String command, ByteProcessor ip) {
    ImagePlus imp = new ImagePlus("m", ip.duplicate());
    ij.plugin.filter.Binary binary = new ij.plugin.filter.Binary();
    binary.setup(command, imp);
    binary.run(imp.getProcessor());
    return imp;
  }

  static CpuImage mask255(ImageProcessor ip) {
    CpuImage c = new CpuImage(ip.getWidth(), ip.getHeight(), 1, PixelType.UINT8);
    for (int i = 0; i < c.data.length; i++) c.data[i] = ip.get(i) != 0 ? 1 : 0;
    return c;
  }

  /** absoluteDifference is ImageJ's Image Calculator Difference on 8-bit images. */
  @Covers("absoluteDifference")
  @Test
  void absoluteDifferenceMatchesImageJDifference() {
    Gpu gpu = TestGpu.get();
    CpuImage a = input(PixelType.UINT8, 1, 23);
    CpuImage b = partner(a, 24);
    ImagePlus ia = ImageJBridge.imagePlus(a);
    ImagePlus diff = ImageCalculator.run(ia, ImageJBridge.imagePlus(b), "Difference create");
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu);
        GpuImage r = Arithmetic.absoluteDifference(ga, gb, null)) {
      assertImageEquals(ImageJBridge.fromProcessor(diff.getProcessor(), PixelType.UINT8), r);
    }
  }

  @Covers("multiplyMatrix")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void multiplyMatrixMatchesFloatReference(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage m1 = CpuImage.random(5, 3, 1, t, 25); // 5 columns, 3 rows
    CpuImage m2 = CpuImage.random(7, 5, 1, t, 26); // 7 columns, 5 rows
    CpuImage e = new CpuImage(7, 3, 1, PixelType.FLOAT32);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 7; x++) {
        float s = 0;
        for (int k = 0; k < 5; k++) {
          s = Math.fma((float) m1.get(k, y, 0), (float) m2.get(x, k, 0), s);
        }
        e.data[e.index(x, y, 0)] = s;
      }
    }
    try (GpuImage g1 = m1.push(gpu);
        GpuImage g2 = m2.push(gpu);
        GpuImage r = Arithmetic.multiplyMatrix(g1, g2, null)) {
      assertImageEquals(e, r);
      assertThrows(
          FoveaException.InvalidArgument.class, () -> Arithmetic.multiplyMatrix(g2, g2, null));
    }
  }

  @Covers("equalizeMeanIntensitiesOfSlices")
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void equalizeMeanIntensitiesOfSlicesMatchesReference(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage a = CpuImage.random(W, H, 4, t, 27);
    double[] sums = new double[a.d];
    for (int i = 0; i < a.data.length; i++) sums[i / (W * H)] += a.data[i];
    int ref = 2;
    CpuImage e = CpuImage.like(a);
    for (int i = 0; i < a.data.length; i++) {
      e.setRaw(i, a.data[i] * sums[ref] / sums[i / (W * H)]);
    }
    try (GpuImage g = a.push(gpu);
        GpuImage r = Arithmetic.equalizeMeanIntensitiesOfSlices(g, null, ref)) {
      // float slice sums: integer results may round the other way next to .5
      boolean f = t == PixelType.FLOAT32;
      org.fovea.ops.testkit.ImageAssert.assertImageClose(e, r, f ? 0 : 1, f ? 1e-5 : 0);
    }
  }
}
