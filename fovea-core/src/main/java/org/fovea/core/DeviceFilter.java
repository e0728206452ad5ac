package org.fovea.core;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Chooses a device. Filters combine with AND. With no filter, {@link Gpu#open} takes the
 * environment variable {@code FOVEA_DEVICE} (a name substring, or {@code gpu}/{@code cpu}) and
 * otherwise the best device: a GPU before an accelerator before a CPU, then the most memory.
 */
public final class DeviceFilter {
  private final String description;
  private final Predicate<DeviceInfo> predicate;

  private DeviceFilter(String description, Predicate<DeviceInfo> predicate) {
    this.description = description;
    this.predicate = predicate;
  }

  /** Devices whose name, vendor or platform contains {@code text} (case-insensitive). */
  public static DeviceFilter nameContains(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return new DeviceFilter(
        "name contains '" + text + "'",
        d ->
            d.name().toLowerCase(Locale.ROOT).contains(t)
                || d.vendor().toLowerCase(Locale.ROOT).contains(t)
                || d.platformName().toLowerCase(Locale.ROOT).contains(t));
  }

  public static DeviceFilter type(DeviceType type) {
    return new DeviceFilter("type " + type, d -> d.type() == type);
  }

  public static DeviceFilter gpu() {
    return type(DeviceType.GPU);
  }

  public static DeviceFilter cpu() {
    return type(DeviceType.CPU);
  }

  /**
   * Parses what a user typed: {@code gpu}, {@code cpu}, {@code accelerator}, {@code #2} (index in
   * {@link Gpu#listDevices()}), or a name substring.
   */
  public static DeviceFilter parse(String spec) {
    String s = spec.trim();
    switch (s.toLowerCase(Locale.ROOT)) {
      case "gpu":
        return gpu();
      case "cpu":
        return cpu();
      case "accelerator":
        return type(DeviceType.ACCELERATOR);
      default:
        break;
    }
    if (s.startsWith("#")) {
      int idx;
      try {
        idx = Integer.parseInt(s.substring(1).trim());
      } catch (NumberFormatException e) {
        idx = -1;
      }
      if (idx < 0) {
        throw new FoveaException.InvalidArgument(
            "device '"
                + s
                + "': '#' must be followed by a device index (0, 1, …) as 'fovea devices' lists"
                + " them");
      }
      final int index = idx;
      return new DeviceFilter("index #" + index, d -> d.index() == index);
    }
    return nameContains(s);
  }

  public boolean matches(DeviceInfo d) {
    return predicate.test(d);
  }

  @Override
  public String toString() {
    return description;
  }
}
