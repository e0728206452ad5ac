package org.fovea.ops;

import org.fovea.core.GpuImage;

/**
 * Pixel-wise arithmetic. Results are computed in float and converted into the output type
 * (saturating, round half to even).
 */
public final class Arithmetic {
  private Arithmetic() {}

  @Op(
      name = "addImageAndScalar",
      category = Category.ARITHMETIC,
      doc = "Adds a scalar to every pixel: dst = src + scalar.",
      kernels = "add_image_and_scalar.cl",
      tolerance = "exact (float math, then saturating round-half-even conversion)",
      imagej = "Process > Math > Add (ImageJ rounds half up and clamps the same way for 8/16-bit)")
  public static GpuImage addImageAndScalar(
      GpuImage src, @Out GpuImage dst, @Param(value = "1.0", doc = "value to add") float scalar) {
    OpSupport.requireNotNull("addImageAndScalar", "src", src);
    dst = OpSupport.outputLike("addImageAndScalar", src, dst);
    OpSupport.kernel(src.gpu(), "add_image_and_scalar.cl", "add_image_and_scalar")
        .image("src", src)
        .image("dst", dst)
        .arg(scalar)
        .arg(src.pixelCount())
        .runPadded(new long[] {src.pixelCount()}, new long[] {256});
    return dst;
  }
}
