package org.fovea.core;

/** What to install when no OpenCL runtime is found, per operating system. */
public final class OpenClInstallHint {
  private OpenClInstallHint() {}

  public static String text() {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    StringBuilder sb = new StringBuilder("To fix this, install an OpenCL runtime:\n");
    if (os.contains("linux")) {
      sb.append(
          "  Debian/Ubuntu: sudo apt-get install ocl-icd-libopencl1 ocl-icd-opencl-dev"
              + " pocl-opencl-icd   (CPU device)\n"
              + "  plus your GPU vendor's OpenCL driver (NVIDIA: the proprietary driver;"
              + " AMD: ROCm or mesa-opencl-icd; Intel: intel-opencl-icd).\n");
    } else if (os.contains("mac")) {
      sb.append(
          "  macOS ships OpenCL; check that /System/Library/Frameworks/OpenCL.framework exists.\n");
    } else if (os.contains("win")) {
      sb.append(
          "  Windows: install your GPU vendor's driver (it brings OpenCL.dll),"
              + " or the Intel CPU runtime for OpenCL.\n");
    } else {
      sb.append("  an OpenCL ICD loader and at least one OpenCL driver for your device.\n");
    }
    sb.append("Then run 'clinfo -l' to check that a platform and a device are listed.");
    return sb.toString();
  }
}
