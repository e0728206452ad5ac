package org.fovea.examples;

import org.fovea.core.Gpu;

/** One {@link Gpu} shared by the example tests of this JVM (opened on first use). */
final class ExampleGpu {
  private ExampleGpu() {}

  private static Gpu gpu;

  static synchronized Gpu get() {
    if (gpu == null || gpu.isClosed()) {
      gpu = Gpu.open();
      Runtime.getRuntime().addShutdownHook(new Thread(gpu::close));
    }
    return gpu;
  }
}
