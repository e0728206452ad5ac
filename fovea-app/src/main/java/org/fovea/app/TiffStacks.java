package org.fovea.app;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.measure.Calibration;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reads TIFF stacks for {@code count-spots} into one flat array (x fastest), reusing the array.
 * ImageJ's {@link TiffDecoder} parses the file; uncompressed 8/16/32-bit grey stacks stored as
 * contiguous planes (what ImageJ writes) are then memory-mapped run by run and converted in bulk
 * into the array (one copy from the page cache, byte order handled by the buffer); everything else
 * goes through ImageJ's {@link Opener}. Problems become {@link IOException}s, never dialogs. Public
 * for fovea-spark, which reads stacks exactly as {@code count-spots} does.
 */
public final class TiffStacks {
  private TiffStacks() {}

  /** A stack in memory: flat pixels and the voxel size in µm (null when uncalibrated). */
  public record Stack(
      int width, int height, int depth, Object pixels, double[] voxelUm, boolean fast) {}

  /**
   * Reads {@code f}; {@code reuse} (may be null) is filled when it has the right type and length.
   */
  public static Stack read(Path f, Object reuse) throws IOException {
    File file = f.toFile();
    String name = file.getName().toLowerCase(Locale.ROOT);
    if (name.endsWith(".tif") || name.endsWith(".tiff")) {
      FileInfo[] info;
      String dir = file.getAbsoluteFile().getParent() + File.separator;
      try {
        info = new TiffDecoder(dir, file.getName()).getTiffInfo();
      } catch (IOException | RuntimeException e) {
        throw new IOException("not a readable TIFF (" + e.getMessage() + ")", e);
      }
      if (info == null || info.length == 0) throw new IOException("not a readable TIFF");
      Stack fast = readFast(file, info, reuse);
      if (fast != null) return fast;
      ImagePlus imp;
      try {
        imp =
            info.length > 1
                ? new Opener().openTiffStack(info)
                : new Opener().openTiff(dir, file.getName());
      } catch (RuntimeException e) {
        throw new IOException("corrupt TIFF (" + e + ")", e);
      }
      return fromImagePlus(imp, reuse);
    }
    return fromImagePlus(ij.IJ.openImage(file.getPath()), reuse);
  }

  /** Reads through ImageJ only (the reference for the fast path). */
  static Stack readWithImageJ(Path f) throws IOException {
    File file = f.toFile();
    String dir = file.getAbsoluteFile().getParent() + File.separator;
    FileInfo[] info = new TiffDecoder(dir, file.getName()).getTiffInfo();
    ImagePlus imp =
        info.length > 1
            ? new Opener().openTiffStack(info)
            : new Opener().openTiff(dir, file.getName());
    return fromImagePlus(imp, null);
  }

