package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;

/**
 * The geometry ops CLIJ2 macros call (paste, transpose, combine, reduceStack, translate, affine
 * transforms, vector fields, drawing) against plain-Java references written here from the ops'
 * documented definitions, on 2D and 3D odd sizes and every pixel type, and against ImageJ where
 * ImageJ has the operation. CLIJ2 itself is compared in fovea-bench's GeometryClij2ParityTest.
 */
class GeometryClij2OpsTest {
  static final int W = 13;
  static final int H = 7;
  static final int D = 5;

  interface Ref {
    double at(CpuImage in, int x, int y, int z);
  }

  /** out(x, y, z) = ref(in, x, y, z) over a w×h×d result of in's type. */
  static CpuImage build(CpuImage in, int w, int h, int d, Ref ref) {
    CpuImage out = new CpuImage(w, h, d, in.type);
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out.set(x, y, z, ref.at(in, x, y, z));
    return out;
  }

  static double valueOr0(CpuImage in, int x, int y, int z) {
    return x < 0 || y < 0 || z < 0 || x >= in.w || y >= in.h || z >= in.d ? 0 : in.get(x, y, z);
  }

  @Covers({"transposeXY", "transposeXZ", "transposeYZ", "reduceStack", "rotateRight", "rotateLeft"})
  @Test
  void axisPermutationsMatchCpu() {
    Gpu gpu = TestGpu.get();
    for (PixelType t : TestGpu.TYPES) {
      CpuImage s2 = CpuImage.random(W, H, 1, t, 3);
      CpuImage s3 = CpuImage.random(W, H, D, t, 4);
      try (GpuImage g2 = s2.push(gpu);
          GpuImage g3 = s3.push(gpu);
          GpuImage xy2 = Geometry.transposeXY(g2, null);
          GpuImage xy3 = Geometry.transposeXY(g3, null);
          GpuImage xz = Geometry.transposeXZ(g3, null);
          GpuImage yz = Geometry.transposeYZ(g3, null);
          GpuImage red = Geometry.reduceStack(g3, null, 2, 1);
          GpuImage right = Geometry.rotateRight(g3, null);
          GpuImage left = Geometry.rotateLeft(g2, null)) {
        assertImageEquals(build(s2, H, W, 1, (in, x, y, z) -> in.get(y, x, z)), xy2);
        assertImageEquals(build(s3, H, W, D, (in, x, y, z) -> in.get(y, x, z)), xy3);
        assertImageEquals(build(s3, D, H, W, (in, x, y, z) -> in.get(z, y, x)), xz);
        assertImageEquals(build(s3, W, D, H, (in, x, y, z) -> in.get(x, z, y)), yz);
        // 5 slices, factor 2, offset 1: slices 1 and 3
        assertImageEquals(build(s3, W, H, 2, (in, x, y, z) -> in.get(x, y, 2 * z + 1)), red);
        assertImageEquals(build(s3, H, W, D, (in, x, y, z) -> in.get(y, H - 1 - x, z)), right);
        assertImageEquals(build(s2, H, W, 1, (in, x, y, z) -> in.get(W - 1 - y, x, z)), left);
      }
    }
    // ImageJ: Image > Stacks > Tools > Reduce keeps slices 1, 1 + f, ... (offset 0)
    CpuImage s = CpuImage.random(W, H, 7, PixelType.FLOAT32, 5);
    ij.ImageStack st = new ij.ImageStack(W, H);
    for (FloatProcessor fp : GeometryTest.toImageJ(s)) st.addSlice(fp);
    ij.ImagePlus imp = new ij.ImagePlus("s", st);
    ij.plugin.StackReducer reducer = new ij.plugin.StackReducer();
    reducer.reduceStack(imp, 3);
    // ImageJ keeps ceil(7 / 3) = 3 slices, CLIJ2 and Fovea 7 / 3 = 2: compare those two
    assertTrue(imp.getStackSize() == 3, "ImageJ kept " + imp.getStackSize());
    ImageProcessor[] kept = new ImageProcessor[2];
    for (int i = 0; i < kept.length; i++) kept[i] = imp.getStack().getProcessor(i + 1);
    try (GpuImage g = s.push(gpu);
        GpuImage red = Geometry.reduceStack(g, null, 3, 0)) {
      assertImageEquals(GeometryTest.fromImageJ(kept, PixelType.FLOAT32), red);
    }
    try (GpuImage g = s.push(gpu)) {
      assertThrows(FoveaException.class, () -> Geometry.reduceStack(g, null, 3, 4));
      assertThrows(FoveaException.class, () -> Geometry.reduceStack(g, null, 0, 0));
    }
  }

