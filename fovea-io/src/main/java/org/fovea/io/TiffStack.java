package org.fovea.io;

import java.nio.file.Path;

/**
 * A grey-level stack read from a TIFF: pixels in one flat array, x fastest, then y, then z ({@code
 * byte[]} for 8-bit, {@code short[]} for 16-bit unsigned, {@code float[]} for 32-bit float).
 */
public record TiffStack(
    Path file,
    int width,
    int height,
    int depth,
    Type type,
    Object pixels,
    Calibration calibration,
    boolean mapped) {

  /** The pixel types Fovea reads and writes. */
  public enum Type {
    GRAY8(1, byte.class),
    GRAY16(2, short.class),
    GRAY32F(4, float.class);

    private final int bytes;
    private final Class<?> component;

    Type(int bytes, Class<?> component) {
      this.bytes = bytes;
      this.component = component;
    }

    /** Bytes per pixel. */
    public int bytes() {
      return bytes;
    }

    /** The Java array component type. */
    public Class<?> component() {
      return component;
    }

    /** The type of a {@code byte[]}, {@code short[]} or {@code float[]}. */
    public static Type of(Object pixels) {
      if (pixels instanceof byte[]) return GRAY8;
      if (pixels instanceof short[]) return GRAY16;
      if (pixels instanceof float[]) return GRAY32F;
      throw new IllegalArgumentException(
          "pixels must be byte[], short[] or float[], not "
              + (pixels == null ? "null" : pixels.getClass().getSimpleName()));
    }

    /** "16-bit" and the like. */
    public String label() {
      return this == GRAY32F ? "32-bit float" : (8 * bytes) + "-bit";
    }
  }

  /** The 16-bit pixels (throws when the stack has another type). */
  public short[] shorts() {
    if (!(pixels instanceof short[] s)) {
      throw new IllegalStateException(file + " is " + type.label() + ", not 16-bit");
    }
    return s;
  }
}
