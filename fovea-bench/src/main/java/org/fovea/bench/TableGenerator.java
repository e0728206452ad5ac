package org.fovea.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ij.ImagePlus;
import ij.Prefs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.Arithmetic;

/**
 * Runs Fovea, ImageJ 1.x (CPU) and CLIJ2 side by side in one JVM on one OpenCL device and writes
 * the comparison as Markdown. A CuPy column is merged from the JSON that {@code cupy_peer.py} wrote
 * in the same device session.
 */
public final class TableGenerator {
  /** Settings of one run. */
  public static final class Options {
    public boolean quick;
    public String device;
    public Path out;
    public Path cupy;
    public String command = "fovea bench table";
    public boolean imagej = true;
    public boolean clij = true;
    public boolean sweep = true;
    public boolean workflow = true;
    public List<String> only = new ArrayList<>();
    public int[] shape2D;
    public int[] shape3D;
    public long[] transferMB;
  }

  /** One measured cell. */
  record Cell(Double ms, String note) {
    static Cell of(double ms) {
      return new Cell(ms, null);
    }

    static Cell na(String why) {
      return new Cell(null, why);
    }

    boolean ok() {
      return ms != null;
    }
  }

  /** One row of the op table. */
  static final class Row {
    String op;
    String size;
    String key;
    Cases.Kind kind;
    int passes;
    Cell imagej = Cell.na("—");
    Cell clij = Cell.na("—");
    Cell fovea = Cell.na("—");
    Double cupy;
    long bytes;
    double maxDiff = Double.NaN;
    String diffNote = "";
    double ijDiff = Double.NaN;
  }

  private final Options o;
  private final PrintStream log = System.err;
  private final List<Row> rows = new ArrayList<>();
  private final List<String[]> transfers = new ArrayList<>();
  private final List<String[]> overhead = new ArrayList<>();
  private String[] overhead2;
  private final List<String[]> sweep = new ArrayList<>();
  private final List<String> workflowLines = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Map<String, String> cupy = new LinkedHashMap<>();
  private double copyGBs = Double.NaN;
  private int warm;
  private int n;
  private int ijWarm;
  private int ijN;

  public TableGenerator(Options o) {
    this.o = o;
    warm = o.quick ? 1 : 3;
    n = o.quick ? 5 : 15;
    ijWarm = 1;
    ijN = o.quick ? 3 : 5;
    if (o.shape2D == null) o.shape2D = o.quick ? new int[] {512, 512} : new int[] {2048, 2048};
    if (o.shape3D == null)
      o.shape3D = o.quick ? new int[] {256, 256, 16} : new int[] {1024, 1024, 32};
    if (o.transferMB == null)
      o.transferMB = o.quick ? new long[] {8, 64} : new long[] {8, 64, 256, 1024};
  }

