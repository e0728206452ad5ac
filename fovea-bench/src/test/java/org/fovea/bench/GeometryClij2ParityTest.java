package org.fovea.bench;

import static org.fovea.bench.Clij2Parity.imagePlus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.function.Function;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.Geometry;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The geometry ops CLIJ2 macros call against CLIJ2 2.5.3.1 in the same JVM, on small float images:
 * equal pixels (interpolating ops within float32 rounding). CLIJ2's translate and affine plugins
 * need imglib2-realtransform (not on Maven Central); they run here with this module's stand-in of
 * its AffineTransform2D/3D matrix classes (src/main/java/net/imglib2/realtransform).
 */
class GeometryClij2ParityTest {
  static CLIJ2 clij;

  @BeforeAll
  static void startClij() {
    clij = CLIJ2.getInstance();
  }

  static float[] ramp(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = r.nextInt(1000) / 4f;
    return f;
  }

  /** Runs CLIJ2's op into a buffer of the given shape and compares with Fovea's image. */
  static void same(
      long[] shape, Consumer<ClearCLBuffer> clijOp, GpuImage ours, double tol, String what) {
    ClearCLBuffer dst =
        clij.create(shape, net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum.Float);
    clij.set(dst, 0);
    clijOp.accept(dst);
    double[] e = Peers.pixels(clij, dst);
    clij.release(dst);
    try (ours) {
      assertEquals(shape[0], ours.width(), what + " width");
      assertEquals(shape[1], ours.height(), what + " height");
      double[] a = Peers.pixels(ours);
      assertEquals(e.length, a.length, what + " size");
      double worst = 0;
      for (int i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(e[i] - a[i]));
      assertTrue(worst <= tol, what + ": largest difference " + worst + " > " + tol);
    }
  }

  @Test
  void copyingOpsEqualClij2() {
    Gpu gpu = TestGpu.get();
    int w = 13, h = 7, d = 5;
    float[] a = ramp(w * h * d, 1);
    float[] b = ramp(5 * 9 * 3, 2);
    ClearCLBuffer ca = clij.push(imagePlus(a, w, h, d));
    ClearCLBuffer cb = clij.push(imagePlus(b, 5, 9, 3));
    ClearCLBuffer ca2 = clij.push(imagePlus(java.util.Arrays.copyOf(a, w * h), w, h, 1));
    try (GpuImage ga = gpu.push(a, w, h, d);
        GpuImage gb = gpu.push(b, 5, 9, 3);
        GpuImage ga2 = gpu.push(java.util.Arrays.copyOf(a, w * h), w, h, 1)) {
      same(
          new long[] {h, w, d},
          o -> clij.transposeXY(ca, o),
          Geometry.transposeXY(ga, null),
          0,
          "transposeXY");
      same(
          new long[] {d, h, w},
          o -> clij.transposeXZ(ca, o),
          Geometry.transposeXZ(ga, null),
          0,
          "transposeXZ");
      same(
          new long[] {w, d, h},
          o -> clij.transposeYZ(ca, o),
          Geometry.transposeYZ(ga, null),
          0,
          "transposeYZ");
      same(
          new long[] {h, w, d},
          o -> clij.rotateRight(ca, o),
          Geometry.rotateRight(ga, null),
          0,
          "rotateRight");
      same(
          new long[] {h, w, d},
          o -> clij.rotateLeft(ca, o),
          Geometry.rotateLeft(ga, null),
          0,
          "rotateLeft");
      same(
          new long[] {w, h, 2},
          o -> clij.reduceStack(ca, o, 2, 1),
          Geometry.reduceStack(ga, null, 2, 1),
          0,
          "reduceStack");
      same(
          new long[] {w + 5, 9, 5},
          o -> clij.combineHorizontally(ca, cb, o),
          Geometry.combineHorizontally(ga, gb, null),
          0,
          "combineHorizontally");
      same(
          new long[] {w, h + 9, 5},
          o -> clij.combineVertically(ca, cb, o),
          Geometry.combineVertically(ga, gb, null),
          0,
          "combineVertically");
      same(
          new long[] {w, 9, d + 3},
          o -> clij.concatenateStacks(ca, cb, o),
          Geometry.concatenateStacks(ga, gb, null),
          0,
          "concatenateStacks");
      GpuImage target = gpu.create(w, h, d, org.fovea.core.PixelType.FLOAT32);
      gpu.fill(target, 0);
      Geometry.paste3D(gb, target, 9, -4, 2);
      same(new long[] {w, h, d}, o -> clij.paste3D(cb, o, 9, -4, 2), target, 0, "paste3D");
      GpuImage t2 = gpu.create(w, h, 1, org.fovea.core.PixelType.FLOAT32);
      gpu.fill(t2, 0);
      Geometry.paste2D(ga2, t2, -3, 2);
      same(new long[] {w, h}, o -> clij.paste2D(ca2, o, -3, 2), t2, 0, "paste2D");
      // interpolating: float32 rounding only
      same(
          new long[] {w, h},
          o -> clij.translate2D(ca2, o, 1.25f, -2.5f),
          Geometry.translate2D(ga2, null, 1.25f, -2.5f),
          1e-3,
          "translate2D");
      same(
          new long[] {w, h, d},
          o -> clij.translate3D(ca, o, -1.5f, 2, 1.25f),
          Geometry.translate3D(ga, null, -1.5f, 2, 1.25f),
          1e-3,
          "translate3D");
      for (String t :
          new String[] {
            "-center scale=2 rotate=30 center translateX=1",
            "scaleX=0.7 shearXY=0.4 translateY=-1.5"
          }) {
        same(
            new long[] {w, h},
            o -> clij.affineTransform2D(ca2, o, t),
            Geometry.affineTransform2D(ga2, null, t),
            2e-3,
            "affineTransform2D " + t);
      }
      String t3 =
          "-center rotateX=20 rotateY=-15 rotateZ=40 scaleZ=0.8 shearXZ=0.3 shearZY=-0.2 center";
      same(
          new long[] {w, h, d},
          o -> clij.affineTransform3D(ca, o, t3),
          Geometry.affineTransform3D(ga, null, t3),
          2e-3,
          "affineTransform3D");
    }
    for (ClearCLBuffer c : new ClearCLBuffer[] {ca, cb, ca2}) clij.release(c);
  }

