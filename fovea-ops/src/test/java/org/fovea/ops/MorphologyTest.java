package org.fovea.ops;

import static org.fovea.ops.testkit.CpuRank.inNeighbourhood;
import static org.fovea.ops.testkit.CpuRank.reference;
import static org.fovea.ops.testkit.ImageAssert.assertImageClose;
import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.plugin.filter.RankFilters;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.CpuRank.Rank;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MorphologyTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  static Stream<PixelType> allTypes() {
    return TestGpu.TYPES.stream();
  }

  static Stream<Arguments> types2D() {
    return TestGpu.TYPES.stream().map(t -> Arguments.of(t, 31, 17, 1));
  }

  /** Binary-ish input: 0 or a random non-zero value, ~75 % non-zero (so erosion keeps some). */
  static CpuImage binaryInput(int w, int h, int d, PixelType t, long seed) {
    CpuImage img = CpuImage.random(w, h, d, t, seed);
    Random r = new Random(seed + 1);
    for (int i = 0; i < img.data.length; i++) {
      if (r.nextInt(4) == 0) img.data[i] = 0;
      else if (img.data[i] == 0) img.data[i] = 1;
    }
    return img;
  }

  // ------------------------------------------------------------------ binary

  @Covers({"erodeBox", "erodeSphere", "dilateBox", "dilateSphere"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void binaryMorphologyMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = binaryInput(w, h, d, t, 3);
    int rz = d > 1 ? 1 : 0;
    try (GpuImage src = in.push(gpu)) {
      try (GpuImage o = Morphology.erodeBox(src, null)) {
        assertEquals(PixelType.UINT8, o.type());
        assertImageEquals(reference(in, 1, 1, rz, Rank.MIN, false, true), o);
      }
      try (GpuImage o = Morphology.erodeSphere(src, null)) {
        assertImageEquals(reference(in, 1, 1, rz, Rank.MIN, true, true), o);
      }
      // dilation of a sparse image (so that it does not fill everything)
      CpuImage sparse = CpuImage.like(in);
      for (int i = 0; i < in.data.length; i += 11) sparse.data[i] = in.data[i];
      try (GpuImage s = sparse.push(gpu);
          GpuImage o = Morphology.dilateBox(s, null);
          GpuImage o2 = Morphology.dilateSphere(s, null)) {
        assertImageEquals(reference(sparse, 1, 1, rz, Rank.MAX, false, true), o);
        assertImageEquals(reference(sparse, 1, 1, rz, Rank.MAX, true, true), o2);
      }
    }
  }

  @Covers({"erodeBox", "dilateBox"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("allTypes")
  void vectorisedBoxErosionPathsMatchCpuReference(PixelType t) {
    // width 16 (a multiple of 8) takes box3_xy8; a plane of 128 pixels (a multiple of 16) with a
    // uint8 output takes box3_z16: the fast paths a user's image of such a size runs
    Gpu gpu = TestGpu.get();
    CpuImage in = binaryInput(16, 8, 3, t, 5);
    try (GpuImage src = in.push(gpu);
        GpuImage e = Morphology.erodeBox(src, null);
        GpuImage dl = Morphology.dilateBox(src, null)) {
      assertImageEquals(reference(in, 1, 1, 1, Rank.MIN, false, true), e);
      assertImageEquals(reference(in, 1, 1, 1, Rank.MAX, false, true), dl);
    }
  }

  @Covers({"erodeSphere", "dilateSphere"})
  @Test
  void sphereIsFourAndSixNeighbourhood() {
    assertEquals(5, Morphology.neighbourhoodSize(1, 1, 0, true));
    assertEquals(7, Morphology.neighbourhoodSize(1, 1, 1, true));
    assertEquals(9, Morphology.neighbourhoodSize(1, 1, 0, false));
    assertEquals(27, Morphology.neighbourhoodSize(1, 1, 1, false));
  }

  @Covers({"erodeBox", "dilateBox"})
  @Test
  void binaryBoxMatchesImageJAwayFromTheBorder() {
    Gpu gpu = TestGpu.get();
    CpuImage in = binaryInput(67, 45, 1, PixelType.UINT8, 8);
    byte[] mask = new byte[in.data.length];
    for (int i = 0; i < mask.length; i++) mask[i] = (byte) (in.data[i] != 0 ? 255 : 0);
    ByteProcessor er = new ByteProcessor(67, 45, mask.clone());
    er.erode(1, 0);
    ByteProcessor di = new ByteProcessor(67, 45, mask.clone());
    di.dilate(1, 0);
    try (GpuImage src = in.push(gpu);
        GpuImage e = Morphology.erodeBox(src, null);
        GpuImage dl = Morphology.dilateBox(src, null)) {
      CpuImage ge = CpuImage.pull(e);
      CpuImage gd = CpuImage.pull(dl);
      for (int y = 1; y < 44; y++) {
        for (int x = 1; x < 66; x++) {
          assertEquals(er.get(x, y) != 0 ? 1 : 0, ge.get(x, y, 0), 0, "erode at " + x + "," + y);
          assertEquals(di.get(x, y) != 0 ? 1 : 0, gd.get(x, y, 0), 0, "dilate at " + x + "," + y);
        }
      }
    }
  }

  // ------------------------------------------------------------------ rank filters

  static double tolerance(PixelType t, Rank r) {
    return t == PixelType.FLOAT32 && r == Rank.MEAN ? 1e-5 : 0;
  }

  /**
   * Radii every pixel type is checked with. The rank kernels compile the neighbourhood in (one PoCL
   * build per radius, shape and type, the slow part of this class), and their type-dependent code
   * is the same for every radius: so every type gets radius 1 (and, in 3D, radii 3, 2, 2, which
   * take the generic kernel of 51 and 175 neighbours, on 2D images too), while the other radii
   * (anisotropic, zero, larger) run on float32 only.
   */
  static final int[][] R1_2D = {{1, 1}};

  @Covers({"minimum2DSphere", "maximum2DSphere", "mean2DSphere", "median2DSphere", "median2DBox"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("types2D")
  void rankFilters2DMatchCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 5);
    int[][] radii = t == PixelType.FLOAT32 ? new int[][] {{1, 1}, {2, 2}, {3, 1}, {0, 2}} : R1_2D;
    try (GpuImage src = in.push(gpu)) {
      for (int[] r : radii) {
        check(Filters.minimum2DSphere(src, null, r[0], r[1]), in, r[0], r[1], 0, Rank.MIN, true);
        check(Filters.maximum2DSphere(src, null, r[0], r[1]), in, r[0], r[1], 0, Rank.MAX, true);
        check(Filters.mean2DSphere(src, null, r[0], r[1]), in, r[0], r[1], 0, Rank.MEAN, true);
        check(Filters.median2DSphere(src, null, r[0], r[1]), in, r[0], r[1], 0, Rank.MEDIAN, true);
        check(Filters.median2DBox(src, null, r[0], r[1]), in, r[0], r[1], 0, Rank.MEDIAN, false);
      }
    }
  }

  static void check(GpuImage out, CpuImage in, int rx, int ry, int rz, Rank rank, boolean sphere) {
    try (out) {
      assertImageClose(
          reference(in, rx, ry, rz, rank, sphere, false),
          out,
          tolerance(in.type, rank) * 10,
          tolerance(in.type, rank));
    }
  }

  @Covers({"minimum3DSphere", "maximum3DSphere", "mean3DSphere", "median3DSphere", "median3DBox"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void rankFilters3DMatchCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 6);
    int[][] radii =
        t == PixelType.FLOAT32
            ? new int[][] {{1, 1, 1}, {2, 2, 2}, {2, 1, 0}, {3, 2, 2}}
            : new int[][] {{1, 1, 1}, {3, 2, 2}};
    try (GpuImage src = in.push(gpu)) {
      for (int[] r : radii) {
        int rz = d > 1 ? r[2] : 0;
        check(
            Filters.minimum3DSphere(src, null, r[0], r[1], r[2]),
            in,
            r[0],
            r[1],
            rz,
            Rank.MIN,
            true);
        check(
            Filters.maximum3DSphere(src, null, r[0], r[1], r[2]),
            in,
            r[0],
            r[1],
            rz,
            Rank.MAX,
            true);
        check(
            Filters.mean3DSphere(src, null, r[0], r[1], r[2]), in, r[0], r[1], rz, Rank.MEAN, true);
        check(
            Filters.median3DSphere(src, null, r[0], r[1], r[2]),
            in,
            r[0],
            r[1],
            rz,
            Rank.MEDIAN,
            true);
        check(
            Filters.median3DBox(src, null, r[0], r[1], r[2]),
            in,
            r[0],
            r[1],
            rz,
            Rank.MEDIAN,
            false);
      }
    }
  }

  /**
   * The unrolled kernels GPUs run for 34 to 125 neighbours (rank_fixed, median_fixed; PoCL takes
   * the generic kernel there) through the GPU-layout test hook: one pixel type and one small odd
   * image (the kernels' type-dependent code is the one tested above), the slow-to-build 125-pixel
   * median once.
   */
  @Covers({"minimum3DSphere", "maximum3DSphere", "mean3DSphere", "median3DSphere", "median3DBox"})
  @Test
  void unrolledGpuKernelsMatchCpuReference() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(9, 7, 5, PixelType.FLOAT32, 16);
    int n = 0;
    for (int dz = -2; dz <= 2; dz++)
      for (int dy = -2; dy <= 2; dy++)
        for (int dx = -3; dx <= 3; dx++) if (inNeighbourhood(dx, dy, dz, 3, 2, 2, true)) n++;
    assertEquals(51, n, "a sphere of radii 3, 2, 2 has between 34 and 125 pixels");
    GpuCaps.withGpuLayout(
        () -> {
          try (GpuImage src = in.push(gpu)) {
            check(Filters.minimum3DSphere(src, null, 3, 2, 2), in, 3, 2, 2, Rank.MIN, true);
            check(Filters.maximum3DSphere(src, null, 3, 2, 2), in, 3, 2, 2, Rank.MAX, true);
            check(Filters.mean3DSphere(src, null, 3, 2, 2), in, 3, 2, 2, Rank.MEAN, true);
            check(Filters.median3DSphere(src, null, 3, 2, 2), in, 3, 2, 2, Rank.MEDIAN, true);
            check(Filters.median3DBox(src, null, 2, 2, 2), in, 2, 2, 2, Rank.MEDIAN, false);
          }
        });
  }

  @Covers({"topHatBox", "topHatSphere"})
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void topHatMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(w, h, d, t, 9);
    int rz = d > 1 ? 1 : 0;
    for (boolean sphere : new boolean[] {false, true}) {
      CpuImage opened =
          reference(
              reference(in, 2, 2, rz, Rank.MIN, sphere, false), 2, 2, rz, Rank.MAX, sphere, false);
      CpuImage expected = CpuImage.like(in);
      for (int i = 0; i < in.data.length; i++) expected.setRaw(i, in.data[i] - opened.data[i]);
      try (GpuImage src = in.push(gpu);
          GpuImage o =
              sphere
                  ? Morphology.topHat(Morphology.Shape.Sphere, src, null, 2, 2, 1)
                  : Morphology.topHat(Morphology.Shape.Box, src, null, 2, 2, 1)) {
        assertImageEquals(expected, o);
      }
    }
  }

  // ------------------------------------------------------------------ against ImageJ

  static ImageProcessor imagejProcessor(CpuImage in) {
    return switch (in.type) {
      case UINT8 -> new ByteProcessor(in.w, in.h, (byte[]) in.toArray());
      case UINT16 -> new ShortProcessor(in.w, in.h, (short[]) in.toArray(), null);
      default -> new FloatProcessor(in.w, in.h, (float[]) in.toArray());
    };
  }

  static CpuImage fromImageJ(ImageProcessor ip, PixelType t) {
    CpuImage c = new CpuImage(ip.getWidth(), ip.getHeight(), 1, t);
    for (int i = 0; i < c.data.length; i++) c.data[i] = ip.getf(i);
    return c;
  }

  @Covers({"minimum2DSphere", "maximum2DSphere", "median2DSphere", "mean2DSphere"})
  @Test
  void sphereFiltersMatchImageJRankFilters() {
    Gpu gpu = TestGpu.get();
    for (PixelType t : new PixelType[] {PixelType.UINT8, PixelType.UINT16, PixelType.FLOAT32}) {
      CpuImage in = CpuImage.random(47, 33, 1, t, 12);
      // radius 1 on every type, 2 and 3 on float32 (see R1_2D: the kernels built by the CPU tests)
      int maxRadius = t == PixelType.FLOAT32 ? 3 : 1;
      try (GpuImage src = in.push(gpu)) {
        for (int r = 1; r <= maxRadius; r++) {
          double ijRadius = r - 0.1; // ImageJ's circle of this radius = our sphere of radius r
          int[][] cases = {
            {RankFilters.MIN, 0},
            {RankFilters.MAX, 1},
            {RankFilters.MEDIAN, 2},
            {RankFilters.MEAN, 3}
          };
          for (int[] c : cases) {
            if (c[1] == 3 && t != PixelType.FLOAT32) continue; // ImageJ rounds 8/16-bit half up
            ImageProcessor ip = imagejProcessor(in);
            new RankFilters().rank(ip, ijRadius, c[0]);
            CpuImage expected = fromImageJ(ip, t);
            GpuImage out =
                switch (c[1]) {
                  case 0 -> Filters.minimum2DSphere(src, null, r, r);
                  case 1 -> Filters.maximum2DSphere(src, null, r, r);
                  case 2 -> Filters.median2DSphere(src, null, r, r);
                  default -> Filters.mean2DSphere(src, null, r, r);
                };
            try (out) {
              double rel = c[1] == 3 ? 1e-5 : 0;
              assertImageClose(expected, out, rel * 10, rel);
            }
          }
        }
      }
    }
  }

  /**
   * ImageJ's 3D filters (Process > Filters > 3D, {@code Filters3D.filter}) use the same ellipsoid
   * (dx²/rx² + dy²/ry² + dz²/rz² ≤ 1) but do not clamp to the edge (medians differ at the border):
   * equal on every voxel at least one radius away from the border.
   */
  @Covers({"minimum3DSphere", "maximum3DSphere", "median3DSphere", "mean3DSphere"})
  @Test
  void sphereFilters3DMatchImageJFilters3DInside() {
    Gpu gpu = TestGpu.get();
    int w = 23;
    int h = 19;
    int d = 9;
    for (PixelType t : new PixelType[] {PixelType.UINT8, PixelType.UINT16, PixelType.FLOAT32}) {
      CpuImage in = CpuImage.random(w, h, d, t, 14);
      // all radii on float32, radius 1 on the integer types (see R1_2D)
      int[][] radii =
          t == PixelType.FLOAT32
              ? new int[][] {{1, 1, 1}, {2, 2, 1}, {3, 2, 2}}
              : new int[][] {{1, 1, 1}};
      int[][] cases = {
        {ij.plugin.Filters3D.MIN, 0},
        {ij.plugin.Filters3D.MAX, 1},
        {ij.plugin.Filters3D.MEDIAN, 2},
        {ij.plugin.Filters3D.MEAN, 3}
      };
      try (GpuImage src = in.push(gpu)) {
        for (int[] r : radii) {
          for (int[] c : cases) {
            if (c[1] == 3 && t != PixelType.FLOAT32) continue; // ImageJ rounds 8/16-bit means
            ij.ImageStack stack = new ij.ImageStack(w, h);
            int plane = w * h;
            for (int z = 0; z < d; z++) {
              CpuImage slice = new CpuImage(w, h, 1, t);
              System.arraycopy(in.data, z * plane, slice.data, 0, plane);
              stack.addSlice(imagejProcessor(slice));
            }
            ij.ImageStack out = ij.plugin.Filters3D.filter(stack, c[0], r[0], r[1], r[2]);
            CpuImage ours;
            try (GpuImage o =
                switch (c[1]) {
                  case 0 -> Filters.minimum3DSphere(src, null, r[0], r[1], r[2]);
                  case 1 -> Filters.maximum3DSphere(src, null, r[0], r[1], r[2]);
                  case 2 -> Filters.median3DSphere(src, null, r[0], r[1], r[2]);
                  default -> Filters.mean3DSphere(src, null, r[0], r[1], r[2]);
                }) {
              ours = CpuImage.pull(o);
            }
            for (int z = r[2]; z < d - r[2]; z++) {
              ImageProcessor ip = out.getProcessor(z + 1);
              for (int y = r[1]; y < h - r[1]; y++) {
                for (int x = r[0]; x < w - r[0]; x++) {
                  double e = ip.getf(x, y);
                  double a = ours.get(x, y, z);
                  double tol = c[1] == 3 ? 1e-5 * Math.abs(e) + 1e-4 : 0;
                  if (Math.abs(e - a) > tol) {
                    throw new AssertionError(
                        String.format(
                            "%s case %d radii %s at (%d,%d,%d): ImageJ %s, Fovea %s",
                            t, c[1], Arrays.toString(r), x, y, z, e, a));
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ arguments

  @Covers({"median3DBox", "median2DSphere", "minimum2DSphere"})
  @Test
  void badArgumentsAreRejectedClearly() {
    Gpu gpu = TestGpu.get();
    try (GpuImage img3 = gpu.create(9, 9, 9, PixelType.UINT8);
        GpuImage img2 = gpu.create(9, 9, 1, PixelType.UINT8)) {
      gpu.fill(img3, 1);
      gpu.fill(img2, 1);
      int live = gpu.liveImageCount();
      FoveaException.InvalidArgument e =
          assertThrows(
              FoveaException.InvalidArgument.class, () -> Filters.median3DBox(img3, null, 4, 4, 4));
      assertEquals(true, e.getMessage().contains("343"), e.getMessage());
      // the rejected call allocated no output it would leave behind (it used to leak one)
      assertEquals(live, gpu.liveImageCount(), "no image left behind by a rejected call");
      assertThrows(
          FoveaException.InvalidArgument.class, () -> Filters.median2DSphere(img3, null, 1, 1));
      assertThrows(
          FoveaException.InvalidArgument.class, () -> Filters.minimum2DSphere(img2, null, -1, 1));
      assertThrows(FoveaException.InvalidArgument.class, () -> Morphology.erodeBox(img2, img2));
      // the largest accepted neighbourhoods run
      try (GpuImage o = Filters.median3DBox(img3, null, 3, 3, 3);
          GpuImage o2 = Filters.median3DSphere(img3, null, 4, 4, 4);
          GpuImage o3 = Filters.median2DSphere(img2, null, 10, 10)) {
        assertEquals(9 * 9 * 9, Measurements.countNonZeroPixels(o));
        assertEquals(9 * 9 * 9, Measurements.countNonZeroPixels(o2));
        assertEquals(9 * 9, Measurements.countNonZeroPixels(o3));
      }
    }
  }
}
