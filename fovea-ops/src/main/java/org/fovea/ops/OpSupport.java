package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;

/** Shared helpers for op entry points: output allocation, argument checks, kernel lookup. */
public final class OpSupport {
  private OpSupport() {}

  /** Starts a launch of {@code kernelName} from {@code kernels/<file>} of this module. */
  public static KernelCall kernel(Gpu gpu, String file, String kernelName) {
    return gpu.kernel(OpSupport.class, "kernels/" + file, kernelName);
  }

  /**
   * Starts a launch of {@code kernelName} from {@code kernels/<file>} on {@code src}'s device with
   * the kernel's image arguments {@code src} and {@code dst} bound.
   */
  public static KernelCall kernel(String file, String kernelName, GpuImage src, GpuImage dst) {
    return kernel(src.gpu(), file, kernelName).image("src", src).image("dst", dst);
  }

  /**
   * Returns {@code dst} after checking its shape against {@code w×h×d}, or allocates it with that
   * shape and {@code type} when {@code dst} is null.
   */
  public static GpuImage output(
      String op, GpuImage src, GpuImage dst, int w, int h, int d, PixelType type) {
    if (dst == null) return src.gpu().create(w, h, d, type);
    if (dst.width() != w || dst.height() != h || dst.depth() != d) {
      throw new FoveaException.InvalidArgument(
          op
              + ": destination is "
              + dst.describe()
              + " but the result is "
              + w
              + "×"
              + h
              + (d > 1 ? "×" + d : "")
              + " (pass null to allocate it)");
    }
    if (dst == src) {
      // in-place is fine for pixel-wise ops; ops that cannot work in place check themselves
      return dst;
    }
    return dst;
  }

  /** Output with the shape of {@code src} and {@code type}. */
  public static GpuImage outputLike(String op, GpuImage src, GpuImage dst, PixelType type) {
    return output(op, src, dst, src.width(), src.height(), src.depth(), type);
  }

  /** Output with the shape and type of {@code src}. */
  public static GpuImage outputLike(String op, GpuImage src, GpuImage dst) {
    return outputLike(op, src, dst, src.type());
  }

  public static void requireSameShape(String op, GpuImage a, GpuImage b) {
    if (!a.sameShape(b)) {
      throw new FoveaException.InvalidArgument(
          op + ": images must have the same shape, got " + a.describe() + " and " + b.describe());
    }
  }

  public static void requireNotSame(String op, GpuImage src, GpuImage dst) {
    if (src == dst) {
      throw new FoveaException.InvalidArgument(
          op + " cannot work in place: pass another destination");
    }
  }

  /** Checks that the image argument {@code name} is given and 2D. */
  public static void require2D(String op, String name, GpuImage img) {
    requireNotNull(op, name, img);
    require2D(op, img);
  }

  /** Checks that the image argument {@code name} is given and 3D. */
  public static void require3D(String op, String name, GpuImage img) {
    requireNotNull(op, name, img);
    require3D(op, img);
  }

  /** For ops that copy pixels: the destination must have the source's pixel type. */
  public static void requireSameType(String op, GpuImage src, GpuImage dst) {
    if (src.type() != dst.type()) {
      throw new FoveaException.InvalidArgument(
          op
              + ": destination type "
              + dst.type().label()
              + " differs from the source type "
              + src.type().label()
              + " (this op copies pixels; convert first)");
    }
  }

  public static void require3D(String op, GpuImage img) {
    if (!img.is3D()) {
      throw new FoveaException.InvalidArgument(op + " needs a 3D image, got " + img.describe());
    }
  }

  public static void require2D(String op, GpuImage img) {
    if (img.is3D()) {
      throw new FoveaException.InvalidArgument(
          op + " needs a 2D image, got " + img.describe() + " (use the 3D variant)");
    }
  }

  public static void requireNonNegative(String op, String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new FoveaException.InvalidArgument(
          op + ": " + name + " must be ≥ 0 and finite, got " + v);
    }
  }

  public static void requireNotNull(String op, String name, Object v) {
    if (v == null) throw new FoveaException.InvalidArgument(op + ": " + name + " must not be null");
  }

  /**
   * Checks {@code src} and returns {@code dst}, or a new image of the shape and type of {@code src}
   * when it is null; refuses to work in place.
   */
  public static GpuImage outputNotInPlace(String op, GpuImage src, GpuImage dst) {
    requireNotNull(op, "src", src);
    GpuImage out = outputLike(op, src, dst);
    requireNotSame(op, src, out);
    return out;
  }

  /**
   * For ops that cannot work in place: {@code dst} checked against {@code w×h×d}, or a new image of
   * that shape and {@code type} when it is null; never {@code src} ({@code src} is checked by the
   * caller).
   */
  public static GpuImage outputNotInPlace(
      String op, GpuImage src, GpuImage dst, int w, int h, int d, PixelType type) {
    GpuImage out = output(op, src, dst, w, h, d, type);
    requireNotSame(op, src, out);
    return out;
  }

  /**
   * As {@link #outputNotInPlace(String, GpuImage, GpuImage, int, int, int, PixelType)}, with the
   * shape of {@code src}.
   */
  public static GpuImage outputNotInPlace(String op, GpuImage src, GpuImage dst, PixelType type) {
    return outputNotInPlace(op, src, dst, src.width(), src.height(), src.depth(), type);
  }

  /**
   * For ops that move pixels without converting them: {@code dst} checked against {@code w×h×d} and
   * the type of {@code src}, or a new such image when it is null; never {@code src}.
   */
  public static GpuImage copyOutput(String op, GpuImage src, GpuImage dst, int w, int h, int d) {
    GpuImage out = outputNotInPlace(op, src, dst, w, h, d, src.type());
    requireSameType(op, src, out);
    return out;
  }

  /** As {@link #copyOutput}, with the shape of {@code src}. */
  public static GpuImage copyOutputLike(String op, GpuImage src, GpuImage dst) {
    return copyOutput(op, src, dst, src.width(), src.height(), src.depth());
  }
}