  public int run() throws Exception {
    if (o.cupy != null) cupy = readFlatJson(o.cupy);
    try (Gpu gpu = Gpu.open(o.device)) {
      String dev = gpu.device().name();
      log.println("bench: device " + gpu.device().describe());
      CLIJ2 clij = null;
      if (o.clij) {
        try {
          clij = CLIJ2.getInstance(dev);
          log.println("bench: CLIJ2 on " + clij.getGPUName());
        } catch (Throwable t) {
          notes.add("CLIJ2 could not start: " + t);
          log.println("bench: CLIJ2 could not start: " + t);
        }
      }
      copyGBs = copyBandwidth(gpu);
      log.printf(Locale.ROOT, "bench: device copy bandwidth %.1f GB/s%n", copyGBs);
      for (int[] shape : new int[][] {o.shape2D, o.shape3D}) {
        opTable(gpu, clij, shape);
      }
      transfers(gpu, clij);
      overhead(gpu, clij);
      if (o.sweep) sweep(gpu, clij);
      if (o.workflow) workflow(gpu, clij);
      String md = markdown(gpu);
      if (o.out != null) {
        if (o.out.getParent() != null) Files.createDirectories(o.out.getParent());
        Files.writeString(o.out, md, StandardCharsets.UTF_8);
        log.println("bench: wrote " + o.out);
      } else {
        System.out.print(md);
      }
      if (clij != null) {
        try {
          clij.clear();
        } catch (Throwable ignored) {
          // best effort
        }
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- measurements

  private double copyBandwidth(Gpu gpu) throws Exception {
    return Timing.copyBandwidth(
        gpu,
        o.quick ? 64L << 20 : 512L << 20,
        o.quick ? 200_000_000L : 1_000_000_000L,
        n,
        o.quick ? 2 : 10);
  }

  private boolean selected(Cases.Case c) {
    if (o.only.isEmpty()) return true;
    for (String s : o.only) {
      if (c.name().toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT))) return true;
    }
    return false;
  }

  private void opTable(Gpu gpu, CLIJ2 clij, int[] shape) throws Exception {
    int w = shape[0];
    int h = shape[1];
    int d = shape.length > 2 ? shape[2] : 1;
    boolean is3D = d > 1;
    log.println("bench: inputs " + w + "×" + h + "×" + d);
    BenchData data = new BenchData(w, h, d);
    try (Peers.FoveaInputs fin = new Peers.FoveaInputs(gpu, data);
        Peers.ClijInputs cin = clij == null ? null : new Peers.ClijInputs(clij, data)) {
      Cases.IjInputs iin = o.imagej ? new Cases.IjInputs(data) : null;
      for (Cases.Case c : Cases.all()) {
        if (!c.runsOn(is3D) || !selected(c)) continue;
        Row r = new Row();
        r.op = c.name();
        r.size = is3D ? "3D" : "2D";
        r.key = c.key(is3D);
        r.kind = c.kind();
        r.passes = c.passes(is3D);
        r.cupy = cupyMs(r.key);
        double[] fres = null;
        double[] cres = null;
        // Fovea
        Cases.Runner fr = null;
        try {
          fr = c.fovea().make(fin, is3D);
          r.fovea = Cell.of(gpuTime(fr));
          r.bytes = fr.bytes();
          fres = fr.result();
        } catch (FoveaCall.OpMissing e) {
          r.fovea =
              Cell.na(
                  e.getMessage().startsWith("op missing") ? "n/a (op missing)" : "n/a (signature)");
          notes.add(r.key + ", Fovea: " + e.getMessage());
        } catch (Throwable t) {
          r.fovea = Cell.na("failed");
          notes.add(r.key + ", Fovea failed: " + oneLine(t));
        } finally {
          if (fr != null) fr.close();
        }
        // CLIJ2
        if (cin != null) {
          Cases.Runner cr = null;
          try {
            cr = c.clij().make(cin, is3D);
            r.clij = Cell.of(gpuTime(cr));
            if (fres != null) cres = cr.result();
          } catch (Throwable t) {
            r.clij = Cell.na("failed");
            notes.add(r.key + ", CLIJ2 failed: " + oneLine(t));
          } finally {
            if (cr != null) {
              try {
                cr.close();
              } catch (Throwable ignored) {
                // already gone
              }
            }
          }
        }
        if (fres != null && cres != null) {
          r.maxDiff = Peers.maxAbsDiff(fres, cres);
          if (Double.isNaN(r.maxDiff)) r.diffNote = "shapes differ";
        }
        // ImageJ
        if (iin != null && c.hasImageJ()) {
          try {
            Cases.Runner ir = c.imagej().make(iin, is3D);
            if (ir == null) throw new NoImageJ();
            // outputs first: the ImageJ row must compute what Fovea computes
            ir.reset();
            ir.run();
            double[] ires = ir.result();
            if (fres != null && ires != null) r.ijDiff = Peers.maxAbsDiff(fres, ires);
            r.imagej = Cell.of(Timing.time(ir, ijWarm, ijN).medianMs());
          } catch (NoImageJ e) {
            r.imagej = Cell.na("—");
          } catch (Throwable t) {
            r.imagej = Cell.na("failed");
            notes.add(r.key + ", ImageJ failed: " + oneLine(t));
          }
        }
        log.printf(
            Locale.ROOT,
            "bench: %-28s ImageJ %s  CLIJ2 %s  Fovea %s  max|Δ| %s  vs ImageJ %s%n",
            r.key,
            fmt(r.imagej),
            fmt(r.clij),
            fmt(r.fovea),
            Double.isNaN(r.maxDiff) ? "-" : fmtNum(r.maxDiff),
            Double.isNaN(r.ijDiff) ? "-" : fmtNum(r.ijDiff));
        rows.add(r);
      }
    }
  }

  /** An ImageJ peer that has no such op for this dimensionality (the cell shows —). */
  private static final class NoImageJ extends Exception {
    NoImageJ() {
      super(null, null, false, false);
    }
  }

  /** Per-op time: k back-to-back calls then one device sync, k chosen so a sample is ≥ 2 ms. */
  private double gpuTime(Timing.Body b) throws Exception {
    // warm up by time, not by a count: ops with host-side work (AutoThreshold's histogram pull
    // and threshold search) run JIT-cold code for their first few hundred calls, which made the
    // first-measured (2D) rows slow; every Java peer gets the same warm-up
    long until = System.nanoTime() + (o.quick ? 50_000_000L : 300_000_000L);
    int k = 0;
    do {
      b.reset();
      b.run();
      b.sync();
      k++;
    } while (k < warm || System.nanoTime() < until);
    Timing.Result one = Timing.time(b, warm, 3);
    int reps = (int) Math.max(1, Math.min(200, Math.ceil(2.0 / Math.max(one.medianMs(), 1e-3))));
    return Timing.timeBatched(b, 1, n, reps).medianMs();
  }

  private void transfers(Gpu gpu, CLIJ2 clij) throws Exception {
    for (long mb : o.transferMB) {
      long bytes = mb << 20;
      long pixels = bytes / 2;
      int w = 1024;
      int h = (int) Math.max(1, Math.min(1024, pixels / w));
      int d = (int) Math.max(1, pixels / ((long) w * h));
      short[] arr = new short[w * h * d];
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(BenchData.SEED);
      for (int i = 0; i < arr.length; i += 97) arr[i] = (short) rnd.nextInt(65536);
      int reps = mb >= 256 ? 3 : n;
      String[] row = new String[7];
      row[0] = mb + " MB";
      try (GpuImage img = gpu.create(w, h, d, PixelType.UINT16)) {
        Timing.Result push =
            Timing.time(
                new Timing.Body() {
                  @Override
                  public void run() {
                    gpu.pushInto(arr, img);
                  }

                  @Override
                  public void sync() {
                    gpu.finish();
                  }
                },
                2,
                reps);
        short[] back = new short[arr.length];
        Timing.Result pull = Timing.time(() -> gpu.pull(img, back), 2, reps);
        if (!java.util.Arrays.equals(arr, back))
          notes.add("Fovea pull " + mb + " MB: data differ!");
        row[1] = gbs(bytes, push.medianMs());
        row[2] = gbs(bytes, pull.medianMs());
      } catch (Throwable t) {
        row[1] = row[2] = "failed";
        notes.add("Fovea transfer " + mb + " MB failed: " + oneLine(t));
      }
      row[3] = row[4] = "—";
      if (clij != null) {
        try {
          ImagePlus imp = sliced(arr, w, h, d);
          ClearCLBuffer[] last = new ClearCLBuffer[1];
          Timing.Result push =
              Timing.time(
                  new Timing.Body() {
                    @Override
                    public void reset() {
                      if (last[0] != null) clij.release(last[0]);
                      last[0] = null;
                    }

                    @Override
                    public void run() {
                      last[0] = clij.push(imp);
                    }

                    @Override
                    public void sync() {
                      Peers.clijFinish(clij);
                    }
                  },
                  1,
                  reps);
          ClearCLBuffer buf = last[0];
          Timing.Result pull = Timing.time(() -> clij.pull(buf), 1, reps);
          clij.release(buf);
          row[3] = gbs(bytes, push.medianMs());
          row[4] = gbs(bytes, pull.medianMs());
        } catch (Throwable t) {
          row[3] = row[4] = "failed";
          notes.add("CLIJ2 transfer " + mb + " MB failed: " + oneLine(t));
        }
      }
      Double cpush = cupyMs("push " + mb + "MB");
      Double cpull = cupyMs("pull " + mb + "MB");
      row[5] = cpush == null ? "—" : gbs(bytes, cpush);
      row[6] = cpull == null ? "—" : gbs(bytes, cpull);
      log.println("bench: transfer " + String.join(" | ", row));
      transfers.add(row);
    }
  }

  private static ImagePlus sliced(short[] arr, int w, int h, int d) {
    ij.ImageStack st = new ij.ImageStack(w, h);
    for (int z = 0; z < d; z++) {
      short[] s = new short[w * h];
      System.arraycopy(arr, z * w * h, s, 0, w * h);
      st.addSlice(new ij.process.ShortProcessor(w, h, s, null));
    }
    return new ImagePlus("t", st);
  }

  private void overhead(Gpu gpu, CLIJ2 clij) throws Exception {
    int chain = 100;
    short[] px = new short[64 * 64];
    String[] row = new String[5];
    row[0] = "chain of 100 addImageAndScalar, 64×64 uint16";
    try (GpuImage a = gpu.push(px, 64, 64, 1);
        GpuImage b = gpu.createLike(a)) {
      // the op called directly, as user code calls it
      Runnable ab = () -> Arithmetic.addImageAndScalar(a, b, 1f);
      Runnable ba = () -> Arithmetic.addImageAndScalar(b, a, 1f);
      ab.run();
      ba.run();
      gpu.finish();
      Timing.Result async =
          Timing.time(
              new Timing.Body() {
                @Override
                public void run() {
                  for (int i = 0; i < chain / 2; i++) {
                    ab.run();
                    ba.run();
                  }
                }

                @Override
                public void sync() {
                  gpu.finish();
                }
              },
              5,
              n);
      Timing.Result blocking =
          Timing.time(
              () -> {
                for (int i = 0; i < chain / 2; i++) {
                  ab.run();
                  gpu.finish();
                  ba.run();
                  gpu.finish();
                }
              },
              5,
              n);
      row[1] = fmtNum(async.medianMs() * 1000 / chain);
      row[2] = fmtNum(blocking.medianMs() * 1000 / chain);
      // second harness: many calls, one finish, timed once per sample (no batching scheme)
      int many = o.quick ? 1000 : 10000;
      double[] per = new double[o.quick ? 3 : 7];
      for (int s = 0; s < per.length; s++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < many / 2; i++) {
          ab.run();
          ba.run();
        }
        gpu.finish();
        per[s] = (System.nanoTime() - t0) / 1e3 / many;
      }
      java.util.Arrays.sort(per);
      String[] r2 = {
        many + " calls addImageAndScalar then one finish, 64×64 uint16",
        fmtNum(per[per.length / 2]),
        "—",
        "—",
        "—"
      };
      overhead2 = r2;
    } catch (Throwable t) {
      row[1] = row[2] = "failed";
      notes.add("Fovea overhead failed: " + oneLine(t));
    }
    row[3] = "—";
    if (clij != null) {
      try {
        ClearCLBuffer a = clij.push(new ImagePlus("o", new ij.process.ShortProcessor(64, 64)));
        ClearCLBuffer b = clij.create(a);
        Timing.Result r =
            Timing.time(
                new Timing.Body() {
                  @Override
                  public void run() {
                    for (int i = 0; i < chain / 2; i++) {
                      clij.addImageAndScalar(a, b, 1);
                      clij.addImageAndScalar(b, a, 1);
                    }
                  }

                  @Override
                  public void sync() {
                    Peers.clijFinish(clij);
                  }
                },
                5,
                n);
        row[3] = fmtNum(r.medianMs() * 1000 / chain);
        clij.release(a);
        clij.release(b);
      } catch (Throwable t) {
        row[3] = "failed";
        notes.add("CLIJ2 overhead failed: " + oneLine(t));
      }
    }
    Double c = cupyMs("overhead chain100 64x64");
    row[4] = c == null ? "—" : fmtNum(c * 1000 / chain);
    log.println("bench: overhead µs/op " + String.join(" | ", row));
    overhead.add(row);
    if (overhead2 != null) {
      log.println("bench: overhead µs/op " + String.join(" | ", overhead2));
      overhead.add(overhead2);
    }
  }

