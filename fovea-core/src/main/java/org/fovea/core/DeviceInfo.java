package org.fovea.core;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** What Fovea knows about one OpenCL device. */
public record DeviceInfo(
    int index,
    String platformName,
    String name,
    String vendor,
    DeviceType type,
    long globalMemoryBytes,
    long maxAllocationBytes,
    long localMemoryBytes,
    int computeUnits,
    int maxClockMHz,
    String openClVersion,
    String driverVersion,
    boolean imageSupport,
    cl_platform_id platform,
    cl_device_id device) {

  /**
   * A short one-line description, e.g. {@code NVIDIA H100 80GB HBM3 (GPU, 79.1 GiB, NVIDIA CUDA)}.
   */
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%s (%s, %.1f GiB, %s)",
        name,
        type,
        globalMemoryBytes / (double) (1L << 30),
        platformName);
  }

  /** Stable key for caches: platform, device name and driver version. */
  public String cacheKey() {
    return platformName + "|" + name + "|" + driverVersion + "|" + openClVersion;
  }
}
