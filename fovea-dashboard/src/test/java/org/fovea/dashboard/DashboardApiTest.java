package org.fovea.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fovea.scope.AcquisitionLoop;
import org.fovea.scope.Json;
import org.fovea.scope.Microscope;
import org.fovea.scope.Settings;
import org.fovea.scope.Stack;
import org.fovea.scope.StackAnalysis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API, the event stream, the PNG, read-only answers and the memory bound (no device). */
class DashboardApiTest {
  @TempDir Path tmp;
  DashboardState state;
  DashboardServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void start() throws Exception {
    state = new DashboardState();
    state.describe("live", tmp, "Test Device (Test Platform)");
    state.defineColumns(List.of("spot_count", "bbox_y_um"));
    server = DashboardServer.start(state, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static final class FakeMicroscope implements Microscope {
    @Override
    public String describe() {
      return "fake microscope";
    }

    @Override
    public Stack acquire(int timePoint, double hours) {
      return null;
    }

    @Override
    public Settings settings() {
      return new Settings(30, null);
    }

    @Override
    public String apply(Settings s) {
      return null;
    }

    @Override
    public double startHours() {
      return 0;
    }

    @Override
    public double timeFactor() {
      return 6000; // 30 min -> 300 ms
    }

    @Override
    public void close() {}
  }

  static Map<String, Double> m(double spots, double len) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("spot_count", spots);
    m.put("bbox_y_um", len);
    return m;
  }

  static AcquisitionLoop.Decision decision(int tp) {
    return new AcquisitionLoop.Decision(
        tp, tp * 0.5, "dense", "enter", "interval 15 min", "spot_count=250", 123.4, tp + 2, false);
  }

  /** Three stacks: ok, skipped, late with a decision. */
  void feed() {
    AcquisitionLoop.Options o = AcquisitionLoop.Options.defaults();
    state.started(new FakeMicroscope(), o);
    for (int tp = 0; tp < 3; tp++) {
      state.acquired(tp, tp * 0.5, 200);
      state.stored(tp, 1000 + tp);
    }
    state.analysisTimed(0, 50, null);
    state.analysed(
        new AcquisitionLoop.Progress(
            0, 0.0, "ok", m(100, 400), 30, false, Map.of("true_count", 101.0), List.of()));
    state.analysed(
        new AcquisitionLoop.Progress(1, 0.5, "skipped", null, 30, false, Map.of(), List.of()));
    state.analysed(
        new AcquisitionLoop.Progress(
            2, 1.0, "late", m(250, 410), 15, false, Map.of(), List.of(decision(2))));
  }

  HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  Object json(String path) throws Exception {
    HttpResponse<byte[]> r = get(path);
    assertEquals(200, r.statusCode(), path);
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    return Json.parse(new String(r.body(), StandardCharsets.UTF_8), path);
  }

  @Test
  void measurementsDecisionsAndStatusAreServedAsJson() throws Exception {
    feed();
    Map<?, ?> meas = (Map<?, ?>) json("/api/measurements");
    List<?> cols = (List<?>) meas.get("columns");
    List<?> rows = (List<?>) meas.get("rows");
    assertEquals(3, rows.size());
    int sc = cols.indexOf("spot_count");
    int st = cols.indexOf("status");
    int tc = cols.indexOf("true_count");
    assertEquals(100.0, ((List<?>) rows.get(0)).get(sc));
    assertEquals(101.0, ((List<?>) rows.get(0)).get(tc));
    assertEquals("skipped", ((List<?>) rows.get(1)).get(st));
    assertNull(((List<?>) rows.get(1)).get(sc), "a skipped stack has no count");
    assertEquals(250.0, ((List<?>) rows.get(2)).get(sc));
    assertEquals(15.0, ((List<?>) rows.get(2)).get(cols.indexOf("interval_min")));

    List<?> dec = (List<?>) json("/api/decisions");
    assertEquals(1, dec.size());
    Map<?, ?> d = (Map<?, ?>) dec.get(0);
    assertEquals("dense", d.get("rule"));
    assertEquals("interval 15 min", d.get("action"));
    assertEquals(123.4, (Double) d.get("latency_ms"), 1e-9);
    assertEquals(4.0, d.get("applies_from"));

    Map<?, ?> s = (Map<?, ?>) json("/api/status");
    assertEquals(3.0, s.get("acquired"));
    assertEquals(3.0, s.get("stored"));
    assertEquals(2.0, s.get("analysed"));
    assertEquals(1.0, s.get("late"));
    assertEquals(1.0, s.get("skipped"));
    assertEquals(3003.0, s.get("disk_used_bytes"));
    assertTrue((Double) s.get("disk_free_bytes") > 0);
    assertEquals("Test Device (Test Platform)", s.get("device"));
    assertEquals("fake microscope", s.get("microscope"));
    assertEquals(15.0, s.get("interval_min"));
    // 15 min at time factor 6000 allow 150 ms per time point; the microscope needs 200 ms and the
    // analysis only 50 ms: the acquisition makes the results late
    String cause = (String) s.get("late_cause");
    assertTrue(cause.startsWith("acquisition"), cause);
  }

  @Test
  void lateCauseNamesTheAcquisitionWhenItNeedsTheWholeInterval() {
    // 30 min at time factor 6000 = 300 ms; a simulator that renders for 320 ms leaves no slack
    assertTrue(DashboardState.lateCause(30, 6000, 320, 100).startsWith("acquisition"));
    // a quick acquisition but an analysis longer than the slack
    assertTrue(DashboardState.lateCause(30, 6000, 50, 400).startsWith("analysis"));
    // as fast as possible: the slower of the two is the cause
    assertTrue(DashboardState.lateCause(30, 0, 20, 100).startsWith("analysis"));
    assertTrue(DashboardState.lateCause(30, 0, 200, 100).startsWith("acquisition"));
  }

  @Test
  void theDashboardIsReadOnly() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url() + "api/status"))
                  .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, r.statusCode(), method);
      assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
    }
    assertEquals(404, get("/api/nothing").statusCode());
  }

  @Test
  void pageAndChartLibraryComeFromTheJarWithoutACdn() throws Exception {
    HttpResponse<byte[]> page = get("/");
    assertEquals(200, page.statusCode());
    String html = new String(page.body(), StandardCharsets.UTF_8);
    String js = new String(get("/dashboard.js").body(), StandardCharsets.UTF_8);
    for (String text : List.of(html, js)) {
      assertFalse(text.contains("http://") || text.contains("https://"), "no external URL");
    }
    assertTrue(html.contains("/uplot/uPlot.iife.min.js"));
    assertTrue(js.contains("new EventSource('/api/events')"));
    HttpResponse<byte[]> lib = get("/uplot/uPlot.iife.min.js");
    assertEquals(200, lib.statusCode());
    assertTrue(new String(lib.body(), StandardCharsets.UTF_8).contains("uPlot"));
    assertEquals(200, get("/uplot/uPlot.min.css").statusCode());
  }

  @Test
  void projectionIsAPngWithTheSpotsMarked() throws Exception {
    assertEquals(404, get("/api/projection.png").statusCode());
    int w = 41;
    int h = 30;
    float[] px = new float[w * h];
    for (int i = 0; i < px.length; i++) px[i] = (i % w) * 2f + 1; // a ramp along x
    int spot = 20 + w * 12;
    state.analysisTimed(7, 10, new StackAnalysis.Projection(px, w, h, new int[] {spot}, 7));
    HttpResponse<byte[]> r = get("/api/projection.png");
    assertEquals(200, r.statusCode());
    assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertEquals(w, img.getWidth());
    assertEquals(h, img.getHeight());
    assertEquals(0xff2020, img.getRGB(20, 12) & 0xffffff, "spot centre is red");
    assertEquals(0xff2020, img.getRGB(22, 12) & 0xffffff, "cross arm");
    int left = img.getRGB(2, 2) & 0xff;
    int right = img.getRGB(38, 2) & 0xff;
    assertEquals(img.getRGB(2, 2) & 0xff, (img.getRGB(2, 2) >> 16) & 0xff, "grey elsewhere");
    assertTrue(left < right, "the ramp grows along x: " + left + " < " + right);
    Map<?, ?> s = (Map<?, ?>) json("/api/status");
    assertEquals(7.0, s.get("projection_time_point"));
  }

  @Test
  void projectionIsEncodedAtMostOncePerInterval() throws Exception {
    int w = 9;
    int h = 7;
    float[] px = new float[w * h];
    for (int i = 0; i < px.length; i++) px[i] = i + 1;
    server.projectionIntervalMs = 3_600_000; // an hour: the first encoding is served all along
    state.analysisTimed(4, 10, new StackAnalysis.Projection(px, w, h, new int[0], 4));
    HttpResponse<byte[]> first = get("/api/projection.png");
    assertEquals("4", first.headers().firstValue("X-Fovea-Time-Point").orElse(""));
    state.analysisTimed(5, 10, new StackAnalysis.Projection(px.clone(), w, h, new int[] {3}, 5));
    HttpResponse<byte[]> cached = get("/api/projection.png");
    assertEquals("4", cached.headers().firstValue("X-Fovea-Time-Point").orElse(""), "cached");
    assertTrue(
        java.util.Arrays.equals(first.body(), cached.body()), "the same bytes, not encoded again");
    server.projectionIntervalMs = 0; // the interval is over: the newest projection is encoded
    HttpResponse<byte[]> fresh = get("/api/projection.png");
    assertEquals("5", fresh.headers().firstValue("X-Fovea-Time-Point").orElse(""));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(fresh.body()));
    assertEquals(0xff2020, img.getRGB(3, 0) & 0xffffff, "the newer projection's spot");
  }

  @Test
  void eventsPushOnlyWhatIsNew() throws Exception {
    feed();
    HttpResponse<java.io.InputStream> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "api/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      Map<?, ?> first = nextUpdate(in);
      assertEquals(Boolean.TRUE, first.get("reset"));
      assertEquals(3, ((List<?>) first.get("rows")).size());
      assertEquals(1, ((List<?>) first.get("decisions")).size());
      assertEquals(1.0, ((Map<?, ?>) first.get("status")).get("pages_open"));
      state.analysed(
          new AcquisitionLoop.Progress(
              3, 1.25, "ok", m(300, 420), 15, false, Map.of(), List.of(decision(3))));
      Map<?, ?> next = nextUpdate(in);
      assertEquals(Boolean.FALSE, next.get("reset"));
      assertEquals(3.0, next.get("from"));
      List<?> rows = (List<?>) next.get("rows");
      assertEquals(1, rows.size());
      assertEquals(3.0, ((List<?>) rows.get(0)).get(0));
      assertEquals(1, ((List<?>) next.get("decisions")).size(), "only the new decision");
    }
  }

  private static Map<?, ?> nextUpdate(BufferedReader in) throws Exception {
    String line;
    boolean update = false;
    while ((line = in.readLine()) != null) {
      if (line.equals("event: update")) update = true;
      if (update && line.startsWith("data: ")) return (Map<?, ?>) Json.parse(line.substring(6));
    }
    throw new AssertionError("the stream ended");
  }

  @Test
  void memoryIsBoundedByThinningOldRows() {
    DashboardState s = new DashboardState(100, 10);
    s.defineColumns(List.of("spot_count"));
    for (int tp = 0; tp < 1000; tp++) {
      s.analysed(
          new AcquisitionLoop.Progress(
              tp,
              tp * 0.5,
              "ok",
              Map.of("spot_count", (double) tp),
              30,
              false,
              Map.of(),
              tp % 10 == 0 ? List.of(decision(tp)) : List.of()));
    }
    assertTrue(s.rowCount() < 100, "rows " + s.rowCount());
    assertTrue(s.rowCount() >= 50, "rows " + s.rowCount());
    assertTrue(s.generation() > 0);
    assertEquals(100, s.decisionCount(), "every decision counted");
    List<?> dec = (List<?>) Json.parse(s.decisionsJson());
    assertEquals(10, dec.size(), "the latest 10 kept");
    assertEquals(990.0, ((Map<?, ?>) dec.get(9)).get("time_point"));
    List<?> rows = (List<?>) ((Map<?, ?>) Json.parse(s.measurementsJson())).get("rows");
    double prev = -1;
    for (Object o : rows) {
      double tp = (Double) ((List<?>) o).get(0);
      assertTrue(tp > prev, "rows stay in time order");
      prev = tp;
    }
    assertEquals(999.0, prev, "the newest row is kept");
  }

  /** A finished run folder as the acquisition loop leaves it, with the step timings given. */
  Path finishedRun(String name, long acquireMs, long analyseMs, boolean timings) throws Exception {
    Path dir = tmp.resolve(name);
    java.nio.file.Files.createDirectories(dir.resolve("stacks"));
    StringBuilder index = new StringBuilder("time_point\tacquired_at\thours\tfile\tbytes\n");
    StringBuilder meas =
        new StringBuilder(
            "wall_time\ttime_point\thours\tstatus\tanalysis_latency_ms\tspot_count\n");
    StringBuilder tim = new StringBuilder("time_point\tstep\tmillis\n");
    for (int tp = 0; tp < 12; tp++) {
      String file = String.format("stacks/t%06d.tif", tp);
      java.nio.file.Files.write(dir.resolve(file), new byte[10]);
      String at = java.time.Instant.ofEpochSecond(1_800_000_000L + tp).toString();
      index.append(tp).append('\t').append(at).append('\t').append(tp * 0.5).append('\t');
      index.append(file).append("\t10\n");
      meas.append(at).append('\t').append(tp).append('\t').append(tp * 0.5);
      meas.append(tp < 2 ? "\tok\t100.0\t50\n" : "\tlate\t900.0\t60\n");
      tim.append(tp).append("\tacquire\t").append(acquireMs).append('\n');
      tim.append(tp).append("\tanalyse\t").append(analyseMs).append('\n');
    }
    java.nio.file.Files.writeString(dir.resolve("index.tsv"), index);
    java.nio.file.Files.writeString(dir.resolve("measurements.tsv"), meas);
    if (timings) java.nio.file.Files.writeString(dir.resolve("timings.tsv"), tim);
    java.nio.file.Files.writeString(
        dir.resolve("run.json"),
        "{\"microscope\": \"simulator seed=1 64x64x8, time factor 6000.0\", \"device\": \"d\"}");
    java.nio.file.Files.writeString(
        dir.resolve("run.log"),
        "2026-12-06T13:43:36.883222685Z run ended: 12 stacks; 12 acquired, 12 stored, 12 analysed"
            + " (10 late), 0 analyses skipped\n");
    return dir;
  }

  @Test
  void aFinishedRunSaysWhetherTheAcquisitionOrTheAnalysisMadeResultsLate() throws Exception {
    // 30 min at time factor 6000 allow 300 ms per time point
    Map<?, ?> a =
        (Map<?, ?>)
            Json.parse(RunFolderReader.read(finishedRun("b", 320, 40, true)).statusJson(), "b");
    assertTrue(((String) a.get("late_cause")).startsWith("acquisition"), a.get("late_cause") + "");
    assertEquals(320.0, (Double) a.get("acquire_ms"), 1e-9);
    Map<?, ?> b =
        (Map<?, ?>)
            Json.parse(RunFolderReader.read(finishedRun("c", 40, 900, true)).statusJson(), "c");
    assertTrue(((String) b.get("late_cause")).startsWith("analysis"), b.get("late_cause") + "");
    assertEquals(900.0, (Double) b.get("analysis_ms"), 1e-9);
    Map<?, ?> c =
        (Map<?, ?>)
            Json.parse(RunFolderReader.read(finishedRun("d", 40, 900, false)).statusJson(), "d");
    assertTrue(((String) c.get("late_cause")).startsWith("not known"), c.get("late_cause") + "");
  }
}