  @Covers({"paste2D", "paste3D", "combineHorizontally", "combineVertically", "concatenateStacks"})
  @Test
  void pasteAndCombineMatchCpu() {
    Gpu gpu = TestGpu.get();
    for (PixelType t : TestGpu.TYPES) {
      CpuImage a2 = CpuImage.random(W, H, 1, t, 6);
      CpuImage b2 = CpuImage.random(5, 9, 1, t, 7);
      CpuImage a3 = CpuImage.random(W, H, D, t, 8);
      CpuImage b3 = CpuImage.random(5, 9, 3, t, 9);
      try (GpuImage ga2 = a2.push(gpu);
          GpuImage gb2 = b2.push(gpu);
          GpuImage ga3 = a3.push(gpu);
          GpuImage gb3 = b3.push(gpu);
          GpuImage target2 = a2.push(gpu);
          GpuImage target3 = a3.push(gpu);
          GpuImage h2 = Geometry.combineHorizontally(ga2, gb2, null);
          GpuImage v3 = Geometry.combineVertically(ga3, gb3, null);
          GpuImage c3 = Geometry.concatenateStacks(ga3, gb3, null);
          GpuImage grown = Geometry.paste2D(gb2, null, 2, 3)) {
        // paste b at (-2, 3) / (9, -4, 2) into a copy of a: clipped, the rest unchanged
        Geometry.paste2D(gb2, target2, -2, 3);
        assertImageEquals(
            build(
                a2,
                W,
                H,
                1,
                (in, x, y, z) ->
                    inside(b2, x + 2, y - 3, 0) ? b2.get(x + 2, y - 3, 0) : in.get(x, y, z)),
            target2);
        Geometry.paste3D(gb3, target3, 9, -4, 2);
        assertImageEquals(
            build(
                a3,
                W,
                H,
                D,
                (in, x, y, z) ->
                    inside(b3, x - 9, y + 4, z - 2)
                        ? b3.get(x - 9, y + 4, z - 2)
                        : in.get(x, y, z)),
            target3);
        assertImageEquals(
            build(b2, 7, 12, 1, (in, x, y, z) -> valueOr0(in, x - 2, y - 3, z)), grown);
        assertImageEquals(
            build(
                a2,
                W + 5,
                9,
                1,
                (in, x, y, z) -> x < W ? valueOr0(a2, x, y, z) : valueOr0(b2, x - W, y, z)),
            h2);
        assertImageEquals(
            build(
                a3,
                W,
                H + 9,
                D,
                (in, x, y, z) -> y < H ? valueOr0(a3, x, y, z) : valueOr0(b3, x, y - H, z)),
            v3);
        assertImageEquals(
            build(
                a3,
                W,
                9,
                D + 3,
                (in, x, y, z) -> z < D ? valueOr0(a3, x, y, z) : valueOr0(b3, x, y, z - D)),
            c3);
      }
    }
    // ImageJ: ImageProcessor.insert (Edit > Paste at a position), clipped at the border
    CpuImage big = CpuImage.random(W, H, 1, PixelType.FLOAT32, 19);
    CpuImage small = CpuImage.random(5, 4, 1, PixelType.FLOAT32, 20);
    FloatProcessor ijBig = GeometryTest.toImageJ(big)[0];
    ijBig.insert(GeometryTest.toImageJ(small)[0], 10, -1);
    try (GpuImage gBig = big.push(gpu);
        GpuImage gSmall = small.push(gpu)) {
      Geometry.paste2D(gSmall, gBig, 10, -1);
      assertImageEquals(
          GeometryTest.fromImageJ(new ImageProcessor[] {ijBig}, PixelType.FLOAT32), gBig);
    }
    // ImageJ's StackCombiner (Image > Stacks > Tools > Combine)
    CpuImage a = CpuImage.random(W, H, 3, PixelType.FLOAT32, 10);
    CpuImage b = CpuImage.random(5, H, 3, PixelType.FLOAT32, 11);
    ij.ImageStack sa = stack(a);
    ij.ImageStack sb = stack(b);
    ij.ImageStack combined = new ij.plugin.StackCombiner().combineHorizontally(sa, sb);
    ImageProcessor[] ps = new ImageProcessor[combined.getSize()];
    for (int i = 0; i < ps.length; i++) ps[i] = combined.getProcessor(i + 1);
    try (GpuImage ga = a.push(gpu);
        GpuImage gb = b.push(gpu);
        GpuImage h = Geometry.combineHorizontally(ga, gb, null)) {
      assertImageEquals(GeometryTest.fromImageJ(ps, PixelType.FLOAT32), h);
    }
  }

