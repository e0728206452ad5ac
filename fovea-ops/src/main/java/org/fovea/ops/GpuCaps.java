package org.fovea.ops;

import org.fovea.core.Gpu;
import org.fovea.core.GpuState;

/**
 * Device capabilities the reductions and histograms depend on: double precision ({@code
 * cl_khr_fp64}, queried once per context and kept in its {@link Gpu#state state}) and the number of
 * compute units that sizes the partial arrays.
 */
final class GpuCaps {
  private static final GpuState.Key<Boolean> FP64 =
      GpuState.Key.of("fp64", gpu -> gpu.device().hasExtension("cl_khr_fp64"));

  private GpuCaps() {}

  /**
   * True when the device supports doubles. {@code FOVEA_NO_FP64=1} (or the system property {@code
   * fovea.noFp64}) forces the single-precision paths, to try them on any device.
   */
  static boolean hasFp64(Gpu gpu) {
    if ("1".equals(System.getenv("FOVEA_NO_FP64")) || Boolean.getBoolean("fovea.noFp64")) {
      return false;
    }
    return gpu.state(FP64);
  }

  /**
   * Launch layout {groups, localSize} of a whole-image pass over {@code n} elements. GPUs: groups
   * of {@code groupSize} items walking the buffer with a grid stride (coalesced). CPU devices
   * (PoCL): single-item groups, each reducing one contiguous chunk (vectorisable, no atomics
   * contention), four per compute unit.
   */
  static int[] layout(Gpu gpu, long n, int groupSize) {
    if (isCpu(gpu)) {
      long byDevice = Math.max(1, gpu.device().computeUnits()) * 4L;
      long byData = Math.max(1, (n + 4095) / 4096);
      return new int[] {(int) Math.min(byDevice, byData), 1};
    }
    return new int[] {groups(gpu, n, groupSize), groupSize};
  }

  /**
   * True for CPU OpenCL devices (PoCL): selects the contiguous-chunk layout and the CPU variants of
   * the kernels (false inside {@link #withGpuLayout}).
   */
  static boolean isCpu(Gpu gpu) {
    if (FORCED_GPU_LAYOUT.get()) return false;
    return gpu.device().type() == org.fovea.core.DeviceType.CPU;
  }

  /** True for GPUs, and on any device inside {@link #withGpuLayout}. */
  static boolean isGpu(Gpu gpu) {
    return FORCED_GPU_LAYOUT.get() || gpu.device().type() == org.fovea.core.DeviceType.GPU;
  }

  /** Set by {@link #withGpuLayout} for the thread that runs its body only. */
  private static final ThreadLocal<Boolean> FORCED_GPU_LAYOUT =
      ThreadLocal.withInitial(() -> Boolean.FALSE);

  /**
   * Runs {@code body} with the GPU code paths (launch layouts, unrolled and tiled kernels) on any
   * device, so that tests compare them with their CPU references on PoCL. The test hook: it holds
   * for the calling thread while {@code body} runs, nothing else in the process sees it, and
   * production code never calls it.
   */
  static void withGpuLayout(Runnable body) {
    boolean old = FORCED_GPU_LAYOUT.get();
    FORCED_GPU_LAYOUT.set(Boolean.TRUE);
    try {
      body.run();
    } finally {
      FORCED_GPU_LAYOUT.set(old);
    }
  }

  /**
   * Number of work groups of {@code groupSize} items for a grid-stride pass over {@code n}
   * elements: enough to fill the device (16 groups per compute unit, at most 1024), never more than
   * one group per {@code groupSize * 4} elements.
   */
  static int groups(Gpu gpu, long n, int groupSize) {
    long byDevice = Math.min(1024L, Math.max(1, gpu.device().computeUnits()) * 16L);
    long byData = Math.max(1, (n + groupSize * 4L - 1) / (groupSize * 4L));
    return (int) Math.max(1, Math.min(byDevice, byData));
  }
}
