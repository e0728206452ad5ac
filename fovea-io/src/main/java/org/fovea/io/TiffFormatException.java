package org.fovea.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A TIFF that does not validate or cannot be read. The message always names the file, and the plane
 * (1-based, as ImageJ counts slices) when one plane is at fault.
 */
public final class TiffFormatException extends IOException {
  private final transient Path file;
  private final int plane;

  TiffFormatException(Path file, int plane, String what) {
    this(file, plane, what, null);
  }

  TiffFormatException(Path file, int plane, String what, Throwable cause) {
    super(file + (plane > 0 ? ": plane " + plane : "") + ": " + what, cause);
    this.file = file;
    this.plane = plane;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The plane at fault (1-based), or 0 when the problem is not one plane's. */
  public int plane() {
    return plane;
  }
}
