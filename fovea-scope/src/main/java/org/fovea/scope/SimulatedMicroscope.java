package org.fovea.scope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.fovea.core.PixelType;

/**
 * A light-sheet microscope imaging an {@link EmbryoModel}: anisotropic voxels, nuclei rendered as
 * anisotropic Gaussian blobs (only within their own bounding box, so rendering costs the blobs plus
 * one noise draw per voxel), yolk autofluorescence inside the embryo, attenuation with depth below
 * the surface, slow drift, and sCMOS noise (offset, shot noise, read noise; Gaussian approximation
 * of the Poisson shot noise, exact enough above ~10 photons). Deterministic: the stack of a time
 * point depends only on the seed, the time point and the embryo time. The {@link Camera} sets the
 * noise and the pixel type of the stacks (16-bit by default).
 */
public final class SimulatedMicroscope implements Microscope {
  /** Stack geometry. */
  public record Geometry(int width, int height, int depth, double vx, double vy, double vz) {
    public Geometry {
      if (width < 1 || height < 1 || depth < 1) {
        throw new IllegalArgumentException(
            "stack size must be positive, got " + width + "×" + height + "×" + depth);
      }
      if ((long) width * height * depth > Integer.MAX_VALUE - 8L) {
        throw new IllegalArgumentException(
            "stack "
                + width
                + "×"
                + height
                + "×"
                + depth
                + " has more voxels than one Java array holds ("
                + (Integer.MAX_VALUE - 8L)
                + ")");
      }
      if (!(vx > 0 && vy > 0 && vz > 0) || Double.isInfinite(vx + vy + vz)) {
        throw new IllegalArgumentException(
            "voxel size must be positive, got " + vx + "×" + vy + "×" + vz + " µm");
      }
    }

    /** Small default for a laptop CPU: 128×256×31 at 2.08×2.08×8 µm (same field as the talk). */
    public static Geometry small() {
      return new Geometry(128, 256, 31, 2.08, 2.08, 8.0);
    }

    /** The talk's Drosophila light-sheet stack: 512×1024×121 at 0.52×0.52×2 µm. */
    public static Geometry talk() {
      return new Geometry(512, 1024, 121, 0.52, 0.52, 2.0);
    }

    /** A small stack for tests: 96×192×24 at 2.77×2.77×10.33 µm (same field). */
    public static Geometry tiny() {
      return new Geometry(96, 192, 24, 2.7733, 2.7733, 10.3333);
    }

    public static Geometry preset(String name) {
      return switch (name) {
        case "small", "default" -> small();
        case "talk", "512x1024x121" -> talk();
        case "tiny" -> tiny();
        default ->
            throw new IllegalArgumentException(
                "unknown stack preset \"" + name + "\" (known: small, talk, tiny)");
      };
    }
  }

  private final EmbryoModel model;
  private final Geometry g;
  private final double timeFactor;
  private final double startHours;
  private final Camera camera;
  private Settings settings;

  /**
   * The simulated camera: sCMOS offset (ADU), gain (ADU per photon), read noise (photons, rms) and
   * the pixel type of the stacks. Counts are rounded and clipped to the type's range for {@code
   * UINT8} and {@code UINT16}; {@code FLOAT32} keeps the unrounded value.
   */
  public record Camera(double offsetAdu, double gain, double readNoise, PixelType pixelType) {
    public Camera {
      if (!(Double.isFinite(offsetAdu) && gain > 0 && readNoise >= 0)) {
        throw new IllegalArgumentException(
            "camera needs a finite offset, gain > 0 and readNoise >= 0, got "
                + offsetAdu
                + ", "
                + gain
                + ", "
                + readNoise);
      }
      if (pixelType != PixelType.UINT8
          && pixelType != PixelType.UINT16
          && pixelType != PixelType.FLOAT32) {
        throw new IllegalArgumentException(
            "camera pixel type must be uint8, uint16 or float32, got " + pixelType);
      }
    }

    private static final double DEFAULT_OFFSET_ADU = 100;
    private static final double DEFAULT_GAIN = 1.0;
    private static final double DEFAULT_READ_NOISE = 1.6;

