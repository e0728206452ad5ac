package org.fovea.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fovea.scope.AcquisitionLoop;
import org.fovea.scope.Microscope;
import org.fovea.scope.StackAnalysis;

/**
 * What the dashboard shows, kept in memory with a fixed upper bound: it listens to a running {@link
 * AcquisitionLoop} (or is filled from a finished run folder by {@link RunFolderReader}) and answers
 * the server's JSON views. All methods are thread-safe; the listener methods only append
 * (microseconds), so the loop's threads never wait for a browser.
 *
 * <p>Memory: one row per analysed or skipped time point (≈ 100 bytes + 8 per measurement). At
 * {@link #maxRows} rows (default 200,000, ≈ 40 MB) every second row of the older half is dropped
 * and the clients are sent the thinned table; decisions keep the latest {@link #maxDecisions}, the
 * log its latest 200 lines; the projection is the latest one only.
 */
public final class DashboardState implements AcquisitionLoop.Listener {
  /** One time point's result. */
  public record Row(
      int timePoint,
      double hours,
      long wallMillis,
      String status,
      double latencyMs,
      double intervalMinutes,
      boolean inBurst,
      double truth,
      double[] values) {}

  /** One decision, as logged. */
  public record DecisionRow(long wallMillis, AcquisitionLoop.Decision decision) {}

  /** Fixed columns of a measurement row before the measurements themselves. */
  public static final List<String> FIXED_COLUMNS =
      List.of(
          "time_point",
          "hours",
          "wall_time_ms",
          "status",
          "analysis_latency_ms",
          "interval_min",
          "in_burst",
          "true_count");

  final int maxRows;
  final int maxDecisions;

  private final Object lock = new Object();
  private final List<String> columns = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private int generation; // bumped when rows are thinned: clients then get the whole table again
  private final ArrayDeque<DecisionRow> decisions = new ArrayDeque<>();
  private long decisionsDropped;
  private final ArrayDeque<String> log = new ArrayDeque<>();
  private long version;

  // status
  private String mode = "live";
  private String runFolder = "";
  private String device = "";
  private String microscope = "";
  private String analysis = "";
  private String state = "waiting";
  private String stopReason;
  private String started;
  private double timeFactor = Double.NaN;
  private double intervalMinutes = Double.NaN;
  private boolean inBurst;
  private int acquired;
  private int stored;
  private long bytesStored;
  private int analysed;
  private int late;
  private int skipped;
  private int errors;
  private double acquireMs = Double.NaN; // exponential moving averages over ≈ 10 stacks
  private double analysisMs = Double.NaN;
  private double latencyMs = Double.NaN;
  private long lastAcquiredWall;
  private double acquisitionPeriodMs = Double.NaN;
  private final ArrayDeque<Long> lateTimes = new ArrayDeque<>(); // wall ms of recent late/skipped
  private volatile StackAnalysis.Projection projection;
  final java.util.concurrent.atomic.AtomicInteger pagesOpen =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Map<Integer, Long> acquiredAt = new LinkedHashMap<>(); // time point -> wall ms

  public DashboardState() {
    this(200_000, 10_000);
  }

  public DashboardState(int maxRows, int maxDecisions) {
    if (maxRows < 16 || maxDecisions < 1) throw new IllegalArgumentException("limits too small");
    this.maxRows = maxRows;
    this.maxDecisions = maxDecisions;
  }

  // ------------------------------------------------------------------ setup

  /** Static facts of the run (any may be null). */
  public void describe(String mode, Path runFolder, String device) {
    synchronized (lock) {
      if (mode != null) this.mode = mode;
      if (runFolder != null) this.runFolder = runFolder.toAbsolutePath().toString();
      if (device != null) this.device = device;
      changed();
    }
  }

  /** The measurement names in column order (e.g. ScopeRun.knownMeasurements()). */
  public void defineColumns(List<String> names) {
    synchronized (lock) {
      for (String n : names) if (!columns.contains(n)) columns.add(n);
      changed();
    }
  }

  // ------------------------------------------------------------------ listener

  @Override
  public void started(Microscope mic, AcquisitionLoop.Options options) {
    synchronized (lock) {
      microscope = mic.describe();
      timeFactor = mic.timeFactor();
      intervalMinutes = options.intervalMinutes();
      state = "running";
      started = Instant.now().toString();
      changed();
    }
  }

