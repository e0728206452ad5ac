package org.fovea.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the table generator on tiny inputs (Fovea and ImageJ, no CLIJ2, no workflow) and checks that
 * every row of the CLIJ table maps onto an op of this build: a renamed op or parameter shows up as
 * "n/a (op missing)" / "n/a (signature)" and fails here. No timing is checked.
 */
class TableGeneratorSmokeTest {
  @Test
  void everyRowRunsOnThisBuild(@TempDir Path dir) throws Exception {
    TableGenerator.Options o = new TableGenerator.Options();
    o.quick = true;
    o.clij = false;
    o.sweep = false;
    o.workflow = false;
    o.shape2D = new int[] {48, 40};
    o.shape3D = new int[] {40, 24, 6};
    o.transferMB = new long[] {1};
    o.out = dir.resolve("t.md");
    o.command = "test";
    assertEquals(0, new TableGenerator(o).run());
    String md = Files.readString(o.out);
    for (Cases.Case c : Cases.all()) {
      for (boolean is3D : new boolean[] {false, true}) {
        if (!c.runsOn(is3D)) continue;
        String row = "| " + c.name() + " | " + (is3D ? "3D" : "2D") + " |";
        assertTrue(md.contains(row), "row missing: " + row);
      }
    }
    assertFalse(md.contains("n/a (op missing)"), md);
    assertFalse(md.contains("n/a (signature)"), md);
    assertFalse(md.contains("failed"), md);
    assertTrue(md.contains("## Transfers"));
    assertTrue(md.contains("## Per-call overhead"));
  }

  @Test
  void readsTheCupyPeersJson(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("cupy.json");
    Files.writeString(
        f,
        "{\"device\": \"NVIDIA H200\", \"GaussianBlur \u03c3=2 3D\": 3.25e-1,"
            + " \"error x\": \"a \\\"quoted\\\" text\", \"Median r=2 (box) 3D\": null, \"n\": 7}");
    java.util.Map<String, String> m = TableGenerator.readFlatJson(f);
    assertEquals("NVIDIA H200", m.get("device"));
    assertEquals(0.325, Double.parseDouble(m.get("GaussianBlur σ=2 3D")), 1e-12);
    assertEquals("a \"quoted\" text", m.get("error x"));
    assertFalse(m.containsKey("Median r=2 (box) 3D"));
    assertEquals("7", m.get("n"));
    Files.writeString(f, "[1, 2]");
    assertThrows(java.io.IOException.class, () -> TableGenerator.readFlatJson(f));
  }

  @Test
  void theBenchReaderMapsWhatTheWriterWrites(@TempDir Path dir) throws Exception {
    short[] px = new short[24 * 16 * 5];
    for (int i = 0; i < px.length; i++) px[i] = (short) (i * 37);
    Path f = dir.resolve("s.tif");
    org.fovea.io.TiffWriter.write(
        f, px, 24, 16, 5, org.fovea.io.Calibration.of(0.5, 0.5, 2, "test"));
    org.fovea.io.TiffReader.Mapped m = org.fovea.io.TiffReader.map(f);
    assertEquals(24, m.width());
    assertEquals(16, m.height());
    assertEquals(5, m.depth());
    short[] back = new short[px.length];
    m.pixels().asShortBuffer().get(back);
    assertArrayEquals(px, back);
  }
}