  @Test
  void drawingAndVectorFieldsEqualClij2() {
    Gpu gpu = TestGpu.get();
    for (int d : new int[] {1, 5}) {
      long[] shape = d == 1 ? new long[] {17, 11} : new long[] {17, 11, d};
      Function<Consumer<GpuImage>, GpuImage> ours =
          draw -> {
            GpuImage g = gpu.create(17, 11, d, org.fovea.core.PixelType.FLOAT32);
            gpu.fill(g, 0);
            draw.accept(g);
            return g;
          };
      for (float th : new float[] {0.5f, 1, 2, 3.5f}) {
        same(
            shape,
            o -> clij.drawLine(o, 1, 1.5f, 0, 14, 8, 4, th, 5),
            ours.apply(g -> Geometry.drawLine(g, 1, 1.5f, 0, 14, 8, 4, th, 5)),
            0,
            "drawLine thickness " + th + " d " + d);
        same(
            shape,
            o -> clij.drawLine(o, 12, 2, 3, 3.5f, 9, 1, th, 5),
            ours.apply(g -> Geometry.drawLine(g, 12, 2, 3, 3.5f, 9, 1, th, 5)),
            0,
            "drawLine back thickness " + th + " d " + d);
      }
      same(
          shape,
          o -> clij.drawBox(o, 1.5f, 2, 1, 6, 4.5f, 2, 7),
          ours.apply(g -> Geometry.drawBox(g, 1.5f, 2, 1, 6, 4.5f, 2, 7)),
          0,
          "drawBox d " + d);
      same(
          shape,
          o -> clij.drawSphere(o, 8, 5.5f, 2, 5, 3, 2, 9),
          ours.apply(g -> Geometry.drawSphere(g, 8, 5.5f, 2, 5, 3, 2, 9)),
          0,
          "drawSphere d " + d);
    }
    int w = 13, h = 7;
    float[] s = ramp(w * h, 3);
    float[] vx = new float[w * h], vy = new float[w * h];
    java.util.Random r = new java.util.Random(4);
    for (int i = 0; i < vx.length; i++) {
      vx[i] = r.nextFloat() * 6 - 3;
      vy[i] = r.nextFloat() * 4 - 2;
    }
    ClearCLBuffer cs = clij.push(imagePlus(s, w, h, 1));
    ClearCLBuffer cx = clij.push(imagePlus(vx, w, h, 1));
    ClearCLBuffer cy = clij.push(imagePlus(vy, w, h, 1));
    try (GpuImage gs = gpu.push(s, w, h, 1);
        GpuImage gx = gpu.push(vx, w, h, 1);
        GpuImage gy = gpu.push(vy, w, h, 1)) {
      same(
          new long[] {w, h},
          o -> clij.applyVectorField2D(cs, cx, cy, o),
          Geometry.applyVectorField2D(gs, gx, gy, null),
          0,
          "applyVectorField2D");
    }
    for (ClearCLBuffer c : new ClearCLBuffer[] {cs, cx, cy}) clij.release(c);
  }

  @Test
  void resliceRadialWithinDocumentedTolerance() {
    Gpu gpu = TestGpu.get();
    int w = 41, h = 33, d = 3;
    float[] a = ramp(w * h * d, 5);
    for (int i = 0; i < a.length; i++) a[i] = 1000 + 12 * a[i];
    ClearCLBuffer ca = clij.push(imagePlus(a, w, h, d));
    try (GpuImage ga = gpu.push(a, w, h, d)) {
      GpuImage ours = Geometry.resliceRadial(ga, null, 360, 1, 0, Float.NaN, Float.NaN, 1, 1);
      long[] shape = {ours.width(), ours.height(), ours.depth()};
      // the documented tolerance (resliceRadial's notes): float32 rounding on PoCL
      same(
          shape,
          o -> clij.resliceRadial(ca, o, 1, 0, w / 2.0, h / 2.0, 1, 1),
          ours,
          0.05,
          "resliceRadial");
    }
    clij.release(ca);
  }
}
