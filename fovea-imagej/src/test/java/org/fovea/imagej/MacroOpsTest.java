package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.ops.Category;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpDescriptor.ParamInfo;
import org.fovea.ops.OpDescriptor.Role;
import org.fovea.ops.OpRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real macros through ImageJ's interpreter, headless: each op called as {@code Ext.Fovea_<op>}
 * gives the same pulled image (or scalar results) as the Java API on the same input.
 */
class MacroOpsTest {
  @AfterEach
  void reset() {
    Macros.reset();
  }

  /** What the macro and the Java API gave. */
  record Outcome(
      ImagePlus macroImage, ImagePlus javaImage, double[] macroResults, double[] javaResults) {}

  /**
   * Runs {@code op} on {@code inputs} through a macro and through {@link OpDescriptor#invoke}, with
   * {@code scalars} (Double or String, in descriptor order), and compares the outcomes: images
   * exactly, scalar results to 1e-6 relative.
   */
  static Outcome compare(OpDescriptor op, List<ImagePlus> inputs, List<Object> scalars) {
    Gpu gpu = Macros.gpu();
    List<ParamInfo> in = op.params(Role.INPUT_IMAGE);
    List<ParamInfo> out = op.params(Role.OUTPUT_IMAGE);
    List<ParamInfo> sc = op.params(Role.SCALAR);
    assertEquals(in.size(), inputs.size(), op.name() + ": inputs " + in);
    assertEquals(sc.size(), scalars.size(), op.name() + ": scalars " + sc);
    MacroBinding b = new MacroBinding(op);
    List<String> resultVars = new ArrayList<>();
    for (var s : b.slots()) if (s.isOutputVariable()) resultVars.add("r" + resultVars.size());

    // the Java API (first, so an op that rejects the input is known before the macro runs)
    Object[] args = new Object[op.params().size()];
    List<GpuImage> pushed = new ArrayList<>();
    int ii = 0;
    int si = 0;
    for (int i = 0; i < args.length; i++) {
      ParamInfo p = op.params().get(i);
      if (p.role() == Role.INPUT_IMAGE) {
        GpuImage g = ImageJConversion.push(gpu, inputs.get(ii++));
        pushed.add(g);
        args[i] = g;
      } else if (p.role() == Role.SCALAR) {
        args[i] = scalars.get(si++);
      }
    }
    Object result;
    try {
      result = op.invoke(args);
    } finally {
      // inputs are closed below, outputs after pulling
    }
    ImagePlus javaImage = null;
    if (result instanceof GpuImage g) {
      javaImage = ImageJConversion.pull(g, "expected");
      if (!pushed.contains(g)) g.close();
    }
    double[] javaResults = toDoubles(result);
    pushed.forEach(GpuImage::close);

    // the macro
    StringBuilder m = new StringBuilder("run(\"Fovea Macro Extensions\");\n");
    List<String> margs = new ArrayList<>();
    for (int k = 0; k < inputs.size(); k++) {
      m.append(Macros.openLine(inputs.get(k)));
      m.append("Ext.Fovea_push(\"").append(inputs.get(k).getTitle()).append("\");\n");
      margs.add("\"" + inputs.get(k).getTitle() + "\"");
    }
    for (int k = 0; k < out.size(); k++) margs.add("\"out" + k + "\"");
    for (Object s : scalars) {
      margs.add(s instanceof String str ? "\"" + str + "\"" : String.valueOf(s));
    }
    margs.addAll(resultVars);
    m.append("Ext.Fovea_")
        .append(op.name())
        .append("(")
        .append(String.join(", ", margs))
        .append(");\n");
    if (!out.isEmpty()) m.append("Ext.Fovea_pull(\"out0\");\n");
    for (String r : resultVars)
      m.append("print(\"").append(r).append("=\" + d2s(").append(r).append(", 9));\n");
    Macros.Run run = Macros.run(m.toString()).assertOk();
    double[] macroResults = new double[resultVars.size()];
    for (int k = 0; k < macroResults.length; k++) macroResults[k] = run.value(resultVars.get(k));
    ImagePlus macroImage = out.isEmpty() ? null : FoveaMacroExtensions.findImage("out0");

    if (javaImage != null) {
      assertTrue(macroImage != null, op.name() + ": the macro pulled no image 'out0'");
      Macros.assertSameImage(javaImage, macroImage, 0);
    }
    if (javaResults != null) {
      assertEquals(javaResults.length >= macroResults.length, true);
      for (int k = 0; k < macroResults.length; k++) {
        double e = javaResults[k];
        assertEquals(
            e, macroResults[k], 1e-6 * Math.max(1, Math.abs(e)), op.name() + " result " + k);
      }
    }
    return new Outcome(macroImage, javaImage, macroResults, javaResults);
  }