    /** Offset 100 ADU, gain 1, read noise 1.6, 16-bit pixels. */
    public static Camera defaults() {
      return new Camera(DEFAULT_OFFSET_ADU, DEFAULT_GAIN, DEFAULT_READ_NOISE, PixelType.UINT16);
    }

    public Camera withNoise(double offsetAdu, double gain, double readNoise) {
      return new Camera(offsetAdu, gain, readNoise, pixelType);
    }

    public Camera withPixelType(PixelType t) {
      return new Camera(offsetAdu, gain, readNoise, t);
    }
  }

  /** A simulator with the {@link Camera#defaults() default camera} (16-bit stacks). */
  public SimulatedMicroscope(
      EmbryoModel model, Geometry g, Settings settings, double timeFactor, double startHours) {
    this(model, g, settings, timeFactor, startHours, Camera.defaults());
  }

  public SimulatedMicroscope(
      EmbryoModel model,
      Geometry g,
      Settings settings,
      double timeFactor,
      double startHours,
      Camera camera) {
    this.model = model;
    this.g = g;
    this.settings = settings;
    this.timeFactor = timeFactor;
    this.startHours = startHours;
    this.camera = java.util.Objects.requireNonNull(camera, "camera");
    model.build();
  }

  public Camera camera() {
    return camera;
  }

  public EmbryoModel model() {
    return model;
  }

  public Geometry geometry() {
    return g;
  }

  @Override
  public String describe() {
    return "simulator seed="
        + model.seed()
        + " "
        + g.width()
        + "x"
        + g.height()
        + "x"
        + g.depth()
        + " voxel "
        + g.vx()
        + "x"
        + g.vy()
        + "x"
        + g.vz()
        + " um, "
        + camera.pixelType().name().toLowerCase(java.util.Locale.ROOT)
        + ", time factor "
        + timeFactor;
  }

  @Override
  public synchronized Settings settings() {
    return settings;
  }

  @Override
  public synchronized String apply(Settings s) {
    if (s.region() != null) {
      Settings.Region r = s.region();
      if (r.x() + r.width() > g.width()
          || r.y() + r.height() > g.height()
          || r.z() + r.depth() > g.depth()) {
        throw new IllegalArgumentException(
            "region "
                + r
                + " lies outside the "
                + g.width()
                + "x"
                + g.height()
                + "x"
                + g.depth()
                + " field");
      }
    }
    settings = s;
    return null;
  }

  @Override
  public double startHours() {
    return startHours;
  }

  @Override
  public double timeFactor() {
    return timeFactor;
  }

  @Override
  public Stack acquire(int timePoint, double hours) {
    Settings s = settings();
    Settings.Region r =
        s.region() != null
            ? s.region()
            : new Settings.Region(0, 0, 0, g.width(), g.height(), g.depth());
    Object px = render(hours, r, timePoint);
    Map<String, Object> truth = new LinkedHashMap<>();
    truth.put("true_count", (double) model.visibleCount(hours));
    truth.put("nuclei", (double) model.nucleiAt(hours));
    truth.put("stage", model.stage(hours));
    boolean vf =
        hours >= model.ventralFurrowHours
            && hours < model.ventralFurrowHours + 1 + model.furrowCloseHours;
    truth.put("ventral_furrow", vf);
    truth.put("serosa_rupture", hours >= model.serosaRuptureHours);
    truth.put("ventral_furrow_hours", model.ventralFurrowHours);
    truth.put("serosa_rupture_hours", model.serosaRuptureHours);
    double[] d = model.drift(hours);
    truth.put("drift_um", java.util.List.of(d[0], d[1], d[2]));
    truth.put("seed", (double) model.seed());
    return new Stack(
        timePoint,
        hours,
        System.currentTimeMillis(),
        r.width(),
        r.height(),
        r.depth(),
        g.vx(),
        g.vy(),
        g.vz(),
        px,
        truth);
  }

