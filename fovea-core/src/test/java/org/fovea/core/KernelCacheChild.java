package org.fovea.core;

/** Run by {@link KernelCacheTest} in its own JVM: builds (or loads) one kernel and prints it. */
public final class KernelCacheChild {
  private KernelCacheChild() {}

  public static void main(String[] args) {
    System.setProperty("java.util.logging.SimpleFormatter.format", "fovea: %4$s: %5$s%6$s%n");
    String src = "__kernel void k(__global float* d) { d[get_global_id(0)] = (float)K + 0.5f; }\n";
    try (Gpu gpu = Gpu.open(DeviceFilter.cpu());
        GpuImage d = gpu.create(4, 1, 1, PixelType.FLOAT32)) {
      gpu.kernelFromSource(src, "k").define("K", 3).arg(d.clMem()).run(4);
      float[] v = (float[]) d.pull();
      System.out.println(
          "value " + v[3] + " compiled " + gpu.compileCount() + " disk " + gpu.diskCacheHits());
    }
  }
}
