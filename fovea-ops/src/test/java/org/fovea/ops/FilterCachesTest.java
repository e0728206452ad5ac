package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.*;

import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.junit.jupiter.api.Test;

/**
 * The filters' caches (device weights, scratch images) live in the state of each {@link Gpu}: two
 * contexts never share them and closing one frees its own. No kernel runs here, so the test is
 * cheap on PoCL.
 */
class FilterCachesTest {
  @Test
  void weightsAndScratchArePerGpuAndFreedWithIt() {
    float[] w = Filters.gaussianWeights(1.5);
    Gpu b = Gpu.open();
    try {
      GpuImage wb = Filters.deviceWeights(b, "test-g1.5", () -> w);
      GpuImage sb;
      GpuImage wa;
      GpuImage sa;
      try (Gpu a = Gpu.open();
          GpuImage likeA = a.create(7, 5, 3, PixelType.UINT16);
          GpuImage likeB = b.create(7, 5, 3, PixelType.UINT16)) {
        wa = Filters.deviceWeights(a, "test-g1.5", () -> w);
        assertNotSame(wa, wb, "two contexts do not share cached weights");
        assertSame(a, wa.gpu());
        assertSame(wa, Filters.deviceWeights(a, "test-g1.5", () -> w), "cached per context");
        assertArrayEquals(w, (float[]) a.pull(wa));

        sa = Filters.Scratch.borrow(likeA, PixelType.FLOAT32);
        sb = Filters.Scratch.borrow(likeB, PixelType.FLOAT32);
        Filters.Scratch.giveBack(sa);
        assertEquals(1, Filters.Scratch.freeCount(a));
        assertEquals(0, Filters.Scratch.freeCount(b), "a's free scratch image is not b's");
        Filters.Scratch.giveBack(sb);
        assertSame(sa, Filters.Scratch.borrow(likeA, PixelType.FLOAT32), "reused in a");
        Filters.Scratch.giveBack(sa);
        assertEquals(1, Filters.Scratch.freeCount(b));
      } // a closes: its state goes with it
      assertTrue(wa.isClosed() && sa.isClosed(), "a's weights and scratch freed with a");
      assertFalse(wb.isClosed() || sb.isClosed(), "b's caches are untouched");
      assertSame(wb, Filters.deviceWeights(b, "test-g1.5", () -> w));
      assertEquals(1, Filters.Scratch.freeCount(b));
      Filters.releaseCaches(b);
      assertTrue(wb.isClosed() && sb.isClosed(), "releaseCaches frees b's weights and scratch");
      assertEquals(0, Filters.Scratch.freeCount(b));
    } finally {
      b.close();
    }
  }
}
