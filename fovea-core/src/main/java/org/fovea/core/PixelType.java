package org.fovea.core;

/**
 * Pixel types that live on the GPU. {@code UINT32} is the label type. Conversions into an integer
 * type saturate and round half to even ({@code convert_<type>_sat_rte} in OpenCL).
 */
public enum PixelType {
  UINT8("uchar", 1, 0, 255, false),
  UINT16("ushort", 2, 0, 65535, false),
  UINT32("uint", 4, 0, 4294967295.0, false),
  FLOAT32("float", 4, -Float.MAX_VALUE, Float.MAX_VALUE, true);

  private final String clType;
  private final int bytes;
  private final double min;
  private final double max;
  private final boolean floatingPoint;

  PixelType(String clType, int bytes, double min, double max, boolean floatingPoint) {
    this.clType = clType;
    this.bytes = bytes;
    this.min = min;
    this.max = max;
    this.floatingPoint = floatingPoint;
  }

  /** The OpenCL C type name, e.g. {@code ushort}. */
  public String clType() {
    return clType;
  }

  public int bytes() {
    return bytes;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The OpenCL expression that converts {@code x} into this type (saturating, round to even). */
  public String convertExpression(String x) {
    return floatingPoint ? "convert_float(" + x + ")" : "convert_" + clType + "_sat_rte(" + x + ")";
  }

  /**
   * Parse names as users type them: uint8, 8-bit, byte, uint16, 16-bit, short, float, 32-bit, ...
   */
  public static PixelType parse(String s) {
    String k = s.trim().toLowerCase(java.util.Locale.ROOT).replace("-", "").replace("_", "");
    switch (k) {
      case "uint8":
      case "8bit":
      case "byte":
      case "uchar":
      case "u8":
        return UINT8;
      case "uint16":
      case "16bit":
      case "short":
      case "ushort":
      case "u16":
        return UINT16;
      case "uint32":
      case "label":
      case "labels":
      case "uint":
      case "u32":
        return UINT32;
      case "float32":
      case "float":
      case "32bit":
      case "f32":
        return FLOAT32;
      default:
        throw new FoveaException.InvalidArgument(
            "Unknown pixel type '" + s + "'. Use one of: uint8, uint16, uint32, float32.");
    }
  }

  /** Lower-case name as used in docs and the CLI, e.g. {@code uint16}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