  /**
   * Renders the region at embryo time {@code t}: a {@code byte[]}, {@code short[]} or {@code
   * float[]} as the camera's pixel type says.
   */
  public Object render(double t, Settings.Region r, int timePoint) {
    int w = r.width();
    int h = r.height();
    int dd = r.depth();
    float[] photons = new float[w * h * dd];
    double[] drift = model.drift(t);
    // embryo centre in full-field voxel coordinates
    double cx = g.width() / 2.0 + drift[0] / g.vx();
    double cy = g.height() / 2.0 + drift[1] / g.vy();
    double cz = g.depth() / 2.0 + drift[2] / g.vz();
    double ls = model.lengthScale(t);
    double shift = model.semiAxisY * (1 - ls);
    // yolk + background: inside the (retracted) ellipsoid
    double ax = model.semiAxisX * model.radiusScale(t);
    double ay = model.semiAxisY * ls;
    double az = model.semiAxisZ * model.radiusScale(t);
    float bg = (float) model.backgroundPhotons;
    float yolk = (float) model.yolkPhotons;
    for (int z = 0; z < dd; z++) {
      double pz = ((z + r.z()) - cz) * g.vz() / az;
      for (int y = 0; y < h; y++) {
        double py = (((y + r.y()) - cy) * g.vy() - shift) / ay;
        double rest = 1 - pz * pz - py * py;
        int row = w * (y + h * z);
        if (rest <= 0) {
          for (int x = 0; x < w; x++) photons[row + x] = bg;
          continue;
        }
        double halfX = Math.sqrt(rest) * ax / g.vx();
        double x0 = cx - halfX - r.x();
        double x1 = cx + halfX - r.x();
        for (int x = 0; x < w; x++) {
          photons[row + x] = (x >= x0 && x <= x1) ? bg + yolk : bg;
        }
      }
    }
    // nuclei
    double sx = model.nucleusSigmaXY / g.vx();
    double sy = model.nucleusSigmaXY / g.vy();
    double sz = model.nucleusSigmaZ / g.vz();
    int rx = (int) Math.ceil(3 * sx);
    int ry = (int) Math.ceil(3 * sy);
    int rz = (int) Math.ceil(3 * sz);
    float[] gx = new float[2 * rx + 1];
    float[] gy = new float[2 * ry + 1];
    float[] gz = new float[2 * rz + 1];
    for (EmbryoModel.Nucleus n : model.nuclei(t)) {
      double amp =
          model.nucleusPhotons * n.brightness() * Math.exp(-n.depth() / model.attenuationUm);
      if (amp < 1) continue;
      double px = cx + n.x() / g.vx() - r.x();
      double py = cy + n.y() / g.vy() - r.y();
      double pz = cz + n.z() / g.vz() - r.z();
      int ix = (int) Math.round(px);
      int iy = (int) Math.round(py);
      int iz = (int) Math.round(pz);
      if (ix + rx < 0
          || ix - rx >= w
          || iy + ry < 0
          || iy - ry >= h
          || iz + rz < 0
          || iz - rz >= dd) {
        continue;
      }
      for (int k = -rx; k <= rx; k++) gx[k + rx] = (float) Math.exp(-0.5 * sq((ix + k - px) / sx));
      for (int k = -ry; k <= ry; k++) gy[k + ry] = (float) Math.exp(-0.5 * sq((iy + k - py) / sy));
      for (int k = -rz; k <= rz; k++)
        gz[k + rz] = (float) (amp * Math.exp(-0.5 * sq((iz + k - pz) / sz)));
      int xa = Math.max(0, ix - rx);
      int xb = Math.min(w - 1, ix + rx);
      int ya = Math.max(0, iy - ry);
      int yb = Math.min(h - 1, iy + ry);
      int za = Math.max(0, iz - rz);
      int zb = Math.min(dd - 1, iz + rz);
      for (int z = za; z <= zb; z++) {
        float fz = gz[z - iz + rz];
        for (int y = ya; y <= yb; y++) {
          float fzy = fz * gy[y - iy + ry];
          int row = w * (y + h * z);
          for (int x = xa; x <= xb; x++) photons[row + x] += fzy * gx[x - ix + rx];
        }
      }
    }
    // sCMOS noise
    SplittableRandom rnd = new SplittableRandom(model.seed() * 1000003L + timePoint * 7919L + 17);
    double rn2 = camera.readNoise() * camera.readNoise();
    PixelType type = camera.pixelType();
    byte[] out8 = type == PixelType.UINT8 ? new byte[photons.length] : null;
    short[] out16 = type == PixelType.UINT16 ? new short[photons.length] : null;
    float[] out32 = type == PixelType.FLOAT32 ? new float[photons.length] : null;
    for (int i = 0; i < photons.length; i++) {
      double lam = photons[i];
      double v =
          camera.offsetAdu() + camera.gain() * (lam + Math.sqrt(lam + rn2) * rnd.nextGaussian());
      if (out32 != null) {
        out32[i] = (float) v;
      } else {
        long q = Math.max(0, Math.round(v));
        if (out16 != null) out16[i] = (short) Math.min(q, 65535);
        else out8[i] = (byte) Math.min(q, 255);
      }
    }
    return out32 != null ? out32 : out16 != null ? out16 : out8;
  }