  static double[] toDoubles(Object r) {
    if (r instanceof double[] a) return a;
    if (r instanceof float[] a) {
      double[] d = new double[a.length];
      for (int i = 0; i < a.length; i++) d[i] = a[i];
      return d;
    }
    if (r instanceof long[] a) return Arrays.stream(a).asDoubleStream().toArray();
    if (r instanceof int[] a) return Arrays.stream(a).asDoubleStream().toArray();
    if (r instanceof Number n) return new double[] {n.doubleValue()};
    if (r instanceof Boolean b) return new double[] {b ? 1 : 0};
    return null;
  }

  static OpDescriptor op(String name) {
    var d = OpRegistry.find(name);
    assertTrue(d.isPresent(), name + " must be in the registry");
    return d.get();
  }

  static List<Object> defaults(OpDescriptor op) {
    List<Object> s = new ArrayList<>();
    for (ParamInfo p : op.params(Role.SCALAR)) {
      Object v = p.defaultValue();
      if (MacroBinding.isNumeric(p.javaType())) {
        String t = p.defaultValue().trim().toLowerCase(Locale.ROOT);
        v =
            t.equals("true")
                ? 1.0
                : t.equals("false") ? 0.0 : Double.parseDouble(p.defaultValue().trim());
      }
      s.add(v);
    }
    return s;
  }

  @Test
  void aRepresentativeOpOfEachCategoryMatchesTheJavaApi() {
    Map<Category, List<OpDescriptor>> byCat = new LinkedHashMap<>();
    for (OpDescriptor d : OpRegistry.all()) {
      byCat.computeIfAbsent(d.category(), c -> new ArrayList<>()).add(d);
    }
    List<String> tested = new ArrayList<>();
    List<String> untested = new ArrayList<>();
    for (var e : byCat.entrySet()) {
      List<OpDescriptor> candidates =
          e.getValue().stream()
              .filter(
                  d -> d.params(Role.SCALAR).stream().noneMatch(p -> p.defaultValue().isEmpty()))
              .filter(d -> !d.params(Role.INPUT_IMAGE).isEmpty())
              .filter(d -> d.params(Role.OUTPUT_IMAGE).size() <= 1)
              .toList();
      String done = null;
      for (OpDescriptor d : candidates) {
        boolean is3D = Arrays.stream(d.dimensions()).anyMatch(x -> x == 3);
        List<ImagePlus> inputs = new ArrayList<>();
        for (int k = 0; k < d.params(Role.INPUT_IMAGE).size(); k++) {
          inputs.add(Macros.random("in" + k, 8, 31, 17, is3D ? 5 : 1, 17 + k));
        }
        if (!javaAccepts(d, inputs)) continue;
        compare(d, inputs, defaults(d));
        Macros.reset();
        done = d.name();
        break;
      }
      if (done != null) tested.add(e.getKey().title() + ": " + done);
      else untested.add(e.getKey().title());
    }
    System.out.println("macro vs Java API, one op per category: " + tested);
    if (!untested.isEmpty()) {
      System.out.println("categories without an op that takes random 8-bit input: " + untested);
    }
    assertFalse(tested.isEmpty(), "no category could be tested");
    assertEquals(byCat.size(), tested.size() + untested.size());
  }