  static boolean inside(CpuImage i, int x, int y, int z) {
    return x >= 0 && y >= 0 && z >= 0 && x < i.w && y < i.h && z < i.d;
  }

  static ij.ImageStack stack(CpuImage c) {
    ij.ImageStack s = new ij.ImageStack(c.w, c.h);
    for (FloatProcessor fp : GeometryTest.toImageJ(c)) s.addSlice(fp);
    return s;
  }

  /**
   * CLIJ2's sampling: position p (pixel centres at +0.5) → bilinear/trilinear in index coordinates
   * with out-of-image neighbours 0 (no cut at the edge).
   */
  static double sampleZeroBorder(CpuImage in, double px, double py, double pz) {
    double qx = px - 0.5;
    double qy = py - 0.5;
    double qz = in.d == 1 ? 0 : pz - 0.5;
    int x0 = (int) Math.floor(qx);
    int y0 = (int) Math.floor(qy);
    int z0 = (int) Math.floor(qz);
    double sum = 0;
    for (int k = 0; k < 2; k++)
      for (int j = 0; j < 2; j++)
        for (int i = 0; i < 2; i++) {
          double wgt =
              (i == 0 ? 1 - (qx - x0) : qx - x0)
                  * (j == 0 ? 1 - (qy - y0) : qy - y0)
                  * (k == 0 ? 1 - (qz - z0) : qz - z0);
          if (wgt != 0) sum += wgt * valueOr0(in, x0 + i, y0 + j, z0 + k);
        }
    return sum;
  }