  @Override
  public void message(String line) {
    synchronized (lock) {
      if (line.startsWith("analysis: ")) analysis = line.substring("analysis: ".length());
      if (line.startsWith("microscope: ") && microscope.isEmpty()) {
        microscope = line.substring("microscope: ".length());
      }
      log.addLast(Instant.now().toString().substring(11, 19) + " " + line);
      while (log.size() > 200) log.removeFirst();
      changed();
    }
  }

  @Override
  public void acquired(int timePoint, double hours, long millis) {
    long now = System.currentTimeMillis();
    synchronized (lock) {
      acquired++;
      acquireMs = ewma(acquireMs, millis);
      if (lastAcquiredWall > 0)
        acquisitionPeriodMs = ewma(acquisitionPeriodMs, now - lastAcquiredWall);
      lastAcquiredWall = now;
      acquiredAt.put(timePoint, now);
      if (acquiredAt.size() > 4096) acquiredAt.remove(acquiredAt.keySet().iterator().next());
      changed();
    }
  }

  @Override
  public void stored(int timePoint, long bytes) {
    synchronized (lock) {
      stored++;
      bytesStored += bytes;
      changed();
    }
  }

  @Override
  public void analysisTimed(int timePoint, long millis, StackAnalysis.Projection p) {
    synchronized (lock) {
      analysisMs = ewma(analysisMs, millis);
    }
    if (p != null) projection = p;
  }

  @Override
  public void analysed(AcquisitionLoop.Progress p) {
    double truth = p.trueCount();
    double lat = Double.NaN;
    if (p.measurements() != null && !p.decisions().isEmpty()) {
      lat = p.decisions().get(0).latencyMs();
    }
    long now = System.currentTimeMillis();
    synchronized (lock) {
      double[] vals = null;
      if (p.measurements() != null) {
        for (String k : p.measurements().keySet()) if (!columns.contains(k)) columns.add(k);
        vals = new double[columns.size()];
        for (int i = 0; i < vals.length; i++) {
          Double v = p.measurements().get(columns.get(i));
          vals[i] = v == null ? Double.NaN : v;
        }
      }
      String status = p.status();
      switch (status) {
        case "ok" -> analysed++;
        case "late" -> {
          analysed++;
          late++;
          lateTimes.addLast(now);
        }
        case "skipped" -> {
          skipped++;
          lateTimes.addLast(now);
        }
        default -> errors++;
      }
      while (lateTimes.size() > 64) lateTimes.removeFirst();
      Long acq = acquiredAt.remove(p.timePoint());
      if (Double.isNaN(lat) && p.measurements() != null && acq != null) lat = now - acq;
      if (!Double.isNaN(lat)) latencyMs = ewma(latencyMs, lat);
      intervalMinutes = p.intervalMinutes();
      inBurst = p.inBurst();
      addRow(
          new Row(
              p.timePoint(),
              p.hours(),
              now,
              status,
              lat,
              p.intervalMinutes(),
              p.inBurst(),
              truth,
              vals));
      for (AcquisitionLoop.Decision d : p.decisions()) {
        decisions.addLast(new DecisionRow(now, d));
        if (decisions.size() > maxDecisions) {
          decisions.removeFirst();
          decisionsDropped++;
        }
      }
      changed();
    }
  }

  @Override
  public void finished(AcquisitionLoop.Result r) {
    synchronized (lock) {
      state = "finished";
      stopReason = r.stopReason();
      acquired = r.acquired();
      stored = r.stored();
      analysed = r.analysed();
      late = r.late();
      skipped = r.skipped();
      errors = r.analysisErrors();
      changed();
    }
  }

  // ------------------------------------------------------------------ filling from a folder

  void addRow(Row r) {
    synchronized (lock) {
      rows.add(r);
      if (rows.size() >= maxRows) {
        // thin the older half: keep every second row there
        int half = rows.size() / 2;
        List<Row> kept = new ArrayList<>(rows.size());
        for (int i = 0; i < half; i += 2) kept.add(rows.get(i));
        kept.addAll(rows.subList(half, rows.size()));
        rows.clear();
        rows.addAll(kept);
        generation++;
      }
      changed();
    }
  }

  void addDecision(DecisionRow d) {
    synchronized (lock) {
      decisions.addLast(d);
      if (decisions.size() > maxDecisions) {
        decisions.removeFirst();
        decisionsDropped++;
      }
      changed();
    }
  }

