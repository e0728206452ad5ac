package org.fovea.ops;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.clGetDeviceInfo;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fovea.core.DeviceInfo;
import org.fovea.core.Gpu;
import org.jocl.Pointer;

/**
 * Device capabilities the reductions and histograms depend on (queried once per device): double
 * precision ({@code cl_khr_fp64}) and the number of compute units that sizes the partial arrays.
 */
final class GpuCaps {
  private static final Map<String, Boolean> FP64 = new ConcurrentHashMap<>();

  private GpuCaps() {}

  /**
   * True when the device supports doubles. {@code FOVEA_NO_FP64=1} (or the system property {@code
   * fovea.noFp64}) forces the single-precision paths, to test them on any device.
   */
  static boolean hasFp64(Gpu gpu) {
    if ("1".equals(System.getenv("FOVEA_NO_FP64")) || Boolean.getBoolean("fovea.noFp64")) {
      return false;
    }
    DeviceInfo d = gpu.device();
    return FP64.computeIfAbsent(d.cacheKey() + "#" + d.index(), k -> queryFp64(d));
  }

  private static boolean queryFp64(DeviceInfo d) {
    try {
      long[] size = new long[1];
      clGetDeviceInfo(d.device(), CL_DEVICE_EXTENSIONS, 0, null, size);
      byte[] buf = new byte[(int) size[0]];
      clGetDeviceInfo(d.device(), CL_DEVICE_EXTENSIONS, buf.length, Pointer.to(buf), null);
      String ext = new String(buf, StandardCharsets.US_ASCII);
      return ext.contains("cl_khr_fp64");
    } catch (RuntimeException e) {
      return false;
    }
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
