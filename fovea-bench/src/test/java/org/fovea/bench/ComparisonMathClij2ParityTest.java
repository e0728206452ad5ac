package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Arithmetic;
import org.fovea.ops.Binary;
import org.fovea.ops.Conversions;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * The comparison family, masks, binary shape ops, pixel math, set lines/ramps, conversions, matrix
 * product and slice equalisation against CLIJ2 2.5.3.1 in the same JVM (a subset kept small for CI:
 * each CLIJ2 op costs a kernel build of about 4 s on PoCL here; binaryOr/XOr, squaredDifference,
 * divideImages, logarithm, exponential, invert, undefinedToZero, convertFloat/UInt16 matched CLIJ2
 * in the same way once and are covered by the CPU references of ComparisonMathTest): the
 * comparisons on a small uint16 stack, the pixel math on a float32 stack, fill holes and edges on
 * uint16 2D and 3D masks. Differences allowed: integer results that CLIJ2 truncates and Fovea
 * rounds half to even (at most 1, in equalizeMeanIntensitiesOfSlices).
 */
class ComparisonMathClij2ParityTest extends Clij2Parity {
  static final List<PixelType> TYPES =
      List.of(PixelType.UINT8, PixelType.UINT16, PixelType.FLOAT32);
  static final int[][] SHAPES = {{13, 7, 1}, {13, 7, 3}};

  /** Random pixels; integers in every type (so sums and differences are exact). */
  static CpuImage image(PixelType t, int w, int h, int d, long seed) {
    CpuImage c = CpuImage.random(w, h, d, t, seed);
    if (t == PixelType.FLOAT32)
      for (int i = 0; i < c.data.length; i++) c.data[i] = Math.rint(c.data[i]);
    return c;
  }

  /** Equal to {@code a} on every third pixel, 0 on every fourth, else random. */
  static CpuImage partner(CpuImage a, long seed) {
    CpuImage r = image(a.type, a.w, a.h, a.d, seed);
    for (int i = 0; i < r.data.length; i++) {
      if (i % 3 == 0) r.data[i] = a.data[i];
      else if (i % 4 == 0) r.data[i] = 0;
    }
    return r;
  }

  static ClearCLBuffer push(CpuImage c) {
    return clij.push(ImageJBridge.imagePlus(c));
  }

  static void assertSame(
      ClearCLBuffer expected, GpuImage actual, double abs, double rel, String what) {
    double[] e = Peers.pixels(clij, expected);
    double[] a = Peers.pixels(actual);
    assertEquals(e.length, a.length, what + ": size");
    for (int i = 0; i < e.length; i++) {
      boolean ok =
          e[i] == a[i]
              || (Double.isNaN(e[i]) && Double.isNaN(a[i]))
              || Math.abs(e[i] - a[i]) <= abs + rel * Math.abs(e[i]);
      if (!ok) fail(what + ": pixel " + i + ": CLIJ2 " + e[i] + ", Fovea " + a[i]);
    }
  }

  interface ClijOp {
    void run(ClearCLBuffer dst);
  }

  /** Runs {@code op} into a CLIJ2 buffer like {@code like} and compares it with {@code ours}. */
  static void check(
      ClearCLBuffer like, ClijOp op, GpuImage ours, double abs, double rel, String w) {
    ClearCLBuffer dst = clij.create(like);
    try (ours) {
      op.run(dst);
      assertSame(dst, ours, abs, rel, w);
    } finally {
      clij.release(dst);
    }
  }

