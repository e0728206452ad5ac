package org.fovea.scope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The smart-microscopy loop. Three threads overlap: the caller's thread acquires time point t+1
 * while the analysis thread analyses t and the writer thread stores t−1, connected by bounded
 * queues.
 *
 * <ul>
 *   <li>Storage never drops a stack: when the writer is behind, acquisition waits for it. An I/O
 *       error (disk full, permissions) stops the acquisition with a message naming the time point
 *       and the file; stacks already queued are still written if the disk allows.
 *   <li>Analysis may fall behind: with {@link Policy#SKIP} a full analysis queue drops its oldest
 *       stack (logged as {@code skipped} in measurements.tsv and run.log; the stack is still
 *       stored); with {@link Policy#BLOCK} acquisition waits for room. A result that arrives after
 *       the next time point was committed is logged {@code late}.
 *   <li>Rule actions change the schedule from the next time point not yet committed: the wait for
 *       it is recomputed when a decision arrives. {@code waitForAnalysisMs} lets the next time
 *       point wait that long for the current analysis (0 = never wait).
 * </ul>
 */
public final class AcquisitionLoop {
  /** What to do when the analysis queue is full. */
  public enum Policy {
    SKIP,
    BLOCK
  }

  /**
   * Run options: the base interval between stacks, how long to run (experiment hours and at most
   * {@code maxStacks} stacks), the queue sizes of analysis and storage, what to do when the
   * analysis queue is full, and how long acquisition may wait for the analysis of the previous
   * stack. Set them by name: {@code
   * Options.builder().intervalMinutes(20).policy(Policy.BLOCK).build()} or {@code
   * defaults().toBuilder()...}.
   */
  public record Options(
      double intervalMinutes,
      double durationHours,
      int maxStacks,
      int analysisQueue,
      int writeQueue,
      Policy policy,
      long waitForAnalysisMs) {
    public Options {
      if (!(intervalMinutes > 0)) throw new IllegalArgumentException("interval must be positive");
      if (!(durationHours > 0))
        throw new IllegalArgumentException("durationHours must be positive");
      if (maxStacks < 0) throw new IllegalArgumentException("maxStacks must not be negative");
      if (analysisQueue < 1 || writeQueue < 1) {
        throw new IllegalArgumentException("queues need at least 1 slot");
      }
      if (policy == null) throw new IllegalArgumentException("policy must be SKIP or BLOCK");
      if (waitForAnalysisMs < 0) {
        throw new IllegalArgumentException("waitForAnalysisMs must not be negative");
      }
    }

    /** 30 min, 24 h, at most 100,000 stacks, queues of 4 and 8, skip, no waiting. */
    public static Options defaults() {
      return builder().build();
    }

    public static Builder builder() {
      return new Builder();
    }

    public Builder toBuilder() {
      return new Builder()
          .intervalMinutes(intervalMinutes)
          .durationHours(durationHours)
          .maxStacks(maxStacks)
          .analysisQueue(analysisQueue)
          .writeQueue(writeQueue)
          .policy(policy)
          .waitForAnalysisMs(waitForAnalysisMs);
    }

    /** Options by name; unset ones keep the {@link #defaults()}. */
    public static final class Builder {
      private double intervalMinutes = 30;
      private double durationHours = 24;
      private int maxStacks = 100000;
      private int analysisQueue = 4;
      private int writeQueue = 8;
      private Policy policy = Policy.SKIP;
      private long waitForAnalysisMs = 0;

      private Builder() {}

      public Builder intervalMinutes(double v) {
        intervalMinutes = v;
        return this;
      }

      public Builder durationHours(double v) {
        durationHours = v;
        return this;
      }

      public Builder maxStacks(int v) {
        maxStacks = v;
        return this;
      }

      public Builder analysisQueue(int v) {
        analysisQueue = v;
        return this;
      }

      public Builder writeQueue(int v) {
        writeQueue = v;
        return this;
      }

      public Builder policy(Policy v) {
        policy = v;
        return this;
      }

      /** How long acquisition of t+1 may wait for the analysis of t (0: never waits). */
      public Builder waitForAnalysisMs(long v) {
        waitForAnalysisMs = v;
        return this;
      }

      /** The options (checked by the record's constructor). */
      public Options build() {
        return new Options(
            intervalMinutes,
            durationHours,
            maxStacks,
            analysisQueue,
            writeQueue,
            policy,
            waitForAnalysisMs);
      }
    }
  }

  /** A decision as logged. */
  public record Decision(
      int timePoint,
      double hours,
      String rule,
      String transition,
      String action,
      String measurements,
      double latencyMs,
      int appliesFrom,
      boolean late) {}

  /** A marked event. */
  public record Event(String name, int timePoint, double hours) {}

  /** What one analysed (or skipped) stack produced; passed to the listener. */
  public record Progress(
      int timePoint,
      double hours,
      String status,
      Map<String, Double> measurements,
      double intervalMinutes,
      boolean inBurst,
      Object truth,
      List<Decision> decisions) {
    /** The source's true spot count for this time point; NaN when it has no ground truth. */
    public double trueCount() {
      return truth instanceof Map<?, ?> tm && tm.get("true_count") instanceof Number n
          ? n.doubleValue()
          : Double.NaN;
    }
  }

  /**
   * Receives progress (keep it quick: it runs on the loop's threads). {@link #analysed} and {@link
   * #analysisTimed} come from the analysis thread, {@link #acquired} from the acquiring thread,
   * {@link #stored} from the writer; {@link #started} and {@link #finished} bracket the run. An
   * exception thrown by a listener is logged and does not stop the run.
   */
  public interface Listener {
    default void analysed(Progress p) {}

    default void message(String line) {}

    /** The run starts on {@code mic} with these options (before the first acquisition). */
    default void started(Microscope mic, Options options) {}

    /** Time point {@code timePoint} was acquired; the microscope took {@code millis}. */
    default void acquired(int timePoint, double hours, long millis) {}

    /** Time point {@code timePoint} is on disk ({@code bytes} of stack file). */
    default void stored(int timePoint, long bytes) {}

    /**
     * The analysis of {@code timePoint} took {@code millis} (GPU work only, without queueing);
     * {@code projection} is the analysis' latest projection, or null when it has none.
     */
    default void analysisTimed(int timePoint, long millis, StackAnalysis.Projection projection) {}

    /** The run ended (after the queues drained). */
    default void finished(Result result) {}
  }

  /** The outcome of a run. */
  public record Result(
      int acquired,
      int stored,
      int analysed,
      int late,
      int skipped,
      int analysisErrors,
      List<Decision> decisions,
      List<Event> events,
      String stopReason,
      String storageError,
      long wallMillis,
      double firstHours,
      double lastHours) {}

  private final Microscope mic;
  private final StackAnalysis analysis;
  private final Rules.Engine rules;
  private final RunFolder folder;
  private final Options opt;
  private final Listener listener;

  private final Object mon = new Object();
  private double baseInterval;
  private int burstLeft;
  private double burstInterval;
  private String stopReason;
  private volatile String storageError;
  private volatile int committedTp = -1;
  private int settledTp = -1;
  private final List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  private int stored;
  private int analysed;
  private int late;
  private int skipped;
  private int analysisErrors;

  private final List<String> pendingNotes = new ArrayList<>();

  private record Item(Stack stack) {}

  private static final Item END = new Item(null);

  public AcquisitionLoop(
      Microscope mic,
      StackAnalysis analysis,
      Rules.Engine rules,
      RunFolder folder,
      Options opt,
      Listener listener) {
    this.mic = mic;
    this.analysis = analysis;
    this.rules = rules;
    this.folder = folder;
    this.opt = opt;
    this.listener = listener == null ? new Listener() {} : listener;
    this.baseInterval = opt.intervalMinutes();
  }

  private void say(String line) {
    folder.log(line);
    try {
      listener.message(line);
    } catch (RuntimeException e) {
      folder.log("listener failed: " + e);
    }
  }

  /** Runs to the end (duration, stack limit, stop action, end of a replay or a storage error). */
  public Result run() {
    long wallStart = System.currentTimeMillis();
    BlockingQueue<Item> writeQ = new ArrayBlockingQueue<>(Math.max(1, opt.writeQueue()));
    BlockingQueue<Item> analysisQ = new ArrayBlockingQueue<>(Math.max(1, opt.analysisQueue()));
    Thread writer = new Thread(() -> writeLoop(writeQ), "fovea-writer");
    Thread analyser = new Thread(() -> analysisLoop(analysisQ), "fovea-analysis");
    say("microscope: " + mic.describe());
    say("analysis: " + analysis.describe());
    for (Rules.Rule r : rules.rules()) say("rule \"" + r.name() + "\": " + r.describe());
    mic.apply(mic.settings().withInterval(baseInterval));
    safely(() -> listener.started(mic, opt));
    double factor = mic.timeFactor() > 0 ? mic.timeFactor() : Double.POSITIVE_INFINITY;
    double startHours = mic.startHours();
    double endHours = startHours + opt.durationHours();
    double hours = startHours;
    double firstHours = Double.NaN;
    double lastHours = Double.NaN;
    int tp = 0;
    int acquired = 0;
    boolean started = false;
    try {
      while (true) {
        long acqStart = System.currentTimeMillis();
        committedTp = tp;
        Stack s;
        try {
          s = mic.acquire(tp, hours);
        } catch (RuntimeException e) {
          stop("acquisition failed at time point " + tp + ": " + e.getMessage());
          break;
        }
        if (s == null) {
          stop("the source has no more stacks");
          break;
        }
        acquired++;
        long acqMillis = System.currentTimeMillis() - acqStart;
        int acqTp = tp;
        safely(() -> listener.acquired(acqTp, s.hours(), acqMillis));
        try {
          folder.timing(acqTp, "acquire", acqMillis);
        } catch (IOException e) {
          storageFailed("timings.tsv", e);
        }
        if (Double.isNaN(firstHours)) firstHours = s.hours();
        lastHours = s.hours();
        if (!started) {
          // compile the kernels and size the buffers before the clock starts
          long t0 = System.currentTimeMillis();
          try {
            analysis.analyse(s);
          } catch (RuntimeException e) {
            say("analysis warm-up failed: " + e.getMessage());
          }
          say(
              "analysis warm-up (kernel build, buffers) took "
                  + (System.currentTimeMillis() - t0)
                  + " ms");
          writer.start();
          analyser.start();
          started = true;
          acqStart = System.currentTimeMillis();
        }
        if (!putBlocking(writeQ, new Item(s), "writer")) break;
        enqueueAnalysis(analysisQ, s);
        if (storageError != null) break;
        if (tp + 1 >= opt.maxStacks()) {
          stop("reached the stack limit (" + opt.maxStacks() + ")");
          break;
        }
        // wait for the next time point; decisions arriving meanwhile change the wait
        double used;
        synchronized (mon) {
          while (true) {
            if (stopReason != null || storageError != null) break;
            double interval = burstLeft > 0 ? burstInterval : baseInterval;
            long due = acqStart + (long) (interval * 60000.0 / factor);
            long now = System.currentTimeMillis();
            if (now < due) {
              mon.wait(due - now);
              continue;
            }
            if (opt.waitForAnalysisMs() > 0
                && settledTp < tp
                && now < due + opt.waitForAnalysisMs()) {
              mon.wait(due + opt.waitForAnalysisMs() - now);
              continue;
            }
            break;
          }
          if (stopReason != null || storageError != null) break;
          if (burstLeft > 0) {
            used = burstInterval;
            burstLeft--;
          } else {
            used = baseInterval;
          }
        }
        double nextHours = s.hours() + used / 60.0;
        if (nextHours > endHours + 1e-9) {
          stop("reached the end of the experiment (" + Rules.hoursText(endHours) + ")");
          break;
        }
        hours = nextHours;
        tp++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop("interrupted");
    }
    // drain: analysis finishes what is queued (late), the writer stores everything
    if (started) {
      if (!analysisDead) putQuietly(analysisQ);
      putQuietly(writeQ);
      join(analyser);
      join(writer);
    }
    long wall = System.currentTimeMillis() - wallStart;
    String reason;
    synchronized (mon) {
      reason = stopReason;
    }
    say(
        String.format(
            Locale.ROOT,
            "run ended: %s; %d acquired, %d stored, %d analysed (%d late), %d analyses skipped, %d"
                + " decisions, %.1f s",
            reason,
            acquired,
            stored,
            analysed,
            late,
            skipped,
            decisions.size(),
            wall / 1000.0));
    if (storageError != null) say("STORAGE ERROR: " + storageError);
    Result result =
        new Result(
            acquired,
            stored,
            analysed,
            late,
            skipped,
            analysisErrors,
            List.copyOf(decisions),
            List.copyOf(events),
            reason,
            storageError,
            wall,
            firstHours,
            lastHours);
    safely(() -> listener.finished(result));
    return result;
  }

  private void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      folder.log("listener failed: " + e);
    }
  }

  private void stop(String reason) {
    synchronized (mon) {
      if (stopReason == null) stopReason = reason;
      mon.notifyAll();
    }
  }

  private boolean putBlocking(BlockingQueue<Item> q, Item it, String who)
      throws InterruptedException {
    while (!q.offer(it, 200, TimeUnit.MILLISECONDS)) {
      if (storageError != null) return false;
      folder.log("acquisition waits for the " + who + " (queue full)");
    }
    return true;
  }

  private void putQuietly(BlockingQueue<Item> q) {
    try {
      q.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void enqueueAnalysis(BlockingQueue<Item> q, Stack s) throws InterruptedException {
    if (analysisDead) return;
    Item it = new Item(s);
    if (opt.policy() == Policy.BLOCK) {
      while (!q.offer(it, 200, TimeUnit.MILLISECONDS)) {
        if (analysisDead) return;
      }
      return;
    }
    while (!q.offer(it)) {
      Item old = q.poll();
      if (old != null && old != END) {
        synchronized (mon) {
          skipped++;
          settledTp = Math.max(settledTp, old.stack().timePoint());
          mon.notifyAll();
        }
        say(
            "analysis behind: skipped time point "
                + old.stack().timePoint()
                + " (stored, not analysed)");
        try {
          folder.measurement(
              old.stack().timePoint(), old.stack().hours(), "skipped", Double.NaN, null);
        } catch (IOException e) {
          storageFailed("measurements.tsv", e);
        }
        notifyListener(
            new Progress(
                old.stack().timePoint(),
                old.stack().hours(),
                "skipped",
                null,
                currentInterval(),
                inBurst(),
                old.stack().metadata(),
                List.of()));
      }
    }
  }

  private double currentInterval() {
    synchronized (mon) {
      return burstLeft > 0 ? burstInterval : baseInterval;
    }
  }

  private boolean inBurst() {
    synchronized (mon) {
      return burstLeft > 0;
    }
  }

  private void storageFailed(String what, Exception e) {
    if (storageError == null) {
      storageError = "cannot write " + what + " in " + folder.dir() + ": " + e.getMessage();
    }
    stop("storage error");
  }

  private void notifyListener(Progress p) {
    try {
      listener.analysed(p);
    } catch (RuntimeException e) {
      folder.log("listener failed: " + e);
    }
  }

  private volatile boolean analysisDead;

  private void writeLoop(BlockingQueue<Item> q) {
    try {
      writeLoopBody(q);
    } catch (Throwable t) {
      if (storageError == null) storageError = "the writer thread failed: " + t;
      stop("storage error");
      folder.log("STORAGE ERROR: writer thread failed: " + t);
    }
  }

  private void writeLoopBody(BlockingQueue<Item> q) {
    List<Integer> lost = new ArrayList<>();
    while (true) {
      Item it;
      try {
        it = q.take();
      } catch (InterruptedException e) {
        return;
      }
      if (it == END) break;
      Stack s = it.stack();
      if (storageError != null) {
        lost.add(s.timePoint());
        continue;
      }
      try {
        long bytes = folder.writeStack(s);
        synchronized (mon) {
          stored++;
        }
        safely(() -> listener.stored(s.timePoint(), bytes));
      } catch (IOException | RuntimeException e) {
        lost.add(s.timePoint());
        storageFailed("stack " + RunFolder.stackName(s.timePoint()) + ".tif", e);
        say(
            "STORAGE ERROR at time point "
                + s.timePoint()
                + ": "
                + storageError
                + " — acquisition stops");
      }
    }
    if (!lost.isEmpty()) say("not stored because of the storage error: time points " + lost);
  }

  private void analysisLoop(BlockingQueue<Item> q) {
    try {
      analysisLoopBody(q);
    } catch (Throwable t) {
      analysisDead = true;
      say("analysis thread failed, acquisition goes on without analysis: " + t);
      q.clear();
      synchronized (mon) {
        settledTp = Integer.MAX_VALUE;
        mon.notifyAll();
      }
    }
  }

  private void analysisLoopBody(BlockingQueue<Item> q) {
    Derived derived = new Derived();
    while (true) {
      Item it;
      try {
        it = q.take();
      } catch (InterruptedException e) {
        return;
      }
      if (it == END) break;
      Stack s = it.stack();
      int tp = s.timePoint();
      Map<String, Double> m;
      try {
        long a0 = System.currentTimeMillis();
        m = derived.add(s.hours(), analysis.analyse(s));
        long aMillis = System.currentTimeMillis() - a0;
        safely(() -> listener.analysisTimed(tp, aMillis, analysis.lastProjection()));
        try {
          folder.timing(tp, "analyse", aMillis);
        } catch (IOException e) {
          storageFailed("timings.tsv", e);
        }
      } catch (RuntimeException e) {
        synchronized (mon) {
          analysisErrors++;
          settledTp = Math.max(settledTp, tp);
          mon.notifyAll();
        }
        say("analysis failed at time point " + tp + ": " + e);
        try {
          folder.measurement(tp, s.hours(), "error", Double.NaN, null);
        } catch (IOException ex) {
          storageFailed("measurements.tsv", ex);
        }
        continue;
      }
      double latency = System.currentTimeMillis() - s.acquiredAtMillis();
      List<Decision> made = new ArrayList<>();
      boolean isLate;
      List<String> notes;
      synchronized (mon) {
        int committed = committedTp;
        isLate = committed > tp;
        int appliesFrom = committed + 1;
        for (Rules.Firing f : rules.evaluate(s.hours(), m)) {
          StringBuilder vals = new StringBuilder();
          for (String k : f.rule().measurements()) {
            if (vals.length() > 0) vals.append(',');
            Double v = m.get(k);
            vals.append(k)
                .append('=')
                .append(v == null ? "NaN" : String.format(Locale.ROOT, "%.4g", v));
          }
          List<Rules.Action> acts = f.actions().isEmpty() ? List.of() : f.actions();
          if (acts.isEmpty()) {
            made.add(
                new Decision(
                    tp,
                    s.hours(),
                    f.rule().name(),
                    f.transition(),
                    "-",
                    vals.toString(),
                    latency,
                    appliesFrom,
                    isLate));
          }
          for (Rules.Action a : acts) {
            applyAction(a, tp, s.hours());
            made.add(
                new Decision(
                    tp,
                    s.hours(),
                    f.rule().name(),
                    f.transition(),
                    a.describe(),
                    vals.toString(),
                    latency,
                    appliesFrom,
                    isLate));
          }
        }
        analysed++;
        if (isLate) late++;
        notes = new ArrayList<>(pendingNotes);
        pendingNotes.clear();
        settledTp = Math.max(settledTp, tp);
        mon.notifyAll();
      }
      for (String n : notes) folder.log(n);
      try {
        folder.measurement(tp, s.hours(), isLate ? "late" : "ok", latency, m);
        for (Decision d : made) {
          decisions.add(d);
          folder.decision(
              String.format(
                  Locale.ROOT,
                  "%d\t%.6f\t%s\t%s\t%s\t%s\t%.1f\t%d\t%s",
                  d.timePoint(),
                  d.hours(),
                  d.rule(),
                  d.transition(),
                  d.action(),
                  d.measurements(),
                  d.latencyMs(),
                  d.appliesFrom(),
                  d.late()));
          folder.log(
              "decision at time point "
                  + tp
                  + " ("
                  + Rules.hoursText(s.hours())
                  + "): rule \""
                  + d.rule()
                  + "\" "
                  + d.transition()
                  + " -> "
                  + d.action()
                  + " ["
                  + d.measurements()
                  + "], from time point "
                  + d.appliesFrom()
                  + (d.late() ? " (late)" : ""));
        }
      } catch (IOException e) {
        storageFailed("measurements/decisions", e);
      }
      listener.analysed(
          new Progress(
              tp,
              s.hours(),
              isLate ? "late" : "ok",
              m,
              currentInterval(),
              inBurst(),
              s.metadata(),
              made));
    }
  }

  /** Applies one action (called with the monitor held). */
  private void applyAction(Rules.Action a, int tp, double hours) {
    a.apply(
        new Rules.Controls() {
          @Override
          public void setInterval(double minutes) {
            baseInterval = minutes < 0 ? opt.intervalMinutes() : minutes;
            String note = mic.apply(mic.settings().withInterval(baseInterval));
            if (note != null) pendingNotes.add(note);
          }

          @Override
          public void burst(int count, double minutes) {
            burstLeft = count;
            burstInterval = minutes;
          }

          @Override
          public void mark(String event) {
            events.add(new Event(event, tp, hours));
          }

          @Override
          public void stop(String reason) {
            if (stopReason == null) stopReason = "rule: " + reason;
          }
        });
    mon.notifyAll();
  }
}