  void setFinished(
      String microscope,
      String analysis,
      String stopReason,
      int acquired,
      int stored,
      long bytes,
      int analysed,
      int late,
      int skipped,
      int errors) {
    synchronized (lock) {
      this.microscope = microscope == null ? "" : microscope;
      this.analysis = analysis == null ? "" : analysis;
      this.stopReason = stopReason;
      this.acquired = acquired;
      this.stored = stored;
      this.bytesStored = bytes;
      this.analysed = analysed;
      this.late = late;
      this.skipped = skipped;
      this.errors = errors;
      this.state = "finished";
      if (!rows.isEmpty()) {
        Row last = rows.get(rows.size() - 1);
        intervalMinutes = last.intervalMinutes();
      }
      changed();
    }
  }

  void setProjection(StackAnalysis.Projection p) {
    projection = p;
    synchronized (lock) {
      changed();
    }
  }

  void logLine(String line) {
    synchronized (lock) {
      log.addLast(line);
      while (log.size() > 200) log.removeFirst();
    }
  }

  // ------------------------------------------------------------------ views

  private void changed() {
    version++;
    lock.notifyAll();
  }

  /** A counter that grows with every change. */
  public long version() {
    synchronized (lock) {
      return version;
    }
  }

  /** Waits until the version differs from {@code seen} or {@code millis} pass. */
  public long awaitChange(long seen, long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    synchronized (lock) {
      while (version == seen) {
        long left = end - System.currentTimeMillis();
        if (left <= 0) break;
        lock.wait(left);
      }
      return version;
    }
  }

  public StackAnalysis.Projection projection() {
    return projection;
  }

  public int rowCount() {
    synchronized (lock) {
      return rows.size();
    }
  }

  public int generation() {
    synchronized (lock) {
      return generation;
    }
  }

  public long decisionCount() {
    synchronized (lock) {
      return decisionsDropped + decisions.size();
    }
  }

  public List<String> columns() {
    synchronized (lock) {
      List<String> c = new ArrayList<>(FIXED_COLUMNS);
      c.addAll(columns);
      return c;
    }
  }

  /** The measurement table as JSON: {@code {"columns": [...], "rows": [[...], ...]}}. */
  public String measurementsJson() {
    StringBuilder b = new StringBuilder();
    synchronized (lock) {
      b.append("{\"columns\":");
      JsonOut.strings(b, columns());
      b.append(",\"generation\":").append(generation);
      b.append(",\"rows\":");
      rowsJson(b, 0);
      b.append('}');
    }
    return b.toString();
  }

  /** Rows from index {@code from} as a JSON array of arrays; returns the number of rows. */
  int rowsJson(StringBuilder b, int from) {
    synchronized (lock) {
      b.append('[');
      int n = columns.size();
      for (int i = Math.max(0, from); i < rows.size(); i++) {
        Row r = rows.get(i);
        if (i > from) b.append(',');
        b.append('[').append(r.timePoint()).append(',');
        JsonOut.number(b, r.hours());
        b.append(',').append(r.wallMillis()).append(',');
        JsonOut.string(b, r.status());
        b.append(',');
        JsonOut.number(b, r.latencyMs());
        b.append(',');
        JsonOut.number(b, r.intervalMinutes());
        b.append(',').append(r.inBurst()).append(',');
        JsonOut.number(b, r.truth());
        for (int c = 0; c < n; c++) {
          b.append(',');
          double v = r.values() == null || c >= r.values().length ? Double.NaN : r.values()[c];
          JsonOut.number(b, v);
        }
        b.append(']');
      }
      b.append(']');
      return rows.size();
    }
  }

  /** Every decision kept, oldest first, as a JSON array of objects. */
  public String decisionsJson() {
    StringBuilder b = new StringBuilder();
    decisionsJson(b, 0);
    return b.toString();
  }

  /** Decisions with absolute index ≥ {@code from}; returns the number of decisions so far. */
  long decisionsJson(StringBuilder b, long from) {
    synchronized (lock) {
      b.append('[');
      long i = decisionsDropped;
      boolean first = true;
      for (DecisionRow dr : decisions) {
        if (i++ < from) continue;
        if (!first) b.append(',');
        first = false;
        AcquisitionLoop.Decision d = dr.decision();
        b.append("{\"wall_time\":");
        JsonOut.string(b, Instant.ofEpochMilli(dr.wallMillis()).toString());
        b.append(",\"time_point\":").append(d.timePoint()).append(",\"hours\":");
        JsonOut.number(b, d.hours());
        b.append(",\"rule\":");
        JsonOut.string(b, d.rule());
        b.append(",\"transition\":");
        JsonOut.string(b, d.transition());
        b.append(",\"action\":");
        JsonOut.string(b, d.action());
        b.append(",\"measurements\":");
        JsonOut.string(b, d.measurements());
        b.append(",\"latency_ms\":");
        JsonOut.number(b, d.latencyMs());
        b.append(",\"applies_from\":").append(d.appliesFrom());
        b.append(",\"late\":").append(d.late()).append('}');
      }
      b.append(']');
      return i;
    }
  }

