package org.fovea.scope;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A small, dependency-free TIFF writer and reader for 16-bit stacks, in the layout ImageJ writes
 * itself: little-endian, uncompressed, one IFD per slice, all pixel data contiguous, and an ImageJ
 * description ({@code images=, slices=, unit=micron, spacing=}) plus X/Y resolution so ImageJ opens
 * the file as a calibrated stack. The reader reads these files and other uncompressed 16-bit strip
 * TIFFs (either byte order).
 */
public final class TiffIO {
  private TiffIO() {}

  /** A stack read back from disk. */
  public record Image(
      int width,
      int height,
      int depth,
      double voxelX,
      double voxelY,
      double voxelZ,
      short[] data) {}

  /** Writes the stack to {@code out} (the stream is not closed). Returns the bytes written. */
  public static long write(
      OutputStream out,
      short[] pixels,
      int w,
      int h,
      int d,
      double vx,
      double vy,
      double vz,
      String extra) {
    try {
      return writeImpl(out, pixels, w, h, d, vx, vy, vz, extra);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long writeImpl(
      OutputStream raw,
      short[] pixels,
      int w,
      int h,
      int d,
      double vx,
      double vy,
      double vz,
      String extra)
      throws IOException {
    OutputStream out = new BufferedOutputStream(raw, 1 << 16);
    String desc =
        "ImageJ=1.54p\nimages="
            + d
            + "\nslices="
            + d
            + "\nunit=micron\nspacing="
            + String.format(Locale.ROOT, "%.6f", vz)
            + "\nloop=false\n"
            + (extra == null ? "" : extra)
            + "\0";
    byte[] descBytes = desc.getBytes(StandardCharsets.ISO_8859_1);
    long sliceBytes = 2L * w * h;
    long dataStart = 8;
    long dataBytes = sliceBytes * d;
    long afterData = dataStart + dataBytes;
    // extra block after data: description, 2 rationals (16 bytes), then IFDs
    long descOffset = afterData;
    long resOffset = descOffset + descBytes.length + (descBytes.length & 1);
    long ifdStart = resOffset + 16;
    int tagsFirst = 12;
    int tagsOther = 9;
    long firstIfdSize = 2 + 12L * tagsFirst + 4;
    long otherIfdSize = 2 + 12L * tagsOther + 4;
    long total = ifdStart + firstIfdSize + otherIfdSize * (d - 1);
    if (total > 0xFFFFFFFFL) {
      throw new IOException("stack too large for a classic TIFF (" + total + " bytes)");
    }
    ByteBuffer hdr = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    hdr.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) ifdStart);
    out.write(hdr.array());
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(sliceBytes, 1 << 20));
    buf.order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < pixels.length; ) {
      buf.clear();
      int n = Math.min(buf.capacity() / 2, pixels.length - i);
      buf.asShortBuffer().put(pixels, i, n);
      out.write(buf.array(), 0, 2 * n);
      i += n;
    }
    out.write(descBytes);
    if ((descBytes.length & 1) != 0) out.write(0);
    ByteBuffer res = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    long[] rx = rational(1.0 / vx);
    long[] ry = rational(1.0 / vy);
    res.putInt((int) rx[0]).putInt((int) rx[1]).putInt((int) ry[0]).putInt((int) ry[1]);
    out.write(res.array());
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
      tag(ifd, 258, 3, 1, 16);
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
      ifd.putInt((int) next);
      out.write(ifd.array());
      ifdPos += size;
    }
    out.flush();
    return total;
  }

  private static long[] rational(double v) {
    long den = 1000000;
    long num = Math.round(v * den);
    return new long[] {num, den};
  }

  private static void tag(ByteBuffer b, int tag, int type, long count, long value) {
    b.putShort((short) tag).putShort((short) type).putInt((int) count);
    if (type == 3 && count == 1) {
      b.putShort((short) value).putShort((short) 0);
    } else {
      b.putInt((int) value);
    }
  }

  /** Reads an uncompressed 16-bit TIFF stack. */
  public static Image read(Path file) throws IOException {
    ByteBuffer b;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) throw new IOException(file + ": larger than 2 GB");
      b = ByteBuffer.allocate((int) size);
      while (b.hasRemaining() && ch.read(b) >= 0) {}
      b.flip();
    }
    if (b.remaining() < 8) throw new IOException(file + ": not a TIFF (too short)");
    char o = (char) b.get(0);
    if (o == 'I') b.order(ByteOrder.LITTLE_ENDIAN);
    else if (o == 'M') b.order(ByteOrder.BIG_ENDIAN);
    else throw new IOException(file + ": not a TIFF");
    if (b.getShort(2) != 42) throw new IOException(file + ": not a classic TIFF");
    long ifd = b.getInt(4) & 0xFFFFFFFFL;
    int w = 0;
    int h = 0;
    java.util.List<long[]> strips = new java.util.ArrayList<>(); // per slice: offset, bytes
    String desc = null;
    double vx = 1;
    double vy = 1;
    while (ifd != 0) {
      if (ifd + 2 > b.limit()) throw new IOException(file + ": truncated (IFD past the end)");
      int n = b.getShort((int) ifd) & 0xFFFF;
      long stripOff = -1;
      long stripBytes = -1;
      int bits = 16;
      int comp = 1;
      for (int k = 0; k < n; k++) {
        int p = (int) ifd + 2 + 12 * k;
        int tag = b.getShort(p) & 0xFFFF;
        int type = b.getShort(p + 2) & 0xFFFF;
        long count = b.getInt(p + 4) & 0xFFFFFFFFL;
        long val = type == 3 ? (b.getShort(p + 8) & 0xFFFF) : (b.getInt(p + 8) & 0xFFFFFFFFL);
        switch (tag) {
          case 256 -> w = (int) val;
          case 257 -> h = (int) val;
          case 258 -> bits = (int) val;
          case 259 -> comp = (int) val;
          case 273 -> {
            if (count != 1) throw new IOException(file + ": multi-strip TIFF not supported");
            stripOff = val;
          }
          case 279 -> stripBytes = val;
          case 270 -> {
            int off = count <= 4 ? p + 8 : (int) val;
            byte[] t = new byte[(int) count];
            b.get(off, t);
            desc = new String(t, StandardCharsets.ISO_8859_1);
          }
          case 282 -> vx = 1.0 / rationalAt(b, (int) val);
          case 283 -> vy = 1.0 / rationalAt(b, (int) val);
          default -> {}
        }
      }
      if (bits != 16 || comp != 1) {
        throw new IOException(file + ": only uncompressed 16-bit TIFF is supported");
      }
      strips.add(new long[] {stripOff, stripBytes});
      ifd = b.getInt((int) ifd + 2 + 12 * n) & 0xFFFFFFFFL;
    }
    int d = strips.size();
    double vz = 1;
    if (desc != null) {
      for (String line : desc.split("\n")) {
        if (line.startsWith("spacing=")) vz = Double.parseDouble(line.substring(8).trim());
        if (line.startsWith("images=")) {
          int images = Integer.parseInt(line.substring(7).trim());
          if (images > d && d == 1) {
            // ImageJ-style: contiguous slices after the first
            long off = strips.get(0)[0];
            strips.clear();
            for (int z = 0; z < images; z++)
              strips.add(new long[] {off + 2L * w * h * z, 2L * w * h});
            d = images;
          }
        }
      }
    }
    short[] data = new short[w * h * d];
    for (int z = 0; z < d; z++) {
      long off = strips.get(z)[0];
      if (off < 0 || off + 2L * w * h > b.limit()) {
        throw new IOException(file + ": truncated (slice " + z + " past the end of the file)");
      }
      b.position((int) off);
      b.asShortBuffer().get(data, z * w * h, w * h);
    }
    return new Image(w, h, d, vx, vy, vz, data);
  }

  private static double rationalAt(ByteBuffer b, int off) {
    long num = b.getInt(off) & 0xFFFFFFFFL;
    long den = b.getInt(off + 4) & 0xFFFFFFFFL;
    return den == 0 ? 1 : (double) num / den;
  }

  /** Writes to a file (convenience for tests and tools). */
  public static void write(Path file, Stack s) throws IOException {
    try (OutputStream o = Files.newOutputStream(file)) {
      write(
          o,
          s.pixels(),
          s.width(),
          s.height(),
          s.depth(),
          s.voxelX(),
          s.voxelY(),
          s.voxelZ(),
          null);
    }
  }
}
