package org.fovea.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.io.Calibration;
import org.fovea.io.TiffReader;
import org.fovea.io.TiffStack;
import org.fovea.io.TiffWriter;
import org.fovea.ops.workflow.SpotCountingWorkflow;
import org.fovea.scope.EmbryoModel;
import org.fovea.scope.Settings;
import org.fovea.scope.SimulatedMicroscope;
import org.fovea.scope.Stack;
import org.fovea.scope.WorkflowAnalysis;

/**
 * The reference spot-counting workflow on simulated light-sheet stacks (512×1024×121 uint16 at
 * 0.52×0.52×2 µm; --quick: 128×256×31), stored as TIFF files and read back from local disk:
 *
 * <ul>
 *   <li>the talk's op chain with Fovea ops (DoG in XY σ 2/6 → max with 1 → −1 → isotropic 1 µm →
 *       resliceTop → resliceRadial 360×1° → resliceLeft → maximumZProjection → findMaximaCount with
 *       prominence 5; plus boundingBox), buffers allocated once and reused;
 *   <li>the same chain with CLIJ2 (its last step is detectMaxima2DBox r=2 + countNonZeroPixels,
 *       CLIJ2 has no prominence-based maxima);
 *   <li>fovea-scope's {@link WorkflowAnalysis} (what {@code fovea demo} runs: the workflow plus the
 *       rule measurements);
 *   <li>end to end: read the TIFF from disk + push + analysis, one after the other and with the
 *       read of stack t+1 overlapping the analysis of stack t.
 * </ul>
 */
public final class WorkflowBench {
  private WorkflowBench() {}

  /** The op chain, prepared once for one stack shape. */
  static final class OpChain implements AutoCloseable {
    final Gpu gpu;
    final GpuImage src;
    final List<FoveaCall> calls = new ArrayList<>();
    final FoveaCall count;
    final FoveaCall bbox;

    final double vx;
    final double vz;

    final double iso;

    OpChain(Gpu gpu, int w, int h, int d, double vx, double vz, double iso) {
      this.vx = vx;
      this.vz = vz;
      this.iso = iso;
      // the talk's σ of 2 and 6 pixels at 0.52 µm, in pixels of this stack
      float s1 = (float) (2 * 0.52 / vx);
      float s2 = (float) (6 * 0.52 / vx);
      this.gpu = gpu;
      src = gpu.create(w, h, d, PixelType.UINT16);
      FoveaCall dog =
          FoveaCall.prepare(
              "differenceOfGaussian3D",
              new GpuImage[] {src},
              null,
              "sigma1x",
              s1,
              "sigma1y",
              s1,
              "sigma1z",
              0f,
              "sigma2x",
              s2,
              "sigma2y",
              s2,
              "sigma2z",
              0f);
      FoveaCall max =
          FoveaCall.prepare(
              "maximumImageAndScalar", new GpuImage[] {dog.output()}, null, "scalar", 1f);
      FoveaCall sub =
          FoveaCall.prepare(
              "addImageAndScalar", new GpuImage[] {max.output()}, max.output(), "scalar", -1f);
      FoveaCall isoCall =
          FoveaCall.prepare(
              "makeIsotropic",
              new GpuImage[] {max.output()},
              null,
              "voxelSizeX",
              (float) vx,
              "voxelSizeY",
              (float) vx,
              "voxelSizeZ",
              (float) vz,
              "newVoxelSize",
              (float) iso);
      FoveaCall top = FoveaCall.prepare("resliceTop", new GpuImage[] {isoCall.output()}, null);
      FoveaCall radial =
          FoveaCall.prepare(
              "resliceRadial",
              new GpuImage[] {top.output()},
              null,
              "numberOfAngles",
              360,
              "angleStepSize",
              1f);
      FoveaCall left = FoveaCall.prepare("resliceLeft", new GpuImage[] {radial.output()}, null);
      FoveaCall proj =
          FoveaCall.prepare("maximumZProjection", new GpuImage[] {left.output()}, null);
      calls.addAll(List.of(dog, max, sub, isoCall, top, radial, left, proj));
      count =
          FoveaCall.prepare(
              "findMaximaCount", new GpuImage[] {proj.output()}, null, "prominence", 5.0);
      bbox = FoveaCall.has("boundingBox") ? boundingBox(isoCall.output()) : null;
    }

    private static FoveaCall boundingBox(GpuImage img) {
      try {
        return FoveaCall.prepare("boundingBox", new GpuImage[] {img}, null);
      } catch (FoveaCall.OpMissing e) {
        return null;
      }
    }

