package org.fovea.core;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** Low-level OpenCL helpers: loading the runtime, device enumeration, error translation. */
final class OpenCl {
  private OpenCl() {}

  private static volatile boolean loaded;

  /** Loads the native runtime once; translates a missing libOpenCL into a clear error. */
  static void ensureLoaded() {
    if (loaded) return;
    synchronized (OpenCl.class) {
      if (loaded) return;
      try {
        CL.setExceptionsEnabled(true);
        loaded = true;
      } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
        throw new FoveaException.NoOpenClRuntime(
            "No OpenCL runtime found: the OpenCL library (libOpenCL.so / OpenCL.dll) could not be"
                + " loaded ("
                + rootMessage(e)
                + ").",
            e);
      }
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  static List<DeviceInfo> enumerate() {
    ensureLoaded();
    int[] n = new int[1];
    try {
      clGetPlatformIDs(0, null, n);
    } catch (CLException e) {
      // CL_PLATFORM_NOT_FOUND_KHR (-1001): the ICD loader found no driver.
      throw new FoveaException.NoOpenClRuntime(
          "No OpenCL platform found: the OpenCL loader is installed but lists no driver ("
              + CL.stringFor_errorCode(e.getStatus())
              + "). Check OCL_ICD_VENDORS and /etc/OpenCL/vendors.",
          e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new FoveaException.NoOpenClRuntime(
          "No OpenCL runtime found (" + rootMessage(e) + ").", e);
    }
    List<DeviceInfo> out = new ArrayList<>();
    if (n[0] == 0) return out;
    cl_platform_id[] platforms = new cl_platform_id[n[0]];
    clGetPlatformIDs(platforms.length, platforms, null);
    int index = 0;
    for (cl_platform_id p : platforms) {
      String pname = platformString(p, CL_PLATFORM_NAME);
      int[] nd = new int[1];
      try {
        clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, nd);
      } catch (CLException e) {
        continue; // CL_DEVICE_NOT_FOUND on this platform
      }
      cl_device_id[] devs = new cl_device_id[nd[0]];
      clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, devs.length, devs, null);
      for (cl_device_id d : devs) {
        out.add(
            new DeviceInfo(
                index++,
                pname,
                deviceString(d, CL_DEVICE_NAME),
                deviceString(d, CL_DEVICE_VENDOR),
                DeviceType.of(deviceLong(d, CL_DEVICE_TYPE)),
                deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE),
                deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceInt(d, CL_DEVICE_MAX_CLOCK_FREQUENCY),
                deviceString(d, CL_DEVICE_VERSION),
                deviceString(d, CL_DRIVER_VERSION),
                deviceInt(d, CL_DEVICE_IMAGE_SUPPORT) != 0,
                p,
                d));
      }
    }
    return out;
  }

  static String platformString(cl_platform_id p, int param) {
    long[] size = new long[1];
    clGetPlatformInfo(p, param, 0, null, size);
    byte[] buf = new byte[(int) size[0]];
    clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
    return cString(buf);
  }

  static String deviceString(cl_device_id d, int param) {
    long[] size = new long[1];
    clGetDeviceInfo(d, param, 0, null, size);
    byte[] buf = new byte[(int) size[0]];
    clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
    return cString(buf);
  }

  static long deviceLong(cl_device_id d, int param) {
    long[] v = new long[1];
    clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
    return v[0];
  }

  static int deviceInt(cl_device_id d, int param) {
    int[] v = new int[1];
    clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
    return v[0];
  }

  static long deviceSizeT(cl_device_id d, int param) {
    long[] v = new long[1];
    clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
    return v[0];
  }

  static String cString(byte[] buf) {
    int len = 0;
    while (len < buf.length && buf[len] != 0) len++;
    return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8).trim();
  }

  static String errorName(CLException e) {
    return CL.stringFor_errorCode(e.getStatus());
  }

  static boolean isOutOfMemory(CLException e) {
    int s = e.getStatus();
    return s == CL_MEM_OBJECT_ALLOCATION_FAILURE
        || s == CL_OUT_OF_RESOURCES
        || s == CL_OUT_OF_HOST_MEMORY
        || s == CL_INVALID_BUFFER_SIZE;
  }
}
