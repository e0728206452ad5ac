package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import java.util.Random;
import java.util.stream.Stream;
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

class MeasurementsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  static double[] reference(CpuImage in) {
    int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    int[] hi = {-1, -1, -1};
    for (int z = 0; z < in.d; z++) {
      for (int y = 0; y < in.h; y++) {
        for (int x = 0; x < in.w; x++) {
          if (in.get(x, y, z) != 0) {
            int[] c = {x, y, z};
            for (int k = 0; k < 3; k++) {
              lo[k] = Math.min(lo[k], c[k]);
              hi[k] = Math.max(hi[k], c[k]);
            }
          }
        }
      }
    }
    if (hi[0] < 0) return new double[6];
    boolean is3D = in.d > 1;
    return new double[] {
      lo[0],
      lo[1],
      is3D ? lo[2] : 0,
      hi[0] - lo[0] + 1,
      hi[1] - lo[1] + 1,
      is3D ? hi[2] - lo[2] + 1 : 0
    };
  }

  /** Zeros with a few non-zero pixels scattered inside a random sub-box. */
  static CpuImage sparse(int w, int h, int d, PixelType t, long seed) {
    CpuImage img = new CpuImage(w, h, d, t);
    Random r = new Random(seed);
    int x0 = r.nextInt(w / 2);
    int y0 = r.nextInt(h / 2);
    int z0 = r.nextInt(d);
    for (int k = 0; k < 6; k++) {
      int x = x0 + r.nextInt(w - x0);
      int y = y0 + r.nextInt(h - y0);
      int z = z0 + r.nextInt(d - z0);
      img.set(x, y, z, 1 + r.nextInt(200));
    }
    return img;
  }

  @Covers("boundingBox")
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void boundingBoxMatchesCpuReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    for (long seed = 1; seed <= 4; seed++) {
      CpuImage in = sparse(w, h, d, t, seed);
      try (GpuImage src = in.push(gpu)) {
        assertArrayEquals(reference(in), Measurements.boundingBox(src), "seed " + seed);
      }
    }
    // full image, corners only, empty image
    CpuImage corners = new CpuImage(w, h, d, t);
    corners.set(0, 0, 0, 1);
    corners.set(w - 1, h - 1, d - 1, 1);
    try (GpuImage src = corners.push(gpu)) {
      assertArrayEquals(reference(corners), Measurements.boundingBox(src));
    }
    try (GpuImage src = new CpuImage(w, h, d, t).push(gpu)) {
      assertArrayEquals(new double[6], Measurements.boundingBox(src));
    }
  }

  @Covers("boundingBox")
  @Test
  void boundingBoxMatchesImageJSelectionBounds() {
    Gpu gpu = TestGpu.get();
    CpuImage in = sparse(67, 45, 1, PixelType.UINT8, 9);
    byte[] px = (byte[]) in.toArray();
    ByteProcessor bp = new ByteProcessor(67, 45, px.clone());
    bp.setThreshold(1, 255, ByteProcessor.NO_LUT_UPDATE);
    Roi roi = ThresholdToSelection.run(new ij.ImagePlus("m", bp));
    java.awt.Rectangle b = roi.getBounds();
    try (GpuImage src = in.push(gpu)) {
      assertArrayEquals(
          new double[] {b.x, b.y, 0, b.width, b.height, 0}, Measurements.boundingBox(src));
    }
  }
}
