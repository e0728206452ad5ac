package org.fovea.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds classic TIFFs byte by byte for the hostile-input tests (independent of {@link
 * TiffWriter}): header, pixel planes, description, resolution, then one IFD per plane (or one IFD
 * for all planes, ImageJ's large-stack layout). {@link #ifds} tells where each IFD starts so a test
 * can damage it.
 */
final class TiffBytes {
  ByteOrder order = ByteOrder.LITTLE_ENDIAN;
  int width = 9;
  int height = 7;
  int depth = 4;
  int bits = 16;
  int format = 1;
  String description = "ImageJ=1.54p\nimages=4\nslices=4\nunit=micron\nspacing=2.0\n";
  double xres = 1 / 0.5;
  double yres = 1 / 0.5;
  int resUnit = 1;
  boolean oneIfd;

  /** Where each IFD starts, filled by {@link #build}. */
  final List<Integer> ifds = new ArrayList<>();

  /** Where each plane's StripOffsets value lies, filled by {@link #build}. */
  final List<Integer> stripOffsetFields = new ArrayList<>();

  /** Pixel value of (x, y, z): distinct per voxel, fits 8 bits modulo 256. */
  static int value(int x, int y, int z) {
    return (x + 13 * y + 101 * z) & 0x7fff;
  }

  /** Offsets where one structure ends and the next begins, filled by {@link #build}. */
  final java.util.TreeSet<Integer> boundaries = new java.util.TreeSet<>();

  byte[] build() {
    ifds.clear();
    stripOffsetFields.clear();
    boundaries.clear();
    int bpp = bits / 8;
    int plane = width * height * bpp;
    byte[] desc =
        description == null ? null : (description + "\0").getBytes(StandardCharsets.UTF_8);
    int descAt = 8 + plane * depth;
    int resAt = descAt + (desc == null ? 0 : desc.length + (desc.length & 1));
    int ifdAt = resAt + 16;
    int nIfd = oneIfd ? 1 : depth;
    int tags = 12;
    int ifdSize = 2 + 12 * tags + 4;
    ByteBuffer b = ByteBuffer.allocate(ifdAt + nIfd * ifdSize).order(order);
    b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    b.putShort((short) 42).putInt(ifdAt);
    for (int z = 0; z <= depth; z++) boundaries.add(8 + plane * z);
    boundaries.add(2);
    boundaries.add(4);
    boundaries.add(resAt);
    boundaries.add(resAt + 8);
    for (int z = 0; z < depth; z++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int v = value(x, y, z);
          if (bits == 8) b.put((byte) v);
          else if (bits == 16) b.putShort((short) v);
          else b.putFloat(v + 0.25f);
        }
      }
    }
    if (desc != null) b.put(descAt, desc);
    b.putInt(resAt, (int) Math.round(xres * 1000)).putInt(resAt + 4, 1000);
    b.putInt(resAt + 8, (int) Math.round(yres * 1000)).putInt(resAt + 12, 1000);
    b.position(ifdAt);
    for (int i = 0; i < nIfd; i++) {
      int at = b.position();
      ifds.add(at);
      for (int k = 0; k <= tags; k++) boundaries.add(at + 2 + 12 * k);
      b.putShort((short) tags);
      tag(b, 256, 4, 1, width);
      tag(b, 257, 4, 1, height);
      tag(b, 258, 3, 1, bits);
      tag(b, 259, 3, 1, 1);
      tag(b, 262, 3, 1, 1);
      tag(b, 270, 2, desc == null ? 1 : desc.length, desc == null ? 0 : descAt);
      stripOffsetFields.add(b.position() + 8);
      tag(b, 273, 4, 1, 8 + (long) plane * i);
      tag(b, 277, 3, 1, 1);
      tag(b, 279, 4, 1, plane);
      tag(b, 282, 5, 1, resAt);
      tag(b, 283, 5, 1, resAt + 8);
      tag(b, 296, 3, 1, resUnit);
      // SampleFormat would be a 13th tag; float files use tag 339 in place of 259 (compression 1
      // is the default)
      if (bits == 32) {
        b.position(at + 2 + 12 * 3);
        tag(b, 339, 3, 1, 3);
        b.position(at + 2 + 12 * tags);
      }
      b.putInt(i == nIfd - 1 ? 0 : at + ifdSize);
    }
    boundaries.add(b.capacity());
    return b.array();
  }

  static void tag(ByteBuffer b, int tag, int type, long count, long value) {
    b.putShort((short) tag).putShort((short) type).putInt((int) count);
    if (type == 3 && count == 1) b.putShort((short) value).putShort((short) 0);
    else b.putInt((int) value);
  }
}
