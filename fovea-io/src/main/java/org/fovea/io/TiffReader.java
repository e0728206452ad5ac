package org.fovea.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The one TIFF reader of Fovea (CLI, acquisition loop, replay, benchmarks).
 *
 * <p>{@link #inspect} parses and validates every IFD before any pixel is read: the IFD chain and
 * every block it points to lie inside the file, no block overlaps another (a damaged offset that
 * points at the header or at another plane is caught), all planes have one size and type, and the
 * plane count that ImageJ's description declares ({@code images=}) is the count the file holds.
 * {@link #read} then checks the size against what a Java array and the heap can hold, and reads:
 * uncompressed planes are memory-mapped and converted in bulk (in parallel for large stacks);
 * compressed ones (LZW, Deflate, PackBits, …) go through the JDK's javax.imageio TIFF plugin. Every
 * failure is a {@link TiffFormatException} naming the file and, where it applies, the plane.
 *
 * <p>Only regular files are opened: a FIFO, socket, device or folder named {@code *.tif} is refused
 * before anything opens it (opening a FIFO would block).
 */
public final class TiffReader {
  private TiffReader() {}

  /** Planes of at most this many bytes are mapped together and copied in one go. */
  private static final long MAP_CHUNK = 64L << 20;

  /** Java arrays hold at most this many elements on common JVMs. */
  public static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

  /** A validated TIFF's structure: nothing of the pixels read yet. */
  public record Layout(
      Path file,
      long fileSize,
      int width,
      int height,
      int depth,
      TiffStack.Type type,
      ByteOrder order,
      boolean uncompressed,
      long[] planeOffsets,
      List<long[][]> strips,
      String description,
      Calibration calibration) {

    /** Bytes of one uncompressed plane. */
    public long planeBytes() {
      return (long) width * height * type.bytes();
    }

    /** Voxels in the stack. */
    public long voxels() {
      return (long) width * height * depth;
    }

    /** Whether the planes are one uncompressed block, plane after plane. */
    public boolean oneBlock() {
      if (planeOffsets == null) return false;
      for (int z = 1; z < depth; z++) {
        if (planeOffsets[z] != planeOffsets[0] + z * planeBytes()) return false;
      }
      return true;
    }

    /** "512×1024×121 16-bit" */
    public String shape() {
      return width + "×" + height + "×" + depth + " " + type.label();
    }
  }

  /** The pixel block of an uncompressed contiguous stack, memory-mapped (x fastest). */
  public record Mapped(
      int width,
      int height,
      int depth,
      TiffStack.Type type,
      ByteBuffer pixels,
      Calibration calibration) {}

  /** Reads and validates {@code file}. */
  public static TiffStack read(Path file) throws IOException {
    return read(inspect(file), null);
  }

  /**
   * Reads and validates {@code file}; {@code reuse} (may be null) is filled and returned when it is
   * an array of the stack's type and length.
   */
  public static TiffStack read(Path file, Object reuse) throws IOException {
    return read(inspect(file), reuse);
  }

  /** Maps the pixels of an uncompressed stack whose planes lie in one block (no copy). */
  public static Mapped map(Path file) throws IOException {
    Layout l = inspect(file);
    if (!l.oneBlock()) {
      throw new TiffFormatException(
          file, 0, "its planes are not one uncompressed block (compressed or scattered): use read");
    }
    long total = l.planeBytes() * l.depth();
    if (total > Integer.MAX_VALUE) {
      throw new TiffFormatException(
          file, 0, "its pixels (" + bytes(total) + ") exceed one 2 GiB mapping: use read");
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, l.planeOffsets()[0], total);
      return new Mapped(
          l.width(), l.height(), l.depth(), l.type(), b.order(l.order()), l.calibration());
    }
  }

  // ------------------------------------------------------------------ validation

  /** Refuses anything that is not a regular file, saying what it is; never opens it. */
  public static void requireRegularFile(Path file) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new TiffFormatException(file, 0, "no such file");
    }
    if (a.isDirectory()) throw new TiffFormatException(file, 0, "is a folder, not a TIFF file");
    if (!a.isRegularFile()) {
      throw new TiffFormatException(
          file, 0, "is " + kind(file) + ", not a regular file: skipped (never opened)");
    }
  }

  /** "a FIFO (named pipe)", "a socket", … for a non-regular file. */
  public static String kind(Path file) {
    try {
      Object mode = Files.getAttribute(file, "unix:mode");
      if (mode instanceof Integer m) {
        switch (m & 0170000) {
          case 0010000:
            return "a FIFO (named pipe)";
          case 0140000:
            return "a socket";
          case 0020000:
            return "a character device";
          case 0060000:
            return "a block device";
          case 0040000:
            return "a folder";
          default:
            break;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // not a unix file system: fall through
    }
    return "a special file";
  }

  /** Parses and validates every IFD of {@code file}; reads no pixels. */
  public static Layout inspect(Path file) throws IOException {
    requireRegularFile(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Parser(file, ch).parse();
    } catch (TiffFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new TiffFormatException(file, 0, "cannot read: " + cause(e), e);
    }
  }

  private record Entry(int tag, int type, long count, long field, long fieldPos) {}

  private record Range(long start, long end, String what, int plane) {}

  private record Plane(
      long width,
      long height,
      int bits,
      int format,
      int samples,
      int compression,
      long[] offsets,
      long[] counts) {}

  private static final class Parser {
    private final Path file;
    private final FileChannel ch;
    private final long size;
    private ByteOrder order;
    private final List<Range> ranges = new ArrayList<>();

    Parser(Path file, FileChannel ch) throws IOException {
      this.file = file;
      this.ch = ch;
      this.size = ch.size();
    }

    private TiffFormatException bad(int plane, String what) {
      return new TiffFormatException(file, plane, what);
    }

    private ByteBuffer read(long pos, int n) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(n).order(order == null ? ByteOrder.BIG_ENDIAN : order);
      while (b.hasRemaining()) {
        if (ch.read(b, pos + b.position()) < 0) throw bad(0, "truncated at byte " + pos);
      }
      return b.flip();
    }

    Layout parse() throws IOException {
      if (size < 8) throw bad(0, "not a TIFF: the file has only " + size + " bytes");
      ByteBuffer h = read(0, 8);
      if (h.get(0) == 'I' && h.get(1) == 'I') order = ByteOrder.LITTLE_ENDIAN;
      else if (h.get(0) == 'M' && h.get(1) == 'M') order = ByteOrder.BIG_ENDIAN;
      else throw bad(0, "not a TIFF (it does not start with II or MM)");
      h.order(order);
      int magic = h.getShort(2) & 0xffff;
      if (magic == 43) {
        throw bad(0, "is a BigTIFF, which Fovea does not read yet: save it as a classic TIFF");
      }
      if (magic != 42) throw bad(0, "not a TIFF (version " + magic + ", expected 42)");
      ranges.add(new Range(0, 8, "the TIFF header", 0));
      long ifd = h.getInt(4) & 0xffffffffL;
      List<Plane> planes = new ArrayList<>();
      Set<Long> seen = new HashSet<>();
      String description = null;
      Map<Integer, Entry> first = null;
      if (ifd == 0) throw bad(0, "holds no image (the first IFD offset is 0)");
      while (ifd != 0) {
        int p = planes.size() + 1;
        if (ifd < 8 || ifd + 2 > size) {
          throw bad(
              p,
              "its IFD offset "
                  + ifd
                  + " lies outside the file ("
                  + size
                  + " bytes): the file is truncated or damaged");
        }
        if (!seen.add(ifd)) throw bad(p, "the IFD chain loops back to offset " + ifd);
        int n = read(ifd, 2).getShort(0) & 0xffff;
        if (n == 0) throw bad(p, "its IFD at offset " + ifd + " has no entries (damaged)");
        long end = ifd + 2 + 12L * n + 4;
        if (end > size) {
          throw bad(
              p,
              "its IFD ("
                  + n
                  + " entries at offset "
                  + ifd
                  + ") runs past the end of the file ("
                  + size
                  + " bytes): truncated");
        }
        ranges.add(new Range(ifd, end, "IFD", p));
        ByteBuffer b = read(ifd + 2, 12 * n + 4);
        Map<Integer, Entry> tags = new HashMap<>();
        for (int k = 0; k < n; k++) {
          int at = 12 * k;
          tags.put(
              b.getShort(at) & 0xffff,
              new Entry(
                  b.getShort(at) & 0xffff,
                  b.getShort(at + 2) & 0xffff,
                  b.getInt(at + 4) & 0xffffffffL,
                  b.getInt(at + 8) & 0xffffffffL,
                  ifd + 2 + at + 8));
        }
        Plane pl = plane(p, tags);
        if (planes.isEmpty()) {
          first = tags;
          Entry d = tags.get(270);
          if (d != null) description = text(p, d);
        } else {
          Plane one = planes.get(0);
          if (pl.width != one.width
              || pl.height != one.height
              || pl.bits != one.bits
              || pl.format != one.format) {
            throw bad(
                p,
                "is "
                    + pl.width
                    + "×"
                    + pl.height
                    + " "
                    + pl.bits
                    + "-bit but plane 1 is "
                    + one.width
                    + "×"
                    + one.height
                    + " "
                    + one.bits
                    + "-bit: a stack has one plane size (damaged IFD?)");
          }
        }
        planes.add(pl);
        if (planes.size() > 10_000_000) throw bad(p, "more than 10 million IFDs (damaged)");
        ifd = b.getInt(12 * n) & 0xffffffffL;
      }
      Plane one = planes.get(0);
      TiffStack.Type type =
          one.bits == 8
              ? TiffStack.Type.GRAY8
              : one.bits == 16 ? TiffStack.Type.GRAY16 : TiffStack.Type.GRAY32F;
      if (one.width > Integer.MAX_VALUE || one.height > Integer.MAX_VALUE) {
        throw bad(1, "its size " + one.width + "×" + one.height + " exceeds what Java can index");
      }
      int w = (int) one.width;
      int hh = (int) one.height;
      long planeBytes = one.width * one.height * type.bytes();
      Map<String, String> ij = imageJProperties(description);
      if (num(ij, "channels") > 1 || num(ij, "frames") > 1) {
        throw bad(
            0,
            "is a hyperstack ("
                + ij.getOrDefault("channels", "1")
                + " channels, "
                + ij.getOrDefault("frames", "1")
                + " frames); Fovea reads one channel at one time point: save that as a z-stack"
                + " (ImageJ: Image › Duplicate…)");
      }
      long declared = num(ij, "images");
      boolean allRaw = planes.stream().allMatch(x -> x.compression == 1);
      long depth = planes.size();
      long[] planeOffsets = null;
      if (planes.size() == 1 && declared > 1) {
        // ImageJ's layout for large stacks: one IFD, the planes one after the other
        if (!allRaw || one.offsets.length != 1 && !stripsAdjacent(one)) {
          throw bad(
              0,
              "its ImageJ description declares "
                  + declared
                  + " planes in one IFD, but that plane is compressed or scattered");
        }
        long start = one.offsets[0];
        long need;
        try {
          need = Math.addExact(start, Math.multiplyExact(declared, planeBytes));
        } catch (ArithmeticException e) {
          need = Long.MAX_VALUE;
        }
        if (need > size) {
          long have = Math.max(0, (size - start) / planeBytes);
          throw bad(
              0,
              "its ImageJ description declares "
                  + declared
                  + " planes of "
                  + w
                  + "×"
                  + hh
                  + " "
                  + type.label()
                  + " ("
                  + (need == Long.MAX_VALUE ? "more than 8 EiB" : bytes(need - start))
                  + " from offset "
                  + start
                  + ") but the file has only "
                  + size
                  + " bytes: planes "
                  + (have + 1)
                  + " to "
                  + declared
                  + " are missing (truncated file?)");
        }
        if (declared > Integer.MAX_VALUE) throw bad(0, declared + " planes are too many");
        depth = declared;
        planeOffsets = new long[(int) depth];
        for (int z = 0; z < depth; z++) planeOffsets[z] = start + z * planeBytes;
        ranges.removeIf(r -> r.what.equals("pixel data"));
        ranges.add(new Range(start, need, "pixel data of planes 1–" + declared, 1));
      } else if (declared > 0 && declared != planes.size()) {
        if (declared > planes.size()) {
          throw bad(
              planes.size() + 1,
              "missing or damaged: the ImageJ description declares "
                  + declared
                  + " planes but the file holds "
                  + planes.size()
                  + " IFDs");
        }
        throw bad(
            (int) declared + 1,
            "is one too many: the ImageJ description declares "
                + declared
                + " planes but the file holds "
                + planes.size()
                + " IFDs (damaged)");
      } else if (allRaw) {
        planeOffsets = new long[planes.size()];
        for (int z = 0; z < planes.size(); z++) {
          Plane pl = planes.get(z);
          planeOffsets[z] = stripsAdjacent(pl) ? pl.offsets[0] : -1;
        }
        if (java.util.Arrays.stream(planeOffsets).anyMatch(o -> o < 0)) planeOffsets = null;
      }
      checkOverlaps();
      List<long[][]> strips = new ArrayList<>();
      for (Plane pl : planes) strips.add(new long[][] {pl.offsets, pl.counts});
      Calibration cal = calibration(first, ij);
      return new Layout(
          file,
          size,
          w,
          hh,
          (int) depth,
          type,
          order,
          allRaw,
          planeOffsets,
          strips,
          description,
          cal);
    }

    private static boolean stripsAdjacent(Plane p) {
      for (int i = 1; i < p.offsets.length; i++) {
        if (p.offsets[i] != p.offsets[i - 1] + p.counts[i - 1]) return false;
      }
      return true;
    }

    private void checkOverlaps() throws TiffFormatException {
      ranges.sort((a, b) -> Long.compare(a.start, b.start));
      for (int i = 1; i < ranges.size(); i++) {
        Range a = ranges.get(i - 1);
        Range b = ranges.get(i);
        if (b.start < a.end) {
          int plane = b.plane != 0 ? b.plane : a.plane;
          throw bad(
              plane,
              "its "
                  + b.what
                  + " (bytes "
                  + b.start
                  + "–"
                  + b.end
                  + ") overlaps "
                  + (a.plane == 0 ? "" : "plane " + a.plane + "'s ")
                  + a.what
                  + " (bytes "
                  + a.start
                  + "–"
                  + a.end
                  + "): damaged offsets");
        }
      }
    }

    private Plane plane(int p, Map<Integer, Entry> t) throws IOException {
      long w = scalar(p, t.get(256), "ImageWidth");
      long h = scalar(p, t.get(257), "ImageLength");
      if (w <= 0 || h <= 0) throw bad(p, "its size is " + w + "×" + h);
      int samples = t.containsKey(277) ? (int) first(p, t.get(277)) : 1;
      if (samples != 1) {
        throw bad(
            p,
            "has "
                + samples
                + " samples per pixel (RGB or multi-channel); Fovea reads grey-level stacks:"
                + " save one channel");
      }
      int bits = t.containsKey(258) ? (int) first(p, t.get(258)) : 1;
      int format = t.containsKey(339) ? (int) first(p, t.get(339)) : 1;
      boolean ok =
          (bits == 8 && format == 1) || (bits == 16 && format == 1) || (bits == 32 && format == 3);
      if (!ok) {
        String kind = format == 2 ? "signed" : format == 3 ? "float" : "unsigned";
        throw bad(
            p,
            "has "
                + bits
                + "-bit "
                + kind
                + " pixels; Fovea reads 8-bit, 16-bit unsigned and 32-bit float");
      }
      int compression = t.containsKey(259) ? (int) first(p, t.get(259)) : 1;
      boolean tiled = t.containsKey(324);
      Entry offE = tiled ? t.get(324) : t.get(273);
      Entry cntE = tiled ? t.get(325) : t.get(279);
      if (offE == null) throw bad(p, "has no StripOffsets (no pixel data)");
      long maxBlocks = tiled ? w * h : h;
      if (offE.count == 0 || offE.count > maxBlocks) {
        throw bad(p, "has " + offE.count + " strip offsets for " + h + " rows (damaged)");
      }
      long[] offsets = ints(p, offE);
      long planeBytes = w * h * (bits / 8);
      long[] counts;
      if (cntE == null) {
        if (compression != 1 || offsets.length != 1) {
          throw bad(p, "has no StripByteCounts (damaged)");
        }
        counts = new long[] {planeBytes};
      } else {
        if (cntE.count != offE.count) {
          throw bad(
              p,
              "has "
                  + offE.count
                  + " strip offsets but "
                  + cntE.count
                  + " strip byte counts (damaged)");
        }
        counts = ints(p, cntE);
      }
      long total = 0;
      for (int i = 0; i < offsets.length; i++) {
        long end = offsets[i] + counts[i];
        if (offsets[i] < 8 || end > size) {
          throw bad(
              p,
              "its pixel data (strip "
                  + (i + 1)
                  + " at offset "
                  + offsets[i]
                  + ", "
                  + counts[i]
                  + " bytes) lies outside the file ("
                  + size
                  + " bytes): truncated or damaged");
        }
        total += counts[i];
        if (counts[i] > 0) ranges.add(new Range(offsets[i], end, "pixel data", p));
      }
      if (compression == 1 && total < planeBytes) {
        throw bad(
            p,
            "holds "
                + total
                + " bytes of pixel data, but a "
                + w
                + "×"
                + h
                + " "
                + bits
                + "-bit plane needs "
                + planeBytes
                + " (damaged)");
      }
      if (compression == 1 && tiled) {
        throw bad(p, "is tiled and uncompressed, which Fovea does not read: save it in strips");
      }
      return new Plane(w, h, bits, format, samples, compression, offsets, counts);
    }

    private static int typeSize(int type) {
      return switch (type) {
        case 3, 8 -> 2;
        case 4, 9, 11 -> 4;
        case 5, 10, 12, 16 -> 8;
        default -> 1;
      };
    }

    /** Where an entry's values lie (inline or out of line), checked against the file size. */
    private long valuePos(int p, Entry e) throws TiffFormatException {
      long bytes = e.count * typeSize(e.type);
      if (bytes <= 4) return e.fieldPos;
      if (e.field + bytes > size) {
        throw bad(
            p,
            "tag "
                + e.tag
                + " points past the end of the file (offset "
                + e.field
                + " + "
                + bytes
                + " bytes > "
                + size
                + "): truncated or damaged");
      }
      return e.field;
    }

    private long scalar(int p, Entry e, String name) throws IOException {
      if (e == null) throw bad(p, "has no " + name + " tag (damaged IFD)");
      return first(p, e);
    }

    private long first(int p, Entry e) throws IOException {
      if (e.count < 1) throw bad(p, "tag " + e.tag + " has no value (damaged)");
      long pos = valuePos(p, e);
      ByteBuffer b = read(pos, typeSize(e.type));
      return switch (e.type) {
        case 3 -> b.getShort(0) & 0xffff;
        case 4 -> b.getInt(0) & 0xffffffffL;
        case 1, 7 -> b.get(0) & 0xff;
        default -> throw bad(p, "tag " + e.tag + " has type " + e.type + " (expected an integer)");
      };
    }

    private long[] ints(int p, Entry e) throws IOException {
      if (e.type != 3 && e.type != 4) {
        throw bad(p, "tag " + e.tag + " has type " + e.type + " (expected SHORT or LONG)");
      }
      long pos = valuePos(p, e);
      int sz = typeSize(e.type);
      ByteBuffer b = read(pos, (int) (e.count * sz));
      long[] v = new long[(int) e.count];
      for (int i = 0; i < v.length; i++) {
        v[i] = sz == 2 ? b.getShort(2 * i) & 0xffff : b.getInt(4 * i) & 0xffffffffL;
      }
      return v;
    }

    private String text(int p, Entry e) throws IOException {
      if (e.count > (64 << 20)) throw bad(p, "its description is " + e.count + " bytes (damaged)");
      long pos = valuePos(p, e);
      byte[] raw = read(pos, (int) e.count).array();
      if (e.count > 4) ranges.add(new Range(pos, pos + e.count, "description", p));
      int len = raw.length;
      while (len > 0 && raw[len - 1] == 0) len--;
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(raw, 0, len))
            .toString();
      } catch (CharacterCodingException notUtf8) {
        return new String(raw, 0, len, StandardCharsets.ISO_8859_1);
      }
    }

    private double rational(Entry e) throws IOException {
      if (e == null || e.type != 5 || e.count < 1) return Double.NaN;
      long pos = valuePos(1, e);
      ByteBuffer b = read(pos, 8);
      long num = b.getInt(0) & 0xffffffffL;
      long den = b.getInt(4) & 0xffffffffL;
      return den == 0 ? Double.NaN : (double) num / den;
    }

    private Calibration calibration(Map<Integer, Entry> t, Map<String, String> ij)
        throws IOException {
      String unit = ij.get("unit");
      double per;
      if (unit != null) {
        per = Calibration.micrometresPer(unit);
      } else {
        long resUnit = t.containsKey(296) ? first(1, t.get(296)) : 2;
        // centimetres are a length; inches (the TIFF default) are a print setting, not a voxel
        unit = resUnit == 3 ? "cm" : null;
        per = resUnit == 3 ? 1e4 : Double.NaN;
      }
      if (Double.isNaN(per)) {
        return unit == null
            ? Calibration.NONE
            : new Calibration(
                Double.NaN,
                Double.NaN,
                Double.NaN,
                "none (unit '" + Calibration.unescape(unit) + "' is not a length)",
                false);
      }
      double xr = rational(t.get(282));
      double yr = rational(t.get(283));
      double x = xr > 0 ? 1 / xr : 1;
      double y = yr > 0 ? 1 / yr : x;
      double z = 1; // ImageJ's default slice spacing, in the unit
      String spacing = ij.get("spacing");
      if (spacing != null) {
        try {
          double s = Double.parseDouble(spacing);
          if (s > 0) z = s;
        } catch (NumberFormatException e) {
          // ImageJ ignores it too
        }
      }
      x *= per;
      y *= per;
      z *= per;
      if (!(x > 0 && y > 0 && z > 0) || Double.isInfinite(x + y + z)) {
        return Calibration.NONE;
      }
      return new Calibration(x, y, z, "file, unit=" + Calibration.unescape(unit), true);
    }
  }

  /** The key=value lines of an ImageJ description (empty when it is not one). */
  static Map<String, String> imageJProperties(String description) {
    Map<String, String> m = new HashMap<>();
    if (description == null || !description.startsWith("ImageJ=")) return m;
    for (String line : description.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return m;
  }

  private static long num(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) return 0;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // a count too large for a long is certainly not what the file holds
    }
  }

  // ------------------------------------------------------------------ reading

  /** Reads a validated layout. */
  public static TiffStack read(Layout l, Object reuse) throws IOException {
    Path file = l.file();
    long voxels = l.voxels();
    if (voxels > MAX_ARRAY) {
      throw new TiffFormatException(
          file,
          0,
          String.format(
              Locale.ROOT,
              "%s = %d voxels exceed what one Java array holds (%d): crop or split the stack",
              l.shape(),
              voxels,
              MAX_ARRAY));
    }
    long need = voxels * l.type().bytes();
    Class<?> comp = l.type().component();
    boolean reusable =
        reuse != null
            && reuse.getClass().getComponentType() == comp
            && Array.getLength(reuse) == voxels;
    Object buf;
    if (reusable) {
      buf = reuse;
    } else {
      requireMemory(file, l.shape(), need);
      try {
        buf = Array.newInstance(comp, (int) voxels);
      } catch (OutOfMemoryError e) {
        throw new TiffFormatException(file, 0, memoryMessage(l.shape(), need));
      }
    }
    boolean mapped = l.uncompressed() && l.planeOffsets() != null;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (mapped) readMapped(l, ch, buf);
      else if (l.uncompressed()) readStrips(l, ch, buf);
      else readImageIo(l, buf);
    } catch (TiffFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new TiffFormatException(file, 0, "cannot read its pixels: " + cause(e), e);
    }
    return new TiffStack(
        file, l.width(), l.height(), l.depth(), l.type(), buf, l.calibration(), mapped);
  }

  /** Throws when {@code bytes} more cannot be held by this JVM's heap. */
  static void requireMemory(Path file, String shape, long bytes) throws TiffFormatException {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (bytes > free) {
      System.gc();
      free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
    if (bytes > free) throw new TiffFormatException(file, 0, memoryMessage(shape, bytes));
  }

  private static String memoryMessage(String shape, long bytes) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    return shape
        + " needs "
        + bytes(bytes)
        + " of memory, but Java may use only "
        + bytes(Math.max(0, free))
        + " more (maximum heap "
        + bytes(rt.maxMemory())
        + "): give Java more (FOVEA_JAVA_OPTS=-Xmx"
        + Math.max(1, (bytes * 2 >> 30) + 1)
        + "g) or crop the stack";
  }

  private static void readMapped(Layout l, FileChannel ch, Object buf) throws IOException {
    long plane = l.planeBytes();
    int n = l.width() * l.height();
    int d = l.depth();
    long[] off = l.planeOffsets();
    int maxPlanes = (int) Math.max(1, MAP_CHUNK / plane);
    List<int[]> runs = new ArrayList<>();
    for (int z = 0; z < d; ) {
      int run = 1;
      while (z + run < d && run < maxPlanes && off[z + run] == off[z] + run * plane) run++;
      runs.add(new int[] {z, run});
      z += run;
    }
    IntStream s = IntStream.range(0, runs.size());
    if (plane * d > (32L << 20)) s = s.parallel();
    try {
      s.forEach(
          i -> {
            int z = runs.get(i)[0];
            int run = runs.get(i)[1];
            try {
              ByteBuffer bb =
                  ch.map(FileChannel.MapMode.READ_ONLY, off[z], plane * run).order(l.order());
              put(bb, buf, z * n, run * n);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void put(ByteBuffer bb, Object buf, int at, int count) {
    if (buf instanceof byte[] b) bb.get(b, at, count);
    else if (buf instanceof short[] s) bb.asShortBuffer().get(s, at, count);
    else bb.asFloatBuffer().get((float[]) buf, at, count);
  }

  private static void readStrips(Layout l, FileChannel ch, Object buf) throws IOException {
    int n = l.width() * l.height();
    int planeBytes = (int) l.planeBytes();
    ByteBuffer pb = ByteBuffer.allocate(planeBytes).order(l.order());
    for (int z = 0; z < l.depth(); z++) {
      long[][] st = l.strips().get(z);
      pb.clear();
      for (int i = 0; i < st[0].length && pb.hasRemaining(); i++) {
        int take = (int) Math.min(st[1][i], pb.remaining());
        ByteBuffer part = pb.slice(pb.position(), take);
        long pos = st[0][i];
        while (part.hasRemaining()) {
          if (ch.read(part, pos + part.position()) < 0) {
            throw new TiffFormatException(l.file(), z + 1, "pixel data ends early");
          }
        }
        pb.position(pb.position() + take);
      }
      pb.flip();
      put(pb, buf, z * n, n);
    }
  }

  private static void readImageIo(Layout l, Object buf) throws IOException {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff");
    if (!it.hasNext()) {
      throw new TiffFormatException(
          l.file(), 0, "is compressed and this Java has no TIFF decoder (module java.desktop)");
    }
    ImageReader r = it.next();
    int n = l.width() * l.height();
    try (ImageInputStream in = ImageIO.createImageInputStream(l.file().toFile())) {
      r.setInput(in, true, true);
      for (int z = 0; z < l.depth(); z++) {
        Object data;
        try {
          BufferedImage bi = r.read(z);
          Raster ras = bi.getRaster();
          if (ras.getWidth() != l.width() || ras.getHeight() != l.height()) {
            throw new TiffFormatException(l.file(), z + 1, "decodes to another size");
          }
          data = ras.getDataElements(0, 0, l.width(), l.height(), null);
        } catch (TiffFormatException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          throw new TiffFormatException(
              l.file(), z + 1, "cannot decode its compressed pixels: " + cause(e), e);
        }
        if (data.getClass() != buf.getClass() || Array.getLength(data) != n) {
          throw new TiffFormatException(
              l.file(), z + 1, "decodes to " + data.getClass().getSimpleName() + " pixels");
        }
        System.arraycopy(data, 0, buf, z * n, n);
      }
    } finally {
      r.dispose();
    }
  }

  /** The cause of an I/O error in words (the exception's message, or its class name). */
  static String cause(Throwable e) {
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) return "no such file";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** "1.5 GiB" */
  public static String bytes(long b) {
    if (b < 1024) return b + " bytes";
    String[] u = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = b;
    int i = -1;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
  }
}
