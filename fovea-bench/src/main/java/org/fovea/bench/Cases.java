package org.fovea.bench;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Filters3D;
import ij.plugin.ZProjector;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.RankFilters;
import ij.process.AutoThresholder;
import ij.process.Blitter;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.GpuImage;

/**
 * The rows of the CLIJ speedup table: each op as Fovea, CLIJ2 and ImageJ 1.x run it on the same
 * inputs. Neighbourhood ops come twice: with a sphere (ImageJ's circular/ellipsoid kernels, CLIJ2's
 * {@code *Sphere}) and with a box (CLIJ2's {@code *Box}, CuPy's {@code size=5} filters).
 */
public final class Cases {
  private Cases() {}

  /** How an op's speed is judged against the device. */
  public enum Kind {
    /** Reads and writes each pixel once: judged by the fraction of copy bandwidth. */
    PIXELWISE,
    /** Separable filter: judged against one read+write pass per dimension. */
    SEPARABLE,
    /** Compute- or access-pattern-bound; no bandwidth fraction reported. */
    OTHER
  }

  /** One prepared benchmark body of one peer. */
  public interface Runner extends Timing.Body {
    /** The output pixels (for comparing peers), or null. */
    default double[] result() {
      return null;
    }

    /** Bytes one run must read and write at least (inputs + output), or 0. */
    default long bytes() {
      return 0;
    }

    /** Frees what the runner allocated. */
    default void close() {}
  }

  @FunctionalInterface
  public interface FoveaFn {
    Runner make(Peers.FoveaInputs in, boolean is3D);
  }

  @FunctionalInterface
  public interface ClijFn {
    Runner make(Peers.ClijInputs in, boolean is3D);
  }

  @FunctionalInterface
  public interface IjFn {
    Runner make(IjInputs in, boolean is3D);
  }

  /** A row of the table. {@code dims} is 2, 3, or 0 for both. */
  public record Case(String name, Kind kind, int dims, FoveaFn fovea, ClijFn clij, IjFn imagej) {
    public boolean runsOn(boolean is3D) {
      return dims == 0 || dims == (is3D ? 3 : 2);
    }

    public String key(boolean is3D) {
      return name + (is3D ? " 3D" : " 2D");
    }

    public int passes(boolean is3D) {
      return kind == Kind.SEPARABLE ? (is3D ? 3 : 2) : 1;
    }

    public boolean hasImageJ() {
      return imagej != null;
    }

    /** A short ASCII id for command lines and JMH parameters, e.g. MeanSphere, GaussianBlur. */
    public String id() {
      String first = name.split(" ")[0];
      return first
          + (name.contains("(sphere)") ? "Sphere" : name.contains("r=2 (box)") ? "Box" : "");
    }
  }

  /** The case with this {@link Case#id()} (case-insensitive). */
  public static Case byId(String id) {
    for (Case c : all()) if (c.id().equalsIgnoreCase(id)) return c;
    throw new IllegalArgumentException("No benchmark case '" + id + "'");
  }

  /** ImageJ's inputs of one shape. */
  public static final class IjInputs {
    public final BenchData data;
    public final ImagePlus a;
    public final ImagePlus b;
    public final ImagePlus maskA;
    public final ImagePlus maskB;

    public IjInputs(BenchData data) {
      this.data = data;
      a = data.imagePlus("a", data.a);
      b = data.imagePlus("b", data.b);
      maskA = data.mask255("ma", data.maskA);
      maskB = data.mask255("mb", data.maskB);
    }
  }

  // ------------------------------------------------------------------ helpers

  static final float SCALAR_ADD = 100f;
  static final float SCALAR_MUL = 2f;
  static final float SIGMA = 2f;
  static final float RADIUS = 2f;

  /** The second σ of the difference-of-Gaussians row (radius ceil(4σ) = 16). */
  static final float DOG_SIGMA2 = 4f;

  /** Angles of the arbitrary-rotation rows: 2D and 3D about Z, 3D also about X (degrees). */
  static final float ROT_Z = 30f;

  static final float ROT_X = 20f;

  /**
   * ImageJ's RankFilters radius with the footprint of Fovea's (and CLIJ2's) 2D sphere of radius 2:
   * RankFilters takes the pixels with dx² + dy² ≤ r² + 1, so r = 2 gives 21 pixels and r = 1.9 the
   * 13 of dx² + dy² ≤ 4. (Filters3D's ellipsoid of radius 2 already is x²/4 + y²/4 + z²/4 ≤ 1.)
   */
  static final double IJ_RADIUS_2D = RADIUS - 0.1;