  @Covers({"translate2D", "translate3D", "affineTransform2D", "affineTransform3D"})
  @Test
  void translateAndAffineMatchCpu() {
    Gpu gpu = TestGpu.get();
    for (PixelType t : TestGpu.TYPES) {
      double tol = t == PixelType.FLOAT32 ? 2e-3 : 1;
      CpuImage s2 = CpuImage.random(W, H, 1, t, 12);
      CpuImage s3 = CpuImage.random(W, H, D, t, 13);
      try (GpuImage g2 = s2.push(gpu);
          GpuImage g3 = s3.push(gpu);
          GpuImage tr2 = Geometry.translate2D(g2, null, 2, -1);
          GpuImage tf2 = Geometry.translate2D(g2, null, 1.25f, 0.5f);
          GpuImage tr3 = Geometry.translate3D(g3, null, -1.5f, 2, 1);
          GpuImage af2 =
              Geometry.affineTransform2D(
                  g2, null, "-center scale=2 rotate=30 center translateX=1");
          GpuImage af3 =
              Geometry.affineTransform3D(
                  g3,
                  null,
                  "-center rotateX=20 rotateY=-15 rotateZ=40 scaleZ=0.8 shearXZ=0.3 center")) {
        // integer shifts are exact
        assertImageEquals(build(s2, W, H, 1, (in, x, y, z) -> valueOr0(in, x - 2, y + 1, z)), tr2);
        assertImageClose(
            build(s2, W, H, 1, (in, x, y, z) -> sampleZeroBorder(in, x + 0.5 - 1.25, y, 0.5)),
            tf2,
            tol,
            1e-5);
        assertImageClose(
            build(s3, W, H, D, (in, x, y, z) -> sampleZeroBorder(in, x + 2, y - 1.5, z - 0.5)),
            tr3,
            tol,
            1e-5);
        double[][] m2 = affine2D(W, H);
        assertImageClose(
            build(
                s2,
                W,
                H,
                1,
                (in, x, y, z) -> {
                  double cx = x + 0.5, cy = y + 0.5;
                  return sampleZeroBorder(
                      in,
                      m2[0][0] * cx + m2[0][1] * cy + m2[0][2],
                      m2[1][0] * cx + m2[1][1] * cy + m2[1][2],
                      0.5);
                }),
            af2,
            tol,
            1e-5);
        double[][] m3 = affine3D(W, H, D);
        assertImageClose(
            build(
                s3,
                W,
                H,
                D,
                (in, x, y, z) -> {
                  double[] c = {x + 0.5, y + 0.5, z + 0.5};
                  double[] p = new double[3];
                  for (int i = 0; i < 3; i++)
                    p[i] = m3[i][0] * c[0] + m3[i][1] * c[1] + m3[i][2] * c[2] + m3[i][3];
                  return sampleZeroBorder(in, p[0], p[1], p[2]);
                }),
            af3,
            tol,
            1e-5);
      }
    }
    // ImageJ: Image > Transform > Translate with integer shifts (ImageProcessor.translate)
    CpuImage f = CpuImage.random(W, H, 1, PixelType.FLOAT32, 18);
    FloatProcessor ijTranslated = GeometryTest.toImageJ(f)[0];
    ijTranslated.setBackgroundValue(0);
    ijTranslated.translate(3, -2);
    try (GpuImage g = f.push(gpu);
        GpuImage t = Geometry.translate2D(g, null, 3, -2)) {
      assertImageEquals(
          GeometryTest.fromImageJ(new ImageProcessor[] {ijTranslated}, PixelType.FLOAT32), t);
    }
    try (GpuImage g = gpu.create(5, 4, 1, PixelType.FLOAT32)) {
      for (String bad :
          new String[] {"rotate=abc", "spin=3", "scale", "center=2", "translateZ=1"}) {
        FoveaException e =
            assertThrows(FoveaException.class, () -> Geometry.affineTransform2D(g, null, bad));
        assertTrue(e.getMessage().contains(bad.toLowerCase(java.util.Locale.ROOT)), e.getMessage());
      }
    }
  }

  /**
   * "-center scale=2 rotate=30 center translateX=1" for a w×h image: the last item applies first to
   * destination coordinates: x + 1, − (w/2, h/2), rotate by −30°, × 1/2, + (w/2, h/2).
   */
  static double[][] affine2D(int w, int h) {
    double a = Math.toRadians(-30);
    double c = Math.cos(a), s = Math.sin(a);
    double hx = w / 2, hy = h / 2;
    // p = S·R·(x + t − hw) + hw
    double[][] m = new double[2][3];
    double[][] r = {{c / 2, -s / 2}, {s / 2, c / 2}};
    double ux = 1 - hx, uy = -hy;
    for (int i = 0; i < 2; i++) {
      m[i][0] = r[i][0];
      m[i][1] = r[i][1];
      m[i][2] = r[i][0] * ux + r[i][1] * uy + (i == 0 ? hx : hy);
    }
    return m;
  }

  /** "-center rotateX=20 rotateY=-15 rotateZ=40 scaleZ=0.8 shearXZ=0.3 center", explicitly. */
  static double[][] affine3D(int w, int h, int d) {
    double[] half = {w / 2, h / 2, d / 2};
    double[][] m = identity();
    m = times(m, shift(half, 1));
    m = times(m, rot(1, 2, -20));
    m = times(m, rot(2, 0, 15));
    m = times(m, rot(0, 1, -40));
    double[][] sc = identity();
    sc[2][2] = 1 / 0.8;
    m = times(m, sc);
    double[][] sh = identity();
    sh[0][2] = 0.3;
    m = times(m, sh);
    m = times(m, shift(half, -1));
    return m;
  }

