package org.fovea.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffReaderTest {
  @TempDir Path dir;

  private Path file(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  /** Asserts a TiffFormatException naming the file (and the plane when plane > 0). */
  private TiffFormatException rejects(Path p, int plane, String... words) {
    TiffFormatException e = assertThrows(TiffFormatException.class, () -> TiffReader.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    if (plane > 0) assertTrue(e.getMessage().contains("plane " + plane), e.getMessage());
    for (String w : words) assertTrue(e.getMessage().contains(w), e.getMessage());
    return e;
  }

  private static void checkPixels(TiffStack s, int bits) {
    for (int z = 0; z < s.depth(); z++) {
      for (int y = 0; y < s.height(); y++) {
        for (int x = 0; x < s.width(); x++) {
          int i = (z * s.height() + y) * s.width() + x;
          int v = TiffBytes.value(x, y, z);
          double got =
              bits == 8
                  ? ((byte[]) s.pixels())[i] & 0xff
                  : bits == 16 ? ((short[]) s.pixels())[i] & 0xffff : ((float[]) s.pixels())[i];
          double want = bits == 8 ? v & 0xff : bits == 16 ? v : v + 0.25;
          if (got != want) {
            throw new AssertionError("(" + x + "," + y + "," + z + "): " + want + " != " + got);
          }
        }
      }
    }
  }

  @Test
  void readsEveryPixelTypeInBothByteOrdersAndImageJsOneIfdLayout() throws IOException {
    for (int bits : new int[] {8, 16, 32}) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        for (boolean oneIfd : new boolean[] {false, true}) {
          TiffBytes t = new TiffBytes();
          t.bits = bits;
          t.order = order;
          t.oneIfd = oneIfd;
          t.width = 31;
          t.height = 17;
          t.depth = 4;
          Path p = file("s" + bits + order + oneIfd + ".tif", t.build());
          TiffStack s = TiffReader.read(p);
          assertEquals(31, s.width());
          assertEquals(17, s.height());
          assertEquals(4, s.depth());
          assertTrue(s.mapped());
          checkPixels(s, bits);
          assertTrue(s.calibration().fromFile());
          assertArrayEquals(new double[] {0.5, 0.5, 2}, s.calibration().micrometres(), 1e-9);
        }
      }
    }
  }

  @Test
  void writerRoundTripsAndReuseFillsTheGivenArray() throws IOException {
    short[] px = new short[31 * 17 * 5];
    for (int i = 0; i < px.length; i++) px[i] = (short) (i * 7);
    Path p = dir.resolve("w.tif");
    TiffWriter.write(p, px, 31, 17, 5, Calibration.of(0.52, 0.52, 2, "test"));
    TiffStack s = TiffReader.read(p);
    assertArrayEquals(px, s.shorts());
    assertArrayEquals(new double[] {0.52, 0.52, 2}, s.calibration().micrometres(), 1e-8);
    short[] reuse = new short[px.length];
    assertTrue(TiffReader.read(p, reuse).pixels() == reuse);
    TiffReader.Mapped m = TiffReader.map(p);
    assertEquals(5, m.depth());
    assertEquals(px[px.length - 1], m.pixels().getShort(2 * (px.length - 1)));
    // the writer refuses to replace the file
    assertThrows(
        SafeFiles.Refused.class,
        () -> TiffWriter.write(p, px, 31, 17, 5, Calibration.of(1, 1, 1, "test")));
    float[] f = new float[3 * 2 * 2];
    for (int i = 0; i < f.length; i++) f[i] = i - 2.5f;
    Path pf = dir.resolve("f.tif");
    TiffWriter.write(pf, f, 3, 2, 2, Calibration.of(1, 1, 1, "test"));
    assertArrayEquals(f, (float[]) TiffReader.read(pf).pixels());
  }

  @Test
  void compressedStacksGoThroughTheJdkDecoder() throws IOException {
    int w = 33;
    int h = 9;
    int d = 3;
    for (String compression : new String[] {"LZW", "Deflate", "PackBits"}) {
      Path p = dir.resolve(compression + ".tif");
      ImageWriter iw = ImageIO.getImageWritersByFormatName("tiff").next();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(p.toFile())) {
        iw.setOutput(out);
        iw.prepareWriteSequence(null);
        for (int z = 0; z < d; z++) {
          BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
          short[] data = ((DataBufferUShort) bi.getRaster().getDataBuffer()).getData();
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) data[y * w + x] = (short) TiffBytes.value(x, y, z);
          }
          ImageWriteParam param = iw.getDefaultWriteParam();
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionType(compression);
          iw.writeToSequence(new IIOImage(bi, null, null), param);
        }
        iw.endWriteSequence();
      } finally {
        iw.dispose();
      }
      TiffStack s = TiffReader.read(p);
      assertFalse(s.mapped(), compression);
      assertEquals(d, s.depth());
      checkPixels(s, 16);
      assertFalse(s.calibration().fromFile()); // inches: a print setting, not a voxel size
    }
  }

  @Test
  void everyTruncationIsAnErrorNeverAShorterStack() throws IOException {
    for (boolean oneIfd : new boolean[] {false, true}) {
      TiffBytes t = new TiffBytes();
      t.oneIfd = oneIfd;
      byte[] full = t.build();
      java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
      for (int at : t.boundaries) {
        for (int k = -1; k <= 1; k++) if (at + k >= 0 && at + k < full.length) cuts.add(at + k);
      }
      assertTrue(cuts.size() > 40);
      for (int cut : cuts) {
        Path p = file("cut.tif", Arrays.copyOf(full, cut));
        TiffFormatException e =
            assertThrows(
                TiffFormatException.class, () -> TiffReader.read(p), "cut at " + cut + " read");
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
      }
    }
  }

  @Test
  void aMissingOrDamagedLastIfdNamesThePlane() throws IOException {
    TiffBytes t = new TiffBytes();
    byte[] b = t.build();
    ByteBuffer bb = ByteBuffer.wrap(b).order(t.order);
    int ifdSize = 2 + 12 * 12 + 4;
    // the third IFD's next pointer is 0: the fourth plane is gone
    bb.putInt(t.ifds.get(2) + ifdSize - 4, 0);
    rejects(file("missing.tif", b), 4, "declares 4 planes", "3 IFDs");
    // the next pointer points past the end
    b = t.build();
    ByteBuffer.wrap(b).order(t.order).putInt(t.ifds.get(2) + ifdSize - 4, b.length + 100);
    rejects(file("past.tif", b), 4, "outside the file");
    // the last plane's pixels point at the header
    b = t.build();
    ByteBuffer.wrap(b).order(t.order).putInt(t.stripOffsetFields.get(3), 0);
    rejects(file("header.tif", b), 4);
    // ... at the description / IFDs (a header block read as pixels)
    b = t.build();
    ByteBuffer.wrap(b).order(t.order).putInt(t.stripOffsetFields.get(3), t.ifds.get(0) - 20);
    rejects(file("ifd.tif", b), 4, "overlaps");
    // ... at another plane's pixels
    b = t.build();
    ByteBuffer.wrap(b).order(t.order).putInt(t.stripOffsetFields.get(3), 8);
    rejects(file("twice.tif", b), 4, "overlaps");
    // a plane of another size
    b = t.build();
    ByteBuffer.wrap(b).order(t.order).putInt(t.ifds.get(2) + 2 + 8, 8);
    rejects(file("size.tif", b), 3, "one plane size");
    // the chain loops
    b = t.build();
    ByteBuffer.wrap(b).order(t.order).putInt(t.ifds.get(3) + ifdSize - 4, t.ifds.get(0));
    rejects(file("loop.tif", b), 5, "loops");
    // one IFD more than declared
    t.description = "ImageJ=1.54p\nimages=3\nslices=3\n";
    rejects(file("extra.tif", t.build()), 4, "declares 3 planes");
  }

  @Test
  void overflowingAndOversizedHeadersAreClearErrors() throws IOException {
    TiffBytes t = new TiffBytes();
    t.description = null;
    t.depth = 1;
    byte[] b = t.build();
    ByteBuffer bb = ByteBuffer.wrap(b).order(t.order);
    int ifd = t.ifds.get(0);
    // 65536×32768×2 bytes: the strip byte count cannot even hold it
    bb.putInt(ifd + 2 + 8, 65536).putInt(ifd + 2 + 12 + 8, 32768);
    rejects(file("big16.tif", b), 1, "needs 4294967296");
    // 46341² 8-bit with a strip count that claims it all
    t.bits = 8;
    b = t.build();
    ifd = t.ifds.get(0);
    bb = ByteBuffer.wrap(b).order(t.order);
    bb.putInt(ifd + 2 + 8, 46341).putInt(ifd + 2 + 12 + 8, 46341);
    bb.putInt(ifd + 2 + 12 * 8 + 8, 46341 * 46341);
    rejects(file("big8.tif", b), 1, "outside the file");
    // images=2147483647 and 40 planes of 8192² in ImageJ's one-IFD layout
    for (String images : new String[] {"2147483647", "99999999999999999999"}) {
      TiffBytes u = new TiffBytes();
      u.oneIfd = true;
      u.description = "ImageJ=1.54p\nimages=" + images + "\nslices=" + images + "\n";
      rejects(file("images.tif", u.build()), 0, "declares", "missing");
    }
    TiffBytes v = new TiffBytes();
    v.oneIfd = true;
    v.description = "ImageJ=1.54p\nimages=40\nslices=40\n";
    b = v.build();
    bb = ByteBuffer.wrap(b).order(v.order);
    int at = v.ifds.get(0);
    bb.putInt(at + 2 + 8, 8192).putInt(at + 2 + 12 + 8, 8192);
    bb.putInt(at + 2 + 12 * 8 + 8, 8192 * 8192 * 2);
    TiffFormatException e = rejects(file("declared40.tif", b), 1, "outside the file");
    assertFalse(e.getMessage().contains("single image"));
    // the heap check speaks of the limit it hit
    TiffFormatException m =
        assertThrows(
            TiffFormatException.class,
            () -> TiffReader.requireMemory(dir.resolve("x.tif"), "a×b×c", Long.MAX_VALUE / 4));
    assertTrue(m.getMessage().contains("-Xmx"), m.getMessage());
  }

  @Test
  void unsupportedKindsSayWhatTheyAre() throws IOException {
    TiffBytes t = new TiffBytes();
    t.description = "ImageJ=1.54p\nimages=4\nchannels=2\nslices=2\nhyperstack=true\n";
    rejects(file("hyper.tif", t.build()), 0, "hyperstack");
    rejects(file("text.tif", "hello world, not a tiff".getBytes()), 0, "not a TIFF");
    byte[] big = new TiffBytes().build();
    big[2] = 43;
    rejects(file("bigtiff.tif", big), 0, "BigTIFF");
    rejects(file("empty.tif", new byte[0]), 0, "0 bytes");
  }

  @Test
  void fifosAndFoldersAreRefusedWithoutOpeningThem() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.tif"));
    rejects(folder, 0, "is a folder");
    rejects(dir.resolve("nothing.tif"), 0, "no such file");
    Path fifo = dir.resolve("pipe.tif");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mk.waitFor() == 0, "mkfifo not available");
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejects(fifo, 0, "FIFO"));
  }

  @Test
  void imageJUnitsAreHonoured() throws IOException {
    String[][] cases = {
      {"micron", "1"},
      {"microns", "1"},
      {"um", "1"},
      {"\u00b5m", "1"},
      {"\\u00B5m", "1"},
      {"\u03bcm", "1"},
      {"nm", "0.001"},
      {"mm", "1000"},
    };
    for (String[] c : cases) {
      TiffBytes t = new TiffBytes();
      t.description = "ImageJ=1.54p\nimages=4\nslices=4\nunit=" + c[0] + "\nspacing=2.0\n";
      TiffStack s = TiffReader.read(file("u.tif", t.build()));
      double f = Double.parseDouble(c[1]);
      assertTrue(s.calibration().fromFile(), c[0]);
      assertArrayEquals(
          new double[] {0.5 * f, 0.5 * f, 2 * f}, s.calibration().micrometres(), 1e-12, c[0]);
      assertTrue(s.calibration().source().startsWith("file"), s.calibration().source());
    }
    TiffBytes t = new TiffBytes();
    t.description = "ImageJ=1.54p\nimages=4\nslices=4\nunit=pixel\n";
    assertFalse(TiffReader.read(file("px.tif", t.build())).calibration().fromFile());
    t.description = null;
    t.resUnit = 3; // centimetres
    t.xres = 20000; // px per cm: 0.5 µm
    t.yres = 20000;
    TiffStack cm = TiffReader.read(file("cm.tif", t.build()));
    assertEquals(0.5, cm.calibration().x(), 1e-9);
    assertEquals(
        Calibration.of(1, 2, 3, "default"),
        Calibration.NONE.orElse(Calibration.of(1, 2, 3, "default")));
  }
}
