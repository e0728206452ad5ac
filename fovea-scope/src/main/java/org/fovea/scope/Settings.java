package org.fovea.scope;

/**
 * What the acquisition loop asks of a microscope: the time between stacks (in experiment minutes)
 * and the region of interest in voxels ({@code null} = the full field). Immutable; change with the
 * {@code with...} methods and {@link Microscope#apply}.
 */
public record Settings(double intervalMinutes, Region region) {
  /** A box of voxels: origin and size. */
  public record Region(int x, int y, int z, int width, int height, int depth) {
    public Region {
      if (width <= 0 || height <= 0 || depth <= 0 || x < 0 || y < 0 || z < 0) {
        throw new IllegalArgumentException(
            "region needs a non-negative origin and a positive size, got "
                + x
                + ","
                + y
                + ","
                + z
                + " "
                + width
                + "x"
                + height
                + "x"
                + depth);
      }
    }
  }

  public Settings {
    if (!(intervalMinutes > 0)) {
      throw new IllegalArgumentException("interval must be > 0 minutes, got " + intervalMinutes);
    }
  }

  /** A stack every {@code minutes} experiment minutes, over the full field. */
  public static Settings every(double minutes) {
    return new Settings(minutes, null);
  }

  public Settings withInterval(double minutes) {
    return new Settings(minutes, region);
  }

  public Settings withRegion(Region r) {
    return new Settings(intervalMinutes, r);
  }
}