  /**
   * Accuracy of ImageJ's Gaussian kernel giving Fovea's 17 taps at σ 2: ImageJ's kernel radius is
   * ceil(σ·sqrt(−2 ln accuracy)) + 1 = 9 (17 taps) for accuracy 0.001; ImageJ's GUI uses 0.0002 for
   * 16-bit images (19 taps).
   */
  static final double IJ_GAUSS_ACCURACY = 0.001;

  /**
   * The 3×3 (2D) or 3×3×3 (3D) box minimum of an ImageJ mask, as an ImageJ user gets it:
   * RankFilters MIN of radius 1 (ImageJ's circle of radius 1 is the 3×3 box, edges padded with the
   * edge pixels) on every slice in parallel, then for 3D the minimum of each slice with its two
   * neighbours (Blitter.MIN; the edge slices with their one neighbour). Fovea's erodeBox on a 0/1
   * mask is the same 27-voxel minimum.
   */
  static Runner imagejMinBox3(ImagePlus mask, boolean d3) {
    ImageStack s = mask.getStack();
    int d = s.getSize();
    ImageProcessor[] xy = new ImageProcessor[d];
    ImageProcessor[] out = new ImageProcessor[d];
    return ij(
        () -> {
          perSlice(
              d,
              z -> {
                ImageProcessor ip = s.getProcessor(z + 1).duplicate();
                new RankFilters().rank(ip, 1, RankFilters.MIN);
                xy[z] = ip;
              });
          if (!d3) {
            out[0] = xy[0];
            return;
          }
          perSlice(
              d,
              z -> {
                ImageProcessor o = xy[z].duplicate();
                if (z > 0) o.copyBits(xy[z - 1], 0, 0, Blitter.MIN);
                if (z + 1 < d) o.copyBits(xy[z + 1], 0, 0, Blitter.MIN);
                out[z] = o;
              });
        },
        () -> d3 ? out : new Object[] {out[0]});
  }

