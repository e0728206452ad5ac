package org.fovea.bench;

import java.util.Arrays;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/** Median-of-N wall-clock timing with warm-up; the caller's sync runs before the clock stops. */
public final class Timing {
  private Timing() {}

  /** Times one benchmark body. */
  public interface Body {
    /** Untimed preparation before each run (e.g. restoring an in-place input). */
    default void reset() {}

    /**
     * The timed work; must leave everything it enqueued finished (or call sync in {@link #sync}).
     */
    void run() throws Exception;

    /** Waits for asynchronous work (e.g. {@code gpu.finish()}); inside the timed region. */
    default void sync() throws Exception {}
  }

  /**
   * Median, min and max in milliseconds of {@code n} timed runs after {@code warm} untimed ones.
   */
  public record Result(double medianMs, double minMs, double maxMs, int n) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.4f ms (min %.4f, n=%d)", medianMs, minMs, n);
    }
  }

  public static Result time(Body b, int warm, int n) throws Exception {
    for (int i = 0; i < warm; i++) {
      b.reset();
      b.run();
      b.sync();
    }
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      b.reset();
      long t0 = System.nanoTime();
      b.run();
      b.sync();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    double med = n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    return new Result(med, t[0], t[n - 1], n);
  }

  /**
   * Times {@code reps} back-to-back runs per sample (for sub-millisecond work, so one sample is
   * well above the clock's resolution) and reports the time per run.
   */
  public static Result timeBatched(Body b, int warm, int n, int reps) throws Exception {
    for (int i = 0; i < warm; i++) {
      b.reset();
      b.run();
      b.sync();
    }
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      b.reset();
      long t0 = System.nanoTime();
      for (int r = 0; r < reps; r++) b.run();
      b.sync();
      t[i] = (System.nanoTime() - t0) / 1e6 / reps;
    }
    Arrays.sort(t);
    double med = n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    return new Result(med, t[0], t[n - 1], n);
  }

  /**
   * Device copy bandwidth in GB/s (bytes read + written) of {@code clEnqueueCopyBuffer} on {@code
   * bytes}, after {@code warmNs} of copies (so that the device leaves its idle clocks): median of
   * {@code n} samples of {@code reps} copies.
   */
  public static double copyBandwidth(Gpu gpu, long bytes, long warmNs, int n, int reps)
      throws Exception {
    try (GpuImage a = gpu.create((int) (bytes / 4096), 4096, 1, PixelType.UINT8);
        GpuImage b = gpu.createLike(a)) {
      gpu.fill(a, 7);
      long until = System.nanoTime() + warmNs;
      while (System.nanoTime() < until) {
        for (int i = 0; i < 10; i++) gpu.copy(a, b);
        gpu.finish();
      }
      Result r =
          timeBatched(
              new Body() {
                @Override
                public void run() {
                  gpu.copy(a, b);
                }

                @Override
                public void sync() {
                  gpu.finish();
                }
              },
              3,
              n,
              reps);
      return 2.0 * bytes / (r.medianMs() * 1e-3) / 1e9;
    }
  }
}
