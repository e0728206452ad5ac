package org.fovea.core;

/** OpenCL device types, in the order Fovea prefers them. */
public enum DeviceType {
  GPU,
  ACCELERATOR,
  CPU,
  OTHER;

  static DeviceType of(long clType) {
    if ((clType & org.jocl.CL.CL_DEVICE_TYPE_GPU) != 0) return GPU;
    if ((clType & org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) return ACCELERATOR;
    if ((clType & org.jocl.CL.CL_DEVICE_TYPE_CPU) != 0) return CPU;
    return OTHER;
  }
}
