package org.fovea.io;

import java.util.Locale;

/**
 * A stack's voxel size in micrometres and where it came from. {@link #fromFile()} is false when the
 * file carries no usable length calibration (no unit, "pixel", an unknown unit); the voxel size is
 * then {@link #NONE}'s NaNs until the caller supplies a default with {@link #orElse}.
 *
 * <p>Units are read as ImageJ writes them: {@code micron}, {@code microns}, {@code um}, {@code µm}
 * (U+00B5), Greek {@code μm} (U+03BC), the escaped {@code \u00B5m} that ImageJ puts into a TIFF's
 * description, and {@code nm}, {@code mm}, {@code cm}, {@code m}, {@code inch} converted to µm.
 */
public record Calibration(double x, double y, double z, String source, boolean fromFile) {
  /** No calibration in the file. */
  public static final Calibration NONE =
      new Calibration(Double.NaN, Double.NaN, Double.NaN, "none", false);

  /** A voxel size given by the user or a program ({@code source} says which). */
  public static Calibration of(double x, double y, double z, String source) {
    return new Calibration(x, y, z, source, false);
  }

  /** This calibration, or {@code fallback} when the file had none. */
  public Calibration orElse(Calibration fallback) {
    return fromFile ? this : fallback;
  }

  /** The voxel size as {x, y, z} in µm. */
  public double[] micrometres() {
    return new double[] {x, y, z};
  }

  /**
   * Micrometres per one {@code unit}, or NaN when the unit is not a length ImageJ writes (or is
   * "pixel"). Escaped {@code \\uXXXX} sequences are decoded first.
   */
  public static double micrometresPer(String unit) {
    if (unit == null) return Double.NaN;
    String u = unescape(unit).trim().toLowerCase(Locale.ROOT);
    return switch (u) {
      case "micron",
              "microns",
              "um",
              "\u00b5m",
              "\u03bcm",
              "micrometer",
              "micrometers",
              "micrometre",
              "micrometres" ->
          1;
      case "nm", "nanometer", "nanometers", "nanometre", "nanometres" -> 1e-3;
      case "mm", "millimeter", "millimeters", "millimetre", "millimetres" -> 1e3;
      case "cm", "centimeter", "centimeters", "centimetre", "centimetres" -> 1e4;
      case "m", "meter", "meters", "metre", "metres" -> 1e6;
      case "inch", "inches", "in" -> 25400;
      default -> Double.NaN;
    };
  }

  /** Decodes Java-style {@code \\uXXXX} escapes (ImageJ writes the micro sign that way). */
  static String unescape(String s) {
    if (s.indexOf("\\u") < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isEscape(s, i)) {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isEscape(String s, int i) {
    if (i + 6 > s.length() || (s.charAt(i + 1) != 'u' && s.charAt(i + 1) != 'U')) return false;
    for (int k = i + 2; k < i + 6; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) return false;
    }
    return true;
  }

  /** "0.52 × 0.52 × 2 µm (file, unit=µm)" and the like, for printing. */
  public String describe() {
    if (Double.isNaN(x)) return "none";
    return String.format(Locale.ROOT, "%s × %s × %s µm (%s)", num(x), num(y), num(z), source);
  }

  /** A compact number: 0.52, 2, 1.25e-05. */
  public static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v))
        .stripTrailingZeros()
        .toPlainString();
  }
}
