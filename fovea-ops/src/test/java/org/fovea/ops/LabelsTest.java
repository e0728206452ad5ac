package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.CpuLabels;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  /** A random binary image (values 0 or a random non-zero value) of the given density. */
  static CpuImage randomBinary(int w, int h, int d, PixelType t, double density, long seed) {
    CpuImage img = new CpuImage(w, h, d, t);
    Random r = new Random(seed);
    for (int i = 0; i < img.data.length; i++) {
      if (r.nextDouble() < density) img.setRaw(i, 1 + r.nextInt(200));
    }
    return img;
  }

  static GpuImage ccl(String name, GpuImage src) {
    return switch (name) {
      case "box" -> Labels.connectedComponentsLabelingBox(src, null);
      case "diamond" -> Labels.connectedComponentsLabelingDiamond(src, null);
      default -> Labels.connectedComponentsLabeling(src, null);
    };
  }

  @Covers({
    "connectedComponentsLabelingBox",
    "connectedComponentsLabelingDiamond",
    "connectedComponentsLabeling"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void connectedComponentsMatchSequentialLabeler(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    // densities: sparse specks, touching blobs, near percolation, almost full
    double[] densities = {0.1, 0.35, 0.6, 0.95};
    for (int k = 0; k < densities.length; k++) {
      CpuImage in = randomBinary(w, h, d, t, densities[k], 11 + k);
      try (GpuImage src = in.push(gpu)) {
        for (String kind : new String[] {"box", "diamond", "alias"}) {
          CpuImage expected = CpuLabels.connectedComponents(in, !kind.equals("diamond"));
          try (GpuImage labels = ccl(kind, src)) {
            assertEquals(PixelType.UINT32, labels.type());
            assertImageEquals(expected, labels);
          }
        }
      }
    }
  }

  /**
   * The GPU launch layout (groups of 256 items, chunks of 4096 pixels) on PoCL: an odd 3D image of
   * three chunks and a 2D one, one pixel type (the layout does not depend on it).
   */
  @Covers({"connectedComponentsLabelingBox", "connectedComponentsLabelingDiamond"})
  @Test
  void gpuLayoutMatchesSequentialLabeler() {
    GpuCaps.withGpuLayout(
        () -> {
          connectedComponentsMatchSequentialLabeler(PixelType.UINT8, 67, 45, 3);
          connectedComponentsMatchSequentialLabeler(PixelType.UINT8, 93, 51, 1);
        });
  }

  @Covers({"connectedComponentsLabelingBox", "connectedComponentsLabelingDiamond"})
  @Test
  void emptyFullAndEdgeCrossingImages() {
    Gpu gpu = TestGpu.get();
    for (int d : new int[] {1, 3}) {
      CpuImage empty = new CpuImage(13, 9, d, PixelType.UINT8);
      CpuImage full = new CpuImage(13, 9, d, PixelType.UINT8);
      java.util.Arrays.fill(full.data, 1);
      // a ring touching all four edges (one object, 8- and 4-connected alike) plus a corner speck
      CpuImage ring = new CpuImage(13, 9, d, PixelType.UINT8);
      for (int z = 0; z < d; z++) {
        for (int x = 0; x < 13; x++) {
          ring.set(x, 0, z, 1);
          ring.set(x, 8, z, 1);
        }
        for (int y = 0; y < 9; y++) {
          ring.set(0, y, z, 1);
          ring.set(12, y, z, 1);
        }
        ring.set(6, 4, z, 1);
      }
      for (CpuImage in : new CpuImage[] {empty, full, ring}) {
        try (GpuImage src = in.push(gpu);
            GpuImage box = Labels.connectedComponentsLabelingBox(src, null);
            GpuImage dia = Labels.connectedComponentsLabelingDiamond(src, null)) {
          assertImageEquals(CpuLabels.connectedComponents(in, true), box);
          assertImageEquals(CpuLabels.connectedComponents(in, false), dia);
        }
      }
    }
  }

  @Covers("connectedComponentsLabelingDiamond")
  @Test
  void moreThan65535Objects() {
    Gpu gpu = TestGpu.get();
    // isolated pixels on every second row and column: 261 × 261 = 68,121 objects
    CpuImage in = new CpuImage(521, 521, 1, PixelType.UINT8);
    for (int y = 0; y < 521; y += 2) for (int x = 0; x < 521; x += 2) in.set(x, y, 0, 1);
    try (GpuImage src = in.push(gpu);
        GpuImage labels = Labels.connectedComponentsLabelingDiamond(src, null)) {
      CpuImage expected = CpuLabels.connectedComponents(in, false);
      assertEquals(68121, CpuLabels.max(expected));
      assertImageEquals(expected, labels);
    }
  }

  @Covers("connectedComponentsLabelingBox")
  @Test
  void destinationOfAnotherTypeReceivesTheLabels() {
    Gpu gpu = TestGpu.get();
    CpuImage in = randomBinary(31, 17, 5, PixelType.UINT8, 0.3, 5);
    try (GpuImage src = in.push(gpu);
        GpuImage dst = gpu.create(31, 17, 5, PixelType.FLOAT32)) {
      Labels.connectedComponentsLabelingBox(src, dst);
      CpuImage expected = CpuLabels.connectedComponents(in, true);
      CpuImage asFloat = CpuImage.like(expected, PixelType.FLOAT32);
      System.arraycopy(expected.data, 0, asFloat.data, 0, expected.data.length);
      assertImageEquals(asFloat, dst);
    }
  }
}
