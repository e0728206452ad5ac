package org.fovea.ops.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic synthetic light-sheet stack for testing and demonstrating {@link
 * SpotCountingWorkflow}: nuclei as anisotropic Gaussian blobs (σ in XY, {@code axialElongation}·σ
 * along Z, as the axial PSF stretches them; in voxels also anisotropic) on the shell of an
 * ellipsoidal "embryo" whose long axis runs along Y, on a background with Gaussian read noise and
 * approximate shot noise, stored as uint16.
 *
 * <p>Nuclei are placed at random on the part of the shell where it runs parallel to the long axis
 * (|y − centre| ≤ {@code trunkFraction}·semi-axis), at least {@code minDistanceUm} apart, so that
 * they do not touch and do not overlap in the cylinder projection. The number actually placed is
 * {@link #plantedCount()} (it can be lower than asked when the shell is full).
 */
public final class SyntheticNucleiStack {
  /** What to generate; sizes in voxels, lengths in µm. */
  public record Spec(
      int width,
      int height,
      int depth,
      double voxelX,
      double voxelY,
      double voxelZ,
      int nuclei,
      double nucleusSigmaUm,
      double axialElongation,
      double minDistanceUm,
      double amplitude,
      double background,
      double readNoise,
      double trunkFraction,
      long seed) {

    /** A small stack for tests on PoCL: 128×256×40 at 0.52×0.52×2 µm, 80 nuclei. */
    public static Spec small(long seed) {
      return nucleiOfTheTalk(seed)
          .width(128)
          .height(256)
          .depth(40)
          .nuclei(80)
          .nucleusSigmaUm(1.6)
          .minDistanceUm(8)
          .trunkFraction(0.75)
          .build();
    }

    /** The size of the CLIJ talk's dataset: 512×1024×121 at 0.52×0.52×2 µm, 600 nuclei. */
    public static Spec talkSized(long seed) {
      return nucleiOfTheTalk(seed)
          .width(512)
          .height(1024)
          .depth(121)
          .nuclei(600)
          .nucleusSigmaUm(1.8)
          .minDistanceUm(9)
          .trunkFraction(0.8)
          .build();
    }

    /** The voxel size, brightness and noise shared by {@link #small} and {@link #talkSized}. */
    private static Builder nucleiOfTheTalk(long seed) {
      return builder()
          .voxelX(0.52)
          .voxelY(0.52)
          .voxelZ(2)
          .axialElongation(1.5)
          .amplitude(400)
          .background(100)
          .readNoise(4)
          .seed(seed);
    }

    /** An empty builder: set every component by name. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder that starts from this spec. */
    public Builder toBuilder() {
      return new Builder()
          .width(width)
          .height(height)
          .depth(depth)
          .voxelX(voxelX)
          .voxelY(voxelY)
          .voxelZ(voxelZ)
          .nuclei(nuclei)
          .nucleusSigmaUm(nucleusSigmaUm)
          .axialElongation(axialElongation)
          .minDistanceUm(minDistanceUm)
          .amplitude(amplitude)
          .background(background)
          .readNoise(readNoise)
          .trunkFraction(trunkFraction)
          .seed(seed);
    }

    public Spec withNuclei(int n) {
      return toBuilder().nuclei(n).build();
    }

    public Spec withSeed(long s) {
      return toBuilder().seed(s).build();
    }

    /** Builds a {@link Spec} by component name. */
    public static final class Builder {
      private int width;
      private int height;
      private int depth;
      private double voxelX;
      private double voxelY;
      private double voxelZ;
      private int nuclei;
      private double nucleusSigmaUm;
      private double axialElongation;
      private double minDistanceUm;
      private double amplitude;
      private double background;
      private double readNoise;
      private double trunkFraction;
      private long seed;

      private Builder() {}

      public Builder width(int v) {
        width = v;
        return this;
      }

      public Builder height(int v) {
        height = v;
        return this;
      }

      public Builder depth(int v) {
        depth = v;
        return this;
      }

      public Builder voxelX(double v) {
        voxelX = v;
        return this;
      }

      public Builder voxelY(double v) {
        voxelY = v;
        return this;
      }

      public Builder voxelZ(double v) {
        voxelZ = v;
        return this;
      }

      public Builder nuclei(int v) {
        nuclei = v;
        return this;
      }

      public Builder nucleusSigmaUm(double v) {
        nucleusSigmaUm = v;
        return this;
      }

      public Builder axialElongation(double v) {
        axialElongation = v;
        return this;
      }

      public Builder minDistanceUm(double v) {
        minDistanceUm = v;
        return this;
      }

      public Builder amplitude(double v) {
        amplitude = v;
        return this;
      }

      public Builder background(double v) {
        background = v;
        return this;
      }

      public Builder readNoise(double v) {
        readNoise = v;
        return this;
      }

      public Builder trunkFraction(double v) {
        trunkFraction = v;
        return this;
      }

      public Builder seed(long v) {
        seed = v;
        return this;
      }

      public Spec build() {
        return new Spec(
            width,
            height,
            depth,
            voxelX,
            voxelY,
            voxelZ,
            nuclei,
            nucleusSigmaUm,
            axialElongation,
            minDistanceUm,
            amplitude,
            background,
            readNoise,
            trunkFraction,
            seed);
      }
    }
  }

  private final Spec spec;
  private final short[] pixels;
  private final List<double[]> centres;

  private SyntheticNucleiStack(Spec spec, short[] pixels, List<double[]> centres) {
    this.spec = spec;
    this.pixels = pixels;
    this.centres = centres;
  }

  public Spec spec() {
    return spec;
  }

  /** The stack, x fastest: index = x + width·(y + height·z). */
  public short[] pixels() {
    return pixels;
  }

  /** One array per slice (as ImageJ stores stacks). */
  public short[][] slices() {
    int n = spec.width * spec.height;
    short[][] s = new short[spec.depth][n];
    for (int z = 0; z < spec.depth; z++) System.arraycopy(pixels, z * n, s[z], 0, n);
    return s;
  }

  /** Number of nuclei placed. */
  public int plantedCount() {
    return centres.size();
  }

  /** Nucleus centres in µm {x, y, z}. */
  public List<double[]> centresUm() {
    return List.copyOf(centres);
  }

  public static SyntheticNucleiStack generate(Spec s) {
    Random r = new Random(s.seed);
    double ex = s.width * s.voxelX;
    double ey = s.height * s.voxelY;
    double ez = s.depth * s.voxelZ;
    // the embryo: centred, semi-axes leaving a margin of 3 nucleus sigmas + 10 % to the borders
    double margin = 3 * s.nucleusSigmaUm;
    double a = Math.max(1, 0.45 * ex - margin);
    double b = Math.max(1, 0.45 * ey - margin);
    double c = Math.max(1, 0.45 * ez - margin);
    double cx = ex / 2;
    double cy = ey / 2;
    double cz = ez / 2;
    List<double[]> centres = new ArrayList<>();
    int attempts = 0;
    while (centres.size() < s.nuclei && attempts++ < s.nuclei * 400) {
      // uniform direction, then pushed onto the ellipsoid surface
      double u = r.nextDouble() * 2 - 1;
      double phi = r.nextDouble() * 2 * Math.PI;
      double q = Math.sqrt(1 - u * u);
      double dx = q * Math.cos(phi);
      double dy = u;
      double dz = q * Math.sin(phi);
      double k = 1 / Math.sqrt(dx * dx / (a * a) + dy * dy / (b * b) + dz * dz / (c * c));
      double px = cx + k * dx;
      double py = cy + k * dy;
      double pz = cz + k * dz;
      if (Math.abs(py - cy) > s.trunkFraction * b) continue;
      boolean ok = true;
      for (double[] o : centres) {
        double ddx = o[0] - px;
        double ddy = o[1] - py;
        double ddz = o[2] - pz;
        if (ddx * ddx + ddy * ddy + ddz * ddz < s.minDistanceUm * s.minDistanceUm) {
          ok = false;
          break;
        }
      }
      if (ok) centres.add(new double[] {px, py, pz});
    }
    float[] f = new float[s.width * s.height * s.depth];
    double sg = s.nucleusSigmaUm;
    double sgz = sg * s.axialElongation;
    int rx = (int) Math.ceil(4 * sg / s.voxelX);
    int ry = (int) Math.ceil(4 * sg / s.voxelY);
    int rz = (int) Math.ceil(4 * sgz / s.voxelZ);
    for (double[] p : centres) {
      double amp = s.amplitude * (0.7 + 0.6 * r.nextDouble());
      int x0 = (int) Math.floor(p[0] / s.voxelX);
      int y0 = (int) Math.floor(p[1] / s.voxelY);
      int z0 = (int) Math.floor(p[2] / s.voxelZ);
      for (int z = Math.max(0, z0 - rz); z <= Math.min(s.depth - 1, z0 + rz); z++) {
        double dz = (z + 0.5) * s.voxelZ - p[2];
        for (int y = Math.max(0, y0 - ry); y <= Math.min(s.height - 1, y0 + ry); y++) {
          double dy = (y + 0.5) * s.voxelY - p[1];
          for (int x = Math.max(0, x0 - rx); x <= Math.min(s.width - 1, x0 + rx); x++) {
            double dx = (x + 0.5) * s.voxelX - p[0];
            double e = (dx * dx + dy * dy) / (2 * sg * sg) + dz * dz / (2 * sgz * sgz);
            if (e < 8) f[x + s.width * (y + s.height * z)] += (float) (amp * Math.exp(-e));
          }
        }
      }
    }
    short[] px = new short[f.length];
    for (int i = 0; i < f.length; i++) {
      double signal = f[i];
      double noise = r.nextGaussian() * Math.sqrt(s.readNoise * s.readNoise + 0.5 * signal);
      long v = Math.round(s.background + signal + noise);
      px[i] = (short) Math.max(0, Math.min(65535, v));
    }
    return new SyntheticNucleiStack(s, px, centres);
  }
}