  /**
   * ImageJ's Gaussian blur of a stack with Fovea's 17-tap kernels at σ 2 ({@link
   * #IJ_GAUSS_ACCURACY}), on all cores: GaussianBlur.blurGaussian on every slice (slices in
   * parallel), then GaussianBlur.blur1Direction along z on every xz plane (planes in parallel).
   * This is what GaussianBlur3D.blur does, with the accuracy set and both stages in parallel.
   */
  static void imagejGauss3D(ImagePlus imp) {
    ImageStack st = imp.getStack();
    int w = st.getWidth();
    int h = st.getHeight();
    int d = st.getSize();
    perSlice(
        d,
        z ->
            new GaussianBlur()
                .blurGaussian(st.getProcessor(z + 1), SIGMA, SIGMA, IJ_GAUSS_ACCURACY));
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              float[] v = st.getVoxels(0, y, 0, w, 1, d, null);
              FloatProcessor fp = new FloatProcessor(w, d, v);
              GaussianBlur gb = new GaussianBlur();
              gb.showProgress(false);
              gb.blur1Direction(fp, SIGMA, IJ_GAUSS_ACCURACY, false, 0);
              st.setVoxels(0, y, 0, w, 1, d, v);
            });
  }

  /**
   * ImageJ's difference of Gaussians of a 2D image as a user gets it: two float copies,
   * GaussianBlur with Fovea's kernel extents (accuracy {@link #IJ_GAUSS_ACCURACY}), Image
   * Calculator subtract (32-bit result).
   */
  static Runner imagejDog2D(ImagePlus imp) {
    ImageProcessor src = imp.getStack().getProcessor(1);
    FloatProcessor[] out = new FloatProcessor[1];
    return ij(
        () -> {
          FloatProcessor g1 = src.convertToFloatProcessor();
          FloatProcessor g2 = src.convertToFloatProcessor();
          new GaussianBlur().blurGaussian(g1, SIGMA, SIGMA, IJ_GAUSS_ACCURACY);
          new GaussianBlur().blurGaussian(g2, DOG_SIGMA2, DOG_SIGMA2, IJ_GAUSS_ACCURACY);
          g1.copyBits(g2, 0, 0, Blitter.SUBTRACT);
          out[0] = g1;
        },
        () -> new Object[] {out[0]});
  }

  static void perSlice(int d, IntConsumer f) {
    if (d == 1) f.accept(0);
    else IntStream.range(0, d).parallel().forEach(f);
  }

  static Runner fovea(Peers.FoveaInputs in, String op, GpuImage[] inputs, Object... named) {
    FoveaCall call = FoveaCall.prepare(op, inputs, null, named);
    in.gpu.finish();
    long inBytes = 0;
    for (GpuImage g : inputs) inBytes += g.bytes();
    final long bytes = inBytes;
    return new Runner() {
      @Override
      public void run() {
        call.run();
      }

      @Override
      public void sync() {
        in.gpu.finish();
      }

      @Override
      public double[] result() {
        return call.output() == null ? null : Peers.pixels(call.output());
      }

      @Override
      public long bytes() {
        return bytes + (call.output() == null ? 0 : call.output().bytes());
      }

      @Override
      public void close() {
        if (call.output() != null) call.output().close();
      }
    };
  }

  interface ClijOp {
    void run(CLIJ2 clij, ClearCLBuffer dst);
  }

  static Runner clij(Peers.ClijInputs in, ClearCLBuffer dst, ClijOp op) {
    return new Runner() {
      @Override
      public void run() {
        op.run(in.clij, dst);
      }

      @Override
      public void sync() {
        Peers.clijFinish(in.clij);
      }

      @Override
      public double[] result() {
        return Peers.pixels(in.clij, dst);
      }

      @Override
      public void close() {
        in.clij.release(dst);
      }
    };
  }

  /** An ImageJ op working in place on a copy of {@code src}, restored (untimed) before each run. */
  static Runner ijInPlace(ImagePlus src, java.util.function.Consumer<ImagePlus> op) {
    ImagePlus work = src.duplicate();
    ImageStack s = src.getStack();
    ImageStack ws = work.getStack();
    int d = s.getSize();
    return new Runner() {
      @Override
      public void reset() {
        perSlice(
            d,
            z -> {
              Object from = s.getPixels(z + 1);
              System.arraycopy(
                  from, 0, ws.getPixels(z + 1), 0, java.lang.reflect.Array.getLength(from));
            });
      }

      @Override
      public void run() {
        op.accept(work);
      }

      @Override
      public double[] result() {
        return ijPixels(work.getStack());
      }
    };
  }

  static Runner ijPerSliceInPlace(ImagePlus src, java.util.function.Consumer<ImageProcessor> op) {
    return ijInPlace(
        src,
        work -> {
          ImageStack ws = work.getStack();
          perSlice(ws.getSize(), z -> op.accept(ws.getProcessor(z + 1)));
        });
  }

  static Runner ij(Runnable r) {
    return r::run;
  }

  /** An ImageJ body whose output ({@link #ijPixels}) {@code out} returns after a run. */
  static Runner ij(Runnable r, java.util.function.Supplier<Object> out) {
    return new Runner() {
      @Override
      public void run() {
        r.run();
      }

      @Override
      public double[] result() {
        return ijPixels(out.get());
      }
    };
  }

  /**
   * ImageJ output pixels as doubles for comparing with Fovea: an ImageStack, ImagePlus, or an array
   * of slices (short[], byte[], ImageProcessor). 8-bit outputs here are ImageJ masks (0/255): they
   * are divided by 255 to compare with Fovea's 0/1 masks.
   */
  static double[] ijPixels(Object o) {
    if (o instanceof ImagePlus imp) o = imp.getStack();
    Object[] slices;
    if (o instanceof ImageStack st) {
      slices = new Object[st.getSize()];
      for (int z = 0; z < slices.length; z++) slices[z] = st.getPixels(z + 1);
    } else {
      slices = (Object[]) o;
    }
    int plane = -1;
    double[] out = null;
    for (int z = 0; z < slices.length; z++) {
      Object sl = slices[z] instanceof ImageProcessor ip ? ip.getPixels() : slices[z];
      int n = java.lang.reflect.Array.getLength(sl);
      if (out == null) {
        plane = n;
        out = new double[plane * slices.length];
      }
      if (sl instanceof short[] a) for (int i = 0; i < n; i++) out[z * plane + i] = a[i] & 0xffff;
      else if (sl instanceof byte[] a)
        for (int i = 0; i < n; i++) out[z * plane + i] = (a[i] & 0xff) / 255.0;
      else if (sl instanceof float[] a) for (int i = 0; i < n; i++) out[z * plane + i] = a[i];
      else throw new IllegalArgumentException("pixels of " + sl.getClass());
    }
    return out;
  }

  // ------------------------------------------------------------------ the rows

  public static List<Case> all() {
    List<Case> cs = new ArrayList<>();
    cs.add(
        new Case(
            "AddImagesWeighted",
            Kind.PIXELWISE,
            0,
            (in, d3) ->
                fovea(
                    in,
                    "addImagesWeighted",
                    new GpuImage[] {in.a, in.b},
                    "factor0",
                    0.5f,
                    "factor1",
                    0.5f),
            (in, d3) ->
                clij(in, in.u16(), (c, dst) -> c.addImagesWeighted(in.a, in.b, dst, 0.5, 0.5)),
            (in, d3) -> {
              ImageStack sa = in.a.getStack();
              ImageStack sb = in.b.getStack();
              int d = sa.getSize();
              Object[] out = new Object[d];
              return ij(
                  () ->
                      perSlice(
                          d,
                          z -> {
                            FloatProcessor fa = sa.getProcessor(z + 1).convertToFloatProcessor();
                            FloatProcessor fb = sb.getProcessor(z + 1).convertToFloatProcessor();
                            fa.multiply(0.5);
                            fb.multiply(0.5);
                            fa.copyBits(fb, 0, 0, Blitter.ADD);
                            out[z] = fa.convertToShortProcessor(false).getPixels();
                          }),
                  () -> out);
            }));
    cs.add(
        new Case(
            "AddScalar",
            Kind.PIXELWISE,
            0,
            (in, d3) -> fovea(in, "addImageAndScalar", new GpuImage[] {in.a}, "scalar", SCALAR_ADD),
            (in, d3) -> clij(in, in.u16(), (c, dst) -> c.addImageAndScalar(in.a, dst, SCALAR_ADD)),
            (in, d3) -> ijPerSliceInPlace(in.a, ip -> ip.add(SCALAR_ADD))));
    cs.add(
        new Case(
            "AutoThreshold (Default)",
            Kind.OTHER,
            0,
            (in, d3) -> fovea(in, "automaticThreshold", new GpuImage[] {in.a}, "method", "Default"),
            (in, d3) -> clij(in, in.u8(), (c, dst) -> c.automaticThreshold(in.a, dst, "Default")),
            (in, d3) -> {
              Object[][] res = new Object[1][];
              return ij(() -> res[0] = imagejAutoThreshold(in.a), () -> res[0]);
            }));
    cs.add(
        new Case(
            "BinaryAnd",
            Kind.PIXELWISE,
            0,
            (in, d3) -> fovea(in, "binaryAnd", new GpuImage[] {in.maskA, in.maskB}),
            (in, d3) -> clij(in, in.u8(), (c, dst) -> c.binaryAnd(in.maskA, in.maskB, dst)),
            (in, d3) -> {
              ImageStack mb = in.maskB.getStack();
              return ijInPlace(
                  in.maskA,
                  work -> {
                    ImageStack ws = work.getStack();
                    perSlice(
                        ws.getSize(),
                        z ->
                            ws.getProcessor(z + 1)
                                .copyBits(mb.getProcessor(z + 1), 0, 0, Blitter.AND));
                  });
            }));
    cs.add(
        new Case(
            "Erode (box)",
            Kind.OTHER,
            0,
            (in, d3) -> fovea(in, "erodeBox", new GpuImage[] {in.maskA}),
            (in, d3) -> clij(in, in.u8(), (c, dst) -> c.erodeBox(in.maskA, dst)),
            (in, d3) -> imagejMinBox3(in.maskA, d3)));
    cs.add(
        new Case(
            "FixedThreshold",
            Kind.PIXELWISE,
            0,
            (in, d3) ->
                fovea(
                    in,
                    "threshold",
                    new GpuImage[] {in.a},
                    "threshold",
                    (float) BenchData.THRESHOLD),
            (in, d3) -> clij(in, in.u8(), (c, dst) -> c.threshold(in.a, dst, BenchData.THRESHOLD)),
            (in, d3) -> {
              ImageStack sa = in.a.getStack();
              int d = sa.getSize();
              Object[] out = new Object[d];
              return ij(
                  () ->
                      perSlice(
                          d,
                          z -> {
                            ImageProcessor ip = sa.getProcessor(z + 1);
                            ip.setThreshold(
                                BenchData.THRESHOLD, 65535, ImageProcessor.NO_LUT_UPDATE);
                            out[z] = ip.createMask();
                          }),
                  () -> out);
            }));
    cs.add(
        new Case(
            "Flip",
            Kind.PIXELWISE,
            0,
            (in, d3) ->
                d3
                    ? fovea(
                        in,
                        "flip3D",
                        new GpuImage[] {in.a},
                        "flipX",
                        true,
                        "flipY",
                        false,
                        "flipZ",
                        false)
                    : fovea(in, "flip2D", new GpuImage[] {in.a}, "flipX", true, "flipY", false),
            (in, d3) ->
                clij(
                    in,
                    in.u16(),
                    (c, dst) -> {
                      if (d3) c.flip3D(in.a, dst, true, false, false);
                      else c.flip2D(in.a, dst, true, false);
                    }),
            (in, d3) -> ijPerSliceInPlace(in.a, ImageProcessor::flipHorizontal)));
    cs.add(
        new Case(
            "GaussianBlur σ=2",
            Kind.SEPARABLE,
            0,
            (in, d3) ->
                d3
                    ? fovea(
                        in,
                        "gaussianBlur3D",
                        new GpuImage[] {in.a},
                        "sigmaX",
                        SIGMA,
                        "sigmaY",
                        SIGMA,
                        "sigmaZ",
                        SIGMA)
                    : fovea(
                        in,
                        "gaussianBlur2D",
                        new GpuImage[] {in.a},
                        "sigmaX",
                        SIGMA,
                        "sigmaY",
                        SIGMA),
            (in, d3) ->
                clij(
                    in,
                    in.u16(),
                    (c, dst) -> {
                      if (d3) c.gaussianBlur3D(in.a, dst, SIGMA, SIGMA, SIGMA);
                      else c.gaussianBlur2D(in.a, dst, SIGMA, SIGMA);
                    }),
            (in, d3) ->
                d3
                    ? ijInPlace(in.a, Cases::imagejGauss3D)
                    : ijPerSliceInPlace(
                        in.a,
                        ip ->
                            new GaussianBlur().blurGaussian(ip, SIGMA, SIGMA, IJ_GAUSS_ACCURACY))));
    cs.add(
        new Case(
            "DifferenceOfGaussian σ=2/4",
            Kind.SEPARABLE,
            0,
            (in, d3) ->
                d3
                    ? fovea(
                        in,
                        "differenceOfGaussian3D",
                        new GpuImage[] {in.a},
                        "sigma1x",
                        SIGMA,
                        "sigma1y",
                        SIGMA,
                        "sigma1z",
                        SIGMA,
                        "sigma2x",
                        DOG_SIGMA2,
                        "sigma2y",
                        DOG_SIGMA2,
                        "sigma2z",
                        DOG_SIGMA2)
                    : fovea(
                        in,
                        "differenceOfGaussian2D",
                        new GpuImage[] {in.a},
                        "sigma1x",
                        SIGMA,
                        "sigma1y",
                        SIGMA,
                        "sigma2x",
                        DOG_SIGMA2,
                        "sigma2y",
                        DOG_SIGMA2),
            (in, d3) ->
                clij(
                    in,
                    in.f32(),
                    (c, dst) -> {
                      if (d3) {
                        c.differenceOfGaussian3D(
                            in.a, dst, SIGMA, SIGMA, SIGMA, DOG_SIGMA2, DOG_SIGMA2, DOG_SIGMA2);
                      } else {
                        c.differenceOfGaussian2D(in.a, dst, SIGMA, SIGMA, DOG_SIGMA2, DOG_SIGMA2);
                      }
                    }),
            (in, d3) -> d3 ? null : imagejDog2D(in.a)));
    rank(cs, "Mean", "mean", RankFilters.MEAN, Filters3D.MEAN);
    rank(cs, "Median", "median", RankFilters.MEDIAN, Filters3D.MEDIAN);
    rank(cs, "Minimum", "minimum", RankFilters.MIN, Filters3D.MIN);
    cs.add(
        new Case(
            "MultiplyScalar",
            Kind.PIXELWISE,
            0,
            (in, d3) ->
                fovea(in, "multiplyImageAndScalar", new GpuImage[] {in.a}, "scalar", SCALAR_MUL),
            (in, d3) ->
                clij(in, in.u16(), (c, dst) -> c.multiplyImageAndScalar(in.a, dst, SCALAR_MUL)),
            (in, d3) -> ijPerSliceInPlace(in.a, ip -> ip.multiply(SCALAR_MUL))));
    cs.add(
        new Case(
            "Rotate 90°",
            Kind.PIXELWISE,
            0,
            (in, d3) -> fovea(in, "rotateClockwise", new GpuImage[] {in.a}),
            (in, d3) -> {
              BenchData d = in.data;
              long[] dims = d3 ? new long[] {d.h, d.w, d.d} : new long[] {d.h, d.w};
              ClearCLBuffer dst = in.clij.create(dims, NativeTypeEnum.UnsignedShort);
              return clij(in, dst, (c, o) -> c.rotateClockwise(in.a, o));
            },
            (in, d3) -> {
              ImageStack sa = in.a.getStack();
              int d = sa.getSize();
              Object[] out = new Object[d];
              return ij(
                  () -> perSlice(d, z -> out[z] = sa.getProcessor(z + 1).rotateRight()), () -> out);
            }));
    cs.add(
        new Case(
            "Rotate 30° (linear)",
            Kind.OTHER,
            0,
            (in, d3) ->
                d3
                    ? fovea(
                        in,
                        "rotate3D",
                        new GpuImage[] {in.a},
                        "angleX",
                        ROT_X,
                        "angleY",
                        0f,
                        "angleZ",
                        ROT_Z,
                        "rotateAroundCenter",
                        true,
                        "interpolation",
                        "linear")
                    : fovea(
                        in,
                        "rotate2D",
                        new GpuImage[] {in.a},
                        "angle",
                        ROT_Z,
                        "rotateAroundCenter",
                        true,
                        "interpolation",
                        "linear"),
            (in, d3) ->
                clij(
                    in,
                    in.u16(),
                    (c, dst) -> {
                      if (d3) c.rotate3D(in.a, dst, ROT_X, 0, ROT_Z, true);
                      else c.rotate2D(in.a, dst, ROT_Z, true);
                    }),
            (in, d3) ->
                d3
                    ? null
                    : ijPerSliceInPlace(
                        in.a,
                        ip -> {
                          ip.setInterpolationMethod(ImageProcessor.BILINEAR);
                          ip.setBackgroundValue(0);
                          ip.rotate(ROT_Z);
                        })));
    cs.add(
        new Case(
            "MaximumZProjection",
            Kind.PIXELWISE,
            3,
            (in, d3) -> fovea(in, "maximumZProjection", new GpuImage[] {in.a}),
            (in, d3) -> {
              BenchData d = in.data;
              ClearCLBuffer dst =
                  in.clij.create(new long[] {d.w, d.h}, NativeTypeEnum.UnsignedShort);
              return clij(in, dst, (c, o) -> c.maximumZProjection(in.a, o));
            },
            (in, d3) -> {
              ImagePlus[] res = new ImagePlus[1];
              return ij(() -> res[0] = ZProjector.run(in.a, "max"), () -> res[0]);
            }));
    cs.add(
        new Case(
            "RadialReslice 360×1°",
            Kind.OTHER,
            3,
            (in, d3) ->
                fovea(
                    in,
                    "resliceRadial",
                    new GpuImage[] {in.a},
                    "angleStepSize",
                    1.0f,
                    "numberOfAngles",
                    360),
            (in, d3) -> {
              BenchData d = in.data;
              long r = (long) Math.sqrt(Math.pow(d.w / 2, 2) + Math.pow(d.h / 2, 2));
              ClearCLBuffer dst =
                  in.clij.create(new long[] {r, d.d, 360}, NativeTypeEnum.UnsignedShort);
              return clij(in, dst, (c, o) -> c.resliceRadial(in.a, o, 1.0));
            },
            null));
    return cs;
  }

  private static void rank(List<Case> cs, String label, String op, int ijFilter, int ij3D) {
    for (String shape : new String[] {"Sphere", "Box"}) {
      boolean sphere = shape.equals("Sphere");
      cs.add(
          new Case(
              label + " r=2 (" + shape.toLowerCase(java.util.Locale.ROOT) + ")",
              sphere || op.equals("median") ? Kind.OTHER : Kind.SEPARABLE,
              0,
              (in, d3) ->
                  d3
                      ? fovea(
                          in,
                          op + "3D" + shape,
                          new GpuImage[] {in.a},
                          "radiusX",
                          RADIUS,
                          "radiusY",
                          RADIUS,
                          "radiusZ",
                          RADIUS)
                      : fovea(
                          in,
                          op + "2D" + shape,
                          new GpuImage[] {in.a},
                          "radiusX",
                          RADIUS,
                          "radiusY",
                          RADIUS),
              (in, d3) ->
                  clij(
                      in,
                      in.u16(),
                      (c, dst) -> {
                        switch (op + (d3 ? "3D" : "2D") + shape) {
                          case "mean2DSphere" -> c.mean2DSphere(in.a, dst, RADIUS, RADIUS);
                          case "mean3DSphere" -> c.mean3DSphere(in.a, dst, RADIUS, RADIUS, RADIUS);
                          case "mean2DBox" -> c.mean2DBox(in.a, dst, RADIUS, RADIUS);
                          case "mean3DBox" -> c.mean3DBox(in.a, dst, RADIUS, RADIUS, RADIUS);
                          case "median2DSphere" -> c.median2DSphere(in.a, dst, RADIUS, RADIUS);
                          case "median3DSphere" ->
                              c.median3DSphere(in.a, dst, RADIUS, RADIUS, RADIUS);
                          case "median2DBox" -> c.median2DBox(in.a, dst, RADIUS, RADIUS);
                          case "median3DBox" -> c.median3DBox(in.a, dst, RADIUS, RADIUS, RADIUS);
                          case "minimum2DSphere" -> c.minimum2DSphere(in.a, dst, RADIUS, RADIUS);
                          case "minimum3DSphere" ->
                              c.minimum3DSphere(in.a, dst, RADIUS, RADIUS, RADIUS);
                          case "minimum2DBox" -> c.minimum2DBox(in.a, dst, RADIUS, RADIUS);
                          case "minimum3DBox" -> c.minimum3DBox(in.a, dst, RADIUS, RADIUS, RADIUS);
                          default -> throw new IllegalStateException(op);
                        }
                      }),
              sphere
                  ? (in, d3) -> {
                    if (!d3) {
                      return ijPerSliceInPlace(
                          in.a, ip -> new RankFilters().rank(ip, IJ_RADIUS_2D, ijFilter));
                    }
                    ImageStack[] res = new ImageStack[1];
                    return ij(
                        () ->
                            res[0] =
                                Filters3D.filter(in.a.getStack(), ij3D, RADIUS, RADIUS, RADIUS),
                        () -> res[0]);
                  }
                  : null));
    }
  }

  /**
   * ImageJ's "Convert to Mask" with the Default method on a stack histogram: 16-bit histograms per
   * slice (in parallel), 256 bins between min and max, {@link AutoThresholder}, then masks.
   */
  static Object[] imagejAutoThreshold(ImagePlus imp) {
    ImageStack st = imp.getStack();
    int d = st.getSize();
    int[][] hs = new int[d][];
    perSlice(d, z -> hs[z] = st.getProcessor(z + 1).getHistogram());
    long[] hist = new long[hs[0].length];
    for (int[] h : hs) for (int i = 0; i < h.length; i++) hist[i] += h[i];
    int min = 0;
    while (min < hist.length - 1 && hist[min] == 0) min++;
    int max = hist.length - 1;
    while (max > min && hist[max] == 0) max--;
    double binSize = (max - min + 1) / 256.0;
    int[] h256 = new int[256];
    for (int v = min; v <= max; v++) h256[Math.min(255, (int) ((v - min) / binSize))] += hist[v];
    int t = new AutoThresholder().getThreshold(AutoThresholder.Method.Default, h256);
    double level = min + (t + 1) * binSize;
    Object[] out = new Object[d];
    final int hi = max;
    perSlice(
        d,
        z -> {
          ImageProcessor ip = st.getProcessor(z + 1);
          ip.setThreshold(level, hi, ImageProcessor.NO_LUT_UPDATE);
          out[z] = ip.createMask();
        });
    return out;
  }
}
