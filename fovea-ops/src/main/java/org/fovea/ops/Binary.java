package org.fovea.ops;

import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Logical ops on binary images. Any non-zero pixel counts as true; the result is 1 (true) or 0
 * (false), in a uint8 image unless a destination of another type is passed (as CLIJ2).
 */
public final class Binary {
  private Binary() {}

  // the OPERATION values of binary_operation.cl
  private static final int AND = 0;
  private static final int OR = 1;
  private static final int XOR = 2;

  private static GpuImage two(String op, int operation, GpuImage a, GpuImage b, GpuImage dst) {
    OpSupport.requireNotNull(op, "src0", a);
    OpSupport.requireNotNull(op, "src1", b);
    OpSupport.requireSameShape(op, a, b);
    dst = OpSupport.outputLike(op, a, dst, dst == null ? PixelType.UINT8 : dst.type());
    Arithmetic.twoImageKernel("binary_operation.cl", operation, a, b, dst);
    return dst;
  }

  @Op(
      name = "binaryAnd",
      category = Category.BINARY,
      doc = "Logical AND of two images (non-zero = true): 1 where both are non-zero, else 0.",
      kernels = "binary_operation.cl",
      tolerance = "exact",
      imagej = "Process > Image Calculator > AND on 0/255 masks (Fovea writes 0/1)")
  public static GpuImage binaryAnd(
      GpuImage src0, GpuImage src1, @Out(type = "uint8") GpuImage dst) {
    return two("binaryAnd", AND, src0, src1, dst);
  }

  @Op(
      name = "binaryOr",
      category = Category.BINARY,
      doc = "Logical OR of two images (non-zero = true): 1 where either is non-zero, else 0.",
      kernels = "binary_operation.cl",
      tolerance = "exact",
      imagej = "Process > Image Calculator > OR on 0/255 masks (Fovea writes 0/1)")
  public static GpuImage binaryOr(GpuImage src0, GpuImage src1, @Out(type = "uint8") GpuImage dst) {
    return two("binaryOr", OR, src0, src1, dst);
  }

  @Op(
      name = "binaryXOr",
      category = Category.BINARY,
      doc = "Logical XOR of two images (non-zero = true): 1 where exactly one is non-zero, else 0.",
      kernels = "binary_operation.cl",
      tolerance = "exact",
      imagej = "Process > Image Calculator > XOR on 0/255 masks (Fovea writes 0/1)")
  public static GpuImage binaryXOr(
      GpuImage src0, GpuImage src1, @Out(type = "uint8") GpuImage dst) {
    return two("binaryXOr", XOR, src0, src1, dst);
  }

  @Op(
      name = "binaryNot",
      category = Category.BINARY,
      doc = "Logical NOT (non-zero = true): 1 where the pixel is zero, else 0.",
      kernels = "binary_not.cl",
      tolerance = "exact",
      imagej = "Edit > Invert on a 0/255 mask (Fovea writes 0/1)")
  public static GpuImage binaryNot(GpuImage src, @Out(type = "uint8") GpuImage dst) {
    OpSupport.requireNotNull("binaryNot", "src", src);
    dst = OpSupport.outputLike("binaryNot", src, dst, dst == null ? PixelType.UINT8 : dst.type());
    Arithmetic.runPixelwise(
        Arithmetic.vectorDefines(
            OpSupport.kernel(src.gpu(), "binary_not.cl", "binary_not")
                .image("src", src)
                .image("dst", dst),
            dst,
            src),
        src);
    return dst;
  }
}
