package org.fovea.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-context state: made once per context, never shared, released with the context. */
class GpuStateTest {
  /** A value that holds a device buffer and counts its closes. */
  static final class Held implements AutoCloseable {
    final GpuImage image;
    final AtomicInteger closes = new AtomicInteger();

    Held(Gpu gpu) {
      image = gpu.create(3, 2, 1, PixelType.FLOAT32);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      image.close();
    }
  }

  private static final AtomicInteger MADE = new AtomicInteger();
  private static final GpuState.Key<Held> HELD =
      GpuState.Key.of(
          "test buffer",
          g -> {
            MADE.incrementAndGet();
            return new Held(g);
          });

  @Test
  void closingTheGpuReleasesItsState() {
    Held h;
    Gpu gpu = Gpu.open();
    try {
      h = gpu.state(HELD);
      assertSame(h, gpu.state(HELD), "made once, then the same value");
      assertSame(h, gpu.stateIfPresent(HELD));
      assertEquals(1, gpu.stateCount());
      assertEquals(1, gpu.liveImageCount());
    } finally {
      gpu.close();
    }
    assertEquals(1, h.closes.get(), "the value was closed with the context");
    assertTrue(h.image.isClosed());
    assertEquals(0, gpu.stateCount());
    assertNull(gpu.stateIfPresent(HELD));
    assertThrows(FoveaException.InvalidArgument.class, () -> gpu.state(HELD));
    gpu.close(); // idempotent: nothing is closed twice
    assertEquals(1, h.closes.get());
  }

  @Test
  void twoGpusDoNotShareStateAndDropReleasesOnlyOne() {
    try (Gpu a = Gpu.open();
        Gpu b = Gpu.open()) {
      int before = MADE.get();
      Held ha = a.state(HELD);
      Held hb = b.state(HELD);
      assertNotSame(ha, hb);
      assertSame(a, ha.image.gpu());
      assertSame(b, hb.image.gpu());
      assertEquals(before + 2, MADE.get());
      a.dropState(HELD);
      assertEquals(1, ha.closes.get());
      assertEquals(0, hb.closes.get(), "the other context keeps its value");
      assertEquals(0, a.liveImageCount());
      assertEquals(1, b.liveImageCount());
      assertSame(hb, b.state(HELD));
      Held again = a.state(HELD);
      assertNotSame(ha, again, "made anew after a drop");
      assertEquals(before + 3, MADE.get());
    }
  }

  @Test
  void valuesThatAreNotCloseableAreDroppedToo() {
    GpuState.Key<StringBuilder> key = GpuState.Key.of("plain", g -> new StringBuilder("x"));
    try (Gpu gpu = Gpu.open()) {
      StringBuilder sb = gpu.state(key);
      gpu.dropState(key);
      assertNull(gpu.stateIfPresent(key));
      assertNotSame(sb, gpu.state(key));
      assertEquals("plain", key.toString());
    }
  }

  @Test
  void extensionsAreMatchedByWholeName() {
    try (Gpu gpu = Gpu.open()) {
      String[] listed = gpu.device().extensions().trim().split("\\s+");
      assertTrue(listed.length > 0 && !listed[0].isEmpty(), "the device lists its extensions");
      for (String e : listed) assertTrue(gpu.device().hasExtension(e), e);
      assertFalse(gpu.device().hasExtension(listed[0].substring(0, listed[0].length() - 1)));
      assertFalse(gpu.device().hasExtension("cl_fovea_no_such_extension"));
    }
  }
}
