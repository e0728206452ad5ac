package org.fovea.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.logging.Logger;
import org.fovea.core.DeviceType;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuState;

/**
 * The OpenCL contexts of this executor JVM: one {@link Gpu} per device, opened lazily by the first
 * task that needs it and closed when the executor stops ({@link FoveaSparkPlugin}'s shutdown, with
 * a JVM shutdown hook as a safety net). With the recommended GPU configuration (one GPU per
 * executor, {@code spark.executor.resource.gpu.amount=1}) that is one {@code Gpu} per executor.
 *
 * <p>The per-stack analyses keep GPU buffers between stacks: idle ones wait in a pool per settings
 * kept in their context's {@link Gpu#state state} (closed with it), and a task borrows one for its
 * stack, so concurrent tasks of one executor never share an analysis while consecutive tasks reuse
 * its buffers, as {@code count-spots} does.
 */
public final class ExecutorGpus {
  private ExecutorGpus() {}

  private static final Logger LOG = Logger.getLogger(ExecutorGpus.class.getName());
  private static final Map<String, Gpu> GPUS = new ConcurrentHashMap<>();

  /** The idle analyses of one context, per settings key; closed with the context. */
  private static final class Pools implements AutoCloseable {
    private final Map<String, Queue<AutoCloseable>> byKey = new ConcurrentHashMap<>();

    Queue<AutoCloseable> queue(String poolKey) {
      return byKey.computeIfAbsent(poolKey, k -> new ConcurrentLinkedQueue<>());
    }

    @Override
    public void close() {
      for (Queue<AutoCloseable> q : byKey.values()) {
        for (AutoCloseable a; (a = q.poll()) != null; ) closeQuietly(a);
      }
      byKey.clear();
    }
  }

  private static final GpuState.Key<Pools> POOLS =
      GpuState.Key.of("fovea-spark idle analyses", g -> new Pools());
  private static volatile boolean hookInstalled;
  private static volatile String executorId = "?";

  static void executorStarted(String id) {
    executorId = id;
  }

  /**
   * The context for {@code deviceSpec} ({@code #N}, a name part, {@code gpu}/{@code cpu}; blank:
   * FOVEA_DEVICE or the best device), opened on first use.
   */
  public static Gpu gpu(String deviceSpec) {
    String key = deviceSpec == null ? "" : deviceSpec.trim();
    return GPUS.computeIfAbsent(key, ExecutorGpus::open);
  }

  private static Gpu open(String spec) {
    installHook();
    Gpu g = Gpu.open(spec);
    String where = "fovea-spark: executor " + executorId + ": ";
    if (g.device().type() == DeviceType.CPU) {
      LOG.warning(
          where
              + "no GPU for this executor: Fovea runs on the CPU OpenCL device "
              + g.device().describe()
              + " (PoCL fallback; give executors a GPU with spark.executor.resource.gpu.amount)");
    } else {
      LOG.info(where + "opened " + g.device().describe());
    }
    return g;
  }

  private static synchronized void installHook() {
    if (hookInstalled) return;
    hookInstalled = true;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExecutorGpus::closeAll, "fovea-spark-close-gpus"));
  }

  /**
   * Borrows an idle analysis of {@code gpu} for these settings or makes one; give it back with
   * release.
   */
  @SuppressWarnings("unchecked")
  static <T extends AutoCloseable> T borrow(String poolKey, Function<Gpu, T> make, Gpu gpu) {
    AutoCloseable a = gpu.state(POOLS).queue(poolKey).poll();
    return a != null ? (T) a : make.apply(gpu);
  }

  /**
   * Returns an analysis to the pool of {@code gpu}; one that failed is closed instead (its state is
   * unknown), and so is one whose context was closed meanwhile.
   */
  static void release(Gpu gpu, String poolKey, AutoCloseable a, boolean healthy) {
    if (a == null) return;
    if (healthy && !gpu.isClosed()) {
      try {
        gpu.state(POOLS).queue(poolKey).add(a);
        return;
      } catch (FoveaException e) {
        // closed meanwhile: fall through and close the analysis
      }
    }
    closeQuietly(a);
  }

  /** Number of idle analyses pooled for {@code gpu} (tests). */
  static int pooled(Gpu gpu) {
    Pools p = gpu.stateIfPresent(POOLS);
    if (p == null) return 0;
    int n = 0;
    for (Queue<AutoCloseable> q : p.byKey.values()) n += q.size();
    return n;
  }

  /** How many contexts are open (tests: 0 after the executor stopped). */
  public static int openContexts() {
    return GPUS.size();
  }

  /** Closes every context, and with it its pooled analyses (the executor stops). */
  public static synchronized void closeAll() {
    List<Gpu> open = new ArrayList<>(GPUS.values());
    GPUS.clear();
    for (Gpu g : open) closeQuietly(g);
    if (!open.isEmpty()) {
      LOG.info("fovea-spark: executor " + executorId + ": closed " + open.size() + " context(s)");
    }
  }

  private static void closeQuietly(AutoCloseable a) {
    try {
      a.close();
    } catch (Exception e) {
      LOG.warning("fovea-spark: closing " + a + " failed: " + e);
    }
  }
}