  static Stack fromImagePlus(ImagePlus imp, Object reuse) throws IOException {
    if (imp == null) throw new IOException("ImageJ could not open it (corrupt or unsupported)");
    if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
      throw new IOException(
          "hyperstacks (channels/frames) are not supported; save one channel and time point");
    }
    if (imp.getStackSize() < 2) {
      throw new IOException(
          "it is a single image, not a stack (" + imp.getWidth() + "×" + imp.getHeight() + ")");
    }
    if (imp.getBitDepth() == 24) throw new IOException("RGB stacks are not supported");
    ImageStack st = imp.getStack();
    int n = st.getWidth() * st.getHeight();
    int d = st.getSize();
    Object first = st.getPixels(1);
    Object buf = arrayLike(first.getClass().getComponentType(), n * d, reuse);
    for (int z = 0; z < d; z++) System.arraycopy(st.getPixels(z + 1), 0, buf, z * n, n);
    Calibration c = imp.getCalibration();
    double[] v =
        isMicron(c.getUnit()) && c.pixelWidth > 0 && c.pixelHeight > 0 && c.pixelDepth > 0
            ? new double[] {c.pixelWidth, c.pixelHeight, c.pixelDepth}
            : null;
    return new Stack(st.getWidth(), st.getHeight(), d, buf, v, false);
  }

  private static Object arrayLike(Class<?> component, int length, Object reuse) {
    if (reuse != null
        && reuse.getClass().getComponentType() == component
        && java.lang.reflect.Array.getLength(reuse) == length) {
      return reuse;
    }
    return java.lang.reflect.Array.newInstance(component, length);
  }

  static boolean isMicron(String unit) {
    if (unit == null) return false;
    String u = unit.toLowerCase(Locale.ROOT);
    return u.equals("micron") || u.equals("microns") || u.equals("µm") || u.equals("um");
  }

  /** The fast path, or null when the file is not a plain contiguous grey stack. */
  static Stack readFast(File file, FileInfo[] info, Object reuse) throws IOException {
    FileInfo fi = info[0];
    int bytes;
    Class<?> component;
    switch (fi.fileType) {
      case FileInfo.GRAY8 -> {
        bytes = 1;
        component = byte.class;
      }
      case FileInfo.GRAY16_UNSIGNED -> {
        bytes = 2;
        component = short.class;
      }
      case FileInfo.GRAY32_FLOAT -> {
        bytes = 4;
        component = float.class;
      }
      default -> {
        return null;
      }
    }
    String desc = fi.description == null ? "" : fi.description;
    if (property(desc, "channels") > 1 || property(desc, "frames") > 1) return null;
    int w = fi.width;
    int h = fi.height;
    int d = info.length == 1 ? fi.nImages : info.length;
    if (d < 2 || w < 1 || h < 1) return null;
    long plane = (long) w * h * bytes;
    long[] offsets = new long[d];
    for (int z = 0; z < d; z++) {
      FileInfo f = info.length == 1 ? fi : info[z];
      if (f.fileType != fi.fileType
          || f.width != w
          || f.height != h
          || f.intelByteOrder != fi.intelByteOrder
          || f.compression > FileInfo.COMPRESSION_NONE
          || !contiguousStrips(f)) {
        return null;
      }
      offsets[z] =
          info.length == 1 ? fi.getOffset() + z * (plane + fi.gapBetweenImages) : f.getOffset();
    }
    if ((long) w * h * d > Integer.MAX_VALUE) return null;
    int n = w * h;
    Object buf = arrayLike(component, n * d, reuse);
    ByteOrder order = fi.intelByteOrder ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
      if (offsets[d - 1] + plane > ch.size()) {
        throw new IOException(
            "truncated TIFF: needs " + (offsets[d - 1] + plane) + " bytes, has " + ch.size());
      }
      // map runs of adjacent planes (≤ 64 MB at a time) and convert straight from the page cache
      // into the array: one copy, no intermediate heap or direct buffer
      int maxPlanes = (int) Math.max(1, (64L << 20) / plane);
      int z = 0;
      while (z < d) {
        int run = 1;
        while (z + run < d && run < maxPlanes && offsets[z + run] == offsets[z] + run * plane)
          run++;
        ByteBuffer bb = ch.map(FileChannel.MapMode.READ_ONLY, offsets[z], plane * run).order(order);
        int at = z * n;
        int count = run * n;
        if (component == byte.class) bb.get((byte[]) buf, at, count);
        else if (component == short.class) bb.asShortBuffer().get((short[]) buf, at, count);
        else bb.asFloatBuffer().get((float[]) buf, at, count);
        z += run;
      }
    }
    double[] voxel = null;
    String unit = stringProperty(desc, "unit");
    if (unit == null) unit = fi.unit;
    double depth = doubleProperty(desc, "spacing", fi.pixelDepth);
    if (isMicron(unit) && fi.pixelWidth > 0 && fi.pixelHeight > 0 && depth > 0) {
      voxel = new double[] {fi.pixelWidth, fi.pixelHeight, depth};
    }
    return new Stack(w, h, d, buf, voxel, true);
  }

  private static boolean contiguousStrips(FileInfo f) {
    if (f.stripOffsets == null || f.stripOffsets.length <= 1) return true;
    if (f.stripLengths == null || f.stripLengths.length != f.stripOffsets.length) return false;
    for (int i = 1; i < f.stripOffsets.length; i++) {
      if ((long) f.stripOffsets[i] != (long) f.stripOffsets[i - 1] + f.stripLengths[i - 1]) {
        return false;
      }
    }
    return f.getOffset() == f.stripOffsets[0];
  }

  private static String stringProperty(String desc, String key) {
    for (String line : desc.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).trim().equals(key)) return line.substring(eq + 1).trim();
    }
    return null;
  }

  private static double doubleProperty(String desc, String key, double fallback) {
    String v = stringProperty(desc, key);
    if (v == null) return fallback;
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static int property(String desc, String key) {
    return (int) doubleProperty(desc, key, 1);
  }
}
