package org.fovea.ops.testkit;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.fovea.core.PixelType;

/**
 * Converts between {@link CpuImage} and ImageJ 1.x processors and stacks, for comparisons with
 * ImageJ's own implementations. uint8 → ByteProcessor, uint16 → ShortProcessor, float32 (and
 * uint32, which ImageJ lacks) → FloatProcessor.
 */
public final class ImageJBridge {
  private ImageJBridge() {}

  /** Slice {@code z} as an ImageJ processor of the matching type. */
  public static ImageProcessor processor(CpuImage img, int z) {
    int n = img.w * img.h;
    int off = z * n;
    switch (img.type) {
      case UINT8:
        {
          byte[] p = new byte[n];
          for (int i = 0; i < n; i++) p[i] = (byte) (long) img.data[off + i];
          return new ByteProcessor(img.w, img.h, p);
        }
      case UINT16:
        {
          short[] p = new short[n];
          for (int i = 0; i < n; i++) p[i] = (short) (long) img.data[off + i];
          return new ShortProcessor(img.w, img.h, p, null);
        }
      default:
        {
          float[] p = new float[n];
          for (int i = 0; i < n; i++) p[i] = (float) img.data[off + i];
          return new FloatProcessor(img.w, img.h, p);
        }
    }
  }

  /** The whole image as an ImagePlus (a stack when 3D). */
  public static ImagePlus imagePlus(CpuImage img) {
    ImageStack st = new ImageStack(img.w, img.h);
    for (int z = 0; z < img.d; z++) st.addSlice(processor(img, z));
    return new ImagePlus("fovea-test", st);
  }

  /** A processor (or its float values) as a 2D CpuImage of {@code type}. */
  public static CpuImage fromProcessor(ImageProcessor ip, PixelType type) {
    CpuImage c = new CpuImage(ip.getWidth(), ip.getHeight(), 1, type);
    for (int y = 0; y < c.h; y++) {
      for (int x = 0; x < c.w; x++) {
        c.data[c.index(x, y, 0)] = ip.getPixelValue(x, y);
      }
    }
    return c;
  }

  /** A stack as a 3D CpuImage of {@code type}. */
  public static CpuImage fromStack(ImageStack st, PixelType type) {
    CpuImage c = new CpuImage(st.getWidth(), st.getHeight(), st.getSize(), type);
    for (int z = 0; z < c.d; z++) {
      ImageProcessor ip = st.getProcessor(z + 1);
      for (int y = 0; y < c.h; y++) {
        for (int x = 0; x < c.w; x++) c.data[c.index(x, y, z)] = ip.getPixelValue(x, y);
      }
    }
    return c;
  }
}
