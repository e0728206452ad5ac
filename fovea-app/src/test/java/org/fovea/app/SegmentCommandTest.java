package org.fovea.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.fovea.io.Calibration;
import org.fovea.io.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCommandTest {

  @Test
  void segmentsASyntheticStackAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    String[] args = {
      "segment", "--out", out.toString(), "--size", "64,96,12", "--nuclei", "12", "--seed", "3"
    };
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> tsv = Files.readAllLines(out.resolve("measurements.tsv"));
    assertTrue(tsv.get(0).startsWith("IDENTIFIER\tBOUNDING_BOX_X\tBOUNDING_BOX_Y"), tsv.get(0));
    int rows = tsv.size() - 1;
    assertTrue(rows >= 6 && rows <= 12, "nuclei found: " + rows);
    assertTrue(r.out().contains(rows + " nuclei"), r.out());
    for (int k = 1; k <= rows; k++) assertTrue(tsv.get(k).startsWith(k + "\t"), tsv.get(k));
    BufferedImage png = ImageIO.read(out.resolve("labels.png").toFile());
    assertEquals(64, png.getWidth());
    assertEquals(96, png.getHeight());
    assertEquals(0, png.getRGB(0, 0) & 0xffffff, "background is black");
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < 96; y++) for (int x = 0; x < 64; x++) colours.add(png.getRGB(x, y));
    assertTrue(colours.size() > 1, "labels are coloured");
    // no overwrite without --force; nothing changes
    byte[] before = Files.readAllBytes(out.resolve("measurements.tsv"));
    CliRun again = CliRun.of(args);
    assertEquals(2, again.code(), again.out() + again.err());
    assertTrue(again.err().contains("measurements.tsv"), again.err());
    assertEquals(List.of(), diff(before, Files.readAllBytes(out.resolve("measurements.tsv"))));
    String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
    forced[args.length] = "--force";
    assertEquals(0, CliRun.of(forced).code());
  }

  @Test
  void segmentsAUsersTiffAndDropsObjectsOnTheBorder(@TempDir Path dir) throws Exception {
    int w = 41, h = 33;
    short[] px = new short[w * h];
    // three discs: two inside, one cut by the right border
    int[][] discs = {{10, 10}, {25, 20}, {40, 8}};
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        int v = 10;
        for (int[] c : discs) {
          if ((x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]) <= 16) v = 200;
        }
        px[x + w * y] = (short) v;
      }
    Path tif = dir.resolve("discs.tif");
    TiffWriter.write(tif, px, w, h, 1, Calibration.of(1, 1, 1, "test"));
    Path out = dir.resolve("r");
    CliRun r =
        CliRun.of("segment", "--input", tif.toString(), "--out", out.toString(), "--sigma", "1");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("2 nuclei (3 objects, 1 touching the border removed)"), r.out());
    List<String> tsv = Files.readAllLines(out.resolve("measurements.tsv"));
    assertEquals(3, tsv.size(), String.join("\n", tsv));
    // the input is never a target
    CliRun self =
        CliRun.of("segment", "--input", tif.toString(), "--out", dir.toString(), "--force");
    assertEquals(0, self.code(), self.err());
    assertTrue(Files.size(tif) > w * h, "input unchanged");
    CliRun missing =
        CliRun.of(
            "segment", "--input", dir.resolve("nope.tif").toString(), "--out", out.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope.tif"), missing.err());
  }

  private static List<Integer> diff(byte[] a, byte[] b) {
    return java.util.Arrays.equals(a, b) ? List.of() : List.of(a.length, b.length);
  }
}
