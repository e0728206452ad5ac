package org.fovea.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.scope.AcquisitionLoop;
import org.fovea.scope.EmbryoModel;
import org.fovea.scope.Microscope;
import org.fovea.scope.Rules;
import org.fovea.scope.RunFolder;
import org.fovea.scope.ScopeRun;
import org.fovea.scope.Settings;
import org.fovea.scope.SimulatedMicroscope;
import org.fovea.scope.StackAnalysis;
import org.fovea.scope.WorkflowAnalysis;

/**
 * Example 5: a smart-microscopy run from Java — the microscope reacts to what the GPU sees.
 *
 * <p>The pieces of {@code fovea-scope}, assembled by hand (the command {@code ./fovea scope
 * --config FILE} and {@link ScopeRun} build the same from a JSON configuration):
 *
 * <ol>
 *   <li>a {@link Microscope}: here {@link SimulatedMicroscope}, which renders a developing
 *       Tribolium-like embryo ({@link EmbryoModel}: nuclei double every 2 h, ...) at any embryo
 *       time; a Micro-Manager backend would implement the same interface;
 *   <li>a {@link StackAnalysis}: {@link WorkflowAnalysis} (the talk's spot-counting workflow)
 *       counts the nuclei of every stack on the GPU and measures the embryo ({@code spot_count},
 *       {@code bbox_y_um}, ...);
 *   <li>{@link Rules}: declarative rules (JSON) on those measurements — when a condition holds,
 *       mark an event, change the interval, take a burst or stop;
 *   <li>a {@link RunFolder} that stores every stack (TIFF), the measurements and the decisions;
 *   <li>the {@link AcquisitionLoop}, which acquires time point t+1 while t is analysed and t−1 is
 *       written, and applies each decision from the next time point.
 * </ol>
 *
 * <p>The custom rule below: once the embryo shows more than {@value #THRESHOLD} nuclei, mark the
 * event and take a burst of 4 stacks 5 minutes apart (then the 30-minute interval resumes).
 *
 * <p>Run: {@code java -cp
 * "fovea-examples/target/fovea-examples-0.1.0-SNAPSHOT.jar:fovea-examples/target/lib/*"
 * org.fovea.examples.SmartMicroscope [run-folder]} (default: a new temporary folder).
 */
public final class SmartMicroscope {
  private SmartMicroscope() {}

  /** The spot count above which the custom rule fires. */
  public static final int THRESHOLD = 300;

  /** A rule, as it would appear in a rules file (see examples/rules/ for the talk's two rules). */
  public static final String RULES =
      """
      {"rules": [{
        "name": "dense blastoderm",
        "when": "spot_count > %d",
        "for": 1,
        "once": true,
        "then": [{"mark": "more than %d nuclei"}, {"burst": {"count": 4, "interval": "5 min"}}]
      }]}
      """
          .formatted(THRESHOLD, THRESHOLD);

  /**
   * @param result the loop's outcome (counts, decisions, events, stop reason)
   * @param hours embryo time of every analysed stack, in order of analysis
   * @param spotCounts the measured {@code spot_count} of those stacks
   * @param trueCounts the simulator's ground truth (visible nuclei) of those stacks
   * @param folder the run folder
   */
  public record Result(
      AcquisitionLoop.Result result,
      List<Double> hours,
      List<Double> spotCounts,
      List<Double> trueCounts,
      Path folder) {}

  public static void main(String[] args) throws IOException {
    Path out =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("fovea-smart-microscope");
    try (Gpu gpu = Gpu.open()) {
      System.out.println("Device: " + gpu.device().name());
      Result r = run(gpu, out, 6.0, 4.0, true);
      AcquisitionLoop.Result lr = r.result();
      System.out.println("Decisions:");
      for (AcquisitionLoop.Decision d : lr.decisions()) {
        System.out.printf(
            "  t%-3d %5.2f h  rule \"%s\" %s → %s (%s), applies from time point %d%n",
            d.timePoint(),
            d.hours(),
            d.rule(),
            d.transition(),
            d.action(),
            d.measurements(),
            d.appliesFrom());
      }
      System.out.printf(
          "%d stacks acquired, %d analysed; stopped: %s%nRun folder: %s (measurements.tsv,"
              + " decisions.tsv, stacks/, run.log)%n",
          lr.acquired(), lr.analysed(), lr.stopReason(), r.folder());
    }
    System.exit(0);
  }