  static double[][] identity() {
    double[][] m = new double[4][4];
    for (int i = 0; i < 4; i++) m[i][i] = 1;
    return m;
  }

  static double[][] shift(double[] v, double sign) {
    double[][] m = identity();
    for (int i = 0; i < 3; i++) m[i][3] = sign * v[i];
    return m;
  }

  /** Rotation by deg in the (p, q) plane: p' = cos·p − sin·q, q' = sin·p + cos·q. */
  static double[][] rot(int p, int q, double deg) {
    double a = Math.toRadians(deg);
    double[][] m = identity();
    m[p][p] = Math.cos(a);
    m[p][q] = -Math.sin(a);
    m[q][p] = Math.sin(a);
    m[q][q] = Math.cos(a);
    return m;
  }

  static double[][] times(double[][] a, double[][] b) {
    double[][] r = new double[4][4];
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 4; j++) for (int k = 0; k < 4; k++) r[i][j] += a[i][k] * b[k][j];
    return r;
  }

  @Covers({"applyVectorField2D", "applyVectorField3D"})
  @Test
  void vectorFieldsMatchCpu() {
    Gpu gpu = TestGpu.get();
    java.util.Random rnd = new java.util.Random(14);
    float[] vx = new float[W * H * D], vy = new float[W * H * D], vz = new float[W * H * D];
    for (int i = 0; i < vx.length; i++) {
      vx[i] = (float) (rnd.nextDouble() * 6 - 3);
      vy[i] = (float) (rnd.nextDouble() * 4 - 2);
      vz[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    for (PixelType t : TestGpu.TYPES) {
      CpuImage s2 = CpuImage.random(W, H, 1, t, 15);
      CpuImage s3 = CpuImage.random(W, H, D, t, 16);
      try (GpuImage g2 = s2.push(gpu);
          GpuImage g3 = s3.push(gpu);
          GpuImage x2 = gpu.push(java.util.Arrays.copyOf(vx, W * H), W, H, 1);
          GpuImage y2 = gpu.push(java.util.Arrays.copyOf(vy, W * H), W, H, 1);
          GpuImage x3 = gpu.push(vx, W, H, D);
          GpuImage y3 = gpu.push(vy, W, H, D);
          GpuImage z3 = gpu.push(vz, W, H, D);
          GpuImage r2 = Geometry.applyVectorField2D(g2, x2, y2, null);
          GpuImage r3 = Geometry.applyVectorField3D(g3, x3, y3, z3, null)) {
        assertImageEquals(
            build(
                s2,
                W,
                H,
                1,
                (in, x, y, z) -> {
                  int i = x + W * y;
                  return valueOr0(
                      in, (int) Math.floor(x + 0.5 + vx[i]), (int) Math.floor(y + 0.5 + vy[i]), 0);
                }),
            r2);
        assertImageEquals(
            build(
                s3,
                W,
                H,
                D,
                (in, x, y, z) -> {
                  int i = x + W * (y + H * z);
                  return valueOr0(
                      in,
                      (int) Math.floor(x + 0.5 + vx[i]),
                      (int) Math.floor(y + 0.5 + vy[i]),
                      (int) Math.floor(z + 0.5 + vz[i]));
                }),
            r3);
      }
    }
  }

  @Covers({"drawBox", "drawSphere", "drawLine"})
  @Test
  void drawingMatchesCpu() {
    Gpu gpu = TestGpu.get();
    for (PixelType t : TestGpu.TYPES) {
      for (int d : new int[] {1, D}) {
        CpuImage base = CpuImage.random(W, H, d, t, 17);
        CpuImage box = copy(base), sphere = copy(base), line = copy(base);
        for (int z = 0; z < d; z++)
          for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
              boolean inZ = d == 1 || (z >= 1 && z <= 3);
              if (x >= 2 && x <= 6.5 && y >= 1.5 && y <= 4.5 && inZ) box.set(x, y, z, 200);
              double e = sq((x - 6.5) / 4) + sq((y - 3) / 2.5) + (d == 1 ? 0 : sq((z - 2) / 1.5));
              if (Math.abs(x - 6.5) <= 4
                  && Math.abs(y - 3) <= 2.5
                  && (d == 1 || Math.abs(z - 2) <= 1.5)
                  && e <= 1) {
                sphere.set(x, y, z, 99);
              }
            }
        drawLineCpu(line, 1, 5.5, 0, 11, 1, d == 1 ? 0 : 4, 2, 77);
        try (GpuImage gb = base.push(gpu);
            GpuImage gs = base.push(gpu);
            GpuImage gl = base.push(gpu)) {
          Geometry.drawBox(gb, 6.5f, 4.5f, 3, -4.5f, -3, -2, 200);
          Geometry.drawSphere(gs, 6.5f, 3, 2, 4, 2.5f, 1.5f, 99);
          Geometry.drawLine(gl, 1, 5.5f, 0, 11, 1, 4, 2, 77);
          assertImageEquals(box, gb);
          assertImageEquals(sphere, gs);
          assertImageEquals(line, gl);
        }
      }
    }
  }

  @Test
  void drawBoxMatchesImageJFill() {
    // integer corners: ImageJ's fill of a (width + 1)×(height + 1) rectangle
    Gpu gpu = TestGpu.get();
    CpuImage base = CpuImage.random(W, H, 1, PixelType.FLOAT32, 21);
    FloatProcessor ij = GeometryTest.toImageJ(base)[0];
    ij.setValue(42);
    ij.fill(new ij.gui.Roi(3, 2, 5 + 1, 3 + 1));
    try (GpuImage g = base.push(gpu)) {
      Geometry.drawBox(g, 3, 2, 0, 5, 3, 0, 42);
      assertImageEquals(GeometryTest.fromImageJ(new ImageProcessor[] {ij}, PixelType.FLOAT32), g);
    }
  }

  static double sq(double v) {
    return v * v;
  }

  static CpuImage copy(CpuImage c) {
    CpuImage o = CpuImage.like(c);
    System.arraycopy(c.data, 0, o.data, 0, c.data.length);
    return o;
  }

  /** The documented drawLine rule, in double precision, visiting the same sample positions. */
  static void drawLineCpu(
      CpuImage img,
      double ax,
      double ay,
      double az,
      double bx,
      double by,
      double bz,
      double t,
      double v) {
    boolean is3D = img.d > 1;
    double r = t / 2;
    long nx = (long) (Math.abs(ax - bx) + 1 + t);
    long ny = (long) (Math.abs(ay - by) + 1 + t);
    long nz = is3D ? (long) (Math.abs(az - bz) + 1 + t) : 1;
    double[] u = {ax - bx, ay - by, is3D ? az - bz : 0};
    for (long k = 0; k < nz; k++)
      for (long j = 0; j < ny; j++)
        for (long i = 0; i < nx; i++) {
          double[] p = {
            Math.min(ax, bx) - r + i, Math.min(ay, by) - r + j, is3D ? Math.min(az, bz) - r + k : 0
          };
          if (p[0] > Math.max(ax, bx) + r
              || p[1] > Math.max(ay, by) + r
              || (is3D && p[2] > Math.max(az, bz) + r)) continue;
          double[] q = {p[0] - bx, p[1] - by, is3D ? p[2] - bz : 0};
          double cx = u[1] * q[2] - u[2] * q[1];
          double cy = u[2] * q[0] - u[0] * q[2];
          double cz = u[0] * q[1] - u[1] * q[0];
          double dist =
              Math.sqrt(cx * cx + cy * cy + cz * cz)
                  / Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
          int x = (int) p[0], y = (int) p[1], z = (int) p[2];
          if (dist < r && inside(img, x, y, z)) img.set(x, y, z, v);
        }
  }
}
