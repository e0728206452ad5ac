package org.fovea.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fovea.core.Gpu;
import org.fovea.scope.AcquisitionLoop;
import org.fovea.scope.Conf;
import org.fovea.scope.Json;
import org.fovea.scope.ReplayMicroscope;
import org.fovea.scope.RunFolder;
import org.fovea.scope.Stack;
import org.fovea.scope.StackAnalysis;
import org.fovea.scope.WorkflowAnalysis;

/**
 * Fills a {@link DashboardState} from a finished (or crashed) run folder: run.json, index.tsv,
 * metadata.jsonl (ground truth), measurements.tsv, decisions.tsv, timings.tsv and run.log. The
 * interval of each row is the time to the previous analysed time point, as the plot of the run
 * shows it. {@link #reproject} recomputes the last stored stack's projection on a device (the run
 * folder keeps no projection).
 */
public final class RunFolderReader {
  private static final Pattern ENDED =
      Pattern.compile(
          "run ended: (.*); (\\d+) acquired, (\\d+) stored, (\\d+) analysed \\((\\d+) late\\), (\\d+)"
              + " analyses skipped");

  private RunFolderReader() {}

  /** Reads {@code dir} into a new state (mode "finished run"). */
  public static DashboardState read(Path dir) throws IOException {
    RunFolder.Contents contents = RunFolder.read(dir); // also checks that it is a run folder
    DashboardState st = new DashboardState();
    Map<String, Object> run = Map.of();
    Path runJson = dir.resolve("run.json");
    if (Files.exists(runJson)) {
      if (Json.parse(Files.readString(runJson, StandardCharsets.UTF_8), runJson.toString())
          instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> mm = (Map<String, Object>) m;
        run = mm;
      }
    }
    st.describe("finished run", dir, str(run.get("device")));
    long bytes = 0;
    for (RunFolder.IndexEntry e : contents.stacks()) bytes += e.bytes();
    // the interval taken before each stored time point (the first: the one after it)
    Map<Integer, Double> intervals = new HashMap<>();
    List<RunFolder.IndexEntry> byTp = new ArrayList<>(contents.stacks());
    byTp.sort((a, b) -> Integer.compare(a.timePoint(), b.timePoint()));
    for (int i = 0; i < byTp.size(); i++) {
      int j = i > 0 ? i - 1 : i + 1;
      if (j < byTp.size()) {
        intervals.put(
            byTp.get(i).timePoint(), Math.abs(byTp.get(i).hours() - byTp.get(j).hours()) * 60);
      }
    }

    Map<Integer, Double> truth = new HashMap<>();
    Path meta = dir.resolve("metadata.jsonl");
    if (Files.exists(meta)) {
      for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
        if (line.isBlank()) continue;
        try {
          if (Json.parse(line) instanceof Map<?, ?> m
              && m.get("time_point") instanceof Number tp
              && m.get("true_count") instanceof Number c) {
            truth.put(tp.intValue(), c.doubleValue());
          }
        } catch (RuntimeException e) {
          // a line cut by a crash
        }
      }
    }

    Path mt = dir.resolve("measurements.tsv");
    if (Files.exists(mt)) {
      List<String> lines = Files.readAllLines(mt, StandardCharsets.UTF_8);
      if (!lines.isEmpty()) {
        String[] head = lines.get(0).split("\t", -1);
        List<String> cols = new ArrayList<>();
        for (int i = 5; i < head.length; i++) cols.add(head[i]);
        st.defineColumns(cols);
        for (int i = 1; i < lines.size(); i++) {
          String[] f = lines.get(i).split("\t", -1);
          if (f.length < head.length) continue; // a line cut by a crash
          try {
            int tp = Integer.parseInt(f[1]);
            double h = Double.parseDouble(f[2]);
            double[] vals = null;
            if (!f[3].equals("skipped") && !f[3].equals("error")) {
              vals = new double[cols.size()];
              for (int c = 0; c < vals.length; c++) vals[c] = num(f[5 + c]);
            }
            double interval = intervals.getOrDefault(tp, Double.NaN);
            st.addRow(
                new DashboardState.Row(
                    tp,
                    h,
                    Instant.parse(f[0]).toEpochMilli(),
                    f[3],
                    num(f[4]),
                    interval,
                    false,
                    truth.getOrDefault(tp, Double.NaN),
                    vals));
          } catch (RuntimeException e) {
            // not a row
          }
        }
      }
    }

    for (String[] f : RunFolder.readDecisions(dir)) {
      if (f.length < 10) continue;
      try {
        st.addDecision(
            new DashboardState.DecisionRow(
                Instant.parse(f[0]).toEpochMilli(),
                new AcquisitionLoop.Decision(
                    Integer.parseInt(f[1]),
                    Double.parseDouble(f[2]),
                    f[3],
                    f[4],
                    f[5],
                    f[6],
                    num(f[7]),
                    Integer.parseInt(f[8]),
                    Boolean.parseBoolean(f[9]))));
      } catch (RuntimeException e) {
        // a line cut by a crash
      }
    }

