package org.fovea.scope;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fovea.core.Gpu;

/**
 * A configured experiment: builds the microscope, analysis and rules from a JSON configuration,
 * runs the {@link AcquisitionLoop} into a run folder, and writes the summary and the plot.
 *
 * <pre>{@code
 * {"microscope": {"type": "simulator", "seed": 42, "stack": "small", "timeFactor": 10000,
 *                 "embryo": {"ventralFurrowHours": 17.83}},
 *  "analysis": {"type": "workflow"},
 *  "rules": ["../rules/ventral-furrow.json", "../rules/serosa-rupture.json"],
 *  "run": {"interval": "30 min", "durationHours": 145, "policy": "skip"}}
 * }</pre>
 *
 * Rule references are files relative to the configuration's folder (or {@code classpath:NAME} for
 * the built-in examples), or inline rule objects. Microscope types: {@code simulator}, {@code
 * replay} ({@code folder}, {@code every}, {@code offset}, {@code loop}, {@code timeFactor}); {@code
 * micromanager} is reserved for the hardware backend.
 */
public final class ScopeRun {
  private final Conf conf;
  private final Path baseDir;
  private final List<Rules.Rule> rules;
  private final String rulesJson;

  private ScopeRun(Conf conf, Path baseDir) {
    this.conf = conf;
    this.baseDir = baseDir;
    conf.checkKnown("description", "microscope", "analysis", "rules", "run", "device");
    List<Rules.Rule> rs = new ArrayList<>();
    for (Object ref : conf.list("rules")) rs.addAll(loadRules(ref));
    this.rules = rs;
    List<Object> js = new ArrayList<>();
    for (Rules.Rule r : rs) js.add(Rules.toJson(r));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("rules", js);
    this.rulesJson = Json.write(root);
    // validate the other sections now, so errors come before the device is opened
    runOptions();
    analysisType();
    Conf m = conf.child("microscope");
    ScopeTypes.microscope(m, m.getString("type", "simulator"));
  }

