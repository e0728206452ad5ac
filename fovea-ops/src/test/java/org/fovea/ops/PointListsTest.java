package org.fovea.ops;

import static org.fovea.ops.testkit.ImageAssert.assertImageEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spots, labelled spots and point lists against plain-Java references. */
class PointListsTest {
  static Stream<Arguments> typesAndShapes() {
    return TestGpu.TYPES.stream()
        .flatMap(t -> TestGpu.SHAPES.stream().map(s -> Arguments.of(t, s[0], s[1], s[2])));
  }

  @Covers({
    "labelSpots",
    "labelledSpotsToPointList",
    "spotsToPointList",
    "pointlistToLabelledSpots",
    "writeValuesToPositions"
  })
  @ParameterizedTest(name = "{0} {1}x{2}x{3}")
  @MethodSource("typesAndShapes")
  void spotsAndPointListsMatchReference(PixelType t, int w, int h, int d) {
    Gpu gpu = TestGpu.get();
    // spots, some touching each other (labelSpots keeps them apart)
    CpuImage spots = new CpuImage(w, h, d, t);
    Random r = new Random(21);
    for (int k = 0; k < 40; k++) spots.set(r.nextInt(w), r.nextInt(h), r.nextInt(d), 1 + k);
    spots.set(3, 3, 0, 1);
    spots.set(4, 3, 0, 1);
    CpuImage labelled = CpuImage.like(spots, PixelType.UINT32);
    int n = 0;
    for (int i = 0; i < spots.data.length; i++) if (spots.data[i] != 0) labelled.data[i] = ++n;
    int dims = d > 1 ? 3 : 2;
    CpuImage list = new CpuImage(n, dims, 1, PixelType.FLOAT32);
    for (int z = 0; z < d; z++)
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
          int l = (int) labelled.get(x, y, z);
          if (l == 0) continue;
          list.set(l - 1, 0, 0, x);
          list.set(l - 1, 1, 0, y);
          if (dims == 3) list.set(l - 1, 2, 0, z);
        }
    // the labelled spots image cropped to the points' extent, as a null destination allocates
    int[] ext = new int[3];
    for (int k = 0; k < n; k++)
      for (int c = 0; c < dims; c++) ext[c] = Math.max(ext[c], (int) list.get(k, c, 0) + 1);
    CpuImage relabelled = new CpuImage(ext[0], ext[1], dims == 3 ? ext[2] : 1, PixelType.UINT32);
    CpuImage valued = new CpuImage(ext[0], ext[1], dims == 3 ? ext[2] : 1, PixelType.FLOAT32);
    CpuImage positions = new CpuImage(n, dims + 1, 1, PixelType.FLOAT32);
    for (int k = 0; k < n; k++) {
      int x = (int) list.get(k, 0, 0), y = (int) list.get(k, 1, 0);
      int z = dims == 3 ? (int) list.get(k, 2, 0) : 0;
      relabelled.set(x, y, z, k + 1);
      valued.set(x, y, z, 0.5 + k);
      for (int c = 0; c < dims; c++) positions.set(k, c, 0, list.get(k, c, 0));
      positions.set(k, dims, 0, 0.5 + k);
    }
    try (GpuImage s = spots.push(gpu);
        GpuImage l = Labels.labelSpots(s, null);
        GpuImage pl = Labels.labelledSpotsToPointList(l, null);
        GpuImage pl2 = Labels.spotsToPointList(s, null);
        GpuImage back = Labels.pointlistToLabelledSpots(pl, null);
        GpuImage pos = positions.push(gpu);
        GpuImage v = Labels.writeValuesToPositions(pos, null)) {
      assertImageEquals(labelled, l);
      assertImageEquals(list, pl);
      assertImageEquals(list, pl2);
      assertImageEquals(relabelled, back);
      assertImageEquals(valued, v);
    }
  }
}
