package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.fovea.ops.testkit.ImageAssert.assertSamePoints;
import static org.fovea.ops.testkit.ImageAssert.assertValueClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.plugin.filter.MaximumFinder;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.junit.jupiter.params.provider.ValueSource;

class SpotsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  @Covers({"detectMaxima2DBox", "detectMaxima3DBox"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void detectMaximaBoxMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    // coarse values so that ties and plateaus occur for every type
    CpuImage in = DetectOptimaBoxTest.coarse(w, h, d, t, 21 + t.ordinal());
    int[][] radii =
        d == 1 ? new int[][] {{0, 0, 0}, {2, 1, 0}} : new int[][] {{0, 0, 0}, {1, 2, 0}};
    try (GpuImage src = in.push(gpu)) {
      for (int[] r : radii) {
        CpuImage expected = new CpuImage(w, h, d, PixelType.UINT8);
        CpuImage ref = DetectOptimaBoxTest.reference(in, r, false);
        System.arraycopy(ref.data, 0, expected.data, 0, ref.data.length);
        int marked = 0;
        for (double v : expected.data) marked += (int) v;
        assertTrue(marked > 0 && marked < expected.data.length / 2, "non-trivial " + marked);
        try (GpuImage dst =
            d == 1
                ? Detection.detectMaxima2DBox(src, null, r[0], r[1])
                : Detection.detectMaxima3DBox(src, null, r[0], r[1], r[2])) {
          assertEquals(PixelType.UINT8, dst.type());
          assertImageEquals(expected, dst);
        }
      }
    }
  }

  @Covers("detectMaxima2DBox")
  @Test
  void radiusZeroMarksTheLocalMaximaNotEveryPixel() {
    Gpu gpu = TestGpu.get();
    CpuImage in = new CpuImage(9, 7, 1, PixelType.FLOAT32);
    for (int y = 2; y <= 3; y++) for (int x = 3; x <= 5; x++) in.set(x, y, 0, 5);
    in.set(0, 6, 0, 2); // an isolated maximum on the border counts too
    try (GpuImage src = in.push(gpu);
        GpuImage dst = Detection.detectMaxima2DBox(src, null, 0, 0)) {
      CpuImage out = CpuImage.pull(dst);
      assertEquals(1, out.get(3, 2, 0), "a plateau gives its pixel with the lowest x, then y");
      assertEquals(1, out.get(0, 6, 0));
      // the flat background: only its pixel with no left or upper neighbour
      assertEquals(1, out.get(0, 0, 0));
      double sum = 0;
      for (double v : out.data) sum += v;
      assertEquals(3, sum);
    }
  }

  // ------------------------------------------------------------------ findMaxima vs ImageJ

  /** Separated Gaussian blobs of varying height on a background, plus Gaussian noise. */
  static float[] blobs(int w, int h, int n, double noise, long seed, List<int[]> centres) {
    Random r = new Random(seed);
    float[] px = new float[w * h];
    int tries = 0;
    while (centres.size() < n && tries++ < 10000) {
      int cx = 4 + r.nextInt(w - 8);
      int cy = 4 + r.nextInt(h - 8);
      boolean ok = true;
      for (int[] c : centres) if (Math.hypot(c[0] - cx, c[1] - cy) < 12) ok = false;
      if (ok) centres.add(new int[] {cx, cy});
    }
    for (int[] c : centres) {
      double amp = 20 + r.nextDouble() * 60;
      double s = 1.5 + r.nextDouble();
      for (int y = Math.max(0, c[1] - 10); y < Math.min(h, c[1] + 11); y++)
        for (int x = Math.max(0, c[0] - 10); x < Math.min(w, c[0] + 11); x++)
          px[x + w * y] +=
              (float)
                  (amp
                      * Math.exp(
                          -((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1])) / (2 * s * s)));
    }
    for (int i = 0; i < px.length; i++) px[i] += (float) (10 + noise * r.nextGaussian());
    return px;
  }

  static List<int[]> imageJMaxima(ImageProcessor ip, double prominence) {
    ByteProcessor bp =
        new MaximumFinder()
            .findMaxima(
                ip,
                prominence,
                ImageProcessor.NO_THRESHOLD,
                MaximumFinder.SINGLE_POINTS,
                false,
                false);
    List<int[]> pts = new ArrayList<>();
    for (int y = 0; y < ip.getHeight(); y++)
      for (int x = 0; x < ip.getWidth(); x++) if (bp.get(x, y) != 0) pts.add(new int[] {x, y});
    return pts;
  }

  static List<int[]> foveaMaxima(GpuImage out) {
    CpuImage c = CpuImage.pull(out);
    List<int[]> pts = new ArrayList<>();
    for (int y = 0; y < c.h; y++)
      for (int x = 0; x < c.w; x++) {
        double v = c.get(x, y, 0);
        if (v != 0 && v != 1) fail("findMaxima output must be 0/1, got " + v);
        if (v == 1) pts.add(new int[] {x, y});
      }
    return pts;
  }

  @Covers({"findMaxima", "findMaximaCount"})
  @ParameterizedTest(name = "prominence {0}")
  @ValueSource(doubles = {2, 5, 10, 20})
  void findMaximaMatchesImageJOnFloatBlobs(double prominence) {
    Gpu gpu = TestGpu.get();
    int w = 157;
    int h = 93;
    List<int[]> centres = new ArrayList<>();
    float[] px = blobs(w, h, 40, 1.5, 31, centres);
    List<int[]> ij = imageJMaxima(new FloatProcessor(w, h, px.clone()), prominence);
    try (GpuImage src = gpu.push(px, w, h);
        GpuImage dst = Detection.findMaxima(src, null, prominence)) {
      assertEquals(PixelType.UINT8, dst.type());
      // float data without plateaus: the very same pixels
      assertSamePoints("maxima", ij, foveaMaxima(dst), 0);
      assertValueClose("count", ij.size(), Detection.findMaximaCount(src, prominence), 0, 0);
    }
    if (prominence == 10) {
      // noise below the prominence: one maximum per planted blob
      assertEquals(centres.size(), ij.size(), "ImageJ finds every blob");
    }
  }

  @Covers({"findMaxima", "findMaximaCount"})
  @Test
  void findMaximaMatchesImageJWithPlateaus() {
    // quantised values create plateaus; ImageJ picks the plateau pixel nearest its centroid
    Gpu gpu = TestGpu.get();
    int w = 120;
    int h = 80;
    float[] px = blobs(w, h, 25, 1.0, 32, new ArrayList<>());
    short[] q = new short[px.length];
    float[] qf = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      q[i] = (short) Math.round(px[i] / 4);
      qf[i] = q[i];
    }
    for (double prominence : new double[] {1, 3}) {
      List<int[]> ijShort = imageJMaxima(new ShortProcessor(w, h, q.clone(), null), prominence);
      List<int[]> ijFloat = imageJMaxima(new FloatProcessor(w, h, qf.clone()), prominence);
      try (GpuImage s16 = gpu.push(q, w, h);
          GpuImage f32 = gpu.push(qf, w, h);
          GpuImage a = Detection.findMaxima(s16, null, prominence);
          GpuImage b = Detection.findMaxima(f32, null, prominence)) {
        // the quantised image really has plateau maxima (a maximum with an equal neighbour)
        int onPlateau = 0;
        for (int[] m : ijShort) {
          boolean eq = false;
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
              int x = m[0] + dx;
              int y = m[1] + dy;
              if ((dx != 0 || dy != 0) && x >= 0 && y >= 0 && x < w && y < h)
                eq |= q[x + w * y] == q[m[0] + w * m[1]];
            }
          if (eq) onPlateau++;
        }
        assertTrue(onPlateau > 0, "no plateau maxima in the test image");
        // ImageJ takes the plateau pixel nearest to the plateau's centroid; so does Fovea
        assertSamePoints("uint16 maxima", ijShort, foveaMaxima(a), 0);
        assertSamePoints("float32 maxima", ijFloat, foveaMaxima(b), 0);
        assertEquals(ijShort.size(), Detection.findMaximaCount(s16, prominence));
      }
    }
  }

  @Covers({"findMaxima", "findMaximaCount"})
  @Test
  void aReusedMaximaFinderGivesTheSameAsImageJAcrossTypesAndSizes() {
    Gpu gpu = TestGpu.get();
    try (Detection.MaximaFinder finder = new Detection.MaximaFinder()) {
      for (int[] size : new int[][] {{64, 48}, {64, 48}, {37, 71}}) {
        int w = size[0];
        int h = size[1];
        float[] px = blobs(w, h, 8, 1.0, w * 31L + h, new ArrayList<>());
        short[] q = new short[px.length];
        for (int i = 0; i < q.length; i++) q[i] = (short) Math.round(px[i] * 3);
        try (GpuImage f = gpu.push(px, w, h);
            GpuImage u = gpu.push(q, w, h)) {
          assertEquals(
              imageJMaxima(new FloatProcessor(w, h, px.clone()), 4).size(),
              finder.find(f, 4).length);
          assertEquals(
              imageJMaxima(new ShortProcessor(w, h, q.clone(), null), 12).size(),
              finder.find(u, 12).length);
        }
      }
    }
  }

  @Covers({"findMaxima", "findMaximaCount"})
  @Test
  void findMaximaEdgeCases() {
    Gpu gpu = TestGpu.get();
    try (GpuImage flat = gpu.push(new float[64], 8, 8)) {
      assertEquals(0, Detection.findMaximaCount(flat, 1));
    }
    // one peak that does not rise by the prominence still counts (ImageJ, not 'strict')
    float[] px = new float[64];
    px[3 + 8 * 4] = 2;
    try (GpuImage one = gpu.push(px, 8, 8)) {
      assertEquals(1, Detection.findMaximaCount(one, 10));
      assertTrue(imageJMaxima(new FloatProcessor(8, 8, px.clone()), 10).size() == 1);
    }
    try (GpuImage img3 = gpu.create(8, 8, 2, PixelType.FLOAT32)) {
      assertThrows(FoveaException.InvalidArgument.class, () -> Detection.findMaxima(img3, null, 1));
    }
    try (GpuImage img = gpu.create(8, 8, 1, PixelType.FLOAT32)) {
      assertThrows(FoveaException.InvalidArgument.class, () -> Detection.findMaximaCount(img, -1));
      assertThrows(FoveaException.InvalidArgument.class, () -> Detection.findMaxima(img, img, 1));
      try (GpuImage f = gpu.create(8, 8, 1, PixelType.FLOAT32)) {
        assertThrows(FoveaException.InvalidArgument.class, () -> Detection.findMaxima(img, f, 1));
      }
      assertThrows(
          FoveaException.InvalidArgument.class,
          () -> Detection.detectMaxima2DBox(img, null, -1, 1));
    }
  }
}
