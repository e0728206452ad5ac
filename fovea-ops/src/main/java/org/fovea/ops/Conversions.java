package org.fovea.ops;

import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/** Copies and pixel-type conversions. */
public final class Conversions {
  private Conversions() {}

  @Op(
      name = "copy",
      category = Category.CONVERSION,
      doc = "Copies an image; into a destination of another type the values are converted.",
      kernels = "core:convert.cl",
      tolerance = "exact",
      notes =
          "Same type: a device-to-device copy. Other type: saturating conversion, rounding half to"
              + " even (2.5 → 2, 3.5 → 4; −1 → 0 and 300 → 255 in uint8).")
  public static GpuImage copy(GpuImage src, @Out GpuImage dst) {
    OpSupport.requireNotNull("copy", "src", src);
    dst = OpSupport.outputLike("copy", src, dst, dst == null ? src.type() : dst.type());
    src.gpu().copy(src, dst);
    return dst;
  }

  @Op(
      name = "convert",
      category = Category.CONVERSION,
      doc = "Converts an image to another pixel type (uint8, uint16, uint32, float32).",
      kernels = "core:convert.cl",
      tolerance = "exact",
      notes = "Saturating, rounding half to even; no scaling of the value range.")
  public static GpuImage convert(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "float32", doc = "target type: uint8, uint16, uint32 or float32")
          String type) {
    OpSupport.requireNotNull("convert", "src", src);
    PixelType t = PixelType.parse(type);
    dst = OpSupport.outputLike("convert", src, dst, t);
    src.gpu().copy(src, dst);
    return dst;
  }
}