    long analyse(Object pixels) {
      if (pixels instanceof java.nio.ByteBuffer b) gpu.pushInto(b, src);
      else gpu.pushInto(pixels, src);
      for (FoveaCall c : calls) c.run();
      if (bbox != null) bbox.run();
      return ((Number) count.run()).longValue();
    }

    List<GpuImage> outputs() {
      List<GpuImage> o = new ArrayList<>();
      for (FoveaCall c : calls) if (!o.contains(c.output())) o.add(c.output());
      return o;
    }

    @Override
    public void close() {
      for (GpuImage g : outputs()) g.close();
      src.close();
    }
  }

  /** The same chain in CLIJ2, buffers shaped like Fovea's intermediates. */
  static final class ClijChain implements AutoCloseable {
    final CLIJ2 clij;
    final ClearCLBuffer src;
    final ClearCLBuffer[] b;

    final double vx;
    final double vz;

    final double iso;

    ClijChain(CLIJ2 clij, OpChain like) {
      this.clij = clij;
      this.iso = like.iso;
      this.vx = like.vx;
      this.vz = like.vz;
      src = clij.create(dims(like.src), NativeTypeEnum.UnsignedShort);
      List<GpuImage> o = like.outputs();
      b = new ClearCLBuffer[o.size() + 1];
      for (int i = 0; i < o.size(); i++) b[i] = clij.create(dims(o.get(i)), NativeTypeEnum.Float);
      GpuImage proj = o.get(o.size() - 1);
      b[o.size()] = clij.create(dims(proj), NativeTypeEnum.Float);
    }

    static long[] dims(GpuImage g) {
      return g.depth() > 1
          ? new long[] {g.width(), g.height(), g.depth()}
          : new long[] {g.width(), g.height()};
    }

    double analyse(short[] pixels, int w, int h, int d) {
      ClearCLBuffer in = clij.push(sliced(pixels, w, h, d));
      clij.copy(in, src);
      clij.release(in);
      // b: dog, max, iso, top, radial, left, proj, maxima
      double s1 = 2 * 0.52 / vx;
      double s2 = 6 * 0.52 / vx;
      clij.differenceOfGaussian3D(src, b[0], s1, s1, 0, s2, s2, 0);
      clij.maximumImageAndScalar(b[0], b[1], 1);
      clij.addImageAndScalar(b[1], b[0], -1);
      // makeIsotropic needs imglib2-realtransform (not on Maven Central): nearest resampling
      clij.downsample3D(b[0], b[2], vx / iso, vx / iso, vz / iso);
      clij.resliceTop(b[2], b[3]);
      clij.resliceRadial(b[3], b[4], 1.0);
      clij.resliceLeft(b[4], b[5]);
      clij.maximumZProjection(b[5], b[6]);
      clij.detectMaxima2DBox(b[6], b[7], 2, 2);
      return clij.countNonZeroPixels(b[7]);
    }

    @Override
    public void close() {
      clij.release(src);
      for (ClearCLBuffer x : b) clij.release(x);
    }
  }

