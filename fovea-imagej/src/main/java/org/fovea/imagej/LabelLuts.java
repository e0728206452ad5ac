package org.fovea.imagej;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;
import ij.process.ByteProcessor;
import ij.process.LUT;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lookup tables under the names of Fiji's LUT files that CLIJ2 macros call ({@code
 * run("glasbey_on_dark")}, {@code run("glasbey on dark")}, {@code run("Green Fire Blue")}, …),
 * which plain ImageJ 1.x lacks. The colours are Fovea's own, computed here (not Fiji's files):
 *
 * <ul>
 *   <li>{@code glasbey_on_dark}: entry 0 black, entries 1..255 chosen greedily, each the sRGB
 *       colour (of a 32-level grid) farthest in CIELAB from black and from all chosen before
 *       (Glasbey et al.'s maximally distinct colours, so neighbouring labels differ visibly);
 *   <li>{@code glasbey}: the same for a white background (entry 0 white, colours far from white);
 *   <li>{@code glasbey_inverted}: glasbey's colours with entry 0 black;
 *   <li>{@code Green Fire Blue}: a continuous ramp black → blue → green → yellow → white.
 * </ul>
 *
 * The commands are added to ImageJ's command table where no command of that name exists (Fiji's own
 * LUTs win there): by the headless runner ({@link HeadlessImageJ}) and by {@code run("Fovea Macro
 * Extensions")} in a real ImageJ. As ImageJ's LUT commands: the current image gets the LUT (each
 * channel of a composite image its own); with no image open, a 256×32 ramp showing it opens.
 */
public final class LabelLuts implements PlugIn {

  /** Command name → LUT name. */
  public static final Map<String, String> COMMANDS = new LinkedHashMap<>();

  static {
    for (String n : new String[] {"glasbey", "glasbey_inverted", "glasbey_on_dark"}) {
      COMMANDS.put(n, n);
      COMMANDS.put(n.replace('_', ' '), n);
    }
    COMMANDS.put("Green Fire Blue", "Green Fire Blue");
  }

  private static final Map<String, LUT> CACHE = new ConcurrentHashMap<>();

  /** {@code ImageJ command label → class(arg)} lines for ImageJ's command table. */
  public static Map<String, String> commandTable() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : COMMANDS.entrySet()) {
      m.put(e.getKey(), LabelLuts.class.getName() + "(\"" + e.getValue() + "\")");
    }
    return m;
  }

  /**
   * Adds the commands to ImageJ's command table {@code commands} where ImageJ has neither a command
   * of that name nor a LUT file for it in its {@code luts} folder (so Fiji's own LUTs are used in
   * Fiji).
   */
  public static void install(Map<String, String> commands) {
    String dir = IJ.getDirectory("luts");
    for (Map.Entry<String, String> e : commandTable().entrySet()) {
      String file = COMMANDS.get(e.getKey()).replace(' ', '_') + ".lut";
      if (dir != null && new java.io.File(dir, file).exists()) continue;
      commands.putIfAbsent(e.getKey(), e.getValue());
    }
  }

  @Override
  public void run(String arg) {
    String name = COMMANDS.getOrDefault(arg, arg);
    LUT lut = lut(name);
    ImagePlus imp = WindowManager.getCurrentImage();
    if (imp == null) {
      ByteProcessor ramp = new ByteProcessor(256, 32);
      for (int y = 0; y < 32; y++) for (int x = 0; x < 256; x++) ramp.set(x, y, x);
      ramp.setLut(lut);
      new ImagePlus(name, ramp).show();
      return;
    }
    if (imp.getType() == ImagePlus.COLOR_RGB) {
      IJ.error("LUTs cannot be assigned to RGB images (" + name + ").");
      return;
    }
    if (imp.isComposite()) {
      ((CompositeImage) imp).setChannelLut(lut);
    } else {
      double min = imp.getDisplayRangeMin(), max = imp.getDisplayRangeMax();
      imp.getProcessor().setLut(lut);
      if (imp.getStackSize() > 1) imp.getStack().setColorModel(lut);
      imp.setDisplayRange(min, max);
    }
    imp.updateAndDraw();
  }

  /** The LUT of {@code name} (a value of {@link #COMMANDS}); computed once. */
  public static LUT lut(String name) {
    return CACHE.computeIfAbsent(
        name,
        n -> {
          int[] rgb =
              switch (n) {
                case "glasbey_on_dark" -> distinct(0x000000);
                case "glasbey" -> distinct(0xffffff);
                case "glasbey_inverted" -> {
                  int[] c = distinct(0xffffff).clone();
                  c[0] = 0x000000;
                  yield c;
                }
                case "Green Fire Blue" -> ramp(0x000000, 0x0000c0, 0x00c080, 0xe0e000, 0xffffff);
                default -> throw new IllegalArgumentException("no LUT named " + n);
              };
          byte[] r = new byte[256], g = new byte[256], b = new byte[256];
          for (int i = 0; i < 256; i++) {
            r[i] = (byte) (rgb[i] >> 16);
            g[i] = (byte) (rgb[i] >> 8);
            b[i] = (byte) rgb[i];
          }
          return new LUT(r, g, b);
        });
  }

  /**
   * 256 colours: entry 0 {@code background}; each next entry the candidate farthest (CIELAB
   * distance) from every colour already in the table, candidates an sRGB grid of 32 levels per
   * channel (ties: the first candidate in grid order).
   */
  static int[] distinct(int background) {
    int levels = 32;
    int n = levels * levels * levels;
    int[] cand = new int[n];
    double[][] lab = new double[n][];
    for (int i = 0; i < n; i++) {
      int r = (i / (levels * levels)) * 255 / (levels - 1);
      int g = (i / levels % levels) * 255 / (levels - 1);
      int b = (i % levels) * 255 / (levels - 1);
      cand[i] = (r << 16) | (g << 8) | b;
      lab[i] = lab(cand[i]);
    }
    double[] nearest = new double[n];
    java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    int[] table = new int[256];
    table[0] = background;
    double[] last = lab(background);
    for (int k = 1; k < 256; k++) {
      int best = 0;
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], dist2(lab[i], last));
        if (nearest[i] > nearest[best]) best = i;
      }
      table[k] = cand[best];
      last = lab[best];
    }
    return table;
  }

  /** 256 colours interpolated linearly (in sRGB) between equally spaced {@code stops}. */
  static int[] ramp(int... stops) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      double p = i / 255.0 * (stops.length - 1);
      int s = Math.min((int) p, stops.length - 2);
      double f = p - s;
      int c = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        int a = (stops[s] >> shift) & 0xff, b = (stops[s + 1] >> shift) & 0xff;
        c |= ((int) Math.round(a + (b - a) * f)) << shift;
      }
      t[i] = c;
    }
    return t;
  }

  private static double dist2(double[] a, double[] b) {
    double dl = a[0] - b[0], da = a[1] - b[1], db = a[2] - b[2];
    return dl * dl + da * da + db * db;
  }

  /** sRGB (D65) → CIELAB. */
  static double[] lab(int rgb) {
    double r = lin(((rgb >> 16) & 0xff) / 255.0);
    double g = lin(((rgb >> 8) & 0xff) / 255.0);
    double b = lin((rgb & 0xff) / 255.0);
    double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    double fx = f(x), fy = f(y), fz = f(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double lin(double c) {
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static double f(double t) {
    return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  }
}
