package org.fovea.examples;

import java.util.Random;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.Filters;
import org.fovea.ops.Measurements;
import org.fovea.ops.Thresholds;

/**
 * Example 1: the smallest complete Fovea program.
 *
 * <p>It opens the best OpenCL device, pushes a synthetic 16-bit image to it, blurs it, segments it
 * with Otsu's threshold, counts the foreground pixels on the GPU and pulls the blurred image back.
 * Three things to take away:
 *
 * <ul>
 *   <li>{@link Gpu} (one OpenCL context) and {@link GpuImage} (one buffer on it) are {@link
 *       AutoCloseable}: open them in try-with-resources and the GPU memory is released when the
 *       block ends. {@code gpu.close()} would also free any image you forgot.
 *   <li>Ops are static methods on category classes ({@link Filters}, {@link Thresholds}, {@link
 *       Reductions}, ...). Images come first, then the output ({@code null} = "allocate a new image
 *       for me"), then scalar parameters. Names follow CLIJ2 ({@code gaussianBlur2D}, {@code
 *       thresholdOtsu}, ...).
 *   <li>Ops are enqueued asynchronously; anything that returns data to Java (a pull, a reduction
 *       such as {@link Measurements#countNonZeroPixels}) waits for the queued work first.
 * </ul>
 *
 * <p>Run: {@code java -cp
 * "fovea-examples/target/fovea-examples-0.1.0-SNAPSHOT.jar:fovea-examples/target/lib/*"
 * org.fovea.examples.HelloGpu} (set {@code FOVEA_DEVICE=cpu|gpu|<name part>} to choose a device).
 */
public final class HelloGpu {
  private HelloGpu() {}

  /**
   * What {@link #run} computed, so that a test can check it.
   *
   * @param blurred the blurred image, pulled back to Java (uint16 → {@code short[]})
   * @param otsuThreshold the smallest blurred value that Otsu's method counts as foreground
   * @param foregroundPixels the number of foreground pixels, counted on the GPU
   * @param plantedDiscPixels the number of pixels inside the bright discs we drew
   * @param memoryReport {@link Gpu#memoryReport()} while the images were alive
   */
  public record Result(
      short[] blurred,
      double otsuThreshold,
      long foregroundPixels,
      long plantedDiscPixels,
      String memoryReport) {}

  public static void main(String[] args) {
    // Gpu.open() picks the best device (GPU > accelerator > CPU, then the most memory), or the one
    // named by the environment variable FOVEA_DEVICE. Without a GPU driver it runs on the CPU
    // through PoCL: slower, but the results are the same.
    try (Gpu gpu = Gpu.open()) {
      System.out.println(
          "Device: " + gpu.device().name() + " (" + gpu.device().platformName() + ")");
      Result r = run(gpu, 512, 384);
      System.out.printf(
          "Otsu threshold %.0f: %d foreground pixels (the discs we drew cover %d)%n",
          r.otsuThreshold(), r.foregroundPixels(), r.plantedDiscPixels());
      System.out.print(r.memoryReport());
      // Here the images of run(...) are closed. What the report still lists is the blur's cache
      // (its weights and a float32 scratch image, kept for the next call):
      // Filters.releaseCaches(gpu) frees it now, and closing the Gpu frees everything.
      System.out.print(gpu.memoryReport());
    }
    System.exit(0);
  }

  /** Blurs, thresholds and counts a synthetic {@code width}×{@code height} image on {@code gpu}. */
  public static Result run(Gpu gpu, int width, int height) {
    // 1. A synthetic 16-bit image in plain Java: a noisy background with 6 bright discs.
    //    Pixels are stored x fastest: index = x + width * y (and + width * height * z in 3D).
    short[] pixels = new short[width * height];
    long planted = drawDiscs(pixels, width, height, 42);

    // 2. Push it: a short[] becomes a uint16 image. try-with-resources closes every image.
    try (GpuImage image = gpu.push(pixels, width, height);
        // 3. Gaussian blur, σ = 2 pixels in x and y. dst = null: the op allocates the output
        //    (same size and pixel type as the input) and returns it.
        GpuImage blurred = Filters.gaussianBlur2D(image, null, 2f, 2f);
        // 4. Otsu's automatic threshold → a binary uint8 image (1 = foreground, 0 = background).
        GpuImage mask = Thresholds.thresholdWith(Thresholds.Method.Otsu, blurred, null)) {

      // 5. Measurements return plain Java numbers (they wait for the queued kernels).
      long foreground = Measurements.countNonZeroPixels(mask);
      double threshold =
          Thresholds.getAutomaticThreshold(blurred, Thresholds.Method.Otsu); // for the printout

      // 6. Pull the blurred image back into a new short[] (blocking).
      short[] result = (short[]) blurred.pull();

      // While the three images are alive the report lists them (plus the blur's cache).
      String report = gpu.memoryReport();
      return new Result(result, threshold, foreground, planted, report);
    } // ← image, blurred and mask are released here
  }

  /** Draws 6 discs (value ≈ 1000) on a noisy background (≈ 100); returns the disc pixel count. */
  static long drawDiscs(short[] pixels, int width, int height, long seed) {
    Random random = new Random(seed);
    int radius = Math.max(3, Math.min(width, height) / 12);
    int[][] centres = new int[6][];
    for (int i = 0; i < centres.length; i++) {
      // a 3 × 2 grid, so the discs never overlap
      int cx = (int) ((i % 3 + 0.5) * width / 3.0);
      int cy = (int) ((i / 3 + 0.5) * height / 2.0);
      centres[i] = new int[] {cx, cy};
    }
    long inside = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean disc = false;
        for (int[] c : centres) {
          int dx = x - c[0];
          int dy = y - c[1];
          if (dx * dx + dy * dy <= radius * radius) disc = true;
        }
        if (disc) inside++;
        double value = (disc ? 1000 : 100) + 20 * random.nextGaussian();
        pixels[x + width * y] = (short) Math.max(0, Math.round(value));
      }
    }
    return inside;
  }
}
