package org.fovea.app;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.fovea.core.Gpu;
import org.fovea.io.Calibration;
import org.fovea.io.SafeFiles;
import org.fovea.io.TiffReader;
import org.fovea.io.TiffStack;
import org.fovea.ops.workflow.NucleiSegmentation;
import org.fovea.ops.workflow.SyntheticNucleiStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "segment",
    description = {
      "Segments nuclei on the GPU with the CLIJ2 documentation's workflow: Gaussian blur, Otsu"
          + " threshold, connectedComponentsLabelingBox, excludeLabelsOnEdges,"
          + " statisticsOfLabelledPixels.",
      "Writes measurements.tsv (one row per nucleus, CLIJ2's column names) and labels.png (the"
          + " label map in distinct colours, background black; stacks: maximum projection along"
          + " z) into --out DIR. Without --input it segments a synthetic nuclei stack."
    })
final class SegmentCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      paramLabel = "FILE.tif",
      description = "a 2D image or stack (8/16-bit or 32-bit float TIFF); default: synthetic")
  Path input;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "folder for measurements.tsv and labels.png (created if needed; existing files are"
              + " replaced only with --force)")
  Path out;

  @Option(names = "--force", description = "replace existing measurements.tsv / labels.png")
  boolean force;

  @Option(
      names = "--sigma",
      defaultValue = "2",
      description =
          "blur σ in x and y (pixels; z scaled by the voxel size); default ${DEFAULT-VALUE}")
  double sigma;

  @Option(
      names = "--size",
      defaultValue = "128,256,40",
      paramLabel = "W,H,D",
      description = "size of the synthetic stack; default ${DEFAULT-VALUE}")
  String size;

  @Option(
      names = "--nuclei",
      defaultValue = "80",
      description = "nuclei in the synthetic stack; default ${DEFAULT-VALUE}")
  int nuclei;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the synthetic stack")
  long seed;

  @Option(
      names = "--device",
      description = "OpenCL device (name part, gpu, cpu or #index); default: FOVEA_DEVICE or best")
  String device;

  static final String TSV = "measurements.tsv";
  static final String PNG = "labels.png";

  @Override
  public Integer call() {
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      return fail("--sigma must be a positive number, got " + sigma);
    }
    Object pixels;
    int w, h, d;
    double[] voxel;
    String what;
    List<Path> inputs = input == null ? List.of() : List.of(input);
    if (input != null) {
      if (!Files.isRegularFile(input)) {
        return fail("--input " + input + ": " + TiffReader.kind(input) + ", not a TIFF file");
      }
      try {
        TiffStack st = TiffReader.read(input);
        pixels = st.pixels();
        w = st.width();
        h = st.height();
        d = st.depth();
        voxel = st.calibration().orElse(Calibration.of(1, 1, 1, "none")).micrometres();
        what = input + " (" + w + "×" + h + "×" + d + ", " + st.type().label() + ")";
      } catch (IOException e) {
        return fail("cannot read " + e.getMessage());
      }
    } else {
      int[] s = parseSize(size);
      if (s == null) return fail("--size needs three positive whole numbers like 128,256,40");
      if (nuclei < 1) return fail("--nuclei must be at least 1, got " + nuclei);
      SyntheticNucleiStack.Spec spec =
          SyntheticNucleiStack.Spec.small(seed).toBuilder()
              .width(s[0])
              .height(s[1])
              .depth(s[2])
              .nuclei(nuclei)
              .build();
      SyntheticNucleiStack st = SyntheticNucleiStack.generate(spec);
      pixels = st.pixels();
      w = s[0];
      h = s[1];
      d = s[2];
      voxel = new double[] {spec.voxelX(), spec.voxelY(), spec.voxelZ()};
      what =
          "synthetic nuclei stack "
              + w
              + "×"
              + h
              + "×"
              + d
              + " (seed "
              + seed
              + ", "
              + st.plantedCount()
              + " nuclei planted)";
    }
    Path tsv = out.resolve(TSV);
    Path png = out.resolve(PNG);
    try {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        return fail("--out " + out + " is a file (left unchanged); name a folder");
      }
      Files.createDirectories(out);
      // refuse before any work: an existing result without --force, or an input as a target
      SafeFiles.checkTarget(tsv, force, inputs);
      SafeFiles.checkTarget(png, force, inputs);
    } catch (IOException e) {
      return fail(e.getMessage());
    }
    double sigmaZ = d > 1 ? sigma * voxel[0] / voxel[2] : 0;
    NucleiSegmentation.Result r;
    try (Gpu gpu = Gpu.open(device)) {
      System.out.println("device: " + gpu.device().name());
      System.out.println("input: " + what);
      long t0 = System.nanoTime();
      r = NucleiSegmentation.segment(gpu, pixels, w, h, d, sigma, sigmaZ);
      System.out.println(
          String.format(
              Locale.ROOT,
              "%d nuclei (%d objects, %d touching the border removed) in %.1f ms",
              r.count(),
              r.objects(),
              r.objects() - r.count(),
              (System.nanoTime() - t0) / 1e6));
    }
    try {
      byte[] table = r.statistics().toTsv().getBytes(StandardCharsets.UTF_8);
      SafeFiles.write(tsv, force, inputs, o -> o.write(table));
      byte[] image = labelPng(r.labels(), w, h, d);
      SafeFiles.write(png, force, inputs, o -> o.write(image));
    } catch (IOException e) {
      return fail(e.getMessage());
    }
    System.out.println("wrote " + tsv + " and " + png);
    return 0;
  }

  private static int fail(String message) {
    System.err.println("fovea: segment: " + message);
    return 2;
  }

  static int[] parseSize(String s) {
    String[] p = s.split(",");
    if (p.length != 3) return null;
    int[] v = new int[3];
    try {
      for (int i = 0; i < 3; i++) v[i] = Integer.parseInt(p[i].trim());
    } catch (NumberFormatException e) {
      return null;
    }
    for (int x : v) if (x < 1) return null;
    return v;
  }

  /**
   * A distinct colour per label (RGB), label 0 black: hues walk by the golden ratio so neighbouring
   * label numbers get far-apart hues, with three saturation and two brightness levels.
   */
  static int colour(long label) {
    if (label == 0) return 0;
    float hue = (float) ((label * 0.6180339887498949) % 1.0);
    float sat = 0.55f + 0.225f * (label % 3);
    float bri = label % 2 == 0 ? 0.8f : 1f;
    return Color.HSBtoRGB(hue, sat, bri) & 0xffffff;
  }

  /** The label map (maximum along z for stacks) in label colours, as PNG bytes. */
  static byte[] labelPng(int[] labels, int w, int h, int d) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        long max = 0;
        for (int z = 0; z < d; z++) {
          max = Math.max(max, labels[x + w * (y + h * z)] & 0xffffffffL);
        }
        img.setRGB(x, y, colour(max));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }
}
