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

  /**
   * The device's OpenCL extensions ({@code CL_DEVICE_EXTENSIONS}, space-separated), queried from
   * the driver; empty for a device Fovea did not enumerate (e.g. one made up in a test).
   */
  public String extensions() {
    if (device == null) return "";
    try {
      return OpenCl.deviceString(device, org.jocl.CL.CL_DEVICE_EXTENSIONS);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** True when the device lists the OpenCL extension {@code name} (e.g. {@code cl_khr_fp64}). */
  public boolean hasExtension(String name) {
    for (String e : extensions().trim().split("\\s+")) if (e.equals(name)) return true;
    return false;
  }

  /** Stable key for caches: platform, device name and driver version. */
  public String cacheKey() {
    return platformName + "|" + name + "|" + driverVersion + "|" + openClVersion;
  }
}