  @Test
  void everyOpThatTakesRandomInputMatchesTheJavaApi() {
    List<String> tested = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (OpDescriptor d : OpRegistry.all()) {
      boolean runnable =
          d.params(Role.SCALAR).stream().noneMatch(p -> p.defaultValue().isEmpty())
              && !d.params(Role.INPUT_IMAGE).isEmpty()
              && d.params(Role.OUTPUT_IMAGE).size() <= 1;
      boolean is3D = Arrays.stream(d.dimensions()).anyMatch(x -> x == 3);
      List<ImagePlus> inputs = new ArrayList<>();
      for (int k = 0; k < d.params(Role.INPUT_IMAGE).size(); k++) {
        inputs.add(Macros.random("in" + k, 16, 31, 17, is3D ? 5 : 1, 31 + k));
      }
      // a hang (an op whose kernel runs for minutes on this input) fails with the op's name
      Supplier<String> tooLong =
          () -> d.name() + " ran longer than " + OP_LIMIT.toSeconds() + " s on random input";
      long t0 = System.nanoTime();
      if (!runnable
          || !assertTimeoutPreemptively(OP_LIMIT, () -> javaAccepts(d, inputs), tooLong)) {
        skipped.add(d.name());
        continue;
      }
      try {
        assertTimeoutPreemptively(OP_LIMIT, () -> compare(d, inputs, defaults(d)), tooLong);
        tested.add(d.name());
      } catch (AssertionError e) {
        failures.add(d.name() + ": " + e.getMessage());
      } finally {
        Macros.reset();
      }
      seconds.put(d.name(), (System.nanoTime() - t0) / 1e9);
    }
    System.out.println("macro = Java API for " + tested.size() + " ops; not run here: " + skipped);
    System.out.println("slowest ops (s, Java API + macro): " + slowest(seconds, 10));
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertTrue(tested.size() * 2 > OpRegistry.all().size(), "too few ops tested: " + tested);
  }

  /**
   * Time one op may take in {@link #everyOpThatTakesRandomInputMatchesTheJavaApi} (Java API and
   * macro, kernel builds included): the slowest takes about 10 s on a loaded 2-core PoCL machine.
   */
  static final Duration OP_LIMIT = Duration.ofSeconds(120);

  /** The {@code n} largest entries of {@code seconds}, largest first, as "name 1.2". */
  static String slowest(Map<String, Double> seconds, int n) {
    return seconds.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(n)
        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
        .toList()
        .toString();
  }

  /** Whether the Java API runs {@code d} on these inputs with its defaults. */
  private static boolean javaAccepts(OpDescriptor d, List<ImagePlus> inputs) {
    Gpu gpu = Macros.gpu();
    Object[] args = new Object[d.params().size()];
    List<GpuImage> pushed = new ArrayList<>();
    int ii = 0;
    for (int i = 0; i < args.length; i++) {
      ParamInfo p = d.params().get(i);
      if (p.role() == Role.INPUT_IMAGE) {
        GpuImage g = ImageJConversion.push(gpu, inputs.get(ii++));
        pushed.add(g);
        args[i] = g;
      }
    }
    try {
      Object r = d.invoke(args);
      if (r instanceof GpuImage g && !pushed.contains(g)) g.close();
      return true;
    } catch (FoveaException e) {
      return false;
    } finally {
      pushed.forEach(GpuImage::close);
    }
  }

  @Test
  void addImageAndScalar() {
    Outcome o =
        compare(
            op("addImageAndScalar"), List.of(Macros.random("in", 16, 31, 17, 5, 1)), List.of(7.5));
    assertEquals(16, o.macroImage().getBitDepth());
  }

  @Test
  void gaussianBlur2D() {
    OpDescriptor d = op("gaussianBlur2D");
    compare(d, List.of(Macros.random("in", 16, 31, 17, 1, 2)), List.of(2.0, 1.5));
  }

