package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import java.util.stream.Stream;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuFilters;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageJBridge;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Box minimum/maximum: exact against a direct CPU box reference, and ImageJ's radius-1 rank
 * filters.
 */
class NeighbourhoodTest {
  static Stream<PixelType> types() {
    return TestGpu.TYPES.stream();
  }

  @Covers({"minimum2DBox", "maximum2DBox"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void box2DMatchesCpuReference(PixelType t) {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{31, 17}, {150, 7}}) { // 150: several x tiles
      CpuImage in = CpuImage.random(s[0], s[1], 1, t, 71);
      try (GpuImage src = in.push(gpu)) {
        for (int[] r : new int[][] {{1, 1}, {2, 0}, {0, 3}, {3, 2}, {20, 12}, {300, 1}}) {
          try (GpuImage min =
                  Filters.extremum2DBox(Filters.Extremum.minimum, src, null, r[0], r[1]);
              GpuImage max =
                  Filters.extremum2DBox(Filters.Extremum.maximum, src, null, r[0], r[1])) {
            assertEquals(t, min.type());
            assertImageEquals(CpuFilters.box(in, r[0], r[1], 0, 1, t), min);
            assertImageEquals(CpuFilters.box(in, r[0], r[1], 0, 2, t), max);
          }
        }
      }
    }
  }

  @Covers({"minimum3DBox", "maximum3DBox"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void box3DMatchesCpuReference(PixelType t) {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{31, 17, 5}, {31, 17, 1}, {70, 6, 4}}) {
      CpuImage in = CpuImage.random(s[0], s[1], s[2], t, 72);
      try (GpuImage src = in.push(gpu)) {
        for (int[] r : new int[][] {{1, 1, 1}, {2, 1, 0}, {0, 0, 2}, {3, 2, 6}}) {
          try (GpuImage min =
                  Filters.extremum3DBox(Filters.Extremum.minimum, src, null, r[0], r[1], r[2]);
              GpuImage max =
                  Filters.extremum3DBox(Filters.Extremum.maximum, src, null, r[0], r[1], r[2])) {
            assertImageEquals(CpuFilters.box(in, r[0], r[1], r[2], 1, t), min);
            assertImageEquals(CpuFilters.box(in, r[0], r[1], r[2], 2, t), max);
          }
        }
      }
    }
  }

  @Covers({"minimum3DBox", "maximum2DBox"})
  @Test
  void inPlaceAndIntoAnotherType() {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 5, PixelType.UINT16, 73);
    try (GpuImage src = in.push(gpu);
        GpuImage u8 = gpu.create(31, 17, 5, PixelType.UINT8)) {
      Filters.extremum3DBox(Filters.Extremum.minimum, src, u8, 1, 2, 1);
      assertImageEquals(CpuFilters.box(in, 1, 2, 1, 1, PixelType.UINT8), u8);
      Filters.extremum3DBox(Filters.Extremum.minimum, src, src, 1, 2, 1); // three passes in place
      assertImageEquals(CpuFilters.box(in, 1, 2, 1, 1, PixelType.UINT16), src);
    }
    CpuImage flat = CpuImage.random(31, 17, 1, PixelType.FLOAT32, 74);
    try (GpuImage src = flat.push(gpu)) {
      Filters.extremum2DBox(Filters.Extremum.maximum, src, src, 2, 0); // one pass in place
      assertImageEquals(CpuFilters.box(flat, 2, 0, 0, 2, PixelType.FLOAT32), src);
    }
  }

  /** ImageJ's radius-1 kernel is the full 3×3 box, and RankFilters pads with edge pixels. */
  @Covers({"minimum2DBox", "maximum2DBox"})
  @ParameterizedTest(name = "{0}")
  @MethodSource("imagejTypes")
  void radiusOneMatchesImageJRankFilters(PixelType t) {
    Gpu gpu = TestGpu.get();
    CpuImage in = CpuImage.random(31, 17, 1, t, 75);
    ImageProcessor ipMin = ImageJBridge.processor(in, 0);
    ImageProcessor ipMax = ImageJBridge.processor(in, 0);
    new RankFilters().rank(ipMin, 1, RankFilters.MIN);
    new RankFilters().rank(ipMax, 1, RankFilters.MAX);
    try (GpuImage src = in.push(gpu);
        GpuImage min = Filters.extremum2DBox(Filters.Extremum.minimum, src, null, 1, 1);
        GpuImage max = Filters.extremum2DBox(Filters.Extremum.maximum, src, null, 1, 1)) {
      assertImageEquals(ImageJBridge.fromProcessor(ipMin, t), min);
      assertImageEquals(ImageJBridge.fromProcessor(ipMax, t), max);
    }
  }

  static Stream<PixelType> imagejTypes() {
    return Stream.of(PixelType.UINT8, PixelType.UINT16, PixelType.FLOAT32);
  }

  /** Degenerate shapes: single pixels, single rows and columns, one-pixel-wide stacks. */
  @Covers({"minimum3DBox", "maximum3DBox"})
  @Test
  void tinyShapes() {
    Gpu gpu = TestGpu.get();
    for (int[] s : new int[][] {{1, 1, 1}, {1, 7, 1}, {7, 1, 1}, {1, 1, 3}, {2, 3, 2}}) {
      CpuImage in = CpuImage.random(s[0], s[1], s[2], PixelType.UINT8, 76);
      try (GpuImage src = in.push(gpu);
          GpuImage min = Filters.extremum3DBox(Filters.Extremum.minimum, src, null, 2, 1, 3);
          GpuImage max = Filters.extremum3DBox(Filters.Extremum.maximum, src, null, 1, 4, 1)) {
        assertImageEquals(CpuFilters.box(in, 2, 1, 3, 1, PixelType.UINT8), min);
        assertImageEquals(CpuFilters.box(in, 1, 4, 1, 2, PixelType.UINT8), max);
      }
    }
  }

  @Test
  void rejectsBadInput() {
    Gpu gpu = TestGpu.get();
    try (GpuImage flat = gpu.create(31, 17, 1, PixelType.UINT8);
        GpuImage stack = gpu.create(31, 17, 5, PixelType.UINT8)) {
      expect("3D", () -> Filters.extremum2DBox(Filters.Extremum.minimum, stack, null, 1, 1));
      expect("3D", () -> Filters.extremum2DBox(Filters.Extremum.maximum, stack, null, 1, 1));
      expect("radiusX", () -> Filters.extremum2DBox(Filters.Extremum.maximum, flat, null, -1, 1));
      expect(
          "radiusZ", () -> Filters.extremum3DBox(Filters.Extremum.minimum, stack, null, 1, 1, -3));
      expect(
          "destination",
          () -> Filters.extremum3DBox(Filters.Extremum.maximum, stack, flat, 1, 1, 1));
      expect("null", () -> Filters.extremum3DBox(Filters.Extremum.minimum, null, null, 1, 1, 1));
    }
  }

  static void expect(String inMessage, Runnable r) {
    FoveaException.InvalidArgument e = assertThrows(FoveaException.InvalidArgument.class, r::run);
    assertTrue(e.getMessage().contains(inMessage), e.getMessage());
  }
}