  /**
   * Runs the simulated experiment from embryo time {@code startHours} for {@code durationHours}
   * into the (new or empty) folder {@code out}; {@code verbose} prints each analysed stack.
   */
  public static Result run(
      Gpu gpu, Path out, double startHours, double durationHours, boolean verbose)
      throws IOException {
    // 1. The rules, parsed and checked against the measurement names the analysis provides
    //    (a typo such as "spots > 300" fails here, naming the rule and the known names).
    List<Rules.Rule> rules =
        Rules.parse(RULES, "SmartMicroscope.RULES", ScopeRun.knownMeasurements());

    // 2. The loop's options: a 30 min base interval. timeFactor 0 below means "simulate as fast as
    //    possible"; BLOCK + waitForAnalysisMs make every stack wait for the previous analysis, so
    //    each decision acts on the very next time point (deterministic, good for a demo and tests).
    AcquisitionLoop.Options options =
        AcquisitionLoop.Options.builder()
            .intervalMinutes(30)
            .durationHours(durationHours)
            .policy(AcquisitionLoop.Policy.BLOCK)
            .waitForAnalysisMs(60_000)
            .build();

    List<Double> hours = Collections.synchronizedList(new ArrayList<>());
    List<Double> counts = Collections.synchronizedList(new ArrayList<>());
    List<Double> truths = Collections.synchronizedList(new ArrayList<>());
    // 3. A listener sees every analysed stack (on the analysis thread: keep it quick).
    AcquisitionLoop.Listener listener =
        new AcquisitionLoop.Listener() {
          @Override
          public void analysed(AcquisitionLoop.Progress p) {
            Map<String, Double> m = p.measurements();
            double count = m == null ? Double.NaN : m.get("spot_count");
            double truth =
                p.truth() instanceof Map<?, ?> t && t.get("true_count") instanceof Number n
                    ? n.doubleValue()
                    : Double.NaN;
            hours.add(p.hours());
            counts.add(count);
            truths.add(truth);
            if (verbose) {
              System.out.printf(
                  "t%-3d %5.2f h  %4.0f spots (truth %4.0f)%s%s%n",
                  p.timePoint(),
                  p.hours(),
                  count,
                  truth,
                  p.inBurst() ? "  [burst]" : "",
                  p.decisions().isEmpty()
                      ? ""
                      : "  ← rule \"" + p.decisions().get(0).rule() + "\"");
            }
          }
        };

    // 4. The pieces, all closed at the end. The "tiny" stack (96×192×24) keeps this fast on a CPU.
    try (Microscope microscope =
            new SimulatedMicroscope(
                new EmbryoModel(42),
                SimulatedMicroscope.Geometry.tiny(),
                Settings.every(options.intervalMinutes()),
                0, // timeFactor: 0 = no waiting between time points
                startHours);
        StackAnalysis analysis = new WorkflowAnalysis(gpu, WorkflowAnalysis.Params.defaults());
        RunFolder folder = RunFolder.create(out)) {
      folder.defineMeasurements(new ArrayList<>(ScopeRun.knownMeasurements()));
      AcquisitionLoop loop =
          new AcquisitionLoop(
              microscope, analysis, new Rules.Engine(rules), folder, options, listener);
      // 5. Run to the end of the experiment (or a stop action); returns the decisions and events.
      AcquisitionLoop.Result result = loop.run();
      return new Result(result, List.copyOf(hours), List.copyOf(counts), List.copyOf(truths), out);
    }
  }
}