    String stop = "no end recorded (the run was killed or is still running)";
    int acquired = contents.stacks().size();
    int analysed = 0;
    int late = 0;
    int skipped = 0;
    Path log = dir.resolve("run.log");
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        // "2026-12-06T13:43:36.883222685Z text" -> "13:43:36 text"
        int sp = line.indexOf(' ');
        st.logLine(
            sp > 19 && line.charAt(10) == 'T' ? line.substring(11, 19) + line.substring(sp) : line);
        Matcher m = ENDED.matcher(line);
        if (m.find()) {
          stop = m.group(1);
          acquired = Integer.parseInt(m.group(2));
          analysed = Integer.parseInt(m.group(4));
          late = Integer.parseInt(m.group(5));
          skipped = Integer.parseInt(m.group(6));
        }
      }
    }
    int errors = 0;
    if (analysed == 0) {
      for (String[] r : statuses(dir)) {
        switch (r[0]) {
          case "ok" -> analysed++;
          case "late" -> {
            analysed++;
            late++;
          }
          case "skipped" -> skipped++;
          default -> errors++;
        }
      }
    }
    readTimings(dir, st, str(run.get("microscope")));
    st.setFinished(
        str(run.get("microscope")),
        str(run.get("analysis")),
        stop,
        acquired,
        contents.stacks().size(),
        bytes,
        analysed,
        late,
        skipped,
        errors);
    return st;
  }

  private static final Pattern TIME_FACTOR = Pattern.compile("time factor ([0-9.eE+-]+)");

  /**
   * timings.tsv (written since the dashboard's first release; absent in older folders): how long
   * each acquisition and analysis took, in the order they happened. The time factor comes from the
   * microscope's description in run.json; a microscope without one runs in real time (1).
   */
  private static void readTimings(Path dir, DashboardState st, String microscope)
      throws IOException {
    Path t = dir.resolve("timings.tsv");
    if (!Files.exists(t)) return;
    List<long[]> acquire = new ArrayList<>();
    List<long[]> analyse = new ArrayList<>();
    List<String> lines = Files.readAllLines(t, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t", -1);
      if (f.length < 3) continue; // a line cut by a crash
      try {
        long[] v = {Integer.parseInt(f[0]), Long.parseLong(f[2])};
        if (f[1].equals("acquire")) acquire.add(v);
        else if (f[1].equals("analyse")) analyse.add(v);
      } catch (NumberFormatException e) {
        // a line cut by a crash
      }
    }
    double factor = 1;
    Matcher m = TIME_FACTOR.matcher(microscope == null ? "" : microscope);
    if (m.find()) {
      try {
        factor = Double.parseDouble(m.group(1));
      } catch (NumberFormatException e) {
        // keep real time
      }
    }
    st.setTimings(factor, acquire, analyse);
  }

  private static List<String[]> statuses(Path dir) throws IOException {
    List<String[]> out = new ArrayList<>();
    Path mt = dir.resolve("measurements.tsv");
    if (!Files.exists(mt)) return out;
    List<String> lines = Files.readAllLines(mt, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t", -1);
      if (f.length > 3) out.add(new String[] {f[3]});
    }
    return out;
  }

  /**
   * Recomputes the projection of the last stored stack of {@code dir} with the run's own analysis
   * parameters (run.json) on {@code gpu}, and puts it into {@code st}.
   */
  public static void reproject(Path dir, DashboardState st, Gpu gpu) throws IOException {
    RunFolder.Contents c = RunFolder.read(dir);
    if (c.stacks().isEmpty()) return;
    Conf analysisConf = Conf.of(Map.of(), "run.json analysis");
    Path runJson = dir.resolve("run.json");
    if (Files.exists(runJson)
        && Json.parse(Files.readString(runJson, StandardCharsets.UTF_8)) instanceof Map<?, ?> run
        && run.get("config") instanceof Map<?, ?> cfg
        && cfg.get("analysis") instanceof Map<?, ?> a) {
      analysisConf = Conf.of(a, "run.json analysis");
    }
    int last = c.stacks().size() - 1;
    RunFolder.IndexEntry e = c.stacks().get(last);
    try (ReplayMicroscope mic = new ReplayMicroscope(dir, 1, last, false, 0);
        StackAnalysis an = new WorkflowAnalysis(gpu, WorkflowAnalysis.Params.from(analysisConf))) {
      Stack s = mic.acquire(e.timePoint(), e.hours());
      Stack t =
          new Stack(
              e.timePoint(),
              s.hours(),
              s.acquiredAtMillis(),
              s.width(),
              s.height(),
              s.depth(),
              s.voxelX(),
              s.voxelY(),
              s.voxelZ(),
              s.pixels(),
              s.metadata());
      an.analyse(t);
      st.setProjection(an.lastProjection());
    }
  }

  private static double num(String s) {
    if (s == null || s.isEmpty()) return Double.NaN;
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
