package org.fovea.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.io.Calibration;
import org.fovea.io.SafeFiles;
import org.fovea.io.TiffReader;
import org.fovea.io.TiffStack;
import org.fovea.io.TiffWriter;
import org.fovea.ops.workflow.SpotCountingWorkflow;
import org.fovea.ops.workflow.SyntheticNucleiStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "count-spots",
    description = {
      "Counts nuclei in light-sheet stacks with the CLIJ talk's workflow on the GPU: XY difference"
          + " of Gaussians, isotropic resampling, cylinder maximum projection around the embryo's"
          + " long axis (Y), Find Maxima. One line per stack; --out writes a TSV.",
      "Without data: --generate N writes N synthetic stacks (known nuclei counts) and counts them."
    })
final class CountSpotsCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "STACK.tif|FOLDER",
      arity = "0..*",
      description = "TIFF stacks, or folders of them (*.tif, *.tiff, sorted by name)")
  List<Path> inputs = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "results.tsv",
      description =
          "write the results as TSV (a new file: an existing one needs --force; an input is never"
              + " replaced)")
  Path out;

  @Option(
      names = "--force",
      description = "replace an existing --out file or generated stack (never an input)")
  boolean force;

  @Option(
      names = "--readers",
      paramLabel = "N",
      description =
          "stacks read from disk at once while the GPU works (default: half the CPU cores, 1–4)")
  int readers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

  @Option(
      names = "--prominence",
      defaultValue = "5",
      description = "Find Maxima prominence (noise tolerance); default ${DEFAULT-VALUE}")
  double prominence;

  @Option(
      names = "--voxel",
      paramLabel = "X,Y,Z",
      description =
          "voxel size in µm (default: the TIFF's calibration when it is in µm, else 0.52,0.52,2)")
  String voxel;

  @Option(
      names = "--device",
      description = "OpenCL device (name part, gpu, cpu or #index); default: FOVEA_DEVICE or best")
  String device;

  @Option(
      names = "--generate",
      paramLabel = "N",
      description =
          "write N synthetic stacks (synthetic-000.tif, ...) into the folder given as input (or"
              + " ./synthetic), with the planted count in a .txt beside each, then count them")
  int generate;

  @Option(
      names = "--generate-size",
      defaultValue = "small",
      description = "small (128×256×40) or talk (512×1024×121); default ${DEFAULT-VALUE}")
  String generateSize;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the first generated stack")
  long seed;

  @Option(
      names = "--long-axis",
      defaultValue = "Y",
      description = "stack axis along which the embryo lies: X or Y; default ${DEFAULT-VALUE}")
  SpotCountingWorkflow.LongAxis longAxis;

  @Option(names = "--steps", description = "also print the milliseconds of every step")
  boolean steps;

  @Override
  public Integer call() throws IOException {
    double[] vox = null;
    if (voxel != null) {
      vox = parseVoxel(voxel);
      if (vox == null) {
        System.err.println(
            "fovea: count-spots: --voxel needs three positive numbers like 0.52,0.52,2, got '"
                + voxel
                + "'");
        return 2;
      }
    }
    if (generate < 0) {
      System.err.println(
          "fovea: count-spots: --generate needs a positive number of stacks, got " + generate);
      return 2;
    }
    if (generate > 0) {
      Path dir = inputs.isEmpty() ? Path.of("synthetic") : inputs.get(0);
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        System.err.println(
            "fovea: count-spots: --generate writes stacks into a folder, but "
                + dir
                + " is a file (left unchanged); name a new or existing folder");
        return 2;
      }
      try {
        inputs = List.of(writeSynthetic(dir));
      } catch (IOException e) {
        System.err.println("fovea: count-spots: " + e.getMessage());
        return 2;
      }
    }
    if (inputs.isEmpty()) {
      System.err.println(
          "fovea: count-spots: give TIFF stacks or folders, or --generate N for synthetic data");
      return 2;
    }
    List<Path> files = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          List<Path> tifs = new ArrayList<>();
          for (Path f :
              s.filter(
                      f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".tif") || n.endsWith(".tiff");
                      })
                  .sorted()
                  .toList()) {
            if (Files.isRegularFile(f)) {
              tifs.add(f);
            } else {
              // a FIFO would block the reader forever; a folder cannot be read
              System.err.println(
                  "fovea: count-spots: skipping "
                      + f
                      + ": it is "
                      + TiffReader.kind(f)
                      + ", not a regular file");
            }
          }
          if (tifs.isEmpty()) {
            System.err.println("fovea: count-spots: no .tif files in folder " + p);
            return 2;
          }
          files.addAll(tifs);
        } catch (IOException e) {
          System.err.println("fovea: count-spots: cannot list the folder " + p + ": " + e);
          return 2;
        }
      } else if (!Files.exists(p)) {
        System.err.println("fovea: count-spots: no such file or folder: " + p);
        return 2;
      } else if (!Files.isRegularFile(p)) {
        System.err.println(
            "fovea: count-spots: " + p + " is " + TiffReader.kind(p) + ", not a regular file");
        return 2;
      } else {
        files.add(p);
      }
    }
    int failures = 0;
    // the results file is checked before any work (refused: exit 2) and written to a temporary
    // file that takes its name only when complete
    SafeFiles.Pending pending = null;
    if (out != null) {
      try {
        pending = SafeFiles.DEFAULT.open(out, force, files);
      } catch (IOException e) {
        System.err.println("fovea: count-spots: --out: " + e.getMessage());
        return 2;
      }
    }
    IOException tsvError = null;
    try (SafeFiles.Pending pend = pending;
        Gpu gpu = Gpu.open(device)) {
      BufferedWriter tsv =
          pend == null
              ? null
              : new BufferedWriter(new OutputStreamWriter(pend.stream(), StandardCharsets.UTF_8));
      if (tsv != null) {
        try {
          tsv.write(
              "file\twidth\theight\tdepth\tvoxel_x\tvoxel_y\tvoxel_z\tcount\tbbox_x_um\tbbox_y_um"
                  + "\tbbox_z_um\tbbox_width_um\tbbox_height_um\tbbox_depth_um\tread_ms\tprocess_ms"
                  + "\tvoxel_source\n");
        } catch (IOException e) {
          tsvError = pend.failure(e);
          tsv = null;
        }
      }
      System.out.println("device: " + gpu.device().name());
      wallStart = System.nanoTime();
      SpotCountingWorkflow wf = null;
      double[] wfVoxel = null;
      try {
        // the next files are read (and flattened) on reader threads while the GPU works: with
        // several readers, several stacks are read at once (one disk read stream is slower than
        // the GPU for talk-size stacks); results are taken in file order
        final double[] voxel0 = vox;
        final int nReaders = Math.max(1, readers);
        if (flatBuffers.length != nReaders + 1) flatBuffers = new Object[nReaders + 1];
        java.util.concurrent.ExecutorService reader =
            java.util.concurrent.Executors.newFixedThreadPool(
                nReaders,
                r -> {
                  Thread t = new Thread(r, "fovea-tiff-reader");
                  t.setDaemon(true);
                  return t;
                });
        try {
          java.util.ArrayDeque<java.util.concurrent.Future<Loaded>> ahead =
              new java.util.ArrayDeque<>();
          int submitted = 0;
          for (int fi = 0; fi < files.size(); fi++) {
            // keep up to nReaders files in flight beyond the one being processed
            while (submitted < files.size() && submitted <= fi + nReaders) {
              int slot = submitted % (nReaders + 1);
              Path nf = files.get(submitted);
              ahead.add(reader.submit(() -> load(nf, slot, voxel0)));
              submitted++;
            }
            Path f = files.get(fi);
            Loaded loaded;
            try {
              loaded = ahead.poll().get();
            } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
              throw new IOException("reading " + f + " failed: " + e.getCause(), e);
            }
            if (loaded.error() != null) {
              String m = loaded.error().getMessage();
              System.err.println(
                  "fovea: count-spots: cannot read "
                      + (m != null && m.startsWith(f.toString()) ? m : f + ": " + m));
              failures++;
              continue;
            }
            double[] v = loaded.voxel().micrometres();
            double readMs = loaded.readMs();
            if (wf == null || !Arrays.equals(v, wfVoxel)) {
              if (wf != null) wf.close();
              wf = newWorkflow(gpu, v);
              wfVoxel = v;
            }
            SpotCountingWorkflow.Result r;
            double processMs;
            if (loaded.mapped() != null) {
              if (mappedInput == null
                  || mappedInput.width() != loaded.width()
                  || mappedInput.height() != loaded.height()
                  || mappedInput.depth() != loaded.depth()
                  || mappedInput.type() != loaded.type()) {
                if (mappedInput != null) mappedInput.close();
                mappedInput =
                    gpu.create(loaded.width(), loaded.height(), loaded.depth(), loaded.type());
              }
              // the push is part of the stack's processing time, as in process(array)
              long p0 = System.nanoTime();
              gpu.pushInto(loaded.mapped(), mappedInput);
              r = wf.process(mappedInput);
              processMs = (System.nanoTime() - p0) / 1e6;
            } else {
              r = wf.process(loaded.pixels(), loaded.width(), loaded.height(), loaded.depth());
              processMs = r.totalMillis();
            }
            SpotCountingWorkflow.BoundingBox b = r.boundingBox();
            String box =
                b == null
                    ? "none"
                    : String.format(
                        Locale.ROOT,
                        "x %.1f y %.1f z %.1f, %.1f×%.1f×%.1f µm",
                        b.x(),
                        b.y(),
                        b.z(),
                        b.width(),
                        b.height(),
                        b.depth());
            System.out.println(
                String.format(
                    Locale.ROOT,
                    "%s\t%d spots\tbox %s\tread %.0f ms\tprocess %.1f ms\tvoxel %s",
                    f.getFileName(),
                    r.count(),
                    box,
                    readMs,
                    processMs,
                    loaded.voxel().describe()));
            if (steps) System.out.println("    steps (ms): " + r.stepMillis());
            if (tsv != null) {
              try {
                tsv.write(
                    String.format(
                        Locale.ROOT,
                        "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%s%n",
                        f,
                        loaded.width(),
                        loaded.height(),
                        loaded.depth(),
                        fmtVoxel(v[0]),
                        fmtVoxel(v[1]),
                        fmtVoxel(v[2]),
                        r.count(),
                        b == null ? "" : fmt(b.x()),
                        b == null ? "" : fmt(b.y()),
                        b == null ? "" : fmt(b.z()),
                        b == null ? "" : fmt(b.width()),
                        b == null ? "" : fmt(b.height()),
                        b == null ? "" : fmt(b.depth()),
                        readMs,
                        processMs,
                        loaded.voxel().source().replace('\t', ' ')));
                tsv.flush();
              } catch (IOException e) {
                tsvError = pend.failure(e);
                tsv = null;
              }
            }
          }
        } finally {
          reader.shutdownNow();
        }
      } finally {
        if (wf != null) wf.close();
        if (mappedInput != null) mappedInput.close();
      }
      if (tsv != null) {
        try {
          tsv.flush();
          pend.commit();
        } catch (IOException e) {
          tsvError = e instanceof SafeFiles.Refused ? e : pend.failure(e);
        }
      }
    }
    int done = files.size() - failures;
    if (done > 1) {
      double sec = (System.nanoTime() - wallStart) / 1e9;
      System.out.println(
          String.format(
              Locale.ROOT,
              "%d stacks in %.2f s: %.1f stacks/s end to end (reading overlapped with the GPU)",
              done,
              sec,
              done / sec));
    }
    if (tsvError != null) {
      System.err.println(
          "fovea: count-spots: "
              + tsvError.getMessage()
              + ". Nothing was written to "
              + out
              + "; the results computed are on standard output above.");
      return 4;
    }
    if (out != null) System.out.println("results: " + out);
    if (failures > 0) {
      System.err.println(
          "fovea: count-spots: " + failures + " of " + files.size() + " files could not be read");
      return 2;
    }
    return 0;
  }

  static String fmtVoxel(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static double[] parseVoxel(String s) {
    String[] p = s.split(",");
    if (p.length != 3) return null;
    double[] v = new double[3];
    try {
      for (int i = 0; i < 3; i++) v[i] = Double.parseDouble(p[i].trim());
    } catch (NumberFormatException e) {
      return null;
    }
    for (double x : v) if (!(x > 0) || Double.isInfinite(x)) return null;
    return v;
  }

  /**
   * A stack read from disk, or the error that prevented it: its pixels are either a Java array
   * ({@code pixels}) or, for an uncompressed stack in one block of the machine's byte order, the
   * file's memory-mapped pixel block ({@code mapped}, already faulted in), which is pushed to the
   * GPU straight from the page cache without a copy into a Java array.
   */
  record Loaded(
      int width,
      int height,
      int depth,
      Object pixels,
      java.nio.ByteBuffer mapped,
      PixelType type,
      Calibration voxel,
      double readMs,
      IOException error) {
    static Loaded failed(IOException e) {
      return new Loaded(0, 0, 0, null, null, null, null, 0, e);
    }
  }

  private long wallStart;

  /** The GPU image that mapped stacks are pushed into (reused while the shape stays). */
  private GpuImage mappedInput;

  /** Flat pixel buffers: one being processed, one per reader thread being filled. */
  private Object[] flatBuffers = new Object[2];

  Loaded load(Path f, int slot, double[] vox) {
    long t0 = System.nanoTime();
    try {
      TiffReader.Layout l = TiffReader.inspect(f);
      if (l.depth() < 2) {
        throw new IOException(
            f + ": it is a single image, not a stack (" + l.width() + "×" + l.height() + ")");
      }
      Calibration v =
          vox != null
              ? Calibration.of(vox[0], vox[1], vox[2], "--voxel")
              : l.calibration()
                  .orElse(
                      Calibration.of(
                          DEFAULT_VOXEL[0],
                          DEFAULT_VOXEL[1],
                          DEFAULT_VOXEL[2],
                          "default: the file has no calibration"));
      if (mappable(l)) {
        java.nio.ByteBuffer b = TiffReader.map(f).pixels();
        // fault the pages in here, on the reader thread (from disk when they are not cached),
        // so that the push on the GPU thread copies from memory
        if (b instanceof java.nio.MappedByteBuffer mb) mb.load();
        return new Loaded(
            l.width(),
            l.height(),
            l.depth(),
            null,
            b,
            pixelType(l.type()),
            v,
            (System.nanoTime() - t0) / 1e6,
            null);
      }
      TiffStack st = TiffReader.read(l, flatBuffers[slot]);
      flatBuffers[slot] = st.pixels();
      return new Loaded(
          st.width(),
          st.height(),
          st.depth(),
          st.pixels(),
          null,
          null,
          v,
          (System.nanoTime() - t0) / 1e6,
          null);
    } catch (IOException e) {
      return Loaded.failed(e);
    } catch (RuntimeException | OutOfMemoryError e) {
      return Loaded.failed(new IOException(f + ": " + e, e));
    }
  }

  private SpotCountingWorkflow newWorkflow(Gpu gpu, double[] v) {
    return new SpotCountingWorkflow(
        gpu,
        SpotCountingWorkflow.Settings.defaults()
            .withVoxel(v[0], v[1], v[2])
            .withProminence(prominence)
            .withLongAxis(longAxis)
            .withTimeSteps(steps));
  }

  /**
   * Whether the stack's pixels can be pushed from a mapping: one uncompressed block, native order.
   */
  static boolean mappable(TiffReader.Layout l) {
    return l.oneBlock()
        && (l.order() == java.nio.ByteOrder.nativeOrder() || l.type().bytes() == 1)
        && l.planeBytes() * l.depth() <= Integer.MAX_VALUE;
  }

  static PixelType pixelType(TiffStack.Type t) {
    return switch (t) {
      case GRAY8 -> PixelType.UINT8;
      case GRAY16 -> PixelType.UINT16;
      case GRAY32F -> PixelType.FLOAT32;
    };
  }

  /** The talk's voxel size, used when neither --voxel nor a µm calibration is there. */
  static final double[] DEFAULT_VOXEL = {0.52, 0.52, 2};

  private Path writeSynthetic(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < generate; i++) {
      long s = seed + i;
      SyntheticNucleiStack.Spec spec =
          generateSize.equalsIgnoreCase("talk")
              ? SyntheticNucleiStack.Spec.talkSized(s)
              : SyntheticNucleiStack.Spec.small(s);
      SyntheticNucleiStack st = SyntheticNucleiStack.generate(spec);
      short[] flat = new short[spec.width() * spec.height() * spec.depth()];
      int plane = spec.width() * spec.height();
      int z = 0;
      for (short[] slice : st.slices()) System.arraycopy(slice, 0, flat, plane * z++, plane);
      String name = String.format(Locale.ROOT, "synthetic-%03d", i);
      Path tif = dir.resolve(name + ".tif");
      TiffWriter.write(
          tif,
          flat,
          spec.width(),
          spec.height(),
          spec.depth(),
          Calibration.of(spec.voxelX(), spec.voxelY(), spec.voxelZ(), "synthetic"),
          force,
          List.of());
      byte[] txt =
          ("planted nuclei: " + st.plantedCount() + "\nseed: " + s + "\n")
              .getBytes(StandardCharsets.UTF_8);
      SafeFiles.write(dir.resolve(name + ".txt"), force, List.of(), o -> o.write(txt));
      System.out.println(
          "wrote "
              + tif
              + " ("
              + spec.width()
              + "×"
              + spec.height()
              + "×"
              + spec.depth()
              + ", "
              + st.plantedCount()
              + " nuclei planted)");
    }
    return dir;
  }
}
