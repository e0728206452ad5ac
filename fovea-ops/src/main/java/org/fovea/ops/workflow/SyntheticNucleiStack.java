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
      return new Spec(128, 256, 40, 0.52, 0.52, 2, 80, 1.6, 1.5, 8, 400, 100, 4, 0.75, seed);
    }

    /** The size of the CLIJ talk's dataset: 512×1024×121 at 0.52×0.52×2 µm, 600 nuclei. */
    public static Spec talkSized(long seed) {
      return new Spec(512, 1024, 121, 0.52, 0.52, 2, 600, 1.8, 1.5, 9, 400, 100, 4, 0.8, seed);
    }

    public Spec withNuclei(int n) {
      return new Spec(
          width,
          height,
          depth,
          voxelX,
          voxelY,
          voxelZ,
          n,
          nucleusSigmaUm,
          axialElongation,
          minDistanceUm,
          amplitude,
          background,
          readNoise,
          trunkFraction,
          seed);
    }

    public Spec withSeed(long s) {
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
          s);
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
