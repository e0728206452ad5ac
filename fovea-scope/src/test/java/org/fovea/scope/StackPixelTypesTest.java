package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fovea.core.PixelType;
import org.fovea.io.TiffReader;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stacks of every pixel type the loop stores — uint8, uint16 (the simulator's default), float32 —
 * from the simulator's camera through the acquisition loop, the run folder's TIFFs, replay and the
 * analysis.
 */
class StackPixelTypesTest {
  @TempDir Path tmp;

  static SimulatedMicroscope sim(PixelType t) {
    return new SimulatedMicroscope(
        new EmbryoModel(42),
        SimulatedMicroscope.Geometry.tiny(),
        Settings.every(30),
        0,
        0,
        SimulatedMicroscope.Camera.defaults().withPixelType(t));
  }

  /** Pixel {@code i} as a number, whatever the array type (unsigned for the integer types). */
  static double value(Object px, int i) {
    if (px instanceof byte[] b) return b[i] & 0xFF;
    if (px instanceof short[] s) return s[i] & 0xFFFF;
    return ((float[]) px)[i];
  }

  @ParameterizedTest
  @EnumSource(
      value = PixelType.class,
      names = {"UINT8", "FLOAT32"})
  void theCameraMakesEachTypeFromTheSameCounts(PixelType t) {
    Stack ref = sim(PixelType.UINT16).acquire(2, 12.0);
    Stack s = sim(t).acquire(2, 12.0);
    assertEquals(t, s.type());
    assertEquals(ref.shape(), s.shape());
    assertEquals((long) ref.width() * ref.height() * ref.depth() * t.bytes(), s.bytes());
    short[] u16 = (short[]) ref.pixels();
    int clipped = 0;
    for (int i = 0; i < u16.length; i++) {
      double expected = u16[i] & 0xFFFF;
      double got = value(s.pixels(), i);
      if (t == PixelType.UINT8) {
        assertEquals(Math.min(expected, 255), got, 0, "pixel " + i);
        if (expected > 255) clipped++;
      } else {
        // the float keeps the count before rounding: within half a count of the 16-bit value
        assertEquals(expected, got, 0.5 + 1e-3, "pixel " + i);
      }
    }
    if (t == PixelType.UINT8) assertTrue(clipped > 0, "the nuclei exceed 255 counts somewhere");
  }

  @ParameterizedTest
  @EnumSource(
      value = PixelType.class,
      names = {"UINT8", "UINT16", "FLOAT32"})
  void storedAndReplayedStacksKeepTheirTypeAndPixels(PixelType t) throws IOException {
    SimulatedMicroscope sim = sim(t);
    Stack[] written = {sim.acquire(0, 12.0), sim.acquire(1, 12.5)};
    Path dir = tmp.resolve("rec-" + t);
    try (RunFolder f = RunFolder.create(dir)) {
      for (Stack s : written) f.writeStack(s);
    }
    List<RunFolder.IndexEntry> index = RunFolder.read(dir).stacks();
    assertEquals(2, index.size());
    assertEquals(t.bytes() * 8, TiffReader.inspect(index.get(0).file()).type().bytes() * 8);
    ReplayMicroscope r = new ReplayMicroscope(dir, 1, 0, false, 0);
    for (Stack w : written) {
      Stack back = r.acquire(w.timePoint(), 0);
      assertEquals(t, back.type());
      assertEquals(w.voxelZ(), back.voxelZ(), 1e-6);
      if (t == PixelType.UINT8) assertArrayEquals((byte[]) w.pixels(), (byte[]) back.pixels());
      if (t == PixelType.UINT16) assertArrayEquals((short[]) w.pixels(), (short[]) back.pixels());
      if (t == PixelType.FLOAT32) assertArrayEquals((float[]) w.pixels(), (float[]) back.pixels());
    }
  }

  /**
   * The analysis reads the values, not the type: a uint8 or float32 stack gives exactly the
   * measurements of a uint16 stack with the same values.
   */
  @ParameterizedTest
  @EnumSource(
      value = PixelType.class,
      names = {"UINT8", "FLOAT32"})
  void theAnalysisGivesTheSameMeasurementsForTheSameValues(PixelType t) {
    Stack s = sim(t).acquire(3, 14.0);
    int n = s.width() * s.height() * s.depth();
    short[] same = new short[n];
    if (t == PixelType.FLOAT32) { // integer counts, so that uint16 holds them exactly
      float[] f = (float[]) s.pixels();
      for (int i = 0; i < n; i++) f[i] = Math.round(f[i]);
    }
    for (int i = 0; i < n; i++) same[i] = (short) value(s.pixels(), i);
    Stack ref = s.withPixels(same);
    Map<String, Double> got;
    Map<String, Double> expected;
    try (WorkflowAnalysis a =
            new WorkflowAnalysis(TestGpu.get(), WorkflowAnalysis.Params.defaults());
        WorkflowAnalysis b =
            new WorkflowAnalysis(TestGpu.get(), WorkflowAnalysis.Params.defaults())) {
      got = a.analyse(s);
      expected = b.analyse(ref);
    }
    assertTrue(expected.get("spot_count") > 10, "a real count: " + expected);
    assertEquals(expected, got);
    assertEquals(s.metadata(), ref.metadata());
    assertEquals(PixelType.UINT16, ref.type());
  }

  /** The loop acquires, stores and analyses a float32 run; its TIFFs are 32-bit. */
  @Test
  void aFloat32RunGoesThroughTheLoop() throws IOException {
    Path out = tmp.resolve("run32");
    Map<Integer, Double> counts = new ConcurrentHashMap<>();
    String cfg =
        "{\"microscope\": {\"type\": \"simulator\", \"seed\": 42, \"stack\": \"tiny\","
            + " \"timeFactor\": 0, \"startHours\": 12, \"pixelType\": \"float32\"},"
            + " \"analysis\": {\"type\": \"workflow\"}, \"rules\": [],"
            + " \"run\": {\"interval\": \"20 min\", \"durationHours\": 0.5, \"policy\": \"block\","
            + " \"waitForAnalysisMs\": 60000}}";
    AcquisitionLoop.Result r =
        ScopeRun.parse(cfg, "test-config", tmp)
            .run(
                TestGpu.get(),
                out,
                new AcquisitionLoop.Listener() {
                  @Override
                  public void analysed(AcquisitionLoop.Progress p) {
                    if (p.measurements() != null)
                      counts.put(p.timePoint(), p.measurements().get("spot_count"));
                  }
                })
            .result();
    assertTrue(r.acquired() >= 2, "acquired " + r.acquired());
    assertEquals(r.acquired(), r.stored());
    assertEquals(r.acquired(), r.analysed());
    assertEquals(0, r.analysisErrors());
    List<RunFolder.IndexEntry> index = RunFolder.read(out).stacks();
    assertEquals(r.acquired(), index.size());
    for (RunFolder.IndexEntry e : index) {
      assertEquals(32, TiffReader.inspect(e.file()).type().bytes() * 8, e.file().toString());
    }
    // replaying the last stored stack into the analysis reproduces its recorded count
    RunFolder.IndexEntry last = index.get(index.size() - 1);
    try (ReplayMicroscope mic = new ReplayMicroscope(out, 1, index.size() - 1, false, 0);
        WorkflowAnalysis a =
            new WorkflowAnalysis(TestGpu.get(), WorkflowAnalysis.Params.defaults())) {
      Stack s = mic.acquire(last.timePoint(), last.hours());
      assertEquals(PixelType.FLOAT32, s.type());
      double recorded = counts.get(last.timePoint());
      assertTrue(recorded > 10, "a real count: " + recorded);
      assertEquals(recorded, a.analyse(s).get("spot_count"));
    }
  }

  @Test
  void badPixelTypesAreRefusedClearly() {
    Exception e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Stack(0, 0, 0, 2, 1, 1, 1, 1, 1, new int[2], Map.of()));
    assertTrue(
        e.getMessage().contains("byte[] (uint8), short[] (uint16) or float[]"), e.getMessage());
    Conf bad =
        Conf.parse(
            "{\"type\": \"simulator\", \"stack\": \"tiny\", \"pixelType\": \"uint32\"}", "t");
    Exception c =
        assertThrows(
            Conf.ConfigException.class, () -> new SimulatedMicroscope.Type().open(bad, tmp, 30));
    assertTrue(c.getMessage().contains("pixelType"), c.getMessage());
    assertTrue(
        sim(PixelType.FLOAT32).describe().toLowerCase(Locale.ROOT).contains("float32"),
        "the run log names the type");
  }
}