  @Test
  void comparisonsMasksAndPixelMathMatchClij2() {
    Gpu gpu = TestGpu.get();
    for (PixelType t : TYPES) {
      for (int[] s : SHAPES) {
        String what = t + " " + s[0] + "x" + s[1] + "x" + s[2];
        CpuImage a = image(t, s[0], s[1], s[2], 3);
        CpuImage b = partner(a, 4);
        double k = a.data[10];
        ClearCLBuffer ca = push(a);
        ClearCLBuffer cb = push(b);
        try (GpuImage ga = a.push(gpu);
            GpuImage gb = b.push(gpu)) {
          if (t == PixelType.UINT16) {
            check(
                ca,
                d -> clij.greater(ca, cb, d),
                Binary.compareImages(Binary.Comparison.greater, ga, gb, null),
                0,
                0,
                what + " greater");
            check(
                ca,
                d -> clij.greaterOrEqual(ca, cb, d),
                Binary.compareImages(Binary.Comparison.greaterOrEqual, ga, gb, null),
                0,
                0,
                what + " greaterOrEqual");
            check(
                ca,
                d -> clij.smaller(ca, cb, d),
                Binary.compareImages(Binary.Comparison.smaller, ga, gb, null),
                0,
                0,
                what + " smaller");
            check(
                ca,
                d -> clij.smallerOrEqual(ca, cb, d),
                Binary.compareImages(Binary.Comparison.smallerOrEqual, ga, gb, null),
                0,
                0,
                what + " smallerOrEqual");
            check(
                ca,
                d -> clij.equal(ca, cb, d),
                Binary.compareImages(Binary.Comparison.equal, ga, gb, null),
                0,
                0,
                what + " equal");
            check(
                ca,
                d -> clij.notEqual(ca, cb, d),
                Binary.compareImages(Binary.Comparison.notEqual, ga, gb, null),
                0,
                0,
                what + " notEqual");
            for (double c : new double[] {k, k + 0.5}) {
              String wc = what + " constant " + c;
              check(
                  ca,
                  d -> clij.greaterConstant(ca, d, c),
                  Binary.compareConstant(Binary.Comparison.greater, ga, null, c),
                  0,
                  0,
                  wc + " greaterConstant");
              check(
                  ca,
                  d -> clij.greaterOrEqualConstant(ca, d, c),
                  Binary.compareConstant(Binary.Comparison.greaterOrEqual, ga, null, c),
                  0,
                  0,
                  wc + " greaterOrEqualConstant");
              check(
                  ca,
                  d -> clij.smallerConstant(ca, d, c),
                  Binary.compareConstant(Binary.Comparison.smaller, ga, null, c),
                  0,
                  0,
                  wc + " smallerConstant");
              check(
                  ca,
                  d -> clij.smallerOrEqualConstant(ca, d, c),
                  Binary.compareConstant(Binary.Comparison.smallerOrEqual, ga, null, c),
                  0,
                  0,
                  wc + " smallerOrEqualConstant");
              check(
                  ca,
                  d -> clij.equalConstant(ca, d, c),
                  Binary.compareConstant(Binary.Comparison.equal, ga, null, c),
                  0,
                  0,
                  wc + " equalConstant");
              check(
                  ca,
                  d -> clij.notEqualConstant(ca, d, c),
                  Binary.compareConstant(Binary.Comparison.notEqual, ga, null, c),
                  0,
                  0,
                  wc + " notEqualConstant");
            }
          }
          if (t == PixelType.FLOAT32) {
            // binary ops: the same 0/1 values (Fovea's default output is uint8, CLIJ2's the source
            // type)
            check(
                ca,
                d -> clij.binaryAnd(ca, cb, d),
                Binary.binary(Binary.Logic.And, ga, gb, null),
                0,
                0,
                what + " binaryAnd");
            check(
                cb,
                d -> clij.binaryNot(cb, d),
                Binary.binaryNot(gb, null),
                0,
                0,
                what + " binaryNot");
            check(ca, d -> clij.mask(ca, cb, d), Binary.mask(ga, gb, null), 0, 0, what + " mask");
            check(
                ca,
                d -> clij.subtractImageFromScalar(ca, d, 300),
                Arithmetic.subtractImageFromScalar(ga, null, 300),
                0,
                0,
                what + " subtractImageFromScalar");
            check(
                ca,
                d -> clij.absoluteDifference(ca, cb, d),
                Arithmetic.absoluteDifference(ga, gb, null),
                0,
                0,
                what + " absoluteDifference");
            for (Conversions.Target target : List.of(Conversions.Target.UInt8)) {
              NativeTypeEnum nt =
                  switch (target) {
                    case Float -> NativeTypeEnum.Float;
                    case UInt8 -> NativeTypeEnum.UnsignedByte;
                    case UInt16 -> NativeTypeEnum.UnsignedShort;
                  };
              ClearCLBuffer like = clij.create(ca.getDimensions(), nt);
              check(
                  like,
                  d -> clij.copy(ca, d),
                  Conversions.convertTo(target, ga, null),
                  0,
                  0,
                  what + " convert" + target);
              clij.release(like);
            }
          }
        }
        clij.release(ca);
        clij.release(cb);
      }
    }
  }

