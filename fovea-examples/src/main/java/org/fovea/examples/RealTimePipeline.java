package org.fovea.examples;

import java.util.Arrays;
import java.util.Random;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Filters;
import org.fovea.ops.Measurements;
import org.fovea.ops.Thresholds;

/**
 * Example 2: a real-time loop that allocates its GPU images once and reuses them on every frame.
 *
 * <p>A camera delivers frames into the same Java array; each frame is pushed into an existing GPU
 * image with {@link Gpu#pushInto}, and every op gets its output image passed in instead of {@code
 * null}, so it writes there instead of allocating. After the first frame (which also compiles the
 * kernels and creates the filters' cached weights) the number of live GPU images and the bytes they
 * hold stay constant — this program records both per frame and prints them.
 *
 * <p>One honest detail: a reduction ({@link Measurements#countNonZeroPixels}) creates a tiny
 * partial-sums buffer internally and releases it before it returns, so it does not add to the live
 * images between frames.
 *
 * <p>Run: {@code java -cp
 * "fovea-examples/target/fovea-examples-0.1.0-SNAPSHOT.jar:fovea-examples/target/lib/*"
 * org.fovea.examples.RealTimePipeline}
 */
public final class RealTimePipeline {
  private RealTimePipeline() {}

  /**
   * Per-frame records of a run.
   *
   * @param spotPixels foreground pixels counted on the GPU per frame
   * @param expectedSpotPixels the pixels of the spot we drew per frame
   * @param liveImages {@link Gpu#liveImageCount()} after each frame
   * @param allocatedBytes {@link Gpu#allocatedBytes()} after each frame
   * @param millis wall time per frame (push, blur, threshold, count)
   */
  public record Result(
      long[] spotPixels,
      long[] expectedSpotPixels,
      int[] liveImages,
      long[] allocatedBytes,
      double[] millis) {}

  public static void main(String[] args) {
    try (Gpu gpu = Gpu.open()) {
      int w = 512, h = 512, frames = 50;
      System.out.printf("Device: %s; %d frames of %d×%d%n", gpu.device().name(), frames, w, h);
      Result r = run(gpu, w, h, frames);
      for (int f = 0; f < r.millis().length; f++) {
        System.out.printf(
            "frame %2d: %6.2f ms, %5d spot pixels (drawn %5d), %d live images, %d bytes%n",
            f,
            r.millis()[f],
            r.spotPixels()[f],
            r.expectedSpotPixels()[f],
            r.liveImages()[f],
            r.allocatedBytes()[f]);
      }
      double[] steady = Arrays.copyOfRange(r.millis(), 1, r.millis().length);
      Arrays.sort(steady);
      System.out.printf(
          "first frame (kernel build) %.1f ms; median of the others %.2f ms%n",
          r.millis()[0], steady[steady.length / 2]);
    }
    System.exit(0);
  }

  /** Processes {@code frames} synthetic frames of {@code width}×{@code height} uint16 pixels. */
  public static Result run(Gpu gpu, int width, int height, int frames) {
    long[] counts = new long[frames];
    long[] expected = new long[frames];
    int[] live = new int[frames];
    long[] bytes = new long[frames];
    double[] millis = new double[frames];

    // The host frame buffer a camera driver would fill; reused for every frame.
    short[] frame = new short[width * height];
    Random noise = new Random(1);

    // Allocate every GPU image of the pipeline once, before the loop.
    try (GpuImage input = gpu.create2D(width, height, PixelType.UINT16);
        GpuImage blurred = gpu.create2D(width, height, PixelType.UINT16);
        GpuImage mask = gpu.create2D(width, height, PixelType.UINT8)) {

      for (int f = 0; f < frames; f++) {
        // "Acquire": a bright disc that moves across the frame, on a noisy background.
        expected[f] = drawFrame(frame, width, height, f, frames, noise);

        long t0 = System.nanoTime();
        gpu.pushInto(frame, input); // overwrite the existing image, no new buffer
        Filters.gaussianBlur2D(input, blurred, 1.5f, 1.5f); // dst passed: written in place
        Thresholds.threshold(blurred, mask, 550f); // halfway between background and disc
        counts[f] = Measurements.countNonZeroPixels(mask); // waits for the frame's kernels
        millis[f] = (System.nanoTime() - t0) / 1e6;

        live[f] = gpu.liveImageCount();
        bytes[f] = gpu.allocatedBytes();
      }
    }
    return new Result(counts, expected, live, bytes, millis);
  }

  /**
   * Fills {@code frame} with background ≈ 100 (noise σ 10) and a disc of value 1000 whose centre
   * moves from left to right over the run; returns the number of disc pixels.
   */
  static long drawFrame(short[] frame, int width, int height, int index, int frames, Random noise) {
    int radius = Math.max(4, Math.min(width, height) / 10);
    double travel = frames > 1 ? index / (double) (frames - 1) : 0.5;
    int cx = (int) Math.round(radius + 2 + travel * (width - 2 * radius - 5));
    int cy = height / 2;
    long inside = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int dx = x - cx;
        int dy = y - cy;
        boolean disc = dx * dx + dy * dy <= radius * radius;
        if (disc) inside++;
        double v = (disc ? 1000 : 100) + 10 * noise.nextGaussian();
        frame[x + width * y] = (short) Math.round(v);
      }
    }
    return inside;
  }
}