  private void sweep(Gpu gpu, CLIJ2 clij) throws Exception {
    int[] sizes = o.quick ? new int[] {256, 512, 1024} : new int[] {256, 512, 1024, 2048, 4096};
    List<Cases.Case> cs =
        Cases.all().stream()
            .filter(c -> c.name().equals("AddScalar") || c.name().startsWith("GaussianBlur"))
            .toList();
    for (int s : sizes) {
      BenchData data = new BenchData(s, s, 1);
      try (Peers.FoveaInputs fin = new Peers.FoveaInputs(gpu, data);
          Peers.ClijInputs cin = clij == null ? null : new Peers.ClijInputs(clij, data)) {
        for (Cases.Case c : cs) {
          String[] row = new String[5];
          row[0] = c.name();
          row[1] = s + "×" + s;
          row[2] = row[3] = "—";
          Cases.Runner fr = null;
          try {
            fr = c.fovea().make(fin, false);
            row[2] = fmtNum(gpuTime(fr));
          } catch (FoveaCall.OpMissing e) {
            row[2] = "n/a (op missing)";
          } catch (Throwable t) {
            row[2] = "failed";
          } finally {
            if (fr != null) fr.close();
          }
          if (cin != null) {
            Cases.Runner cr = null;
            try {
              cr = c.clij().make(cin, false);
              row[3] = fmtNum(gpuTime(cr));
            } catch (Throwable t) {
              row[3] = "failed";
            } finally {
              if (cr != null) cr.close();
            }
          }
          Double cu = cupyMs("sweep " + c.name() + " " + s);
          row[4] = cu == null ? "—" : fmtNum(cu);
          sweep.add(row);
        }
      }
    }
  }