  @Test
  void shapesSetsMatrixAndSlicesMatchClij2() {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{13, 7, 1}, {13, 7, 3}}) {
      // binary masks: thresholded random pixels (many holes and edges)
      String what = "uint16 " + s[0] + "x" + s[1] + "x" + s[2];
      CpuImage m = image(PixelType.UINT16, s[0], s[1], s[2], 5);
      for (int i = 0; i < m.data.length; i++) m.data[i] = m.data[i] > 2000 ? 1 : 0;
      ClearCLBuffer cm = push(m);
      try (GpuImage gm = m.push(gpu)) {
        check(
            cm,
            d -> clij.binaryFillHoles(cm, d),
            Binary.binaryFillHoles(gm, null),
            0,
            0,
            what + " binaryFillHoles");
        check(
            cm,
            d -> clij.binaryEdgeDetection(cm, d),
            Binary.binaryEdgeDetection(gm, null),
            0,
            0,
            what + " binaryEdgeDetection");
      }
      clij.release(cm);
    }
    int[] s = {13, 7, 3};
    CpuImage a = image(PixelType.FLOAT32, s[0], s[1], s[2], 6);
    ClearCLBuffer ca = push(a);
    try (GpuImage ga = a.push(gpu)) {
      clij.setColumn(ca, 3, 7);
      Arithmetic.setIndex(Arithmetic.Line.Column, ga, 3, 7);
      clij.setRow(ca, 5, 200);
      Arithmetic.setIndex(Arithmetic.Line.Row, ga, 5, 200);
      clij.setPlane(ca, 2, 9);
      Arithmetic.setIndex(Arithmetic.Line.Plane, ga, 2, 9);
      assertSame(ca, ga, 0, 0, "setColumn/Row/Plane");
      clij.setRampX(ca);
      Arithmetic.setRamp(Arithmetic.Axis.X, ga);
      assertSame(ca, ga, 0, 0, "setRampX");
      clij.setRampY(ca);
      Arithmetic.setRamp(Arithmetic.Axis.Y, ga);
      assertSame(ca, ga, 0, 0, "setRampY");
      clij.setRampZ(ca);
      Arithmetic.setRamp(Arithmetic.Axis.Z, ga);
      assertSame(ca, ga, 0, 0, "setRampZ");
    }
    clij.release(ca);
    CpuImage e = image(PixelType.UINT16, s[0], s[1], s[2], 7);
    ClearCLBuffer ce = push(e);
    try (GpuImage ge = e.push(gpu)) {
      // integer results: CLIJ2 truncates, Fovea rounds half to even
      check(
          ce,
          d -> clij.equalizeMeanIntensitiesOfSlices(ce, d, 1),
          Arithmetic.equalizeMeanIntensitiesOfSlices(ge, null, 1),
          1,
          1e-5,
          "uint16 equalizeMeanIntensitiesOfSlices");
    }
    clij.release(ce);
    CpuImage m1 = image(PixelType.FLOAT32, 5, 3, 1, 8);
    CpuImage m2 = image(PixelType.FLOAT32, 7, 5, 1, 9);
    ClearCLBuffer c1 = push(m1);
    ClearCLBuffer c2 = push(m2);
    ClearCLBuffer out = clij.create(new long[] {7, 3}, NativeTypeEnum.Float);
    try (GpuImage g1 = m1.push(gpu);
        GpuImage g2 = m2.push(gpu);
        GpuImage r = Arithmetic.multiplyMatrix(g1, g2, null)) {
      clij.multiplyMatrix(c1, c2, out);
      assertTrue(r.width() == 7 && r.height() == 3, "multiplyMatrix shape " + r.describe());
      assertSame(out, r, 0, 1e-6, "multiplyMatrix");
    }
    clij.release(c1);
    clij.release(c2);
    clij.release(out);
  }
}
