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
   * True for CPU OpenCL devices (PoCL): selects the contiguous-chunk layout. The system property
   * {@code fovea.gpuLayout=true} forces the GPU layout on any device (tests use it so that the GPU
   * code paths also run on PoCL).
   */
  static boolean isCpu(Gpu gpu) {
    if (Boolean.getBoolean("fovea.gpuLayout")) return false;
    return gpu.device().type() == org.fovea.core.DeviceType.CPU;
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