  @Test
  void gaussianBlur3D() {
    OpDescriptor d = op("gaussianBlur3D");
    compare(d, List.of(Macros.random("in", 32, 31, 17, 5, 3)), List.of(2.0, 1.5, 1.0));
  }

  @Test
  void threshold() {
    OpDescriptor d = op("threshold");
    Outcome o = compare(d, List.of(Macros.random("in", 16, 31, 17, 5, 4)), List.of(2000.0));
    assertEquals(8, o.macroImage().getBitDepth());
  }

  @Test
  void automaticThresholdOtsu() {
    OpDescriptor d = op("automaticThreshold");
    compare(d, List.of(Macros.random("in", 8, 31, 17, 5, 5)), List.of("Otsu"));
  }

  @Test
  void maximumZProjectionCreatesA2DOutput() {
    OpDescriptor d = op("maximumZProjection");
    Outcome o = compare(d, List.of(Macros.random("in", 16, 31, 17, 5, 6)), List.of());
    assertEquals(1, o.macroImage().getStackSize());
    assertEquals(31, o.macroImage().getWidth());
  }

  @Test
  void countNonZeroPixelsSetsTheOutputVariable() {
    op("countNonZeroPixels");
    ImagePlus in = Macros.random("in", 8, 31, 17, 5, 7);
    long expected = 0;
    for (int z = 1; z <= 5; z++) {
      var ip = in.getStack().getProcessor(z);
      for (int i = 0; i < 31 * 17; i++) if (ip.getf(i) != 0) expected++;
    }
    Macros.Run r =
        Macros.run(
                Macros.openLine(in)
                    + "run(\"Fovea Macro Extensions\");\n"
                    + "Ext.Fovea_push(\"in\");\n"
                    + "Ext.Fovea_countNonZeroPixels(\"in\", count);\n"
                    + "print(\"count=\" + count);\n")
            .assertOk();
    assertEquals(expected, (long) r.value("count"));
    compare(op("countNonZeroPixels"), List.of(in), List.of());
  }

  @Test
  void setCopySliceAndCropsAsCLIJ2MacrosCallThem() {
    // CLIJ2's idioms: set changes its image in place; copySlice writes a plane into an existing
    // stack and takes one out; the crops take (source, destination, start..., size...)
    Macros.Run r =
        Macros.run(
                "run(\"Fovea Macro Extensions\");\n"
                    + "Ext.Fovea_create3D(\"stack\", 9, 7, 3, 16);\n"
                    + "Ext.Fovea_create2D(\"plane\", 9, 7, 16);\n"
                    + "Ext.Fovea_set(\"plane\", 300);\n"
                    + "Ext.Fovea_copySlice(\"plane\", \"stack\", 1);\n"
                    + "Ext.Fovea_crop3D(\"stack\", \"box\", 2, 1, 1, 4, 3, 2);\n"
                    + "Ext.Fovea_copySlice(\"box\", \"first\", 0);\n"
                    + "Ext.Fovea_crop2D(\"first\", \"small\", 1, 1, 2, 2);\n"
                    + "Ext.Fovea_getSumOfAllPixels(\"stack\", a);\n"
                    + "Ext.Fovea_getSumOfAllPixels(\"box\", b);\n"
                    + "Ext.Fovea_getSumOfAllPixels(\"small\", c);\n"
                    + "Ext.Fovea_getDimensions(\"box\", w, h, d);\n"
                    + "print(\"a=\" + a);\nprint(\"b=\" + b);\nprint(\"c=\" + c);\n"
                    + "print(\"dims=\" + (w * 100 + h * 10 + d));\n")
            .assertOk();
    assertEquals(300.0 * 9 * 7, r.value("a"));
    assertEquals(300.0 * 4 * 3, r.value("b"));
    assertEquals(300.0 * 4, r.value("c"));
    assertEquals(432.0, r.value("dims"));
  }
}
