package org.fovea.ops;

import org.fovea.core.FoveaException;
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
    dst = OpSupport.outputLike("copy", src, dst);
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

  @Op(
      name = "copySlice",
      category = Category.CONVERSION,
      doc =
          "Copies slice sliceIndex of a stack to a 2D image, or a 2D image into slice sliceIndex"
              + " of a stack.",
      kernels = "crop.cl",
      imagej =
          "3D → 2D: Image > Duplicate of one slice (stack.getProcessor(sliceIndex + 1); exact);"
              + " 2D → 3D: stack.setProcessor (exact; tested in CropSliceSetTest)",
      notes =
          "CLIJ2's two directions. 3D source: dst is the w×h slice sliceIndex (from 0), of the"
              + " source type. 2D source: the image is written into slice sliceIndex of dst, a"
              + " w×h stack of the same type, whose other slices stay as they are; without a"
              + " destination a new stack of sliceIndex + 1 slices is made, 0 outside that slice.")
  public static GpuImage copySlice(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "slice index (from 0) in the stack") int sliceIndex) {
    OpSupport.requireNotNull("copySlice", "src", src);
    if (src.is3D()) {
      if (sliceIndex < 0 || sliceIndex >= src.depth()) {
        throw new FoveaException.InvalidArgument(
            "copySlice: sliceIndex "
                + sliceIndex
                + " is outside the stack "
                + src.describe()
                + " (0 to "
                + (src.depth() - 1)
                + ")");
      }
      return Geometry.crop("copySlice", src, dst, 0, 0, sliceIndex, src.width(), src.height(), 1);
    }
    if (sliceIndex < 0) {
      throw new FoveaException.InvalidArgument(
          "copySlice: sliceIndex must be ≥ 0, got " + sliceIndex);
    }
    if (dst == null) {
      // a new stack: the source at sliceIndex, zeros elsewhere
      return Geometry.crop(
          "copySlice", src, null, 0, 0, -sliceIndex, src.width(), src.height(), sliceIndex + 1);
    }
    if (!dst.is3D() || dst.width() != src.width() || dst.height() != src.height()) {
      throw new FoveaException.InvalidArgument(
          "copySlice: destination "
              + dst.describe()
              + " must be a stack of "
              + src.width()
              + "×"
              + src.height()
              + " slices to receive the 2D image "
              + src.describe());
    }
    if (sliceIndex >= dst.depth()) {
      throw new FoveaException.InvalidArgument(
          "copySlice: sliceIndex "
              + sliceIndex
              + " is outside the destination stack "
              + dst.describe()
              + " (0 to "
              + (dst.depth() - 1)
              + ")");
    }
    OpSupport.requireSameType("copySlice", src, dst);
    OpSupport.kernel("crop.cl", "paste_slice", src, dst)
        .arg("w", src.width())
        .arg("h", src.height())
        .arg("slice", sliceIndex)
        .run(src.width(), src.height());
    return dst;
  }

  /** The target types of CLIJ2's convertFloat, convertUInt8 and convertUInt16. */
  public enum Target implements OpVariant {
    Float(PixelType.FLOAT32),
    UInt8(PixelType.UINT8),
    UInt16(PixelType.UINT16);

    private final PixelType type;

    Target(PixelType type) {
      this.type = type;
    }

    /** The pixel type this member converts to. */
    public PixelType type() {
      return type;
    }

    @Override
    public String doc() {
      return type.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Op(
      name = "convert{}",
      category = Category.CONVERSION,
      doc = "Converts an image to {doc} (values are kept, not scaled).",
      kernels = "core:convert.cl",
      tolerance = "exact",
      imagej =
          "Image > Type with 'Scale when converting' off (ImageJ rounds half up where Fovea"
              + " rounds half to even)",
      notes =
          "Saturating, rounding half to even (2.5 → 2, 3.5 → 4; −1 → 0, 300 → 255 in uint8;"
              + " NaN → 0). CLIJ2 truncates towards zero instead (2.7 → 2), so integer results of"
              + " float inputs can differ by 1. The destination gets the target type; a"
              + " destination passed in must have it.")
  public static GpuImage convertTo(Target target, GpuImage source, @Out GpuImage destination) {
    String op = "convert" + target.name();
    OpSupport.requireNotNull(op, "source", source);
    if (destination != null && destination.type() != target.type()) {
      throw new FoveaException.InvalidArgument(
          op + ": the destination " + destination.describe() + " is not " + target.doc());
    }
    destination = OpSupport.outputLike(op, source, destination, target.type());
    source.gpu().copy(source, destination);
    return destination;
  }
}
