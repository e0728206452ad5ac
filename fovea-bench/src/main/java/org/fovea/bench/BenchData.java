package org.fovea.bench;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded benchmark inputs of one shape: two uint16 images (uniform noise over 0..4095 plus a smooth
 * ramp, so thresholds and filters see structure) and two binary masks, as flat arrays (for Fovea),
 * one array per slice (ImageJ's layout) and ImagePlus objects.
 */
public final class BenchData {
  public static final long SEED = 20261126L;
  public static final int THRESHOLD = 2048;

  public final int w;
  public final int h;
  public final int d;
  public final short[] a;
  public final short[] b;

  /** Masks with values 0/1 (Fovea, CLIJ2). */
  public final byte[] maskA;

  public final byte[] maskB;

  public BenchData(int w, int h, int d) {
    this.w = w;
    this.h = h;
    this.d = d;
    int n = Math.multiplyExact(Math.multiplyExact(w, h), d);
    a = new short[n];
    b = new short[n];
    maskA = new byte[n];
    maskB = new byte[n];
    int plane = w * h;
    // one independent stream per slice: reproducible and parallel
    IntStream.range(0, d)
        .parallel()
        .forEach(
            z -> {
              SplittableRandom r = new SplittableRandom(SEED + 7919L * z);
              int base = z * plane;
              for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                  int i = base + y * w + x;
                  int ramp = (int) (1024.0 * x / w + 512.0 * y / h);
                  a[i] = (short) (r.nextInt(3072) + ramp);
                  b[i] = (short) (r.nextInt(3072) + 1024 - ramp / 2);
                  maskA[i] = (byte) ((a[i] & 0xffff) > THRESHOLD ? 1 : 0);
                  maskB[i] = (byte) ((b[i] & 0xffff) > THRESHOLD ? 1 : 0);
                }
              }
            });
  }

  public boolean is3D() {
    return d > 1;
  }

  public long pixels() {
    return (long) w * h * d;
  }

  public String shape() {
    return d > 1 ? w + "×" + h + "×" + d : w + "×" + h;
  }

  /** One copied array per slice. */
  public short[][] slices(short[] flat) {
    int plane = w * h;
    short[][] s = new short[d][plane];
    for (int z = 0; z < d; z++) System.arraycopy(flat, z * plane, s[z], 0, plane);
    return s;
  }

  public ImagePlus imagePlus(String title, short[] flat) {
    ImageStack st = new ImageStack(w, h);
    for (short[] s : slices(flat)) st.addSlice(new ShortProcessor(w, h, s, null));
    return new ImagePlus(title, st);
  }

  /** A mask as ImageJ keeps binary images: 0/255 bytes. */
  public ImagePlus mask255(String title, byte[] mask) {
    int plane = w * h;
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      byte[] p = new byte[plane];
      for (int i = 0; i < plane; i++) p[i] = mask[z * plane + i] != 0 ? (byte) 255 : 0;
      st.addSlice(new ByteProcessor(w, h, p, null));
    }
    return new ImagePlus(title, st);
  }

  /** A mask with 0/1 bytes as an ImagePlus (to push into CLIJ2). */
  public ImagePlus mask01(String title, byte[] mask) {
    int plane = w * h;
    ImageStack st = new ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      byte[] p = new byte[plane];
      System.arraycopy(mask, z * plane, p, 0, plane);
      st.addSlice(new ByteProcessor(w, h, p, null));
    }
    return new ImagePlus(title, st);
  }
}
