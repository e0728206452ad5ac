package org.fovea.ops;

import java.util.List;
import java.util.Locale;
import org.fovea.core.FoveaException;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;

/**
 * Geometric transforms: flips, 90° rotations, arbitrary rotations, scaling and resampling.
 *
 * <p><b>Coordinate convention</b> (all interpolating ops): pixel {@code i} covers the interval
 * {@code [i, i+1)} and its centre is {@code i + 0.5}. Each destination pixel centre is mapped by
 * the inverse transform to a source position {@code p}. A position outside the source extent {@code
 * [0,w)×[0,h)×[0,d)} gives <b>0</b>. Nearest: the source pixel {@code floor(p)} (the pixel whose
 * area contains {@code p}). Linear: index coordinates {@code q = p − 0.5}, (tri)linear
 * interpolation between {@code floor(q)} and {@code floor(q)+1}, where neighbours beyond the border
 * are clamped to the edge pixel (so a position inside the image never mixes in zeros).
 * Interpolation is computed in the kernel with explicit index math (no OpenCL samplers), in
 * float32, then converted to the output type (saturating, round half to even).
 *
 * <p>Rotation angles are in degrees; a positive angle rotates the image <b>clockwise as
 * displayed</b> (y axis pointing down), like ImageJ's Image › Transform › Rotate.
 *
 * <p>Reslicing (axis permutations of a stack, CLIJ2 semantics) and radial reslicing ({@code
 * reslice.cl}).
 *
 * <p>Axis conventions (source w×h×d; "dst(a, b, c) = src(x, y, z)" lists destination coordinates x,
 * y, z):
 *
 * <ul>
 *   <li>resliceTop: w×d×h, dst(x, z, y) = src(x, y, z) — every output slice is one XZ plane, top
 *       row first;
 *   <li>resliceBottom: w×d×h, dst(x, z, h−1−y) = src(x, y, z) — bottom row first;
 *   <li>resliceLeft: h×d×w, dst(y, z, x) = src(x, y, z) — every output slice is one YZ plane, left
 *       column first;
 *   <li>resliceRight: h×d×w, dst(y, z, w−1−x) = src(x, y, z) — right column first.
 * </ul>
 */
public final class Geometry {
  private Geometry() {}

  private static final String CL = "geometry.cl";
  private static final String RESLICE_CL = "reslice.cl";

  /** The sampling convention, appended to the notes of every interpolating op. */
  static final String CONVENTION =
      " Convention: pixel i covers [i, i+1), its centre is i + 0.5; every destination centre is"
          + " mapped by the inverse transform to a source position p; p outside the source"
          + " [0,w)×[0,h)×[0,d) gives 0; nearest = the pixel floor(p); linear = (tri)linear"
          + " interpolation in index coordinates p − 0.5 with neighbours clamped to the edge."
          + " Computed in float32 in the kernel (explicit index math, no OpenCL samplers), then"
          + " converted to the output type (saturating, round half to even).";

  /** Interpolation of the transforms: nearest neighbour or (tri)linear. */
  public enum Interpolation {
    NEAREST,
    LINEAR;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // ---------------------------------------------------------------- flips and 90° rotations

