package org.fovea.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Writes stacks as ImageJ writes them: little-endian classic TIFF, uncompressed, pixel data of all
 * planes in one block after the header, then the ImageJ description ({@code images=, slices=,
 * unit=micron, spacing=}), X/Y resolution and one IFD per plane. ImageJ opens the result as a
 * calibrated stack; {@link TiffReader} maps it without a copy.
 */
public final class TiffWriter {
  private TiffWriter() {}

  /**
   * Writes {@code pixels} ({@code byte[]}, {@code short[]} or {@code float[]}, x fastest) to {@code
   * out}, which is not closed. {@code extra} (may be null) is appended to the description as {@code
   * key=value} lines. Returns the bytes written.
   */
  public static long write(
      OutputStream out, Object pixels, int w, int h, int d, Calibration voxel, String extra)
      throws IOException {
    TiffStack.Type type = TiffStack.Type.of(pixels);
    if (w < 1 || h < 1 || d < 1) {
      throw new IllegalArgumentException(
          "stack size must be positive, got " + w + "×" + h + "×" + d);
    }
    long n = (long) w * h * d;
    if (java.lang.reflect.Array.getLength(pixels) != n) {
      throw new IllegalArgumentException(
          "pixels hold "
              + java.lang.reflect.Array.getLength(pixels)
              + " values, a "
              + w
              + "×"
              + h
              + "×"
              + d
              + " stack has "
              + n);
    }
    double vx = voxel.x() > 0 ? voxel.x() : 1;
    double vy = voxel.y() > 0 ? voxel.y() : 1;
    double vz = voxel.z() > 0 ? voxel.z() : 1;
    String desc =
        "ImageJ=1.54p\n"
            + (d > 1 ? "images=" + d + "\nslices=" + d + "\n" : "")
            + "unit=micron\n"
            + (d > 1 ? "spacing=" + String.format(Locale.ROOT, "%.6f", vz) + "\nloop=false\n" : "")
            + (extra == null ? "" : extra)
            + "\0";
    byte[] descBytes = desc.getBytes(StandardCharsets.UTF_8);
    long sliceBytes = (long) w * h * type.bytes();
    long dataStart = 8;
    long afterData = dataStart + sliceBytes * d;
    long descOffset = afterData;
    long resOffset = descOffset + descBytes.length + (descBytes.length & 1);
    long ifdStart = resOffset + 16;
    int tagsFirst = type == TiffStack.Type.GRAY32F ? 13 : 12;
    int tagsOther = tagsFirst - 3;
    long firstIfdSize = 2 + 12L * tagsFirst + 4;
    long otherIfdSize = 2 + 12L * tagsOther + 4;
    long total = ifdStart + firstIfdSize + otherIfdSize * (d - 1);
    if (total > 0xFFFFFFFFL) {
      throw new IOException(
          "a "
              + w
              + "×"
              + h
              + "×"
              + d
              + " stack is "
              + TiffReader.bytes(total)
              + ", more than a classic TIFF holds (4 GiB)");
    }
    OutputStream o = new BufferedOutputStream(out, 1 << 16);
    ByteBuffer hdr = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    hdr.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) ifdStart);
    o.write(hdr.array());
    ByteBuffer buf =
        ByteBuffer.allocate((int) Math.min(sliceBytes * d, 1 << 20)).order(ByteOrder.LITTLE_ENDIAN);
    int per = buf.capacity() / type.bytes();
    for (int i = 0; i < n; ) {
      buf.clear();
      int k = (int) Math.min(per, n - i);
      if (pixels instanceof byte[] b) buf.put(b, i, k);
      else if (pixels instanceof short[] s) buf.asShortBuffer().put(s, i, k);
      else buf.asFloatBuffer().put((float[]) pixels, i, k);
      o.write(buf.array(), 0, k * type.bytes());
      i += k;
    }
    o.write(descBytes);
    if ((descBytes.length & 1) != 0) o.write(0);
    ByteBuffer res = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    long[] rx = rational(1.0 / vx);
    long[] ry = rational(1.0 / vy);
    res.putInt((int) rx[0]).putInt((int) rx[1]).putInt((int) ry[0]).putInt((int) ry[1]);
    o.write(res.array());
    long ifdPos = ifdStart;
    for (int z = 0; z < d; z++) {
      boolean first = z == 0;
      int tags = first ? tagsFirst : tagsOther;
      long size = 2 + 12L * tags + 4;
      long next = z == d - 1 ? 0 : ifdPos + size;
      ByteBuffer ifd = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
      ifd.putShort((short) tags);
      tag(ifd, 254, 4, 1, 0); // NewSubfileType
      tag(ifd, 256, 4, 1, w);
      tag(ifd, 257, 4, 1, h);
      tag(ifd, 258, 3, 1, 8L * type.bytes());
      tag(ifd, 262, 3, 1, 1); // min-is-black
      if (first) tag(ifd, 270, 2, descBytes.length, descOffset);
      tag(ifd, 273, 4, 1, dataStart + sliceBytes * z);
      tag(ifd, 277, 3, 1, 1);
      tag(ifd, 278, 4, 1, h);
      tag(ifd, 279, 4, 1, sliceBytes);
      if (first) {
        tag(ifd, 282, 5, 1, resOffset);
        tag(ifd, 283, 5, 1, resOffset + 8);
      }
      if (type == TiffStack.Type.GRAY32F) tag(ifd, 339, 3, 1, 3); // SampleFormat float
      ifd.putInt((int) next);
      o.write(ifd.array());
      ifdPos += size;
    }
    o.flush();
    return total;
  }

  /**
   * Writes a stack to {@code file} through {@link SafeFiles}: a temporary file renamed into place,
   * refusing an existing file unless {@code force}, never replacing one of {@code inputs}.
   */
  public static void write(
      Path file,
      Object pixels,
      int w,
      int h,
      int d,
      Calibration voxel,
      boolean force,
      Collection<Path> inputs)
      throws IOException {
    SafeFiles.write(file, force, inputs, o -> write(o, pixels, w, h, d, voxel, null));
  }

  /** Writes a new stack to {@code file} (refuses an existing file). */
  public static void write(Path file, Object pixels, int w, int h, int d, Calibration voxel)
      throws IOException {
    write(file, pixels, w, h, d, voxel, false, List.of());
  }

  private static long[] rational(double v) {
    // as many denominator digits as the 32-bit numerator allows, at most 1e9
    long den = (long) Math.min(1e9, Math.floor(0xFFFFFFFFL / Math.max(v, 1e-9)));
    den = Math.max(1, den);
    return new long[] {Math.round(v * den), den};
  }

  private static void tag(ByteBuffer b, int tag, int type, long count, long value) {
    b.putShort((short) tag).putShort((short) type).putInt((int) count);
    if (type == 3 && count == 1) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt((int) value);
    }
  }
}
