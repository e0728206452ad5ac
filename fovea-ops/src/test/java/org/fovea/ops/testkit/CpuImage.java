package org.fovea.ops.testkit;

import java.util.Locale;
import java.util.Random;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * A plain-Java image for CPU references: doubles (exact for every pixel type, uint32 included), x
 * fastest. Obviously correct and slow on purpose.
 */
public final class CpuImage {
  public final int w;
  public final int h;
  public final int d;
  public final PixelType type;
  public final double[] data;

  public CpuImage(int w, int h, int d, PixelType type) {
    this.w = w;
    this.h = h;
    this.d = d;
    this.type = type;
    this.data = new double[w * h * d];
  }

  public static CpuImage like(CpuImage o) {
    return new CpuImage(o.w, o.h, o.d, o.type);
  }

  public static CpuImage like(CpuImage o, PixelType t) {
    return new CpuImage(o.w, o.h, o.d, t);
  }

  public int index(int x, int y, int z) {
    return x + w * (y + h * z);
  }

  public double get(int x, int y, int z) {
    return data[index(x, y, z)];
  }

  /** Value with coordinates clamped to the image (the "clamp to edge" border rule). */
  public double getClamped(int x, int y, int z) {
    x = Math.min(Math.max(x, 0), w - 1);
    y = Math.min(Math.max(y, 0), h - 1);
    z = Math.min(Math.max(z, 0), d - 1);
    return data[index(x, y, z)];
  }

  /** Stores {@code v} converted to this image's type (saturating, round half even). */
  public void set(int x, int y, int z, double v) {
    data[index(x, y, z)] = convert(v, type);
  }

  public void setRaw(int i, double v) {
    data[i] = convert(v, type);
  }

  /** OpenCL's convert_T_sat_rte for integer types; float32 rounding for float32. */
  public static double convert(double v, PixelType t) {
    if (t == PixelType.FLOAT32) return (float) v;
    if (Double.isNaN(v)) return 0;
    double r = Math.rint(v);
    return Math.max(t.min(), Math.min(t.max(), r));
  }

  /**
   * Random pixels, seeded: integers spread over a range that exercises saturation in arithmetic
   * (uint8 0..255, uint16 0..4095 plus some high values, uint32 0..100000, float −100..1000).
   */
  /** {@code f} of every pixel of {@code in}, stored converted into {@code outType}. */
  public static CpuImage map(
      CpuImage in, PixelType outType, java.util.function.DoubleUnaryOperator f) {
    CpuImage out = like(in, outType);
    for (int i = 0; i < in.data.length; i++) out.setRaw(i, f.applyAsDouble(in.data[i]));
    return out;
  }

  /** {@code f} of the pixels of {@code a} and {@code b}, stored converted into {@code outType}. */
  public static CpuImage map2(
      CpuImage a, CpuImage b, PixelType outType, java.util.function.DoubleBinaryOperator f) {
    CpuImage out = like(a, outType);
    for (int i = 0; i < a.data.length; i++) out.setRaw(i, f.applyAsDouble(a.data[i], b.data[i]));
    return out;
  }

  public static CpuImage random(int w, int h, int d, PixelType t, long seed) {
    CpuImage img = new CpuImage(w, h, d, t);
    Random r = new Random(seed);
    for (int i = 0; i < img.data.length; i++) {
      double v =
          switch (t) {
            case UINT8 -> r.nextInt(256);
            case UINT16 -> r.nextInt(10) == 0 ? 60000 + r.nextInt(5536) : r.nextInt(4096);
            case UINT32 -> r.nextInt(100001);
            case FLOAT32 -> (float) (r.nextDouble() * 1100 - 100);
          };
      img.data[i] = v;
    }
    return img;
  }

  /** Pushes this image to the GPU as its type. */
  public GpuImage push(Gpu gpu) {
    return gpu.push(toArray(), w, h, d);
  }

  /** The Java array of the natural type (byte[], short[], int[], float[]). */
  public Object toArray() {
    int n = data.length;
    switch (type) {
      case UINT8:
        {
          byte[] a = new byte[n];
          for (int i = 0; i < n; i++) a[i] = (byte) (long) data[i];
          return a;
        }
      case UINT16:
        {
          short[] a = new short[n];
          for (int i = 0; i < n; i++) a[i] = (short) (long) data[i];
          return a;
        }
      case UINT32:
        {
          int[] a = new int[n];
          for (int i = 0; i < n; i++) a[i] = (int) (long) data[i];
          return a;
        }
      default:
        {
          float[] a = new float[n];
          for (int i = 0; i < n; i++) a[i] = (float) data[i];
          return a;
        }
    }
  }

  /** Pulls a GPU image into a CpuImage (unsigned values read as such). */
  public static CpuImage pull(GpuImage g) {
    CpuImage c = new CpuImage(g.width(), g.height(), g.depth(), g.type());
    Object a = g.pull();
    int n = c.data.length;
    if (a instanceof byte[] b) for (int i = 0; i < n; i++) c.data[i] = b[i] & 0xff;
    else if (a instanceof short[] s) for (int i = 0; i < n; i++) c.data[i] = s[i] & 0xffff;
    else if (a instanceof int[] v) for (int i = 0; i < n; i++) c.data[i] = v[i] & 0xffffffffL;
    else {
      float[] f = (float[]) a;
      for (int i = 0; i < n; i++) c.data[i] = f[i];
    }
    return c;
  }

  @Override
  public String toString() {
    return d > 1
        ? String.format(Locale.ROOT, "%d×%d×%d %s", w, h, d, type.label())
        : String.format(Locale.ROOT, "%d×%d %s", w, h, type.label());
  }
}
