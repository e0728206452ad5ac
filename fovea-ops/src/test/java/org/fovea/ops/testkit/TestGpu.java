package org.fovea.ops.testkit;

import java.util.List;
import org.fovea.core.Gpu;
import org.fovea.core.PixelType;

/**
 * One shared {@link Gpu} for a test JVM (opening a context and compiling kernels is the slow part
 * on PoCL). Tests that check context lifetime open their own.
 */
public final class TestGpu {
  private static Gpu gpu;

  private TestGpu() {}

  public static synchronized Gpu get() {
    if (gpu == null || gpu.isClosed()) {
      gpu = Gpu.open();
      Gpu g = gpu;
      Runtime.getRuntime().addShutdownHook(new Thread(g::close));
    }
    return gpu;
  }

  /** Every pixel type. */
  public static final List<PixelType> TYPES = List.of(PixelType.values());

  /** Odd shapes that catch indexing bugs: {w, h, d}; d == 1 is 2D. */
  public static final List<int[]> SHAPES = List.of(new int[] {31, 17, 1}, new int[] {31, 17, 5});

  /**
   * Every pixel type with every shape of {@link #SHAPES}: (type, w, h, d) for parameterized tests.
   */
  public static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments>
      typesAndShapes() {
    return TYPES.stream()
        .flatMap(
            t ->
                SHAPES.stream()
                    .map(s -> org.junit.jupiter.params.provider.Arguments.of(t, s[0], s[1], s[2])));
  }
}
