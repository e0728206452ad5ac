package org.fovea.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import ij.process.StackStatistics;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Conversion between ImageJ images ({@link ImagePlus}, {@link ImageStack}, {@link ImageProcessor})
 * and {@link GpuImage}: 8-bit ↔ uint8, 16-bit ↔ uint16, 32-bit ↔ float32; uint32 label images come
 * back as 32-bit float (exact up to 2^24). Stacks are pushed slice by slice without an intermediate
 * copy ({@link Gpu#pushSlices}).
 */
public final class ImageJConversion {
  private ImageJConversion() {}

  /**
   * Pushes an image: its whole stack, or for a hyperstack the z-stack of the current channel and
   * frame.
   */
  public static GpuImage push(Gpu gpu, ImagePlus imp) {
    if (imp == null) throw new FoveaException.InvalidArgument("push: no image");
    checkType(imp.getType(), imp.getTitle());
    ImageStack stack = imp.getStack();
    int nz = imp.getNSlices();
    if (imp.getNChannels() * imp.getNFrames() > 1 && stack.getSize() > nz) {
      ImageStack zs = new ImageStack(imp.getWidth(), imp.getHeight());
      for (int z = 1; z <= nz; z++) {
        zs.addSlice(stack.getProcessor(imp.getStackIndex(imp.getChannel(), z, imp.getFrame())));
      }
      stack = zs;
    }
    return push(gpu, stack);
  }

  /** Pushes every slice of {@code stack} as one 3D image (2D if it has one slice). */
  public static GpuImage push(Gpu gpu, ImageStack stack) {
    Object[] slices = new Object[stack.getSize()];
    for (int i = 0; i < slices.length; i++) {
      ImageProcessor ip = stack.getProcessor(i + 1);
      checkType(ip, "slice " + (i + 1));
      slices[i] = ip.getPixels();
    }
    return gpu.pushSlices(slices, stack.getWidth(), stack.getHeight());
  }

  /** Pushes one 2D plane. */
  public static GpuImage push(Gpu gpu, ImageProcessor ip) {
    checkType(ip, "image");
    return gpu.push(ip.getPixels(), ip.getWidth(), ip.getHeight());
  }

  /** Pulls an image into a new stack: uint8 → 8-bit, uint16 → 16-bit, float32/uint32 → 32-bit. */
  public static ImageStack pullStack(GpuImage img) {
    Gpu gpu = img.gpu();
    int w = img.width();
    int h = img.height();
    int d = img.depth();
    int plane = w * h;
    ImageStack stack = new ImageStack(w, h);
    Object[] slices = new Object[d];
    for (int z = 0; z < d; z++) {
      slices[z] =
          switch (img.type()) {
            case UINT8 -> new byte[plane];
            case UINT16 -> new short[plane];
            case UINT32 -> new int[plane];
            case FLOAT32 -> new float[plane];
          };
    }
    gpu.pullSlices(img, slices);
    for (int z = 0; z < d; z++) {
      ImageProcessor ip =
          switch (img.type()) {
            case UINT8 -> new ByteProcessor(w, h, (byte[]) slices[z]);
            case UINT16 -> new ShortProcessor(w, h, (short[]) slices[z], null);
            case FLOAT32 -> new FloatProcessor(w, h, (float[]) slices[z]);
            case UINT32 -> {
              int[] src = (int[]) slices[z];
              float[] f = new float[plane];
              for (int i = 0; i < plane; i++) f[i] = (float) Integer.toUnsignedLong(src[i]);
              yield new FloatProcessor(w, h, f);
            }
          };
      stack.addSlice(ip);
    }
    return stack;
  }

  /**
   * Pulls an image into a new {@link ImagePlus} titled {@code title}, with its display range set to
   * the min and max of the whole stack (0–255 for 8-bit) and {@code cal} applied if not null.
   */
  public static ImagePlus pull(GpuImage img, String title, Calibration cal) {
    ImagePlus imp = new ImagePlus(title, pullStack(img));
    finish(imp, cal);
    return imp;
  }

  public static ImagePlus pull(GpuImage img, String title) {
    return pull(img, title, null);
  }

  /** Pulls as an 8-bit binary image: 255 where the GPU image is non-zero, 0 elsewhere. */
  public static ImagePlus pullBinary(GpuImage img, String title, Calibration cal) {
    ImageStack src = pullStack(img);
    ImageStack dst = new ImageStack(img.width(), img.height());
    int n = img.width() * img.height();
    for (int z = 1; z <= src.getSize(); z++) {
      ImageProcessor ip = src.getProcessor(z);
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) b[i] = ip.getf(i) != 0 ? (byte) 255 : 0;
      dst.addSlice(new ByteProcessor(img.width(), img.height(), b));
    }
    ImagePlus imp = new ImagePlus(title, dst);
    finish(imp, cal);
    return imp;
  }

  /** The GPU pixel type an ImageJ image type maps to. */
  public static PixelType pixelType(int imagePlusType) {
    return switch (imagePlusType) {
      case ImagePlus.GRAY8, ImagePlus.COLOR_256 -> PixelType.UINT8;
      case ImagePlus.GRAY16 -> PixelType.UINT16;
      case ImagePlus.GRAY32 -> PixelType.FLOAT32;
      default ->
          throw new FoveaException.InvalidArgument(
              "RGB images cannot go to the GPU as they are: convert them (Image > Type > 8-bit,"
                  + " 16-bit or 32-bit) or split the channels (Image > Color > Split Channels)");
    };
  }

  private static void checkType(int type, String title) {
    try {
      pixelType(type);
    } catch (FoveaException.InvalidArgument e) {
      throw new FoveaException.InvalidArgument("'" + title + "': " + e.getMessage());
    }
  }

  private static void checkType(ImageProcessor ip, String what) {
    Object p = ip.getPixels();
    if (!(p instanceof byte[] || p instanceof short[] || p instanceof float[])) {
      checkType(ImagePlus.COLOR_RGB, what);
    }
  }

  private static void finish(ImagePlus imp, Calibration cal) {
    if (cal != null) imp.setCalibration(cal.copy());
    if (imp.getType() == ImagePlus.GRAY8 && imp.getBitDepth() == 8) {
      imp.getProcessor().setMinAndMax(0, 255);
      return;
    }
    if (imp.getStackSize() > 1) {
      StackStatistics s = new StackStatistics(imp);
      double min = s.min;
      double max = s.max;
      if (max <= min) max = min + 1;
      imp.setDisplayRange(min, max);
    } else {
      imp.resetDisplayRange();
    }
  }
}
