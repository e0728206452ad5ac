package org.fovea.spark;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.io.TiffStack;
import org.fovea.scope.Conf;
import org.fovea.scope.Stack;
import org.fovea.scope.StackAnalysis;
import org.fovea.scope.WorkflowAnalysis;

/**
 * Any {@link StackAnalysis} on one stack, configured as in a scope run's {@code "analysis"}
 * section: {@code {"type": "workflow", "prominence": 5, ...}} for the built-in {@link
 * WorkflowAnalysis}, or {@code {"type": "com.example.MyAnalysis", ...}}: a class on the job's class
 * path that implements {@code StackAnalysis} with a public constructor {@code (Gpu, Conf)} (it gets
 * the whole section) or {@code (Gpu)}. Its measurements become the columns; analyses take the stack
 * as the scope's {@link Stack} (8-bit, 16-bit or 32-bit float pixels, as read).
 */
record AnalysisWork(String device, double[] voxel, String json) implements StackWork {

  AnalysisWork {
    check(Conf.parse(json, "--analysis")); // errors on the driver, before the job
  }

  private static Conf conf(String json) {
    return Conf.parse(json, "--analysis");
  }

  private static void check(Conf c) {
    String type = c.getString("type", "workflow");
    if (type.equals("workflow")) {
      WorkflowAnalysis.Params.from(c);
      return;
    }
    Class<?> k;
    try {
      k = Class.forName(type);
    } catch (ClassNotFoundException e) {
      throw c.error(
          "type",
          "\"workflow\" or the class name of a StackAnalysis on the job's class path; no class "
              + type);
    }
    if (!StackAnalysis.class.isAssignableFrom(k)) {
      throw c.error("type", type + " does not implement org.fovea.scope.StackAnalysis");
    }
    constructor(k, c);
  }

  private static Constructor<?> constructor(Class<?> k, Conf c) {
    try {
      return k.getConstructor(Gpu.class, Conf.class);
    } catch (NoSuchMethodException e) {
      try {
        return k.getConstructor(Gpu.class);
      } catch (NoSuchMethodException e2) {
        throw c.error("type", k.getName() + " needs a public constructor (Gpu, Conf) or (Gpu)");
      }
    }
  }

  static StackAnalysis create(Gpu gpu, String json) {
    Conf c = conf(json);
    String type = c.getString("type", "workflow");
    if (type.equals("workflow")) return new WorkflowAnalysis(gpu, WorkflowAnalysis.Params.from(c));
    try {
      Class<?> k = Class.forName(type);
      Constructor<?> ctor = constructor(k, c);
      return (StackAnalysis)
          (ctor.getParameterCount() == 2 ? ctor.newInstance(gpu, c) : ctor.newInstance(gpu));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException("creating " + type + " failed: " + e.getCause(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("creating " + type + " failed: " + e, e);
    }
  }

  @Override
  public String name() {
    return "analyse";
  }

  @Override
  public String describe() {
    return "StackAnalysis " + json + (voxel == null ? "" : " voxel " + Arrays.toString(voxel));
  }

  @Override
  public List<String> columns() {
    return null;
  }

  @Override
  public boolean integerColumn(String column) {
    return false;
  }

  @Override
  public String format(String column, double v) {
    return String.format(Locale.ROOT, "%.6g", v); // as the scope's measurements.tsv
  }

  @Override
  public LinkedHashMap<String, Double> measure(
      Gpu gpu, String deviceKey, TiffStack st, double[] v, StackRef ref) {
    String key = "analyse|" + deviceKey + "|" + json;
    StackAnalysis a = ExecutorGpus.borrow(key, g -> create(g, json), gpu);
    boolean healthy = false;
    try {
      Stack s =
          new Stack(
              ref.timePoint(),
              Double.isNaN(ref.hours()) ? 0 : ref.hours(),
              System.currentTimeMillis(),
              st.width(),
              st.height(),
              st.depth(),
              v[0],
              v[1],
              v[2],
              st.pixels(),
              Map.of("source_file", ref.path()));
      LinkedHashMap<String, Double> m = new LinkedHashMap<>(a.analyse(s));
      healthy = true;
      return m;
    } finally {
      ExecutorGpus.release(gpu, key, a, healthy);
    }
  }
}