  private static double sq(double v) {
    return v * v;
  }

  /** The "simulator" backend of a run configuration (see {@link ScopeTypes}). */
  static final class Type implements ScopeTypes.MicroscopeType {
    @Override
    public Microscope open(Conf m, java.nio.file.Path baseDir, double intervalMinutes) {
      m.checkKnown(
          "type", "seed", "stack", "timeFactor", "startHours", "embryo", "noise", "pixelType");
      EmbryoModel model = new EmbryoModel(m.getLong("seed", 42));
      ScopeRun.applyFields(model, m.child("embryo"));
      SimulatedMicroscope.Geometry g;
      Object st = m.raw("stack");
      if (st == null || st instanceof String) {
        try {
          g = SimulatedMicroscope.Geometry.preset(st == null ? "small" : (String) st);
        } catch (IllegalArgumentException e) {
          throw m.error("stack", e.getMessage());
        }
      } else {
        Conf sc = m.child("stack");
        sc.checkKnown("width", "height", "depth", "voxelX", "voxelY", "voxelZ");
        try {
          g =
              new SimulatedMicroscope.Geometry(
                  sc.getInt("width", 128),
                  sc.getInt("height", 256),
                  sc.getInt("depth", 31),
                  sc.getDouble("voxelX", 2.08),
                  sc.getDouble("voxelY", 2.08),
                  sc.getDouble("voxelZ", 8));
        } catch (Conf.ConfigException e) {
          throw e;
        } catch (IllegalArgumentException e) {
          throw m.error("stack", e.getMessage());
        }
      }
      if (!(m.getDouble("timeFactor", 10000) >= 0)) {
        throw m.error(
            "timeFactor", "must be 0 (as fast as possible) or positive (simulated s per real s)");
      }
      Conf noise = m.child("noise");
      noise.checkKnown("offsetAdu", "gain", "readNoise");
      Camera d = Camera.defaults();
      Camera camera;
      try {
        camera =
            d.withNoise(
                    noise.getDouble("offsetAdu", d.offsetAdu()),
                    noise.getDouble("gain", d.gain()),
                    noise.getDouble("readNoise", d.readNoise()))
                .withPixelType(pixelType(m));
      } catch (Conf.ConfigException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw m.error("noise", e.getMessage());
      }
      return new SimulatedMicroscope(
          model,
          g,
          Settings.every(intervalMinutes),
          m.getDouble("timeFactor", 10000),
          m.getDouble("startHours", 0),
          camera);
    }

    /** {@code "pixelType"}: uint16 (default), uint8 or float32. */
    private static PixelType pixelType(Conf m) {
      String name = m.getString("pixelType", "uint16");
      PixelType t;
      try {
        t = PixelType.parse(name);
      } catch (RuntimeException e) {
        t = null;
      }
      if (t != PixelType.UINT8 && t != PixelType.UINT16 && t != PixelType.FLOAT32) {
        throw m.error(
            "pixelType", "must be \"uint8\", \"uint16\" or \"float32\", got \"" + name + "\"");
      }
      return t;
    }
  }
}