  @Op(
      name = "flip2D",
      category = Category.GEOMETRY,
      doc = "Mirrors a 2D image along X and/or Y.",
      dimensions = {2},
      kernels = CL,
      imagej = "Image > Transform > Flip Horizontally / Vertically (exact)")
  public static GpuImage flip2D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "true", doc = "mirror along X (left-right)") boolean flipX,
      @Param(value = "false", doc = "mirror along Y (top-bottom)") boolean flipY) {
    OpSupport.require2D("flip2D", "src", src);
    return flip("flip2D", src, dst, flipX, flipY, false);
  }

  @Op(
      name = "flip3D",
      category = Category.GEOMETRY,
      doc = "Mirrors a 3D image along X, Y and/or Z.",
      dimensions = {3},
      kernels = CL,
      imagej = "Image > Transform > Flip Horizontally / Vertically (all slices), Flip Z (exact)")
  public static GpuImage flip3D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "true", doc = "mirror along X") boolean flipX,
      @Param(value = "false", doc = "mirror along Y") boolean flipY,
      @Param(value = "false", doc = "mirror along Z") boolean flipZ) {
    OpSupport.require3D("flip3D", "src", src);
    return flip("flip3D", src, dst, flipX, flipY, flipZ);
  }

  private static GpuImage flip(
      String op, GpuImage src, GpuImage dst, boolean fx, boolean fy, boolean fz) {
    dst = OpSupport.copyOutputLike(op, src, dst);
    // eight pixels per work item (vector load and store), see flip8 in geometry.cl
    launch(
        OpSupport.kernel(CL, "flip8", src, dst)
            .size(src)
            .arg("fx", fx ? 1 : 0)
            .arg("fy", fy ? 1 : 0)
            .arg("fz", fz ? 1 : 0),
        (src.width() + 7) / 8,
        src.height(),
        src.depth());
    return dst;
  }

  private static final String ROTATE_RIGHT_IJ =
      "Image > Transform > Rotate 90 Degrees Right (ImageProcessor.rotateRight; exact)";

  private static final String ROTATE_LEFT_IJ =
      "Image > Transform > Rotate 90 Degrees Left (ImageProcessor.rotateLeft; exact)";

  @Op(
      name = "rotateClockwise",
      category = Category.GEOMETRY,
      doc = "Rotates by 90° clockwise in XY (every slice of a stack); the result is h×w(×d).",
      kernels = CL,
      imagej = ROTATE_RIGHT_IJ,
      notes = "dst(i, j, z) = src(j, h−1−i, z).")
  public static GpuImage rotateClockwise(GpuImage src, @Out GpuImage dst) {
    return rotate90("rotateClockwise", true, src, dst);
  }

  @Op(
      name = "rotateCounterClockwise",
      category = Category.GEOMETRY,
      doc =
          "Rotates by 90° counter-clockwise in XY (every slice of a stack); the result is"
              + " h×w(×d).",
      kernels = CL,
      imagej = ROTATE_LEFT_IJ,
      notes = "dst(i, j, z) = src(w−1−j, i, z).")
  public static GpuImage rotateCounterClockwise(GpuImage src, @Out GpuImage dst) {
    return rotate90("rotateCounterClockwise", false, src, dst);
  }

  private static GpuImage rotate90(String op, boolean clockwise, GpuImage src, GpuImage dst) {
    OpSupport.requireNotNull(op, "src", src);
    dst = OpSupport.copyOutput(op, src, dst, src.height(), src.width(), src.depth());
    if (GpuCaps.isCpu(src.gpu())) {
      // CPU devices: the direct kernel (local-memory tiles and barriers cost more than they save)
      launch(
          OpSupport.kernel(
                  CL, clockwise ? "rotate_clockwise" : "rotate_counter_clockwise", src, dst)
              .size(src),
          dst);
      return dst;
    }
    // GPUs: through a local-memory tile, coalesced reads and writes (see rotate90_tiled)
    OpSupport.kernel(CL, "rotate90_tiled", src, dst)
        .size(src)
        .arg("cw", clockwise ? 1 : 0)
        .runPadded(
            new long[] {(src.height() + 31) / 32 * 32L, (src.width() + 31) / 32 * 8L, src.depth()},
            new long[] {32, 8, 1});
    return dst;
  }

  // ---------------------------------------------------------------- arbitrary rotations

  @Op(
      name = "rotate2D",
      category = Category.GEOMETRY,
      doc = "Rotates a 2D image by an arbitrary angle (degrees, clockwise as displayed).",
      dimensions = {2},
      kernels = CL,
      imagej =
          "Image > Transform > Rotate (ImageProcessor.rotate, ImageJ 1.54p), the same map: about"
              + " ((w−1)/2, (h−1)/2) in index coordinates, positive = clockwise. Nearest: equal"
              + " (ImageJ's (int)(xs+0.5) is the same pixel); bilinear: within 3e-6 of the range"
              + " (float32, measured), ±1 (uint16: ImageJ rounds half up). Differences only in a"
              + " border band: ImageJ samples source positions −0.01 ≤ xs < w (Fovea −0.5 ≤ xs <"
              + " w−0.5), so each keeps an edge pixel where the other gives 0; bilinear positions ≥"
              + " w−1 are clamped to w−1.001 (0.001 of the neighbour difference). Background 0 after"
              + " setBackgroundValue(0). Tested in GeometryImageJTest (30°, 45°, 90°, −17.5°, 200°)",
      tolerance =
          "nearest: exact except where a mapped centre lies within 1e-3 px of a pixel border"
              + " (float32 vs double); linear: |Δ| ≤ 1e-4·(source max − min) + 1e-3 (float32 positions), ≤ 1 (integer types)",
      border = "positions outside the source give 0; linear neighbours clamp to the edge",
      notes =
          "The output has the input's shape. Around the centre: the image centre (w/2, h/2) in"
              + " pixel-centre coordinates, i.e. ImageJ's ((w−1)/2, (h−1)/2) in index coordinates;"
              + " otherwise around the origin (the top-left corner of pixel 0)."
              + CONVENTION)
  public static GpuImage rotate2D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "angle in degrees, positive = clockwise as displayed") float angle,
      @Param(value = "true", doc = "rotate around the image centre (else the origin)")
          boolean rotateAroundCenter,
      @Param(value = "linear", doc = "nearest or linear") Interpolation interpolation) {
    OpSupport.require2D("rotate2D", "src", src);
    return rotate3DImpl(
        "rotate2D", src, dst, 0, 0, angle, rotateAroundCenter, interpolation, false);
  }

  @Op(
      name = "rotate3D",
      category = Category.GEOMETRY,
      doc = "Rotates a 3D image around the X, then Y, then Z axis by arbitrary angles (degrees).",
      dimensions = {3},
      kernels = CL,
      imagej =
          "none in ImageJ 1.x (TransformJ / 3D Viewer are plugins); its Z rotation uses the map of"
              + " rotate2D, which equals Image > Transform > Rotate (see rotate2D)",
      tolerance =
          "nearest: exact except where a mapped centre lies within 1e-3 px of a voxel border"
              + " (float32 vs double); linear: |Δ| ≤ 1e-4·(source max − min) + 1e-3 (float32 positions), ≤ 1 (integer types)",
      border = "positions outside the source give 0; linear neighbours clamp to the edge",
      notes =
          "Forward rotation R = Rz·Ry·Rx about the centre (w/2, h/2, d/2) (or the origin)."
              + " Rx: y' = cos·y − sin·z, z' = sin·y + cos·z. Ry: x' = cos·x + sin·z,"
              + " z' = −sin·x + cos·z. Rz (= rotate2D, clockwise as displayed): x' = cos·x − sin·y,"
              + " y' = sin·x + cos·y. The output has the input's shape."
              + CONVENTION)
  public static GpuImage rotate3D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "rotation around the X axis, degrees") float angleX,
      @Param(value = "0", doc = "rotation around the Y axis, degrees") float angleY,
      @Param(value = "0", doc = "rotation around the Z axis (in XY, clockwise), degrees")
          float angleZ,
      @Param(value = "true", doc = "rotate around the image centre (else the origin)")
          boolean rotateAroundCenter,
      @Param(value = "linear", doc = "nearest or linear") Interpolation interpolation) {
    OpSupport.require3D("rotate3D", "src", src);
    return rotate3DImpl(
        "rotate3D", src, dst, angleX, angleY, angleZ, rotateAroundCenter, interpolation, true);
  }

  private static GpuImage rotate3DImpl(
      String op,
      GpuImage src,
      GpuImage dst,
      double ax,
      double ay,
      double az,
      boolean aroundCenter,
      Interpolation interpolation,
      boolean is3D) {
    requireFinite(op, "angle", ax);
    requireFinite(op, "angle", ay);
    requireFinite(op, "angle", az);
    OpSupport.requireNotNull(op, "interpolation", interpolation);
    dst = OpSupport.outputNotInPlace(op, src, dst, src.type());
    double[][] r = rotationMatrix(ax, ay, az);
    // inverse = transpose
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) inv[i][j] = r[j][i];
    double[] cSrc = {0, 0, 0};
    double[] cDst = {0, 0, 0};
    if (aroundCenter) {
      cSrc = new double[] {src.width() / 2.0, src.height() / 2.0, is3D ? src.depth() / 2.0 : 0};
      cDst = new double[] {dst.width() / 2.0, dst.height() / 2.0, is3D ? dst.depth() / 2.0 : 0};
    }
    double[][] m = new double[3][4];
    for (int i = 0; i < 3; i++) {
      double t = cSrc[i];
      for (int j = 0; j < 3; j++) {
        m[i][j] = inv[i][j];
        t -= inv[i][j] * cDst[j];
      }
      m[i][3] = t;
    }
    affine(src, dst, m, interpolation == Interpolation.LINEAR);
    return dst;
  }

  /**
   * The forward rotation matrix R = Rz·Ry·Rx for angles in degrees (see {@link #rotate3D}); public
   * for hosts that want to draw or invert the same transform.
   */
  public static double[][] rotationMatrix(double angleX, double angleY, double angleZ) {
    double a = Math.toRadians(angleX);
    double b = Math.toRadians(angleY);
    double c = Math.toRadians(angleZ);
    double[][] rx = {{1, 0, 0}, {0, Math.cos(a), -Math.sin(a)}, {0, Math.sin(a), Math.cos(a)}};
    double[][] ry = {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}};
    double[][] rz = {{Math.cos(c), -Math.sin(c), 0}, {Math.sin(c), Math.cos(c), 0}, {0, 0, 1}};
    return mul(rz, mul(ry, rx));
  }

  private static double[][] mul(double[][] a, double[][] b) {
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[i][j] += a[i][k] * b[k][j];
    return r;
  }

  // ---------------------------------------------------------------- scaling and resampling

  @Op(
      name = "scale2D",
      category = Category.GEOMETRY,
      doc = "Scales the content of a 2D image by factors; the output keeps the input's size.",
      dimensions = {2},
      kernels = CL,
      imagej =
          "Image > Scale without a new window (ImageProcessor.scale) uses another centre: (w/2,"
              + " h/2) in index coordinates (Fovea: ((w−1)/2, (h−1)/2)), and nearest takes"
              + " floor((x − w/2)/s + w/2); ImageJ samples (1 − 1/s)/2 source pixels further"
              + " right/down than Fovea, so the two agree only at s = 1 (tested on ramps in"
              + " GeometryImageJTest)",
      tolerance =
          "nearest: exact except where a mapped centre lies within 1e-3 px of a pixel border;"
              + " linear: |Δ| ≤ 1e-4·(source max − min) + 1e-3 (float32 positions), ≤ 1 (integer types)",
      border = "positions outside the source give 0; linear neighbours clamp to the edge",
      notes =
          "Source position of a destination centre c: (c − C)/factor + C, with C the image"
              + " centre (w/2, h/2) when scaleToCenter, else the origin. Pass a dst of another size"
              + " to change the canvas (C is then taken per image)."
              + CONVENTION)
  public static GpuImage scale2D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "scale factor along X (> 0)") float factorX,
      @Param(value = "1", doc = "scale factor along Y (> 0)") float factorY,
      @Param(value = "true", doc = "scale around the image centre (else the origin)")
          boolean scaleToCenter,
      @Param(value = "linear", doc = "nearest or linear") Interpolation interpolation) {
    OpSupport.require2D("scale2D", "src", src);
    return scale("scale2D", src, dst, factorX, factorY, 1, scaleToCenter, interpolation);
  }

  @Op(
      name = "scale3D",
      category = Category.GEOMETRY,
      doc = "Scales the content of a 3D image by factors; the output keeps the input's size.",
      dimensions = {3},
      kernels = CL,
      imagej =
          "no in-place 3D scale in ImageJ 1.x; per slice as scale2D (ImageJ's centre differs by"
              + " half a pixel, see scale2D)",
      tolerance =
          "nearest: exact except where a mapped centre lies within 1e-3 px of a voxel border;"
              + " linear: |Δ| ≤ 1e-4·(source max − min) + 1e-3 (float32 positions), ≤ 1 (integer types)",
      border = "positions outside the source give 0; linear neighbours clamp to the edge",
      notes = "As scale2D, with C = (w/2, h/2, d/2) when scaleToCenter." + CONVENTION)
  public static GpuImage scale3D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "scale factor along X (> 0)") float factorX,
      @Param(value = "1", doc = "scale factor along Y (> 0)") float factorY,
      @Param(value = "1", doc = "scale factor along Z (> 0)") float factorZ,
      @Param(value = "true", doc = "scale around the image centre (else the origin)")
          boolean scaleToCenter,
      @Param(value = "linear", doc = "nearest or linear") Interpolation interpolation) {
    OpSupport.require3D("scale3D", "src", src);
    return scale("scale3D", src, dst, factorX, factorY, factorZ, scaleToCenter, interpolation);
  }

  private static GpuImage scale(
      String op,
      GpuImage src,
      GpuImage dst,
      double fx,
      double fy,
      double fz,
      boolean toCenter,
      Interpolation interpolation) {
    requirePositive(op, "factorX", fx);
    requirePositive(op, "factorY", fy);
    requirePositive(op, "factorZ", fz);
    OpSupport.requireNotNull(op, "interpolation", interpolation);
    if (dst == null) {
      dst = OpSupport.outputLike(op, src, null);
    } else if (dst.is3D() != src.is3D()) {
      throw new FoveaException.InvalidArgument(
          op
              + ": destination "
              + dst.describe()
              + " and source "
              + src.describe()
              + " must both be 2D or both 3D");
    }
    OpSupport.requireNotSame(op, src, dst);
    boolean is3D = src.is3D();
    double[] cs = {0, 0, 0};
    double[] cd = {0, 0, 0};
    if (toCenter) {
      cs = new double[] {src.width() / 2.0, src.height() / 2.0, is3D ? src.depth() / 2.0 : 0};
      cd = new double[] {dst.width() / 2.0, dst.height() / 2.0, is3D ? dst.depth() / 2.0 : 0};
    }
    double[] f = {fx, fy, is3D ? fz : 1};
    double[][] m = new double[3][4];
    for (int i = 0; i < 3; i++) {
      m[i][i] = 1.0 / f[i];
      m[i][3] = cs[i] - cd[i] / f[i];
    }
    affine(src, dst, m, interpolation == Interpolation.LINEAR);
    return dst;
  }

  @Op(
      name = "resample",
      category = Category.GEOMETRY,
      doc =
          "Resamples an image by factors: the output is round(size·factor) along every axis"
              + " and covers the same physical extent.",
      kernels = CL,
      imagej =
          "Image > Adjust > Size / Image > Scale (ImageProcessor.resize, Resizer.zScale for z)."
              + " With r = size/outSize ImageJ's nearest takes floor(x·r) (the pixel corner;"
              + " Fovea floor((x+0.5)·r)) and its bilinear samples x·r − 1/4 (Fovea"
              + " (x+0.5)·r − 1/2). Equal for integer upscaling, nearest (exact, 2D and z) and for"
              + " ×2 upscaling, bilinear (|Δ| ≤ 1.2e-4 on float32 values in −100..1000, measured; ±1"
              + " uint16; the last"
              + " row/column/slice within 1e-3 of the neighbour difference per axis, as ImageJ"
              + " clamps positions ≥ n−1 to n−1.001 — on x even when only z is scaled). Other"
              + " bilinear factors: ImageJ is shifted by 1/4 − r/2 source pixels; nearest"
              + " downscaling picks other pixels (r = 2: ImageJ the even, Fovea the odd ones);"
              + " ImageJ's z downscaling averages. Tested in GeometryImageJTest",
      tolerance =
          "nearest: exact except where a mapped centre lies within 1e-3 px of a pixel border;"
              + " linear: |Δ| ≤ 1e-4·(source max − min) + 1e-3 (float32 positions), ≤ 1 (integer types)",
      border = "linear neighbours beyond the border are clamped to the edge pixel",
      notes =
          "Destination centre c maps to source position c·size/outSize per axis (the exact"
              + " extent ratio, so the first and last pixels line up with the image borders)."
              + " Unlike CLIJ2 (output size truncated, size·factor), the size is rounded."
              + " factorZ is ignored for 2D images."
              + CONVENTION)
  public static GpuImage resample(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "factor along X (> 0); 2 doubles the width") float factorX,
      @Param(value = "1", doc = "factor along Y (> 0)") float factorY,
      @Param(value = "1", doc = "factor along Z (> 0; ignored in 2D)") float factorZ,
      @Param(value = "true", doc = "linear interpolation (else nearest)") boolean linear) {
    OpSupport.requireNotNull("resample", "src", src);
    requirePositive("resample", "factorX", factorX);
    requirePositive("resample", "factorY", factorY);
    requirePositive("resample", "factorZ", factorZ);
    int[] size = resampledSize(src, factorX, factorY, factorZ);
    return resampleTo("resample", src, dst, size, linear);
  }

  /** The output shape of {@link #resample}: round(size·factor), at least 1. */
  public static int[] resampledSize(GpuImage src, double fx, double fy, double fz) {
    return new int[] {
      sizeOf(src.width(), fx), sizeOf(src.height(), fy), src.is3D() ? sizeOf(src.depth(), fz) : 1
    };
  }

  private static int sizeOf(int n, double f) {
    long r = Math.round(n * f);
    if (r > Integer.MAX_VALUE) throw new FoveaException.InvalidArgument("resampled size too large");
    return (int) Math.max(1, r);
  }

  private static GpuImage resampleTo(
      String op, GpuImage src, GpuImage dst, int[] size, boolean linear) {
    dst = OpSupport.outputNotInPlace(op, src, dst, size[0], size[1], size[2], src.type());
    affine(
        src,
        dst,
        diagonal(
            (double) src.width() / dst.width(),
            (double) src.height() / dst.height(),
            (double) src.depth() / dst.depth()),
        linear);
    return dst;
  }

  @Op(
      name = "makeIsotropic",
      category = Category.GEOMETRY,
      doc = "Resamples a stack with voxel size (vx, vy, vz) to cubic voxels of newVoxelSize.",
      kernels = CL,
      imagej =
          "as resample: Image > Scale / Adjust > Size along z (Resizer.zScale): z ×2 bilinear"
              + " equal within the tolerance except the last slice and column (ImageJ's n−1.001"
              + " clamp, ≤ 1e-3 of the neighbour difference); other factors shifted by 1/4 − r/2"
              + " voxels (see resample)",
      tolerance =
          "as resample: nearest exact except within 1e-3 px of a border; linear |Δ| ≤ 1e-4·(source"
              + " max − min) + 1e-3 (float), ≤ 1 (integer types)",
      border = "linear neighbours beyond the border are clamped to the edge pixel",
      notes =
          "= resample(src, dst, vx/new, vy/new, vz/new, linear): the output size is"
              + " round(size·voxel/newVoxelSize)."
              + CONVENTION)
  public static GpuImage makeIsotropic(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "voxel width (any unit)") float voxelSizeX,
      @Param(value = "1", doc = "voxel height") float voxelSizeY,
      @Param(value = "1", doc = "voxel depth") float voxelSizeZ,
      @Param(value = "1", doc = "the new (cubic) voxel size") float newVoxelSize,
      @Param(value = "true", doc = "linear interpolation (else nearest)") boolean linear) {
    OpSupport.requireNotNull("makeIsotropic", "src", src);
    requirePositive("makeIsotropic", "voxelSizeX", voxelSizeX);
    requirePositive("makeIsotropic", "voxelSizeY", voxelSizeY);
    requirePositive("makeIsotropic", "voxelSizeZ", voxelSizeZ);
    requirePositive("makeIsotropic", "newVoxelSize", newVoxelSize);
    int[] size =
        resampledSize(
            src,
            (double) voxelSizeX / newVoxelSize,
            (double) voxelSizeY / newVoxelSize,
            (double) voxelSizeZ / newVoxelSize);
    return resampleTo("makeIsotropic", src, dst, size, linear);
  }

  @Op(
      name = "downsample2D",
      category = Category.GEOMETRY,
      doc = "Shrinks (or grows) a 2D image by factors, nearest neighbour; size = floor(size·f).",
      dimensions = {2},
      kernels = CL,
      imagej =
          "Image > Scale / Adjust > Size without interpolation (ImageProcessor.resize, NONE):"
              + " equal for integer factors ≥ 1; for shrinking ImageJ takes the pixel at the"
              + " destination pixel's corner floor(x·w/outW), Fovea at its centre"
              + " floor((x+0.5)/f) (e.g. f = 0.5 on an even size: ImageJ the even pixels, Fovea the odd"
              + " ones)",
      tolerance = "exact except where a mapped centre lies within 1e-3 px of a pixel border",
      notes =
          "Destination centre c maps to source position c/factor; the pixel containing it is"
              + " taken (CLIJ2: 'Interpolation method: none'; output size truncated like CLIJ2)."
              + CONVENTION)
  public static GpuImage downsample2D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0.5", doc = "factor along X (> 0)") float factorX,
      @Param(value = "0.5", doc = "factor along Y (> 0)") float factorY) {
    OpSupport.require2D("downsample2D", "src", src);
    return downsample("downsample2D", src, dst, factorX, factorY, 1);
  }

  @Op(
      name = "downsample3D",
      category = Category.GEOMETRY,
      doc = "Shrinks (or grows) a 3D image by factors, nearest neighbour; size = floor(size·f).",
      dimensions = {3},
      kernels = CL,
      imagej =
          "as downsample2D per axis (ImageJ: Image > Scale with depth, Resizer.zScale without"
              + " interpolation for upscaling; its z shrinking averages slices)",
      tolerance = "exact except where a mapped centre lies within 1e-3 px of a voxel border",
      notes = "As downsample2D, per axis." + CONVENTION)
  public static GpuImage downsample3D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0.5", doc = "factor along X (> 0)") float factorX,
      @Param(value = "0.5", doc = "factor along Y (> 0)") float factorY,
      @Param(value = "0.5", doc = "factor along Z (> 0)") float factorZ) {
    OpSupport.require3D("downsample3D", "src", src);
    return downsample("downsample3D", src, dst, factorX, factorY, factorZ);
  }

  private static GpuImage downsample(
      String op, GpuImage src, GpuImage dst, double fx, double fy, double fz) {
    requirePositive(op, "factorX", fx);
    requirePositive(op, "factorY", fy);
    requirePositive(op, "factorZ", fz);
    int w = (int) Math.max(1, Math.floor(src.width() * fx));
    int h = (int) Math.max(1, Math.floor(src.height() * fy));
    int d = src.is3D() ? (int) Math.max(1, Math.floor(src.depth() * fz)) : 1;
    dst = OpSupport.outputNotInPlace(op, src, dst, w, h, d, src.type());
    affine(src, dst, diagonal(1 / fx, 1 / fy, src.is3D() ? 1 / fz : 1), false);
    return dst;
  }

  // ---------------------------------------------------------------- shared

  /**
   * Samples {@code src} at {@code m·(c)} for every destination centre c (see the class doc for the
   * convention); {@code m} is a 3×4 matrix in pixel-centre coordinates.
   */
  /** The 3×4 matrix that scales x, y and z by the given factors (no rotation, no shift). */
  private static double[][] diagonal(double mx, double my, double mz) {
    double[][] m = new double[3][4];
    m[0][0] = mx;
    m[1][1] = my;
    m[2][2] = mz;
    return m;
  }

  static void affine(GpuImage src, GpuImage dst, double[][] m, boolean linear) {
    affine(src, dst, m, linear, false);
  }

  /**
   * As {@link #affine(GpuImage, GpuImage, double[][], boolean)}; {@code zeroBorder}: linear
   * neighbours outside the source count as 0 (CLIJ2's sampler) instead of the edge pixel.
   */
  static void affine(GpuImage src, GpuImage dst, double[][] m, boolean linear, boolean zeroBorder) {
    launch(
        OpSupport.kernel(CL, "affine_sample", src, dst)
            .size("s", src)
            .size("d", dst)
            .arg("m00", (float) m[0][0])
            .arg("m01", (float) m[0][1])
            .arg("m02", (float) m[0][2])
            .arg("m03", (float) m[0][3])
            .arg("m10", (float) m[1][0])
            .arg("m11", (float) m[1][1])
            .arg("m12", (float) m[1][2])
            .arg("m13", (float) m[1][3])
            .arg("m20", (float) m[2][0])
            .arg("m21", (float) m[2][1])
            .arg("m22", (float) m[2][2])
            .arg("m23", (float) m[2][3])
            .arg("linear", linear ? 1 : 0)
            .arg("zeroBorder", zeroBorder ? 1 : 0),
        dst);
  }

  /** Work-group shape of the image kernels of Geometry, Projections and Detection: 32×4(×1). */
  private static final long[] LOCAL_3D = {32, 4, 1};

  private static final long[] LOCAL_2D = {32, 4};

  /**
   * Launches over {@code w×h×d} (or {@code w×h}) with fixed 32×4 work groups, the global size
   * padded up (every kernel checks its bounds): drivers choose poor groups for odd sizes such as
   * 31×17 (often 1 wide), which costs coalescing and occupancy on GPUs.
   */
  static void launch(KernelCall k, int w, int h, int d) {
    k.runPadded(new long[] {w, h, d}, LOCAL_3D);
  }

  static void launch(KernelCall k, int w, int h) {
    k.runPadded(new long[] {w, h}, LOCAL_2D);
  }

  static void launch(KernelCall k, GpuImage shape) {
    launch(k, shape.width(), shape.height(), shape.depth());
  }

  private static void requirePositive(String op, String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new FoveaException.InvalidArgument(
          op + ": " + name + " must be > 0 and finite, got " + v);
    }
  }

  private static void requireFinite(String op, String name, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new FoveaException.InvalidArgument(op + ": " + name + " must be finite, got " + v);
    }
  }

  /**
   * The side a stack is resliced from: the ops resliceTop, resliceBottom, resliceLeft,
   * resliceRight.
   */
  public enum Side implements OpVariant {
    @Doc("top: output w×d×h, dst(x, z, y) = src(x, y, z)")
    Top,
    @Doc("bottom: output w×d×h, dst(x, z, h−1−y) = src(x, y, z)")
    Bottom,
    @Doc("left: output h×d×w, dst(y, z, x) = src(x, y, z)")
    Left,
    @Doc("right: output h×d×w, dst(y, z, w−1−x) = src(x, y, z)")
    Right;

    /** The kernel of reslice.cl, e.g. {@code reslice_top}. */
    String kernel() {
      return "reslice_" + name().toLowerCase(Locale.ROOT);
    }
  }

  @Op(
      name = "reslice{}",
      category = Category.GEOMETRY,
      doc = "Reslices a stack from the {doc}.",
      dimensions = {3},
      kernels = RESLICE_CL,
      imagej =
          "Image > Stacks > Reslice [/], start at {}, no flip/rotate, avoid interpolation"
              + " (Slicer; exact)")
  public static GpuImage reslice(Side side, GpuImage src, @Out GpuImage dst) {
    String op = "reslice" + side.name();
    OpSupport.require3D(op, "src", src);
    int w = src.width();
    int h = src.height();
    int d = src.depth();
    dst =
        side == Side.Top || side == Side.Bottom
            ? OpSupport.copyOutput(op, src, dst, w, d, h)
            : OpSupport.copyOutput(op, src, dst, h, d, w);
    launch(OpSupport.kernel(RESLICE_CL, side.kernel(), src, dst).size(src), dst);
    return dst;
  }

  @Op(
      name = "resliceRadial",
      category = Category.GEOMETRY,
      doc =
          "Radial reslice: output slice a is, for every z, the line profile from the centre"
              + " outwards at angle startAngle + a·angleStepSize.",
      kernels = RESLICE_CL,
      tolerance = "|Δ| ≤ 1e-3 + 1e-5·|v| (float32 interpolation vs double), ≤ 1 integer types",
      border = "interpolation neighbours outside the image contribute 0 (CLIJ2's sampler)",
      imagej = "similar to Image > Stacks > Radial Reslice (CLIJ2 resliceRadial semantics)",
      notes =
          "Output radius×d×angles with radius = (int)√((w/2)²+(h/2)²) (integer halves),"
              + " angles = (int)(numberOfAngles/angleStepSize), unless dst is given (then its"
              + " width and depth are used; its height must be d). dst(r, z, a) = bilinear"
              + " interpolation of src at (centerX + sin(θ)·r·scaleFactorX, centerY +"
              + " cos(θ)·r·scaleFactorY, z) in index coordinates (pixel centres at integers),"
              + " θ = startAngle + a·angleStepSize degrees, so θ = 0 points along +Y and 90° along"
              + " +X. The centre defaults (NaN) to (w/2, h/2) in float, as in CLIJ2. Against"
              + " CLIJ2 2.5.3.1 on PoCL (exact float filtering): within 0.03 for float32 (41×33×3,"
              + " 360 angles, values 1000–4000; GeometryClij2ParityTest asserts 0.05) and ±1 for"
              + " integer types (CLIJ2 truncates). Larger differences at the rim (e.g. 18 grey"
              + " levels) come from the GPU, not the sampling rule: CLIJ2 reads through an OpenCL"
              + " image with CLK_FILTER_LINEAR, and GPU texture units compute those weights in low"
              + " precision fixed point (8 fraction bits on NVIDIA), so where a sample mixes a"
              + " bright pixel with the 0 outside the image (the rim) CLIJ2's value is off by up"
              + " to value/512; Fovea interpolates in float32 on every device.")
  public static GpuImage resliceRadial(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "360", doc = "number of angles (divided by the step, as in CLIJ2)")
          int numberOfAngles,
      @Param(value = "1", doc = "angle step in degrees (> 0)") float angleStepSize,
      @Param(value = "0", doc = "angle of the first output slice, degrees") float startAngle,
      @Param(value = "NaN", doc = "centre X in index coordinates; NaN = w/2") float centerX,
      @Param(value = "NaN", doc = "centre Y in index coordinates; NaN = h/2") float centerY,
      @Param(value = "1", doc = "step along X per unit radius (anisotropic pixels)")
          float scaleFactorX,
      @Param(value = "1", doc = "step along Y per unit radius") float scaleFactorY) {
    String op = "resliceRadial";
    OpSupport.requireNotNull(op, "src", src);
    if (!(angleStepSize > 0) || Float.isInfinite(angleStepSize)) {
      throw new FoveaException.InvalidArgument(
          op + ": angleStepSize must be > 0, got " + angleStepSize);
    }
    if (numberOfAngles < 1) {
      throw new FoveaException.InvalidArgument(
          op + ": numberOfAngles must be ≥ 1, got " + numberOfAngles);
    }
    OpSupport.requireNotSame(op, src, dst);
    float cx = Float.isNaN(centerX) ? src.width() / 2.0f : centerX;
    float cy = Float.isNaN(centerY) ? src.height() / 2.0f : centerY;
    if (dst == null) {
      int[] s = radialSize(src, numberOfAngles, angleStepSize);
      dst = src.gpu().create(s[0], s[1], s[2], src.type());
    } else if (dst.height() != src.depth()) {
      throw new FoveaException.InvalidArgument(
          op
              + ": destination height must equal the source depth "
              + src.depth()
              + ", got "
              + dst.describe());
    }
    launch(
        OpSupport.kernel(RESLICE_CL, "reslice_radial", src, dst)
            .size(src)
            .arg("nr", dst.width())
            .arg("na", dst.depth())
            .arg("deltaAngle", angleStepSize)
            .arg("startAngle", startAngle)
            .arg("cx", cx)
            .arg("cy", cy)
            .arg("sx", scaleFactorX)
            .arg("sy", scaleFactorY),
        dst);
    return dst;
  }

  /** The default output shape of {@link #resliceRadial}: {radius, depth, angles}. */
  public static int[] radialSize(GpuImage src, int numberOfAngles, float angleStepSize) {
    int angles = Math.max(1, (int) ((float) numberOfAngles / angleStepSize));
    int hw = src.width() / 2;
    int hh = src.height() / 2;
    int radius = Math.max(1, (int) Math.sqrt((double) hw * hw + (double) hh * hh));
    return new int[] {radius, src.depth(), angles};
  }

  // ---------------------------------------------------------------- crops

  private static final String CROP_CL = "crop.cl";

  @Op(
      name = "crop2D",
      category = Category.GEOMETRY,
      doc = "Crops a width×height rectangle starting at (startX, startY) out of a 2D image.",
      dimensions = {2},
      kernels = CROP_CL,
      imagej =
          "Image > Crop with a rectangle inside the image (ImageProcessor.crop; exact, tested in"
              + " CropSliceSetTest)",
      border = "pixels of the rectangle outside the source are 0",
      notes =
          "dst(x, y) = src(x + startX, y + startY); the output is width×height of the source type"
              + " (CLIJ2's argument order). CLIJ2 keeps the size of an existing destination; Fovea"
              + " checks it (the macro layer replaces a destination of another size).")
  public static GpuImage crop2D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "x of the rectangle's top-left pixel") int startX,
      @Param(value = "0", doc = "y of the rectangle's top-left pixel") int startY,
      @Param(value = "64", doc = "width of the rectangle, pixels") int width,
      @Param(value = "64", doc = "height of the rectangle, pixels") int height) {
    OpSupport.require2D("crop2D", "src", src);
    return crop("crop2D", src, dst, startX, startY, 0, width, height, 1);
  }

  @Op(
      name = "crop3D",
      category = Category.GEOMETRY,
      doc =
          "Crops a width×height×depth box starting at (startX, startY, startZ) out of a 3D"
              + " image.",
      dimensions = {3},
      kernels = CROP_CL,
      imagej =
          "Image > Crop on every slice, then Image > Stacks > Tools > Make Substack (exact, tested"
              + " in CropSliceSetTest)",
      border = "voxels of the box outside the source are 0",
      notes =
          "dst(x, y, z) = src(x + startX, y + startY, z + startZ); the output is"
              + " width×height×depth of the source type (CLIJ2's argument order; depth 1 gives a"
              + " 2D image).")
  public static GpuImage crop3D(
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "x of the box's first voxel") int startX,
      @Param(value = "0", doc = "y of the box's first voxel") int startY,
      @Param(value = "0", doc = "z (slice index from 0) of the box's first voxel") int startZ,
      @Param(value = "64", doc = "width of the box, pixels") int width,
      @Param(value = "64", doc = "height of the box, pixels") int height,
      @Param(value = "1", doc = "depth of the box, slices") int depth) {
    OpSupport.require3D("crop3D", "src", src);
    return crop("crop3D", src, dst, startX, startY, startZ, width, height, depth);
  }

  /**
   * A new image of {@code shape}'s size holding {@code src} read with clamp-to-edge addressing:
   * pixel (x, y, z) is src's pixel (min(x, w−1), min(y, h−1), min(z, d−1)) (kernel
   * "clamp_to_edge"). The caller closes it.
   */
  static GpuImage clampToEdge(GpuImage src, GpuImage shape) {
    GpuImage dst = src.gpu().create(shape.width(), shape.height(), shape.depth(), src.type());
    OpSupport.kernel(src.gpu(), CROP_CL, "clamp_to_edge")
        .image("src", src)
        .image("dst", dst)
        .size("s", src)
        .size("d", dst)
        .run(dst.width(), dst.height(), dst.depth());
    return dst;
  }

  /** dst = the box at (x, y, z) of size w×h×d out of src, 0 outside src (kernel "crop"). */
  static GpuImage crop(
      String op, GpuImage src, GpuImage dst, int x, int y, int z, int w, int h, int d) {
    if (w < 1 || h < 1 || d < 1) {
      throw new FoveaException.InvalidArgument(
          op + ": width, height and depth must be ≥ 1, got " + w + ", " + h + ", " + d);
    }
    dst = OpSupport.copyOutput(op, src, dst, w, h, d);
    OpSupport.kernel(CROP_CL, "crop", src, dst)
        .size("s", src)
        .size("d", dst)
        .arg("ox", x)
        .arg("oy", y)
        .arg("oz", z)
        .run(w, h, d);
    return dst;
  }

  // ---------------------------------------------------------------- CLIJ2's remaining geometry

  @Op(
      name = "rotateRight",
      category = Category.GEOMETRY,
      doc = "CLIJ2's older name of rotateClockwise: 90° clockwise in XY; the result is h×w(×d).",
      kernels = CL,
      imagej = ROTATE_RIGHT_IJ,
      notes =
          "dst(i, j, z) = src(j, h−1−i, z), the same as rotateClockwise (CLIJ2 2.5.3.1 gives the"
              + " same pixels for both, although its description of rotateRight says"
              + " counter-clockwise; tested in GeometryClij2ParityTest).")
  public static GpuImage rotateRight(GpuImage source, @Out GpuImage destination) {
    return rotate90("rotateRight", true, source, destination);
  }

  @Op(
      name = "rotateLeft",
      category = Category.GEOMETRY,
      doc =
          "CLIJ2's older name of rotateCounterClockwise: 90° counter-clockwise in XY; the result"
              + " is h×w(×d).",
      kernels = CL,
      imagej = ROTATE_LEFT_IJ,
      notes = "dst(i, j, z) = src(w−1−j, i, z), the same as rotateCounterClockwise.")
  public static GpuImage rotateLeft(GpuImage source, @Out GpuImage destination) {
    return rotate90("rotateLeft", false, source, destination);
  }

  private static final String PASTE_NOTES =
      " Pixels of the source that fall outside the destination are dropped; the rest of the"
          + " destination keeps its values. Values are converted to the destination's type"
          + " (saturating, round half to even; CLIJ2 truncates). A null destination is created,"
          + " zero-filled, just large enough (source size + position, as CLIJ2).";

  @Op(
      name = "paste2D",
      category = Category.GEOMETRY,
      doc = "Pastes an image into another image at a given position.",
      dimensions = {2},
      kernels = CROP_CL,
      imagej = "Edit > Paste of a copied image at a position (ImageProcessor.insert; exact)",
      notes = "destination(x + destinationX, y + destinationY) = source(x, y)." + PASTE_NOTES)
  public static GpuImage paste2D(
      GpuImage source,
      @Out GpuImage destination,
      @Param(value = "0", doc = "x of the source's first pixel in the destination")
          int destinationX,
      @Param(value = "0", doc = "y of the source's first pixel in the destination")
          int destinationY) {
    OpSupport.require2D("paste2D", "source", source);
    return paste("paste2D", source, destination, destinationX, destinationY, 0);
  }

  @Op(
      name = "paste3D",
      category = Category.GEOMETRY,
      doc = "Pastes a stack into another stack at a given position.",
      dimensions = {3},
      kernels = CROP_CL,
      imagej = "ImageProcessor.insert on every slice of the range (exact)",
      notes =
          "destination(x + destinationX, y + destinationY, z + destinationZ) = source(x, y, z)."
              + PASTE_NOTES)
  public static GpuImage paste3D(
      GpuImage source,
      @Out GpuImage destination,
      @Param(value = "0", doc = "x of the source's first voxel in the destination")
          int destinationX,
      @Param(value = "0", doc = "y of the source's first voxel in the destination")
          int destinationY,
      @Param(value = "0", doc = "z of the source's first slice in the destination")
          int destinationZ) {
    OpSupport.require3D("paste3D", "source", source);
    return paste("paste3D", source, destination, destinationX, destinationY, destinationZ);
  }

  private static GpuImage paste(String op, GpuImage src, GpuImage dst, int x, int y, int z) {
    if (dst == null) {
      dst =
          src.gpu()
              .create(
                  src.width() + Math.max(0, x),
                  src.height() + Math.max(0, y),
                  src.is3D() ? src.depth() + Math.max(0, z) : 1,
                  src.type());
      src.gpu().fill(dst, 0);
    }
    OpSupport.requireNotSame(op, src, dst);
    pasteInto(src, dst, x, y, z);
    return dst;
  }

  /** dst(x + ox, y + oy, z + oz) = src(x, y, z) inside dst (kernel "paste" of crop.cl). */
  private static void pasteInto(GpuImage src, GpuImage dst, int ox, int oy, int oz) {
    launch(
        OpSupport.kernel(CROP_CL, "paste", src, dst)
            .size("s", src)
            .size("d", dst)
            .arg("ox", ox)
            .arg("oy", oy)
            .arg("oz", oz),
        src);
  }

  private static final String COMBINE_NOTES =
      " The result has stack1's type (stack2 is converted: saturating, round half to even);"
          + " where one input is smaller than the result it is 0. A given destination of"
          + " another size is filled as far as it reaches.";

  @Op(
      name = "combineHorizontally",
      category = Category.GEOMETRY,
      doc = "Combines two images or stacks in X: stack2 to the right of stack1.",
      kernels = CROP_CL,
      imagej = "Image > Stacks > Tools > Combine… (StackCombiner.combineHorizontally; exact)",
      notes =
          "Output (w1 + w2)×max(h1, h2)×max(d1, d2): stack1 at x = 0, stack2 at x = w1."
              + COMBINE_NOTES)
  public static GpuImage combineHorizontally(
      GpuImage stack1, GpuImage stack2, @Out GpuImage destination) {
    return combine("combineHorizontally", stack1, stack2, destination, 0);
  }

  @Op(
      name = "combineVertically",
      category = Category.GEOMETRY,
      doc = "Combines two images or stacks in Y: stack2 below stack1.",
      kernels = CROP_CL,
      imagej =
          "Image > Stacks > Tools > Combine… with combine vertically"
              + " (StackCombiner.combineVertically; exact)",
      notes =
          "Output max(w1, w2)×(h1 + h2)×max(d1, d2): stack1 at y = 0, stack2 at y = h1."
              + COMBINE_NOTES)
  public static GpuImage combineVertically(
      GpuImage stack1, GpuImage stack2, @Out GpuImage destination) {
    return combine("combineVertically", stack1, stack2, destination, 1);
  }

  @Op(
      name = "concatenateStacks",
      category = Category.GEOMETRY,
      doc = "Concatenates two stacks in Z: the slices of stack2 after those of stack1.",
      kernels = CROP_CL,
      imagej = "Image > Stacks > Tools > Concatenate… (Concatenator; exact)",
      notes =
          "Output max(w1, w2)×max(h1, h2)×(d1 + d2): stack1 at z = 0, stack2 at z = d1. CLIJ2"
              + " 2.5.3.1 has no combineDepthwise: this is its name for it."
              + COMBINE_NOTES)
  public static GpuImage concatenateStacks(
      GpuImage stack1, GpuImage stack2, @Out GpuImage destination) {
    return combine("concatenateStacks", stack1, stack2, destination, 2);
  }

  /** stack1 at the origin, stack2 after it along {@code axis} (0 = x, 1 = y, 2 = z). */
  private static GpuImage combine(String op, GpuImage a, GpuImage b, GpuImage dst, int axis) {
    OpSupport.requireNotNull(op, "stack1", a);
    OpSupport.requireNotNull(op, "stack2", b);
    int[] sa = {a.width(), a.height(), a.depth()};
    int[] sb = {b.width(), b.height(), b.depth()};
    int[] size = new int[3];
    for (int i = 0; i < 3; i++) size[i] = i == axis ? sa[i] + sb[i] : Math.max(sa[i], sb[i]);
    if (dst == null) {
      dst = a.gpu().create(size[0], size[1], size[2], a.type());
    }
    OpSupport.requireNotSame(op, a, dst);
    OpSupport.requireNotSame(op, b, dst);
    a.gpu().fill(dst, 0);
    pasteInto(a, dst, 0, 0, 0);
    pasteInto(b, dst, axis == 0 ? sa[0] : 0, axis == 1 ? sa[1] : 0, axis == 2 ? sa[2] : 0);
    return dst;
  }

  @Op(
      name = "transposeXY",
      category = Category.GEOMETRY,
      doc = "Transposes the X and Y axes of an image: the result is h×w(×d).",
      kernels = RESLICE_CL,
      imagej =
          "Image > Transform > Rotate 90 Degrees Right, then Flip Horizontally (exact; ImageJ has"
              + " no transpose)",
      notes = "dst(y, x, z) = src(x, y, z).")
  public static GpuImage transposeXY(GpuImage input, @Out GpuImage destination) {
    OpSupport.requireNotNull("transposeXY", "input", input);
    return transpose("transposeXY", input, destination, 1, 0, 2);
  }

  @Op(
      name = "transposeXZ",
      category = Category.GEOMETRY,
      doc = "Transposes the X and Z axes of a stack: the result is d×h×w.",
      dimensions = {3},
      kernels = RESLICE_CL,
      imagej =
          "Image > Stacks > Reslice [/] from the Left, then Rotate 90 Degrees Left and Flip"
              + " Vertically (exact)",
      notes = "dst(z, y, x) = src(x, y, z).")
  public static GpuImage transposeXZ(GpuImage input, @Out GpuImage destination) {
    OpSupport.require3D("transposeXZ", "input", input);
    return transpose("transposeXZ", input, destination, 2, 1, 0);
  }

  @Op(
      name = "transposeYZ",
      category = Category.GEOMETRY,
      doc = "Transposes the Y and Z axes of a stack: the result is w×d×h.",
      dimensions = {3},
      kernels = RESLICE_CL,
      imagej = "Image > Stacks > Reslice [/] from the Top without flip or rotation (exact)",
      notes = "dst(x, z, y) = src(x, y, z); the same pixels as resliceTop.")
  public static GpuImage transposeYZ(GpuImage input, @Out GpuImage destination) {
    OpSupport.require3D("transposeYZ", "input", input);
    return transpose("transposeYZ", input, destination, 0, 2, 1);
  }

  /**
   * dst = src with its axes permuted: output axis i is source axis {@code axes[i]} (0 = x, 1 = y, 2
   * = z).
   */
  private static GpuImage transpose(String op, GpuImage src, GpuImage dst, int... axes) {
    int[] size = {src.width(), src.height(), src.depth()};
    long[] stride = {1, src.width(), (long) src.width() * src.height()};
    int[] shape = new int[3];
    long[] strides = new long[3];
    for (int i = 0; i < 3; i++) {
      shape[i] = size[axes[i]];
      strides[i] = stride[axes[i]];
    }
    return strided(op, src, dst, shape, 0, strides);
  }

  @Op(
      name = "reduceStack",
      category = Category.GEOMETRY,
      doc = "Keeps every reductionFactor-th slice of a stack, starting at slice offset (0-based).",
      dimensions = {3},
      kernels = RESLICE_CL,
      imagej =
          "Image > Stacks > Tools > Reduce… keeps slices 1, 1 + f, … (offset 0; the same pixels,"
              + " tested with ImageJ's StackReducer), but ceil(depth / f) of them where CLIJ2 and"
              + " Fovea keep depth / f",
      notes =
          "dst(x, y, z) = src(x, y, z·reductionFactor + offset); the result has depth /"
              + " reductionFactor slices (integer division, as CLIJ2). A slice beyond the stack"
              + " (offset too large for that count) is an error (CLIJ2 repeats the last slice).")
  public static GpuImage reduceStack(
      GpuImage input,
      @Out GpuImage destination,
      @Param(value = "2", doc = "keep one slice of this many (≥ 1)") int reductionFactor,
      @Param(value = "0", doc = "index of the first slice kept (0-based)") int offset) {
    String op = "reduceStack";
    OpSupport.require3D(op, "input", input);
    if (reductionFactor < 1 || offset < 0) {
      throw new FoveaException.InvalidArgument(
          op
              + ": reductionFactor must be ≥ 1 and offset ≥ 0, got "
              + reductionFactor
              + " and "
              + offset);
    }
    int d =
        destination == null ? Math.max(1, input.depth() / reductionFactor) : destination.depth();
    long last = (long) (d - 1) * reductionFactor + offset;
    if (last >= input.depth()) {
      throw new FoveaException.InvalidArgument(
          op
              + ": slice "
              + last
              + " (the last of "
              + d
              + " kept with reductionFactor "
              + reductionFactor
              + " and offset "
              + offset
              + ") is beyond the "
              + input.depth()
              + " slices of the input");
    }
    long plane = (long) input.width() * input.height();
    int[] shape = {input.width(), input.height(), d};
    return strided(
        op, input, destination, shape, offset * plane, 1, input.width(), reductionFactor * plane);
  }

  private static final String CLIJ2_SAMPLING =
      " Sampling as CLIJ2: every destination centre is mapped to a source position p;"
          + " (tri)linear interpolation in index coordinates p − 0.5 where neighbours outside the"
          + " image count as 0 (CLIJ2's clamp-to-zero sampler), so the image fades to 0 over the"
          + " half pixel on either side of its edge instead of being cut at it (the other"
          + " geometry ops clamp to the edge pixel and give 0 outside). Float32 in the kernel, then converted"
          + " to the output type (saturating, round half to even; CLIJ2 truncates, so integer"
          + " results can differ by 1).";

  @Op(
      name = "translate2D",
      category = Category.GEOMETRY,
      doc = "Translates an image by (translateX, translateY) pixels; fractions interpolate.",
      dimensions = {2},
      kernels = CL,
      imagej =
          "Image > Transform > Translate (ImageProcessor.translate) with bilinear interpolation"
              + " for fractions; integer shifts exact",
      notes = "dst(x, y) = src(x − translateX, y − translateY)." + CLIJ2_SAMPLING)
  public static GpuImage translate2D(
      GpuImage source,
      @Out GpuImage destination,
      @Param(value = "0", doc = "shift along X, pixels (positive = right)") float translateX,
      @Param(value = "0", doc = "shift along Y, pixels (positive = down)") float translateY) {
    OpSupport.require2D("translate2D", "source", source);
    return translate("translate2D", source, destination, translateX, translateY, 0);
  }

  @Op(
      name = "translate3D",
      category = Category.GEOMETRY,
      doc = "Translates a stack by (translateX, translateY, translateZ) voxels.",
      dimensions = {3},
      kernels = CL,
      imagej = "none for Z in ImageJ 1.x; X and Y as translate2D on every slice",
      notes =
          "dst(x, y, z) = src(x − translateX, y − translateY, z − translateZ)." + CLIJ2_SAMPLING)
  public static GpuImage translate3D(
      GpuImage source,
      @Out GpuImage destination,
      @Param(value = "0", doc = "shift along X, voxels") float translateX,
      @Param(value = "0", doc = "shift along Y, voxels") float translateY,
      @Param(value = "0", doc = "shift along Z, slices") float translateZ) {
    OpSupport.require3D("translate3D", "source", source);
    return translate("translate3D", source, destination, translateX, translateY, translateZ);
  }

  private static GpuImage translate(
      String op, GpuImage src, GpuImage dst, double tx, double ty, double tz) {
    requireFinite(op, "translateX", tx);
    requireFinite(op, "translateY", ty);
    requireFinite(op, "translateZ", tz);
    double[][] m = diagonal(1, 1, 1);
    m[0][3] = -tx;
    m[1][3] = -ty;
    m[2][3] = -tz;
    return transformed(op, src, dst, m);
  }

  private static GpuImage transformed(String op, GpuImage src, GpuImage dst, double[][] m) {
    dst = OpSupport.outputNotInPlace(op, src, dst, src.type());
    affine(src, dst, m, true, true);
    return dst;
  }

  private static final String AFFINE_NOTES =
      " The transform is a space-separated list, read as CLIJ2 2.5.3.1 reads it (case does not"
          + " matter): center, -center, scale=f, scaleX=f, scaleY=f, rotate=deg,"
          + " translateX=px, translateY=px, shearXY=f (3D also: scaleZ, translateZ, rotateX,"
          + " rotateY, rotateZ = rotate, shearXZ, shearYX, shearYZ, shearZX, shearZY). As in CLIJ2 it maps destination"
          + " coordinates to source coordinates, built from the last item to the first: M ="
          + " T1·T2·…·Tn; scale=f contributes a factor 1/f (scale=2 enlarges), rotate=a a"
          + " rotation by −a (so the content turns clockwise as displayed), translateX=t a shift"
          + " by +t (the content moves left), center a shift by −(size/2) and -center by"
          + " +(size/2) (integer halves, as CLIJ2), shearAB=f sets the matrix element (A, B) to f."
          + " The documented pattern is \"-center scale=2 rotate=45 center\". An empty string is"
          + " the identity; an unknown item or a value that is not a number is an error that"
          + " names it. The output keeps the input's shape.";

  @Op(
      name = "affineTransform2D",
      category = Category.GEOMETRY,
      doc = "Applies an affine transform, given as CLIJ2's transform string, to a 2D image.",
      dimensions = {2},
      kernels = CL,
      imagej =
          "Image > Transform > Rotate / Scale / Translate apply the inverse maps (tested against"
              + " a CPU reference; CLIJ2's affine ops need imglib2-realtransform, run in the"
              + " parity test with a stand-in of its matrix class)",
      tolerance = "|Δ| ≤ 1e-3·(source range) (float32 positions), ≤ 1 integer types",
      notes = AFFINE_NOTES + CLIJ2_SAMPLING)
  public static GpuImage affineTransform2D(
      GpuImage source,
      @Out GpuImage destination,
      @Param(
              value = "scale=1",
              doc = "the transform, e.g. \"-center rotate=45 center\" (default: identity)")
          String transform) {
    OpSupport.require2D("affineTransform2D", "source", source);
    double[][] m = parseTransform("affineTransform2D", transform, source, false);
    return transformed("affineTransform2D", source, destination, m);
  }

  @Op(
      name = "affineTransform3D",
      category = Category.GEOMETRY,
      doc = "Applies an affine transform, given as CLIJ2's transform string, to a stack.",
      dimensions = {3},
      kernels = CL,
      imagej = "none in ImageJ 1.x (TransformJ is a plugin); tested against a CPU reference",
      tolerance = "|Δ| ≤ 1e-3·(source range) (float32 positions), ≤ 1 integer types",
      notes = AFFINE_NOTES + CLIJ2_SAMPLING)
  public static GpuImage affineTransform3D(
      GpuImage source,
      @Out GpuImage destination,
      @Param(
              value = "scale=1",
              doc = "the transform, e.g. \"-center rotateX=30 center\" (default: identity)")
          String transform) {
    OpSupport.require3D("affineTransform3D", "source", source);
    double[][] m = parseTransform("affineTransform3D", transform, source, true);
    return transformed("affineTransform3D", source, destination, m);
  }

  /**
   * CLIJ2's transform string → the 3×4 matrix from destination to source coordinates (see the notes
   * of affineTransform2D).
   */
  static double[][] parseTransform(String op, String transform, GpuImage src, boolean is3D) {
    OpSupport.requireNotNull(op, "transform", transform);
    double[][] m = diagonal(1, 1, 1);
    double[] half = {src.width() / 2, src.height() / 2, is3D ? src.depth() / 2 : 0};
    for (String item : transform.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
      if (item.isEmpty()) continue;
      String[] kv = item.split("=", 2);
      String key = kv[0];
      double[][] t = diagonal(1, 1, 1);
      if (key.equals("center") || key.equals("-center")) {
        if (kv.length > 1) throw badItem(op, item, "takes no value");
        for (int i = 0; i < 3; i++) t[i][3] = key.equals("center") ? -half[i] : half[i];
      } else {
        if (kv.length < 2) throw badItem(op, item, "needs a value (" + key + "=…)");
        double v;
        try {
          v = Double.parseDouble(kv[1]);
        } catch (NumberFormatException e) {
          throw badItem(op, item, "'" + kv[1] + "' is not a number");
        }
        if (!transformItem(t, key, v, is3D)) {
          throw badItem(
              op,
              item,
              "is not a transform; known: center, -center, scale, scaleX, scaleY, rotate,"
                  + " translateX, translateY, shearXY"
                  + (is3D
                      ? ", scaleZ, translateZ, rotateX, rotateY, rotateZ, shearXZ, shearYX,"
                          + " shearYZ, shearZX, shearZY"
                      : ""));
        }
      }
      m = compose(m, t);
    }
    return m;
  }

  private static FoveaException.InvalidArgument badItem(String op, String item, String why) {
    return new FoveaException.InvalidArgument(op + ": transform item '" + item + "' " + why);
  }

  /** Fills {@code t} (identity on entry) for one valued item; false when the key is unknown. */
  private static boolean transformItem(double[][] t, String key, double v, boolean is3D) {
    String axes = "xyz";
    if (key.equals("scale")) {
      for (int i = 0; i < (is3D ? 3 : 2); i++) t[i][i] = 1 / v;
    } else if (key.startsWith("scale") && key.length() == 6 && axisOk(key.charAt(5), is3D)) {
      int a = axes.indexOf(key.charAt(5));
      t[a][a] = 1 / v;
    } else if (key.startsWith("translate") && key.length() == 10 && axisOk(key.charAt(9), is3D)) {
      t[axes.indexOf(key.charAt(9))][3] = v;
    } else if (key.equals("rotate")
        || (is3D && key.length() == 7 && key.startsWith("rotate") && axisOk(key.charAt(6), true))) {
      int axis = key.equals("rotate") ? 2 : axes.indexOf(key.charAt(6));
      // a rotation by −v degrees about the axis, x towards y (y towards z, z towards x)
      int p = (axis + 1) % 3;
      int q = (axis + 2) % 3;
      double r = Math.toRadians(-v);
      t[p][p] = Math.cos(r);
      t[p][q] = -Math.sin(r);
      t[q][p] = Math.sin(r);
      t[q][q] = Math.cos(r);
    } else if (key.startsWith("shear") && key.length() == 7 && (is3D || key.equals("shearxy"))) {
      int a = axes.indexOf(key.charAt(5));
      int b = axes.indexOf(key.charAt(6));
      if (a < 0 || b < 0 || a == b) return false;
      t[a][b] = v;
    } else {
      return false;
    }
    return true;
  }

  private static boolean axisOk(char c, boolean is3D) {
    return c == 'x' || c == 'y' || (is3D && c == 'z');
  }

  /** a·b for 3×4 affine matrices (b applies first). */
  private static double[][] compose(double[][] a, double[][] b) {
    double[][] r = new double[3][4];
    for (int i = 0; i < 3; i++) {
      r[i][3] = a[i][3];
      for (int j = 0; j < 4; j++) for (int k = 0; k < 3; k++) r[i][j] += a[i][k] * b[k][j];
    }
    return r;
  }

  private static final String VECTOR_NOTES =
      " Nearest neighbour, as CLIJ2 on buffers: the pixel floor(centre + vector) of the source"
          + " (pixel centres at +0.5), 0 outside. The vector images must have the destination's"
          + " shape (the source's when the destination is created); any pixel type (float32"
          + " recommended, as CLIJ2 says).";

  @Op(
      name = "applyVectorField2D",
      category = Category.GEOMETRY,
      doc = "Deforms an image by per-pixel shifts given in two vector images.",
      dimensions = {2},
      kernels = CL,
      imagej = "none in ImageJ 1.x; tested against a CPU reference",
      notes = "dst(x, y) = src(x + vectorX(x, y), y + vectorY(x, y))." + VECTOR_NOTES)
  public static GpuImage applyVectorField2D(
      GpuImage source, GpuImage vectorX, GpuImage vectorY, @Out GpuImage destination) {
    OpSupport.require2D("applyVectorField2D", "source", source);
    return vectorField("applyVectorField2D", source, vectorX, vectorY, null, destination);
  }

  @Op(
      name = "applyVectorField3D",
      category = Category.GEOMETRY,
      doc = "Deforms a stack by per-voxel shifts given in three vector stacks.",
      dimensions = {3},
      kernels = CL,
      imagej = "none in ImageJ 1.x; tested against a CPU reference",
      notes =
          "dst(x, y, z) = src(x + vectorX, y + vectorY, z + vectorZ) (vectors at (x, y, z))."
              + VECTOR_NOTES)
  public static GpuImage applyVectorField3D(
      GpuImage source,
      GpuImage vectorX,
      GpuImage vectorY,
      GpuImage vectorZ,
      @Out GpuImage destination) {
    OpSupport.require3D("applyVectorField3D", "source", source);
    OpSupport.requireNotNull("applyVectorField3D", "vectorZ", vectorZ);
    return vectorField("applyVectorField3D", source, vectorX, vectorY, vectorZ, destination);
  }

  private static GpuImage vectorField(
      String op, GpuImage src, GpuImage vx, GpuImage vy, GpuImage vz, GpuImage dst) {
    OpSupport.requireNotNull(op, "vectorX", vx);
    OpSupport.requireNotNull(op, "vectorY", vy);
    dst = OpSupport.outputNotInPlace(op, src, dst, src.type());
    for (GpuImage v : vz == null ? List.of(vx, vy) : List.of(vx, vy, vz)) {
      OpSupport.requireSameShape(op, dst, v);
    }
    launch(
        OpSupport.kernel(src.gpu(), CL, "vector_field_sample")
            .image("src", src)
            .image("vx", vx)
            .image("vy", vy)
            .image("vz", vz == null ? vx : vz)
            .image("dst", dst)
            .size("s", src)
            .size("d", dst)
            .arg("hasZ", vz == null ? 0 : 1)
            .arg("linear", 0),
        dst);
    return dst;
  }

  // ---------------------------------------------------------------- drawing (in place)

  private static final String DRAW_CL = "draw.cl";

  private static final String DRAW_NOTES =
      " Draws into the given image in place (CLIJ2's ByRef destination); other pixels keep their"
          + " values. The value is converted to the image's type (saturating, round half to"
          + " even); parts outside the image are clipped.";

  @Op(
      name = "drawBox",
      category = Category.GEOMETRY,
      doc = "Draws a filled box with its first corner at (x, y, z) and the given size.",
      kernels = DRAW_CL,
      imagej =
          "Edit > Fill of a rectangle (ImageProcessor.fill(Roi)) of (width + 1)×(height + 1)"
              + " pixels for integer corners",
      notes =
          "Sets every pixel (i, j, k) with x ≤ i ≤ x + width, y ≤ j ≤ y + height, z ≤ k ≤ z +"
              + " depth: both ends inclusive, so an integer width w covers w + 1 pixels, as"
              + " CLIJ2 (z and depth are ignored for 2D images)."
              + DRAW_NOTES)
  public static void drawBox(
      GpuImage destination,
      @Param(value = "0", doc = "x of the first corner") float x,
      @Param(value = "0", doc = "y of the first corner") float y,
      @Param(value = "0", doc = "z of the first corner") float z,
      @Param(value = "1", doc = "extent along X (the last column is x + width)") float width,
      @Param(value = "1", doc = "extent along Y") float height,
      @Param(value = "0", doc = "extent along Z") float depth,
      @Param(value = "1", doc = "the pixel value") float value) {
    OpSupport.requireNotNull("drawBox", "destination", destination);
    boolean is3D = destination.is3D();
    float[] a = {Math.min(x, x + width), Math.min(y, y + height), Math.min(z, z + depth)};
    float[] b = {Math.max(x, x + width), Math.max(y, y + height), Math.max(z, z + depth)};
    launch(
        drawCall(destination, "draw_box", value)
            .arg("x1", a[0])
            .arg("y1", a[1])
            .arg("z1", is3D ? a[2] : 0f)
            .arg("x2", b[0])
            .arg("y2", b[1])
            .arg("z2", is3D ? b[2] : 0f),
        destination);
  }

  @Op(
      name = "drawSphere",
      category = Category.GEOMETRY,
      doc = "Draws a filled ellipsoid (ellipse in 2D) around (x, y, z) with the given radii.",
      kernels = DRAW_CL,
      imagej = "Edit > Fill of an OvalRoi differs at the rim (ImageJ's polygon outline)",
      notes =
          "Sets every pixel p with |p − c| ≤ r on every axis and Σ (p − c)² / r² ≤ 1, pixel"
              + " indices as coordinates (as CLIJ2); radiusZ and z are ignored for 2D images."
              + " Radii must be > 0."
              + DRAW_NOTES)
  public static void drawSphere(
      GpuImage destination,
      @Param(value = "0", doc = "centre x") float x,
      @Param(value = "0", doc = "centre y") float y,
      @Param(value = "0", doc = "centre z") float z,
      @Param(value = "1", doc = "radius along X (> 0)") float radiusX,
      @Param(value = "1", doc = "radius along Y (> 0)") float radiusY,
      @Param(value = "1", doc = "radius along Z (> 0; 3D only)") float radiusZ,
      @Param(value = "1", doc = "the pixel value") float value) {
    OpSupport.requireNotNull("drawSphere", "destination", destination);
    boolean is3D = destination.is3D();
    requirePositive("drawSphere", "radiusX", radiusX);
    requirePositive("drawSphere", "radiusY", radiusY);
    if (is3D) requirePositive("drawSphere", "radiusZ", radiusZ);
    launch(
        drawCall(destination, "draw_sphere", value)
            .arg("cx", x)
            .arg("cy", y)
            .arg("cz", z)
            .arg("rx", radiusX)
            .arg("ry", radiusY)
            .arg("rz", radiusZ)
            .arg("is3D", is3D ? 1 : 0),
        destination);
  }

  @Op(
      name = "drawLine",
      category = Category.GEOMETRY,
      doc = "Draws a line of the given thickness between two points.",
      kernels = DRAW_CL,
      imagej =
          "Edit > Draw of a Line ROI with line width differs (ImageJ rasterises the segment"
              + " with round caps; CLIJ2's rule below is kept for its results)",
      notes =
          "Sampled as CLIJ2 2.5.3.1 samples it (equal pixels, tested in"
              + " GeometryClij2ParityTest): positions p = min(a, b) − t/2 + i, i = 0 … (long)(|b"
              + " − a| + 1 + t) − 1 per axis (t = thickness); p is drawn into the pixel (int)p"
              + " (truncated towards zero) when it lies within t/2 past the end points on every"
              + " axis and closer than t/2 to the infinite line through a and b. So the line"
              + " runs half a pixel off the pixel centres and a thickness ≤ 1 can leave gaps; z1"
              + " and z2 are ignored for 2D images."
              + DRAW_NOTES)
  public static void drawLine(
      GpuImage destination,
      @Param(value = "0", doc = "x of the first point") float x1,
      @Param(value = "0", doc = "y of the first point") float y1,
      @Param(value = "0", doc = "z of the first point") float z1,
      @Param(value = "1", doc = "x of the second point") float x2,
      @Param(value = "1", doc = "y of the second point") float y2,
      @Param(value = "0", doc = "z of the second point") float z2,
      @Param(value = "1", doc = "line thickness, pixels (> 0)") float thickness,
      @Param(value = "1", doc = "the pixel value") float value) {
    OpSupport.requireNotNull("drawLine", "destination", destination);
    requirePositive("drawLine", "thickness", thickness);
    boolean is3D = destination.is3D();
    long nx = (long) (Math.abs(x1 - x2) + 1 + thickness);
    long ny = (long) (Math.abs(y1 - y2) + 1 + thickness);
    long nz = is3D ? (long) (Math.abs(z1 - z2) + 1 + thickness) : 1;
    drawCall(destination, "draw_line", value)
        .arg("ax", x1)
        .arg("ay", y1)
        .arg("az", z1)
        .arg("bx", x2)
        .arg("by", y2)
        .arg("bz", z2)
        .arg("r", thickness / 2)
        .arg("is3D", is3D ? 1 : 0)
        .run(nx, ny, nz);
  }

  private static KernelCall drawCall(GpuImage img, String kernel, float value) {
    requireFinite(kernel, "value", value);
    return OpSupport.kernel(img.gpu(), DRAW_CL, kernel)
        .image("dst", img)
        .size(img)
        .arg("value", value);
  }

  /**
   * dst (w×h×d) (x, y, z) = src[base + x·s0 + y·s1 + z·s2] (kernel copy_strided); strides = {s0,
   * s1, s2} in source elements.
   */
  private static GpuImage strided(
      String op, GpuImage src, GpuImage dst, int[] shape, long base, long... strides) {
    dst = OpSupport.copyOutput(op, src, dst, shape[0], shape[1], shape[2]);
    launch(
        OpSupport.kernel(RESLICE_CL, "copy_strided", src, dst)
            .size("d", dst)
            .arg("base", base)
            .arg("s0", strides[0])
            .arg("s1", strides[1])
            .arg("s2", strides[2]),
        dst);
    return dst;
  }
}
