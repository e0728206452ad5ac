package org.fovea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.core.Gpu;
import org.junit.jupiter.api.Test;

/**
 * The executor's idle analyses live in their context's state: reused within it, never lent to
 * another context, closed with it. No Spark and no kernel here.
 */
class ExecutorPoolsTest {
  static final class Analysis implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void idleAnalysesArePooledPerGpuAndClosedWithIt() {
    Gpu b = Gpu.open();
    try {
      Analysis inA;
      Analysis failed;
      try (Gpu a = Gpu.open()) {
        inA = ExecutorGpus.borrow("k", g -> new Analysis(), a);
        ExecutorGpus.release(a, "k", inA, true);
        assertEquals(1, ExecutorGpus.pooled(a));
        assertEquals(0, ExecutorGpus.pooled(b), "another context's pool is empty");
        Analysis inB = ExecutorGpus.borrow("k", g -> new Analysis(), b);
        assertNotSame(inA, inB, "a context never borrows another's analysis");
        assertSame(inA, ExecutorGpus.borrow("k", g -> new Analysis(), a), "reused in a");
        failed = ExecutorGpus.borrow("k", g -> new Analysis(), a);
        ExecutorGpus.release(a, "k", failed, false);
        assertEquals(1, failed.closes.get(), "a failed analysis is closed, not pooled");
        ExecutorGpus.release(a, "k", inA, true);
        ExecutorGpus.release(b, "k", inB, true);
        assertEquals(0, inA.closes.get());
      } // a closes: its pooled analysis with it
      assertEquals(1, inA.closes.get());
      assertEquals(1, ExecutorGpus.pooled(b));
      Analysis late = new Analysis();
      Gpu closed = Gpu.open();
      closed.close();
      ExecutorGpus.release(closed, "k", late, true);
      assertEquals(1, late.closes.get(), "given back to a closed context: closed");
    } finally {
      b.close();
    }
  }
}