  /** Reads a configuration file. */
  public static ScopeRun load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path base = file.toAbsolutePath().getParent();
    return new ScopeRun(Conf.parse(text, file.toString()), base);
  }

  /** Reads a configuration from text; relative paths resolve against {@code baseDir}. */
  public static ScopeRun parse(String text, String source, Path baseDir) {
    return new ScopeRun(Conf.parse(text, source), baseDir);
  }

  /** The built-in demo configuration. */
  public static ScopeRun demo() {
    return parse(resource("demo.json"), "classpath:demo.json", Path.of("."));
  }

  /**
   * Checks every section (run options, microscope, embryo, analysis keys) without running, so that
   * a bad configuration is an error before a device or a run folder is touched.
   */
  public void validate() throws IOException {
    AcquisitionLoop.Options opt = runOptions();
    try (Microscope m = microscope(opt.intervalMinutes())) {
      // built and closed: every key of its sections was read and checked
    }
  }

  public Conf conf() {
    return conf;
  }

  public List<Rules.Rule> rules() {
    return rules;
  }

  static String resource(String name) {
    try (InputStream in = ScopeRun.class.getResourceAsStream("examples/" + name)) {
      if (in == null) throw new Conf.ConfigException("built-in example " + name + " not found");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Conf.ConfigException(
          "cannot read built-in example " + name + ": " + e.getMessage());
    }
  }

  /** Every measurement name a rule may use. */
  public static Set<String> knownMeasurements() {
    Set<String> s =
        new LinkedHashSet<>(
            List.of(
                "spot_count",
                "bbox_x_um",
                "bbox_y_um",
                "bbox_z_um",
                "min_sector_density",
                "mean_spot_intensity"));
    s.addAll(Arrays.asList(Derived.NAMES));
    return s;
  }

  private List<Rules.Rule> loadRules(Object ref) {
    if (ref instanceof Map<?, ?>) {
      return List.of(Rules.parseRule(Conf.of(ref, conf.where() + ".rules"), knownMeasurements()));
    }
    if (!(ref instanceof String s)) {
      throw conf.error(
          "rules", "each entry is a rule file name or a rule object, got " + Json.write(ref));
    }
    if (s.startsWith("classpath:")) {
      String name = s.substring("classpath:".length());
      return Rules.parse(resource(name), s, knownMeasurements());
    }
    Path p = baseDir.resolve(s);
    if (!Files.exists(p)) p = Path.of(s);
    if (!Files.exists(p)) {
      throw conf.error("rules", "rule file " + s + " not found (relative to " + baseDir + ")");
    }
    try {
      return Rules.parse(
          Files.readString(p, StandardCharsets.UTF_8), p.toString(), knownMeasurements());
    } catch (IOException e) {
      throw conf.error("rules", "cannot read " + p + ": " + e.getMessage());
    }
  }

  /**
   * The analysis type of the "analysis" section (default {@code "workflow"}: the talk's
   * spot-counting workflow, {@link WorkflowAnalysis}); one of {@link ScopeTypes#ANALYSES}, whose
   * parameters are checked here.
   */
  public String analysisType() {
    Conf a = conf.child("analysis");
    String type = a.getString("type", "workflow");
    ScopeTypes.analysis(a, type).check(a);
    return type;
  }

  /** Builds the analysis of the "analysis" section on {@code gpu}. */
  public StackAnalysis analysis(Gpu gpu) {
    Conf a = conf.child("analysis");
    return ScopeTypes.analysis(a, analysisType()).create(gpu, a);
  }

  /** The loop options from the "run" section. */
  public AcquisitionLoop.Options runOptions() {
    Conf r = conf.child("run");
    r.checkKnown(
        "interval",
        "durationHours",
        "maxStacks",
        "analysisQueue",
        "writeQueue",
        "policy",
        "waitForAnalysisMs",
        "copyReplayedStacks");
    AcquisitionLoop.Options d = AcquisitionLoop.Options.defaults();
    double interval = r.getMinutes("interval", d.intervalMinutes());
    double duration = r.getDouble("durationHours", d.durationHours());
    int maxStacks = r.getInt("maxStacks", d.maxStacks());
    int analysisQueue = r.getInt("analysisQueue", d.analysisQueue());
    int writeQueue = r.getInt("writeQueue", d.writeQueue());
    long wait = r.getLong("waitForAnalysisMs", d.waitForAnalysisMs());
    String pol = r.getString("policy", "skip");
    AcquisitionLoop.Policy policy =
        switch (pol) {
          case "skip" -> AcquisitionLoop.Policy.SKIP;
          case "block" -> AcquisitionLoop.Policy.BLOCK;
          default -> throw r.error("policy", "expected \"skip\" or \"block\", got \"" + pol + "\"");
        };
    if (!(interval > 0)) throw r.error("interval", "must be positive");
    if (!(duration > 0)) throw r.error("durationHours", "must be positive");
    if (maxStacks < 0) throw r.error("maxStacks", "must not be negative");
    if (analysisQueue < 1 || writeQueue < 1)
      throw r.error("analysisQueue", "queues need at least 1 slot");
    if (wait < 0) throw r.error("waitForAnalysisMs", "must not be negative");
    return AcquisitionLoop.Options.builder()
        .intervalMinutes(interval)
        .durationHours(duration)
        .maxStacks(maxStacks)
        .analysisQueue(analysisQueue)
        .writeQueue(writeQueue)
        .policy(policy)
        .waitForAnalysisMs(wait)
        .build();
  }

  /** Builds the microscope of the "microscope" section. */
  public Microscope microscope(double intervalMinutes) throws IOException {
    Conf m = conf.child("microscope");
    return ScopeTypes.microscope(m, m.getString("type", "simulator"))
        .open(m, baseDir, intervalMinutes);
  }

  /** Sets public numeric fields of {@code target} from the object's keys (checked names). */
  static void applyFields(Object target, Conf c) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Field f : target.getClass().getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) fields.put(f.getName(), f);
    }
    for (String k : c.map().keySet()) {
      Field f = fields.get(k);
      if (f == null)
        throw new Conf.ConfigException(
            c.where() + ": unknown key \"" + k + "\"; known keys: " + fields.keySet());
      try {
        if (f.getType() == int.class) f.setInt(target, c.getInt(k, 0));
        else f.setDouble(target, c.getDouble(k, 0));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** What a finished run returns to its caller. */
  public record Outcome(
      AcquisitionLoop.Result result, Path folder, String summary, List<Plot.Point> points) {}

  /**
   * Runs the experiment into {@code out} on {@code gpu}; {@code listener} gets progress (may be
   * null).
   */
  public Outcome run(Gpu gpu, Path out, AcquisitionLoop.Listener listener) throws IOException {
    return run(gpu, out, listener, analysis(gpu));
  }

  /**
   * Runs the experiment with {@code analysis} (closed when the run ends) instead of the one the
   * "analysis" section configures: for analyses built in Java, e.g. one wrapped to record or delay
   * what it sees.
   */
  public Outcome run(Gpu gpu, Path out, AcquisitionLoop.Listener listener, StackAnalysis analysis)
      throws IOException {
    AcquisitionLoop.Options opt = runOptions();
    List<Plot.Point> pts = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, Double> planted = new java.util.concurrent.ConcurrentSkipListMap<>();
    try (StackAnalysis an = analysis;
        Microscope mic = microscope(opt.intervalMinutes());
        RunFolder folder = RunFolder.create(out)) {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("software", "Fovea 0.1.0");
      info.put("started", Instant.now().toString());
      info.put("device", gpu.device().name() + " (" + gpu.device().platformName() + ")");
      info.put("microscope", mic.describe());
      info.put("analysis", an.describe());
      info.put("config", conf.map());
      folder.writeText("run.json", Json.write(info) + "\n");
      folder.writeText("rules.json", rulesJson + "\n");
      folder.defineMeasurements(new ArrayList<>(knownMeasurements()));
      folder.copyReplayedStacks(conf.child("run").getBool("copyReplayedStacks", false));
      AcquisitionLoop.Listener l =
          new AcquisitionLoop.Listener() {
            @Override
            public void analysed(AcquisitionLoop.Progress p) {
              double truth = p.trueCount();
              if (p.truth() instanceof Map<?, ?> tm) {
                if (tm.get("ventral_furrow_hours") instanceof Number v) {
                  planted.putIfAbsent("ventral furrow", v.doubleValue());
                }
                if (tm.get("serosa_rupture_hours") instanceof Number v) {
                  planted.putIfAbsent("serosa rupture", v.doubleValue());
                }
              }
              double count =
                  p.measurements() == null ? Double.NaN : p.measurements().get("spot_count");
              pts.add(
                  new Plot.Point(
                      p.hours(), count, truth, p.intervalMinutes(), !"ok".equals(p.status())));
              if (listener != null) listener.analysed(p);
            }

            @Override
            public void message(String line) {
              if (listener != null) listener.message(line);
            }

            @Override
            public void started(Microscope mic, AcquisitionLoop.Options options) {
              if (listener != null) listener.started(mic, options);
            }

            @Override
            public void acquired(int timePoint, double hours, long millis) {
              if (listener != null) listener.acquired(timePoint, hours, millis);
            }

            @Override
            public void stored(int timePoint, long bytes) {
              if (listener != null) listener.stored(timePoint, bytes);
            }

            @Override
            public void analysisTimed(
                int timePoint, long millis, StackAnalysis.Projection projection) {
              if (listener != null) listener.analysisTimed(timePoint, millis, projection);
            }

            @Override
            public void finished(AcquisitionLoop.Result result) {
              if (listener != null) listener.finished(result);
            }
          };
      AcquisitionLoop loop = new AcquisitionLoop(mic, an, new Rules.Engine(rules), folder, opt, l);
      // Ctrl-C (SIGINT) and SIGTERM end the JVM through its shutdown hooks: say so in run.log
      Thread hook =
          new Thread(
              () ->
                  folder.log(
                      "run interrupted: the process is ending (Ctrl-C/SIGINT, SIGTERM or exit)"
                          + " before the run finished; index.tsv lists the stacks stored"
                          + " completely"),
              "fovea-run-interrupted");
      Runtime.getRuntime().addShutdownHook(hook);
      AcquisitionLoop.Result r;
      try {
        r = loop.run();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs
        }
      }
      List<Plot.Point> sorted = new ArrayList<>(pts);
      sorted.sort((a, b) -> Double.compare(a.hours(), b.hours()));
      // the interval actually taken before each stack (the first uses the one after it)
      for (int i = 0; i < sorted.size(); i++) {
        Plot.Point p = sorted.get(i);
        double iv = p.intervalMinutes();
        if (i > 0) iv = (p.hours() - sorted.get(i - 1).hours()) * 60;
        else if (sorted.size() > 1) iv = (sorted.get(1).hours() - p.hours()) * 60;
        sorted.set(i, new Plot.Point(p.hours(), p.count(), p.truth(), iv, p.late()));
      }
      String summary = summary(r, folder.dir(), mic, gpu, readLatencies(folder.dir()));
      if (!planted.isEmpty()) {
        StringBuilder t = new StringBuilder("  simulator ground truth: ");
        boolean first = true;
        for (Map.Entry<String, Double> e : planted.entrySet()) {
          if (e.getValue() > r.lastHours()) continue;
          if (!first) t.append(", ");
          first = false;
          t.append(e.getKey()).append(" planted at ").append(Rules.hoursText(e.getValue()));
        }
        if (!first) summary = summary.replace("  decisions:\n", t + "\n  decisions:\n");
      }
      folder.writeText("summary.txt", summary);
      List<Plot.Marker> markers = new ArrayList<>();
      for (Map.Entry<String, Double> e : planted.entrySet()) {
        if (e.getValue() <= r.lastHours()) {
          markers.add(
              new Plot.Marker(
                  e.getValue(),
                  "(planted: " + e.getKey() + " " + Rules.hoursText(e.getValue()) + ")",
                  new Color(150, 150, 150)));
        }
      }
      for (AcquisitionLoop.Event e : r.events()) {
        markers.add(
            new Plot.Marker(
                e.hours(), e.name() + " @ " + Rules.hoursText(e.hours()), new Color(200, 0, 0)));
      }
      for (AcquisitionLoop.Decision d : r.decisions()) {
        if (d.action().startsWith("interval") || d.action().startsWith("burst")) {
          markers.add(
              new Plot.Marker(d.hours(), d.action() + " (" + d.rule() + ")", new Color(0, 140, 0)));
        }
      }
      try {
        Plot.write(
            folder.dir().resolve("plot.png"),
            "Fovea smart microscopy: spot count over embryo time ("
                + mic.describe().split(" ")[0]
                + ")",
            sorted,
            markers);
      } catch (IOException | RuntimeException | LinkageError | InternalError e) {
        // LinkageError/InternalError: a Java runtime without font support (e.g. a server without
        // libharfbuzz/fontconfig) cannot draw text; the run itself is complete, only the plot is
        // lost.
        folder.log("plot not written: " + e);
        System.err.println("fovea: plot.png not written (" + e + "); the run folder is complete");
      }
      return new Outcome(r, folder.dir(), summary, sorted);
    }
  }

  private static List<Double> readLatencies(Path dir) {
    List<Double> l = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(dir.resolve("measurements.tsv"));
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).split("\t", -1);
        if (f.length > 4 && !f[4].isEmpty()) l.add(Double.parseDouble(f[4]));
      }
    } catch (IOException | RuntimeException e) {
      // summary without latencies
    }
    return l;
  }

  static String summary(
      AcquisitionLoop.Result r, Path dir, Microscope mic, Gpu gpu, List<Double> lat) {
    StringBuilder b = new StringBuilder();
    b.append("Fovea smart-microscopy run in ").append(dir).append('\n');
    b.append("  microscope: ").append(mic.describe()).append('\n');
    b.append("  device:     ").append(gpu.device().name()).append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "  %d stacks acquired (%s to %s experiment time) in %.1f s wall; %d stored; %d analysed"
                + " (%d late), %d analyses skipped, %d analysis errors%n",
            r.acquired(),
            Double.isNaN(r.firstHours()) ? "-" : Rules.hoursText(r.firstHours()),
            Double.isNaN(r.lastHours()) ? "-" : Rules.hoursText(r.lastHours()),
            r.wallMillis() / 1000.0,
            r.stored(),
            r.analysed(),
            r.late(),
            r.skipped(),
            r.analysisErrors()));
    if (!lat.isEmpty()) {
      List<Double> s = new ArrayList<>(lat);
      s.sort(null);
      b.append(
          String.format(
              Locale.ROOT,
              "  analysis latency (acquired -> decided): median %.0f ms, 90%% %.0f ms, max %.0f ms%n",
              s.get(s.size() / 2),
              s.get((int) (s.size() * 0.9)),
              s.get(s.size() - 1)));
    }
    try {
      long bytes = 0;
      for (RunFolder.IndexEntry e : RunFolder.read(dir).stacks()) bytes += e.bytes();
      b.append(String.format(Locale.ROOT, "  stacks on disk: %.1f MB%n", bytes / 1e6));
    } catch (IOException | RuntimeException e) {
      b.append("  stacks on disk: cannot read index.tsv: ").append(e.getMessage()).append('\n');
    }
    b.append("  ended: ").append(r.stopReason()).append('\n');
    if (r.storageError() != null)
      b.append("  STORAGE ERROR: ").append(r.storageError()).append('\n');
    b.append("  decisions:\n");
    if (r.decisions().isEmpty()) b.append("    (none)\n");
    for (AcquisitionLoop.Decision d : r.decisions()) {
      b.append(
          String.format(
              Locale.ROOT,
              "    t=%-4d %-14s %-22s %-5s %-36s %s%s%n",
              d.timePoint(),
              Rules.hoursText(d.hours()),
              d.rule(),
              d.transition(),
              d.action(),
              d.measurements(),
              d.late() ? " (late)" : ""));
    }
    b.append("  events:\n");
    if (r.events().isEmpty()) b.append("    (none)\n");
    for (AcquisitionLoop.Event e : r.events()) {
      b.append(
          String.format(
              Locale.ROOT,
              "    \"%s\" after %s (time point %d)%n",
              e.name(),
              Rules.hoursText(e.hours()),
              e.timePoint()));
    }
    for (AcquisitionLoop.Decision d : r.decisions()) {
      if (d.transition().equals("enter") && d.action().startsWith("interval")) {
        b.append("  The microscope: \"Sure! I increased frame rate after ")
            .append(Rules.hoursText(d.hours()))
            .append(".\"\n");
        break;
      }
    }
    for (AcquisitionLoop.Event e : r.events()) {
      if (e.name().toLowerCase(Locale.ROOT).contains("serosa")) {
        b.append("  The microscope: \"Serosa rupture happened after ")
            .append(Rules.hoursText(e.hours()))
            .append(".\"\n");
      }
    }
    b.append(
            "  files: stacks/, index.tsv, metadata.jsonl, measurements.tsv, decisions.tsv, timings.tsv,"
                + " run.log,")
        .append(" rules.json, run.json, summary.txt, plot.png\n");
    return b.toString();
  }
}