  /**
   * Why results are late, or null when they are not: "acquisition" when the microscope itself needs
   * the whole interval (time points follow back to back, so every result arrives after the next
   * time point started — e.g. a simulator rendering large stacks on the CPU), "analysis" when the
   * acquisition leaves time but the analysis needs more than that.
   */
  static String lateCause(
      double intervalMinutes, double timeFactor, double acquireMs, double analysisMs) {
    double scheduled =
        timeFactor > 0 && intervalMinutes > 0 ? intervalMinutes * 60000.0 / timeFactor : 0;
    double slack = scheduled - acquireMs;
    if (Double.isNaN(acquireMs) || Double.isNaN(analysisMs)) {
      return "not known (no acquisition and analysis timings: the run folder has no timings.tsv)";
    }
    if (acquireMs >= 0.9 * scheduled && acquireMs >= analysisMs) {
      return String.format(
          Locale.ROOT,
          "acquisition: the microscope takes %.0f ms per time point, the interval allows %.0f ms;"
              + " time points follow back to back",
          acquireMs,
          scheduled);
    }
    return String.format(
        Locale.ROOT,
        "analysis: %.0f ms per stack, but the acquisition leaves %.0f ms before the next time point",
        analysisMs,
        Math.max(0, slack));
  }

  /** The run status as JSON. */
  public String statusJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    synchronized (lock) {
      m.put("mode", mode);
      m.put("state", state);
      m.put("run_folder", runFolder);
      m.put("device", device);
      m.put("microscope", microscope);
      m.put("analysis", analysis);
      m.put("started", started);
      m.put("stop_reason", stopReason);
      m.put("acquired", acquired);
      m.put("stored", stored);
      m.put("analysed", analysed);
      m.put("late", late);
      m.put("skipped", skipped);
      m.put("analysis_errors", errors);
      m.put("disk_used_bytes", bytesStored);
      m.put("disk_free_bytes", freeBytes());
      m.put("interval_min", intervalMinutes);
      m.put("in_burst", inBurst);
      m.put("time_factor", timeFactor);
      m.put("acquire_ms", acquireMs);
      m.put("analysis_ms", analysisMs);
      m.put("latency_ms", latencyMs);
      m.put("acquisition_period_ms", acquisitionPeriodMs);
      m.put("rows", rows.size());
      m.put("pages_open", pagesOpen.get());
      m.put("decisions", decisionsDropped + decisions.size());
      StackAnalysis.Projection p = projection;
      m.put("projection_time_point", p == null ? null : p.timePoint());
      long recent = 0;
      for (long t : lateTimes) if (now - t < 30_000) recent++;
      m.put("late_or_skipped_last_30s", recent);
      boolean behind = "running".equals(state) ? recent > 0 : late + skipped > 0;
      m.put(
          "late_cause",
          behind ? lateCause(intervalMinutes, timeFactor, acquireMs, analysisMs) : null);
      m.put("log", new ArrayList<>(log).subList(Math.max(0, log.size() - 20), log.size()));
    }
    return JsonOut.write(m);
  }

  private long freeCheckedAt;
  private long freeBytes = -1;

  private long freeBytes() {
    long now = System.currentTimeMillis();
    if (runFolder.isEmpty()) return -1;
    if (now - freeCheckedAt > 2000) {
      freeCheckedAt = now;
      try {
        freeBytes = Files.getFileStore(Path.of(runFolder)).getUsableSpace();
      } catch (IOException | RuntimeException e) {
        freeBytes = -1;
      }
    }
    return freeBytes;
  }

  /**
   * For a finished run: the time factor (from run.json's microscope) and the step timings its
   * timings.tsv recorded, as exponential moving averages over the run like the live page's, so that
   * the page says what made results late.
   */
  void setTimings(double timeFactor, List<long[]> acquire, List<long[]> analyse) {
    synchronized (lock) {
      this.timeFactor = timeFactor;
      for (long[] t : acquire) acquireMs = ewma(acquireMs, t[1]);
      for (long[] t : analyse) analysisMs = ewma(analysisMs, t[1]);
    }
  }

  private static double ewma(double old, double v) {
    return Double.isNaN(old) ? v : 0.8 * old + 0.2 * v;
  }
}