  static ij.ImagePlus sliced(short[] px, int w, int h, int d) {
    ij.ImageStack st = new ij.ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      short[] s = new short[w * h];
      System.arraycopy(px, z * w * h, s, 0, w * h);
      st.addSlice(new ij.process.ShortProcessor(w, h, s, null));
    }
    return new ij.ImagePlus("stack", st);
  }

  /** Markdown lines for the table generator. */
  public static List<String> tableLines(Gpu gpu, CLIJ2 clij, boolean quick, List<String> notes)
      throws Exception {
    List<String> out = new ArrayList<>();
    SimulatedMicroscope.Geometry g =
        quick ? SimulatedMicroscope.Geometry.small() : SimulatedMicroscope.Geometry.talk();
    SimulatedMicroscope sim =
        new SimulatedMicroscope(new EmbryoModel(42), g, Settings.every(30), 1e9, 0);
    Path dir = Files.createTempDirectory("fovea-bench-stacks");
    int files = 3;
    Path[] paths = new Path[files];
    long t0 = System.nanoTime();
    for (int i = 0; i < files; i++) {
      Stack s = sim.acquire(i, 15 + 0.5 * i);
      paths[i] = dir.resolve("stack" + i + ".tif");
      TiffWriter.write(
          paths[i],
          s.pixels(),
          s.width(),
          s.height(),
          s.depth(),
          Calibration.of(s.voxelX(), s.voxelY(), s.voxelZ(), "simulator"));
    }
    System.err.printf(
        Locale.ROOT,
        "bench: workflow stacks %dx%dx%d rendered and written in %.1f s%n",
        g.width(),
        g.height(),
        g.depth(),
        (System.nanoTime() - t0) / 1e9);
    int w = g.width();
    int h = g.height();
    int d = g.depth();
    int n = quick ? 3 : 15;
    Stack[] mem = new Stack[files];
    for (int i = 0; i < files; i++) mem[i] = toStack(TiffReader.read(paths[i]), i);
    double mb = 2.0 * w * h * d / 1e6;
    out.add(
        String.format(
            Locale.ROOT,
            "Stacks: %d×%d×%d uint16 (%.0f MB) at %.2f×%.2f×%.1f µm, simulated embryo (seed 42),"
                + " written as TIFF to local disk (%s, recently written: the page cache holds"
                + " them) and read back with fovea-io's TiffReader. Isotropic voxel of the op chain: %.2f µm. Median over %d stacks.%n",
            w,
            h,
            d,
            mb,
            g.vx(),
            g.vy(),
            g.vz(),
            dir,
            quick ? g.vx() : 1.0,
            n));
    out.add("| variant | ms per stack | stacks/s | spot count |");
    out.add("|---|---:|---:|---:|");
    // read only
    double[] tr = new double[n];
    for (int i = 0; i < n; i++) {
      long a = System.nanoTime();
      TiffReader.read(paths[i % files]);
      tr[i] = (System.nanoTime() - a) / 1e6;
    }
    row(out, "read TIFF from disk only (fovea-io TiffReader, mmap → new short[])", med(tr), "—");
    double[] tf = new double[n];
    Object reuse = null;
    for (int i = 0; i < n; i++) {
      long a = System.nanoTime();
      reuse = TiffReader.read(paths[i % files], reuse).pixels();
      tf[i] = (System.nanoTime() - a) / 1e6;
    }
    row(out, "read TIFF from disk only (fovea-io TiffReader, mmap → reused short[])", med(tf), "—");
    // fovea-ops SpotCountingWorkflow: the reference workflow as one call
    try (SpotCountingWorkflow wf =
            new SpotCountingWorkflow(
                gpu,
                SpotCountingWorkflow.Settings.defaults()
                    .withVoxel(g.vx(), g.vy(), g.vz())
                    .withTimeSteps(false));
        GpuImage in = gpu.create(w, h, d, PixelType.UINT16)) {
      long c = 0;
      double[] t = new double[n];
      for (int i = 0; i < n + 2; i++) {
        long a = System.nanoTime();
        c = wf.process(mem[i % files].pixels(), w, h, d).count();
        if (i >= 2) t[i - 2] = (System.nanoTime() - a) / 1e6;
      }
      row(
          out,
          "SpotCountingWorkflow (fovea-ops), stack in memory: push + workflow",
          med(t),
          String.valueOf(c));
      double[] tm = new double[n];
      for (int i = 0; i < n; i++) {
        long a = System.nanoTime();
        gpu.pushInto(TiffReader.map(paths[i % files]).pixels(), in);
        c = wf.process(in).count();
        tm[i] = (System.nanoTime() - a) / 1e6;
      }
      row(
          out,
          "**SpotCountingWorkflow, end to end: mmap'ed TIFF pushed from the page cache + workflow**",
          med(tm),
          String.valueOf(c));
      long[] cc = {0};
      double per =
          pipelinedFast(
              paths,
              n,
              new double[] {g.vx(), g.vy(), g.vz()},
              st -> cc[0] = wf.process(st.pixels(), w, h, d).count());
      row(
          out,
          "**SpotCountingWorkflow, end to end: read of t+1 (mmap → short[]) overlapping t**",
          per,
          String.valueOf(cc[0]));
    } catch (Throwable e) {
      out.add("| SpotCountingWorkflow | failed | | |");
      notes.add("workflow SpotCountingWorkflow failed: " + TableGenerator.oneLine(e));
    }
    // Fovea op chain
    try (OpChain chain = new OpChain(gpu, w, h, d, g.vx(), g.vz(), quick ? g.vx() : 1.0)) {
      long c = 0;
      double[] t = new double[n];
      for (int i = 0; i < n + 2; i++) {
        long a = System.nanoTime();
        c = chain.analyse(mem[i % files].pixels());
        if (i >= 2) t[i - 2] = (System.nanoTime() - a) / 1e6;
      }
      row(out, "Fovea op chain (push + ops + count), stack in memory", med(t), String.valueOf(c));
      if (clij != null) {
        try (ClijChain cc = new ClijChain(clij, chain)) {
          double cn = 0;
          double[] tc = new double[n];
          for (int i = 0; i < tc.length + 2; i++) {
            long a = System.nanoTime();
            cn = cc.analyse((short[]) mem[i % files].pixels(), w, h, d);
            if (i >= 2) tc[i - 2] = (System.nanoTime() - a) / 1e6;
          }
          row(
              out,
              "CLIJ2 similar chain, OTHER ALGORITHM (downsample3D for makeIsotropic,"
                  + " detectMaxima2DBox r=2 instead of prominence maxima: another spot count;"
                  + " its push allocates in the timed region): for orientation only, no speedup"
                  + " claimed",
              med(tc),
              String.format(Locale.ROOT, "%.0f", cn));
        } catch (Throwable e) {
          notes.add("workflow, CLIJ2 chain failed: " + TableGenerator.oneLine(e));
        }
      }
    } catch (FoveaCall.OpMissing e) {
      out.add("| Fovea op chain | n/a (op missing) | | |");
      notes.add("workflow op chain: " + e.getMessage());
    }
    // fovea-scope's analysis (the workflow plus rule measurements)
    try (WorkflowAnalysis an = new WorkflowAnalysis(gpu, WorkflowAnalysis.Params.defaults())) {
      double c = 0;
      double[] t = new double[n];
      for (int i = 0; i < n + 2; i++) {
        long a = System.nanoTime();
        Map<String, Double> m = an.analyse(mem[i % files]);
        c = m.getOrDefault("spot_count", Double.NaN);
        if (i >= 2) t[i - 2] = (System.nanoTime() - a) / 1e6;
      }
      row(out, "fovea-scope WorkflowAnalysis, stack in memory", med(t), fmt(c));
      int[] k = {0};
      double per =
          pipelined(
              paths,
              n,
              im -> {
                Map<String, Double> m = an.analyse(toStack(im, k[0]++));
                return m.getOrDefault("spot_count", Double.NaN).longValue();
              });
      row(out, "WorkflowAnalysis, TiffReader read of t+1 overlapping analysis of t", per, fmt(c));
      double perFast =
          pipelinedFast(
              paths,
              n,
              new double[] {g.vx(), g.vy(), g.vz()},
              st -> an.analyse(st).getOrDefault("spot_count", Double.NaN).longValue());
      row(
          out,
          "**WorkflowAnalysis, mmap read of t+1 overlapping analysis of t (end to end)**",
          perFast,
          fmt(c));
    }
    for (Path p : paths) Files.deleteIfExists(p);
    Files.deleteIfExists(dir);
    return out;
  }

  interface Analysis {
    long run(TiffStack im) throws Exception;
  }

  /** Time per stack with a reader thread one stack ahead of the analysis. */
  static double pipelined(Path[] paths, int n, Analysis a) throws Exception {
    BlockingQueue<TiffStack> q = new ArrayBlockingQueue<>(2);
    Thread reader =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < n; i++) q.put(TiffReader.read(paths[i % paths.length]));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "bench-reader");
    long t0 = System.nanoTime();
    reader.start();
    for (int i = 0; i < n; i++) a.run(q.take());
    reader.join();
    return (System.nanoTime() - t0) / 1e6 / n;
  }

  interface StackFn {
    long run(Stack s) throws Exception;
  }

  /** Like {@link #pipelined} with the mmap reader producing short[] stacks. */
  static double pipelinedFast(Path[] paths, int n, double[] voxel, StackFn a) throws Exception {
    BlockingQueue<Stack> q = new ArrayBlockingQueue<>(2);
    Thread reader =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < n; i++) {
                  TiffStack m = TiffReader.read(paths[i % paths.length]);
                  short[] px = m.shorts();
                  q.put(
                      new Stack(
                          i,
                          0,
                          0,
                          m.width(),
                          m.height(),
                          m.depth(),
                          voxel[0],
                          voxel[1],
                          voxel[2],
                          px,
                          Map.of()));
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "bench-reader");
    long t0 = System.nanoTime();
    reader.start();
    for (int i = 0; i < n; i++) a.run(q.take());
    reader.join();
    return (System.nanoTime() - t0) / 1e6 / n;
  }

  static Stack toStack(TiffStack im, int tp) {
    return new Stack(
        tp,
        0,
        0,
        im.width(),
        im.height(),
        im.depth(),
        im.calibration().x(),
        im.calibration().y(),
        im.calibration().z(),
        im.shorts(),
        Map.of());
  }

  static void row(List<String> out, String what, double ms, String count) {
    out.add(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.1f | %s |",
            what,
            TableGenerator.fmtNum(ms),
            1000 / ms,
            count));
  }

  static String fmt(double c) {
    return Double.isNaN(c) ? "—" : String.format(Locale.ROOT, "%.0f", c);
  }

  static double med(double[] t) {
    double[] s = t.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
