package org.fovea.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.IntStream;

/**
 * Reads uncompressed 16-bit little-endian TIFF stacks whose slices lie contiguously in the file (as
 * ImageJ and fovea-scope write them) by memory-mapping the pixel block: {@link #map} hands the
 * mapped pages straight to {@code gpu.pushInto(ByteBuffer, image)}, whose staging threads copy them
 * into pinned memory; {@link #readShorts} copies them into a {@code short[]} with several threads.
 */
public final class FastTiff {
  private FastTiff() {}

  /** The pixel block of a stack: a read-only mapping positioned at the first pixel. */
  public record Mapped(int width, int height, int depth, ByteBuffer pixels) {}

  public static Mapped map(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      m.order(ByteOrder.LITTLE_ENDIAN);
      if (m.get(0) != 'I' || m.get(1) != 'I' || m.getShort(2) != 42) {
        throw new IOException(file + ": not a little-endian classic TIFF");
      }
      long ifd = m.getInt(4) & 0xffffffffL;
      int w = 0;
      int h = 0;
      int bits = 0;
      int compression = 1;
      long first = -1;
      long expect = -1;
      int d = 0;
      while (ifd != 0) {
        int n = m.getShort((int) ifd) & 0xffff;
        long off = -1;
        long count = -1;
        for (int i = 0; i < n; i++) {
          int e = (int) ifd + 2 + 12 * i;
          int tag = m.getShort(e) & 0xffff;
          int type = m.getShort(e + 2) & 0xffff;
          long v = type == 3 ? (m.getShort(e + 8) & 0xffff) : (m.getInt(e + 8) & 0xffffffffL);
          long cnt = m.getInt(e + 4) & 0xffffffffL;
          switch (tag) {
            case 256 -> w = (int) v;
            case 257 -> h = (int) v;
            case 258 -> bits = (int) v;
            case 259 -> compression = (int) v;
            case 273 -> {
              if (cnt != 1) throw new IOException(file + ": several strips per slice");
              off = v;
            }
            case 279 -> count = v;
            default -> {}
          }
        }
        if (bits != 16 || compression != 1) {
          throw new IOException(file + ": not uncompressed 16-bit");
        }
        if (count != 2L * w * h) throw new IOException(file + ": unexpected strip size");
        if (first < 0) {
          first = off;
          expect = off;
        }
        if (off != expect) throw new IOException(file + ": slices are not contiguous");
        expect += count;
        d++;
        ifd = m.getInt((int) ifd + 2 + 12 * n) & 0xffffffffL;
      }
      ByteBuffer px =
          m.duplicate()
              .position((int) first)
              .limit((int) expect)
              .slice()
              .order(ByteOrder.LITTLE_ENDIAN);
      return new Mapped(w, h, d, px);
    }
  }

  /** The stack's pixels as a short[] (x fastest), copied from the mapping by several threads. */
  public static short[] readShorts(Mapped m) {
    int n = m.width() * m.height() * m.depth();
    short[] out = new short[n];
    int parts = Math.max(1, Math.min(16, Runtime.getRuntime().availableProcessors()));
    int per = (n + parts - 1) / parts;
    IntStream.range(0, parts)
        .parallel()
        .forEach(
            p -> {
              int a = p * per;
              int b = Math.min(n, a + per);
              if (a >= b) return;
              ByteBuffer v = m.pixels().duplicate().order(ByteOrder.LITTLE_ENDIAN);
              v.position(2 * a).limit(2 * b);
              v.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out, a, b - a);
            });
    return out;
  }
}
