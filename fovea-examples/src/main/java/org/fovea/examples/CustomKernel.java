package org.fovea.examples;

import java.util.Random;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Example 4: your own OpenCL kernel, running on Fovea images.
 *
 * <p>{@link Gpu#kernelFromSource} takes OpenCL C source; {@code .image("src", img)} binds an image
 * to the kernel parameter named {@code src} <em>and</em> defines its pixel type for the compiler:
 *
 * <ul>
 *   <li>{@code SRC_T} — the OpenCL type ({@code ushort} for uint16, {@code float} for float32, ...)
 *   <li>{@code CONVERT_SRC_T(x)} — converts a value to that type, saturating, rounding half to even
 *   <li>{@code SRC_IS_FLOAT}, {@code SRC_MIN}, {@code SRC_MAX}
 * </ul>
 *
 * and likewise {@code DST_T}, {@code CONVERT_DST_T(x)}, ... for {@code .image("dst", img)}. So one
 * kernel text serves every pixel type. Every source also gets Fovea's helpers prepended: {@code
 * FOVEA_IDX(x, y, z, w, h)} (the buffer index, x fastest) and {@code FOVEA_CLAMP_I(v, lo, hi)}.
 *
 * <p>Image sizes are passed as ordinary kernel arguments ({@code .size(img)} binds the int
 * parameters {@code w, h, d}, or {@code width, height, depth} as here); every argument names its
 * parameter, and a name the kernel does not declare, or a parameter left without an argument, fails
 * with an error naming both. Sizes are never compile-time defines, so a new image size reuses the
 * compiled program: this example runs the kernel on two sizes and shows that {@link
 * Gpu#compileCount()} does not grow for the second one. A new pixel type does change the defines,
 * so it builds one more program variant.
 *
 * <p>Run: {@code java -cp
 * "fovea-examples/target/fovea-examples-0.1.0-SNAPSHOT.jar:fovea-examples/target/lib/*"
 * org.fovea.examples.CustomKernel}
 */
public final class CustomKernel {
  private CustomKernel() {}

  /**
   * The kernel: an L1 gradient magnitude |∂x| + |∂y| with central differences, border pixels
   * clamped to the edge. Computed in float (exact for integer pixels up to 2^24), then converted to
   * the output type with saturation.
   */
  public static final String SOURCE =
      """
      __kernel void gradient_l1(__global const SRC_T* src, __global DST_T* dst,
                                const int width, const int height, const int depth) {
        const int x = get_global_id(0);
        const int y = get_global_id(1);
        const int z = get_global_id(2);
        if (x >= width || y >= height || z >= depth) return;  // in case of a padded launch
        const int xl = FOVEA_CLAMP_I(x - 1, 0, width - 1);
        const int xr = FOVEA_CLAMP_I(x + 1, 0, width - 1);
        const int yu = FOVEA_CLAMP_I(y - 1, 0, height - 1);
        const int yd = FOVEA_CLAMP_I(y + 1, 0, height - 1);
        const float gx = (float)src[FOVEA_IDX(xr, y, z, width, height)]
                       - (float)src[FOVEA_IDX(xl, y, z, width, height)];
        const float gy = (float)src[FOVEA_IDX(x, yd, z, width, height)]
                       - (float)src[FOVEA_IDX(x, yu, z, width, height)];
        dst[FOVEA_IDX(x, y, z, width, height)] = CONVERT_DST_T(fabs(gx) + fabs(gy));
      }
      """;

  /**
   * @param first the result on the first size (uint16)
   * @param second the result on the second size (uint16)
   * @param compilesFirst programs built (compiled, or loaded from the disk cache) by the first run
   * @param compilesSecond programs built by the second size: 0
   * @param compilesNewType programs built when the input is float32 instead: 1 (new defines)
   */
  public record Result(
      Output first, Output second, long compilesFirst, long compilesSecond, long compilesNewType) {}

  /** One run's input and output pixels (uint16), for checking against a CPU reference. */
  public record Output(int width, int height, short[] input, short[] output) {}

  public static void main(String[] args) {
    try (Gpu gpu = Gpu.open()) {
      System.out.println("Device: " + gpu.device().name());
      Result r = run(gpu, 640, 480, 1024, 768);
      System.out.printf(
          "%d×%d: %d new program(s) (compiled, or loaded from the kernel cache on disk)%n",
          r.first().width(), r.first().height(), r.compilesFirst());
      System.out.printf(
          "%d×%d: %d new program(s) — a new size reuses the compiled program%n",
          r.second().width(), r.second().height(), r.compilesSecond());
      System.out.printf(
          "float32 input: %d new program(s) — a new pixel type is a new variant%n",
          r.compilesNewType());
      System.out.printf(
          "compileCount %d (compiled from source), diskCacheHits %d (loaded from ~/.cache/fovea/kernels),"
              + " launches %d%n",
          gpu.compileCount(), gpu.diskCacheHits(), gpu.launchCount());
    }
    System.exit(0);
  }

  /** Runs the kernel on w1×h1 and w2×h2 uint16 images, then once on a float32 image. */
  public static Result run(Gpu gpu, int w1, int h1, int w2, int h2) {
    long before = builds(gpu);
    Output first = gradient(gpu, w1, h1, 1);
    long afterFirst = builds(gpu);
    Output second = gradient(gpu, w2, h2, 2);
    long afterSecond = builds(gpu);

    // The same kernel on a float32 input: SRC_T becomes float, a new program variant.
    float[] pixels = new float[w1 * h1];
    for (int i = 0; i < pixels.length; i++) pixels[i] = i % 7;
    try (GpuImage src = gpu.push(pixels, w1, h1);
        GpuImage dst = gpu.createLike(src)) {
      launch(gpu, src, dst);
      gpu.finish();
    }
    long afterType = builds(gpu);
    return new Result(
        first, second, afterFirst - before, afterSecond - afterFirst, afterType - afterSecond);
  }

  /** Programs this context built: compiled from source or loaded from the on-disk cache. */
  static long builds(Gpu gpu) {
    return gpu.compileCount() + gpu.diskCacheHits();
  }

  /** The launch: arguments in the order of the kernel's parameter list. */
  static void launch(Gpu gpu, GpuImage src, GpuImage dst) {
    gpu.kernelFromSource(SOURCE, "gradient_l1")
        .image("src", src) // parameter src; defines SRC_T, CONVERT_SRC_T, ...
        .image("dst", dst) // parameter dst; defines DST_T, CONVERT_DST_T, ...
        .size(dst) // parameters width, height, depth
        .run(dst); // one work item per pixel: global size (width, height, depth)
  }

  private static Output gradient(Gpu gpu, int width, int height, long seed) {
    short[] input = new short[width * height];
    Random random = new Random(seed);
    for (int i = 0; i < input.length; i++) input[i] = (short) random.nextInt(65536);
    try (GpuImage src = gpu.push(input, width, height);
        GpuImage dst = gpu.create2D(width, height, PixelType.UINT16)) {
      launch(gpu, src, dst);
      return new Output(width, height, input, (short[]) dst.pull());
    }
  }
}