  private void workflow(Gpu gpu, CLIJ2 clij) {
    try {
      workflowLines.addAll(WorkflowBench.tableLines(gpu, clij, o.quick, notes));
    } catch (Throwable t) {
      workflowLines.add("n/a: " + oneLine(t));
    }
  }

  // ---------------------------------------------------------------- output

  private String markdown(Gpu gpu) {
    StringBuilder sb = new StringBuilder();
    String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    sb.append("# Fovea vs ImageJ, CLIJ2")
        .append(cupy.isEmpty() ? "" : " and CuPy")
        .append(" — ")
        .append(gpu.device().name())
        .append("\n\n");
    sb.append("- Device: ").append(gpu.device().describe()).append('\n');
    if (cupy.containsKey("device"))
      sb.append("- CuPy device: ").append(cupy.get("device")).append('\n');
    sb.append("- Date (UTC): ").append(date.substring(0, 16).replace('T', ' ')).append('\n');
    sb.append("- Command: `").append(o.command).append("`\n");
    sb.append("- Host: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPU cores; Java ")
        .append(System.getProperty("java.version"))
        .append("; ImageJ ")
        .append(ij.IJ.getVersion())
        .append(" (")
        .append(Prefs.getThreads())
        .append(
            " threads: 3D rows run slices in parallel; 2D pixel-wise rows run on one thread, as"
                + " ImageJ runs them on one image; its filters use its own threads); CLIJ2 2.5.3.1")
        .append(cupy.containsKey("cupy") ? "; CuPy " + cupy.get("cupy") : "")
        .append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "- Inputs: 2D %s, 3D %s uint16 (seeded noise + ramp); masks uint8. Device copy"
                + " bandwidth (clEnqueueCopyBuffer, bytes read + written): **%.0f GB/s**%s.%n",
            dims(o.shape2D),
            dims(o.shape3D),
            copyGBs,
            cupy.containsKey("copy_GBps")
                ? String.format(
                    Locale.ROOT,
                    " (CuPy device-to-device copy: %.0f GB/s)",
                    Double.parseDouble(cupy.get("copy_GBps")))
                : ""));
    sb.append(
        String.format(
            Locale.ROOT,
            "- GPU times: median of %d samples after warm-up; a sample is k back-to-back calls and"
                + " one device sync, divided by k (k ≤ 200 so that a sample takes ≥ 2 ms). ImageJ: median"
                + " of %d runs. Data already on the device; transfers are timed separately.%n%n",
            n,
            ijN));
    sb.append("## Operations (ms per op)\n\n");
    sb.append(
        "| op | dims | ImageJ CPU | CLIJ2 | CuPy | Fovea | speedup vs ImageJ | vs CLIJ2 | vs CuPy"
            + " | % of copy BW | max abs Δ vs CLIJ2 | vs ImageJ |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.op)
          .append(" | ")
          .append(r.size)
          .append(" | ")
          .append(fmt(r.imagej))
          .append(" | ")
          .append(fmt(r.clij))
          .append(" | ")
          .append(r.cupy == null ? "—" : fmtNum(r.cupy))
          .append(" | **")
          .append(fmt(r.fovea))
          .append("** | ")
          .append(ratio(r.imagej, r.fovea))
          .append(" | ")
          .append(ratio(r.clij, r.fovea))
          .append(" | ")
          .append(r.cupy == null ? "—" : ratio(Cell.of(r.cupy), r.fovea))
          .append(" | ")
          .append(bw(r))
          .append(" | ")
          .append(
              Double.isNaN(r.maxDiff)
                  ? (r.diffNote.isEmpty() ? "—" : r.diffNote)
                  : fmtNum(r.maxDiff))
          .append(" | ")
          .append(Double.isNaN(r.ijDiff) ? "—" : fmtNum(r.ijDiff))
          .append(" |\n");
    }
    sb.append(
        "\n\"vs X\" = X's time / Fovea's time (> 1: Fovea is faster). % of copy BW = (bytes read +"
            + " written by one pass) × passes / time / copy bandwidth; separable filters count one"
            + " pass per dimension (a kernel that fuses the passes moves less than that bound and"
            + " can exceed 100 %), other neighbourhood ops are not bandwidth-bound (—). † = the"
            + " op's bytes fit in a large GPU's L2 cache (50 MB on an H100) between back-to-back"
            + " calls: not a device-memory figure (can exceed 100 %). ImageJ has"
            + " no box mean/median/minimum and no radial reslice (—). Neighbourhood rows:"
            + " \"sphere\" = ImageJ's circular (2D RankFilters) / ellipsoid (3D Filters3D) kernels and"
            + " CLIJ2's *Sphere ops; CuPy uses the same ball footprint there; \"box\" = CLIJ2 *Box,"
            + " CuPy size=5 filters. ImageJ rows use the footprint of Fovea's op (checked: \"vs"
            + " ImageJ\" is the largest difference of the outputs, computed before timing; masks"
            + " compared as 0/1): 2D spheres RankFilters radius 1.9 (13 pixels, as Fovea's r=2; radius"
            + " 2 would be 21), Gaussian accuracy 0.001 (17 taps, as Fovea's ±ceil(4σ)), Erode = 3×3"
            + " (×3) box minimum (RankFilters MIN r=1 per slice + Blitter.MIN over z), Gaussian 3D ="
            + " blurGaussian per slice + blur1Direction along z, both in parallel.\n\n");
    sb.append("## Transfers (GB/s, Java short[] ↔ device; CuPy: NumPy array ↔ device)\n\n");
    sb.append(
        "| size | Fovea push | Fovea pull | CLIJ2 push | CLIJ2 pull | CuPy push | CuPy pull |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (String[] t : transfers) sb.append("| ").append(String.join(" | ", t)).append(" |\n");
    sb.append(
        "\nFovea: `gpu.pushInto(short[], image)` / `gpu.pull(image, short[])` (pinned staging,"
            + " parallel copies). CLIJ2: `push(ImagePlus)` (allocates) / `pull(buffer)` →"
            + " ImagePlus.\n\n");
    sb.append("## Per-call overhead (µs per op)\n\n");
    sb.append("| chain | Fovea async | Fovea blocking each call | CLIJ2 | CuPy |\n");
    sb.append("|---|---:|---:|---:|---:|\n");
    for (String[] t : overhead) sb.append("| ").append(String.join(" | ", t)).append(" |\n");
    if (!sweep.isEmpty()) {
      sb.append("\n## Size sweep, 2D uint16 (ms per op)\n\n");
      sb.append("| op | size | Fovea | CLIJ2 | CuPy |\n|---|---|---:|---:|---:|\n");
      for (String[] t : sweep) sb.append("| ").append(String.join(" | ", t)).append(" |\n");
    }
    sb.append("\n## Reference workflow\n\n");
    for (String l : workflowLines) sb.append(l).append('\n');
    if (!notes.isEmpty()) {
      sb.append("\n## Notes from this run\n\n");
      for (String s : notes) sb.append("- ").append(s.replace("|", "\\|")).append('\n');
    }
    return sb.toString();
  }

  /** Bytes (read + written) below which an op's data may stay in a large GPU's L2 cache. */
  private static final long L2_SAFE_BYTES = 100L << 20;

  private String bw(Row r) {
    if (r.kind == Cases.Kind.OTHER || !r.fovea.ok() || r.bytes == 0 || Double.isNaN(copyGBs))
      return "—";
    double gbs = (double) r.bytes * r.passes / (r.fovea.ms() * 1e-3) / 1e9;
    // small inputs stay in the device's L2 cache between back-to-back calls: not a DRAM figure
    String inCache = r.bytes < L2_SAFE_BYTES ? " †" : "";
    return String.format(Locale.ROOT, "%.0f %%%s", 100 * gbs / copyGBs, inCache);
  }

  private static String dims(int[] s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : "×").append(s[i]);
    return b.toString();
  }

  static String fmt(Cell c) {
    return c.ok() ? fmtNum(c.ms()) : c.note();
  }

  static String fmtNum(double v) {
    if (v == 0) return "0";
    if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
    if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
    if (v >= 1) return String.format(Locale.ROOT, "%.2f", v);
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String ratio(Cell other, Cell fovea) {
    if (other == null || !other.ok() || !fovea.ok()) return "—";
    double r = other.ms() / fovea.ms();
    return (r >= 10 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.2f", r))
        + "×";
  }

  private static String gbs(long bytes, double ms) {
    return String.format(Locale.ROOT, "%.1f", bytes / (ms * 1e-3) / 1e9);
  }

  private Double cupyMs(String key) {
    String v = cupy.get(key);
    if (v == null) return null;
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String oneLine(Throwable t) {
    String m = t.toString().replace('\n', ' ');
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  /**
   * Reads the flat JSON object that cupy_peer.py writes (string keys to numbers, strings or null)
   * with Gson; nulls are left out, numbers kept as their decimal text.
   */
  static Map<String, String> readFlatJson(Path p) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    JsonObject o;
    try {
      o = JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IOException(p + " is not a JSON object: " + e.getMessage(), e);
    }
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      if (v.isJsonNull() || !v.isJsonPrimitive()) continue;
      m.put(e.getKey(), v.getAsString());
    }
    return m;
  }
}
