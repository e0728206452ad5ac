package org.fovea.app;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.measure.Calibration;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
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

  @Option(names = "--out", paramLabel = "results.tsv", description = "write the results as TSV")
  Path out;

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

  @Option(names = "--steps", description = "also print the milliseconds of every step")
  boolean steps;

  @Override
  public Integer call() throws IOException {
    ij.IJ.redirectErrorMessages(true);
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
    if (generate > 0) {
      Path dir = inputs.isEmpty() ? Path.of("synthetic") : inputs.get(0);
      inputs = List.of(writeSynthetic(dir));
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
          List<Path> tifs =
              s.filter(
                      f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".tif") || n.endsWith(".tiff");
                      })
                  .sorted()
                  .toList();
          if (tifs.isEmpty()) {
            System.err.println("fovea: count-spots: no .tif files in folder " + p);
            return 2;
          }
          files.addAll(tifs);
        }
      } else if (!Files.isRegularFile(p)) {
        System.err.println("fovea: count-spots: no such file or folder: " + p);
        return 2;
      } else {
        files.add(p);
      }
    }
    int failures = 0;
    try (Gpu gpu = Gpu.open(device);
        PrintWriter tsv =
            out == null
                ? null
                : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      if (tsv != null) {
        tsv.println(
            "file\twidth\theight\tdepth\tvoxel_x\tvoxel_y\tvoxel_z\tcount\tbbox_x_um\tbbox_y_um"
                + "\tbbox_z_um\tbbox_width_um\tbbox_height_um\tbbox_depth_um\tread_ms\tprocess_ms");
      }
      System.out.println("device: " + gpu.device().name());
      SpotCountingWorkflow wf = null;
      double[] wfVoxel = null;
      try {
        for (Path f : files) {
          long t0 = System.nanoTime();
          ImagePlus imp;
          try {
            imp = readStack(f);
          } catch (IOException e) {
            System.err.println("fovea: count-spots: cannot read " + f + ": " + e.getMessage());
            failures++;
            continue;
          }
          double[] v = vox != null ? vox : voxelOf(imp);
          Object pixels = flatten(imp.getStack());
          double readMs = (System.nanoTime() - t0) / 1e6;
          if (wf == null || !Arrays.equals(v, wfVoxel)) {
            if (wf != null) wf.close();
            wf =
                new SpotCountingWorkflow(
                    gpu,
                    SpotCountingWorkflow.Settings.defaults()
                        .withVoxel(v[0], v[1], v[2])
                        .withProminence(prominence)
                        .withTimeSteps(steps));
            wfVoxel = v;
          }
          SpotCountingWorkflow.Result r =
              wf.process(pixels, imp.getWidth(), imp.getHeight(), imp.getStackSize());
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
                  "%s\t%d spots\tbox %s\tread %.0f ms\tprocess %.1f ms",
                  f.getFileName(),
                  r.count(),
                  box,
                  readMs,
                  r.totalMillis()));
          if (steps) System.out.println("    steps (ms): " + r.stepMillis());
          if (tsv != null) {
            tsv.println(
                String.format(
                    Locale.ROOT,
                    "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f",
                    f,
                    imp.getWidth(),
                    imp.getHeight(),
                    imp.getStackSize(),
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
                    r.totalMillis()));
            tsv.flush();
          }
        }
      } finally {
        if (wf != null) wf.close();
      }
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

  /** The TIFF's calibration when its unit is µm, else the talk's 0.52×0.52×2. */
  static double[] voxelOf(ImagePlus imp) {
    Calibration c = imp.getCalibration();
    String u = c.getUnit() == null ? "" : c.getUnit().toLowerCase(Locale.ROOT);
    boolean micron = u.equals("micron") || u.equals("microns") || u.equals("µm") || u.equals("um");
    if (micron && c.pixelWidth > 0 && c.pixelHeight > 0 && c.pixelDepth > 0) {
      return new double[] {c.pixelWidth, c.pixelHeight, c.pixelDepth};
    }
    return new double[] {0.52, 0.52, 2};
  }

  /** Reads a TIFF stack with ImageJ's readers; problems become IOExceptions, never dialogs. */
  static ImagePlus readStack(Path f) throws IOException {
    File file = f.toFile();
    String name = file.getName().toLowerCase(Locale.ROOT);
    ImagePlus imp;
    if (name.endsWith(".tif") || name.endsWith(".tiff")) {
      FileInfo[] info;
      try {
        info =
            new TiffDecoder(
                    file.getParent() == null ? "" : file.getParent() + File.separator,
                    file.getName())
                .getTiffInfo();
      } catch (IOException | RuntimeException e) {
        throw new IOException("not a readable TIFF (" + e.getMessage() + ")", e);
      }
      if (info == null || info.length == 0) throw new IOException("not a readable TIFF");
      try {
        imp =
            info.length > 1
                ? new Opener().openTiffStack(info)
                : new Opener().openTiff(file.getParent() + File.separator, file.getName());
      } catch (RuntimeException e) {
        throw new IOException("corrupt TIFF (" + e + ")", e);
      }
    } else {
      imp = ij.IJ.openImage(file.getPath());
    }
    if (imp == null) throw new IOException("ImageJ could not open it (corrupt or unsupported)");
    if (imp.getStackSize() < 2) {
      throw new IOException(
          "it is a single image, not a stack (" + imp.getWidth() + "×" + imp.getHeight() + ")");
    }
    if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
      throw new IOException(
          "hyperstacks (channels/frames) are not supported; save one channel and time point");
    }
    int bd = imp.getBitDepth();
    if (bd == 24) throw new IOException("RGB stacks are not supported");
    return imp;
  }

  private Object flatBuffer;

  /** The stack as one array, x fastest (reused between stacks of the same size and type). */
  Object flatten(ImageStack st) {
    int n = st.getWidth() * st.getHeight();
    int d = st.getSize();
    Object first = st.getPixels(1);
    int total = n * d;
    boolean reuse =
        flatBuffer != null
            && flatBuffer.getClass() == first.getClass()
            && java.lang.reflect.Array.getLength(flatBuffer) == total;
    if (!reuse)
      flatBuffer = java.lang.reflect.Array.newInstance(first.getClass().getComponentType(), total);
    for (int z = 0; z < d; z++) System.arraycopy(st.getPixels(z + 1), 0, flatBuffer, z * n, n);
    return flatBuffer;
  }

  private Path writeSynthetic(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < generate; i++) {
      long s = seed + i;
      SyntheticNucleiStack.Spec spec =
          generateSize.equalsIgnoreCase("talk")
              ? SyntheticNucleiStack.Spec.talkSized(s)
              : SyntheticNucleiStack.Spec.small(s);
      SyntheticNucleiStack st = SyntheticNucleiStack.generate(spec);
      ImageStack stack = new ImageStack(spec.width(), spec.height());
      for (short[] slice : st.slices()) stack.addSlice(null, slice);
      ImagePlus imp = new ImagePlus("synthetic", stack);
      Calibration c = imp.getCalibration();
      c.setUnit("micron");
      c.pixelWidth = spec.voxelX();
      c.pixelHeight = spec.voxelY();
      c.pixelDepth = spec.voxelZ();
      String name = String.format(Locale.ROOT, "synthetic-%03d", i);
      Path tif = dir.resolve(name + ".tif");
      if (!new FileSaver(imp).saveAsTiffStack(tif.toString())) {
        throw new IOException("could not write " + tif);
      }
      Files.writeString(
          dir.resolve(name + ".txt"),
          "planted nuclei: " + st.plantedCount() + "\nseed: " + s + "\n",
          StandardCharsets.UTF_8);
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
