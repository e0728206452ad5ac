package org.fovea.imagej;

import ij.macro.MacroExtension;
import ij.measure.Calibration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.fovea.core.FoveaException;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpDescriptor.ParamInfo;
import org.fovea.ops.OpDescriptor.Role;
import org.fovea.ops.OpRegistry;

/**
 * The macro function {@code Ext.Fovea_<op>} of one op, generated from its {@link OpDescriptor}:
 * image parameters are names of images on the GPU (strings), scalar parameters are numbers or
 * strings, and scalar results come back through output variables after the parameters, e.g. {@code
 * Ext.Fovea_countNonZeroPixels("mask", count)}. The argument order is the descriptor's: inputs,
 * outputs, scalars — CLIJ2's order, so CLIJ2 macros port by renaming {@code CLIJ2_} to {@code
 * Fovea_}.
 */
public final class MacroBinding {
  /** Prefix of every Fovea macro function: {@code Ext.Fovea_...}. */
  public static final String PREFIX = "Fovea_";

  /**
   * Extra optional slots after the real arguments: an argument there means "too many arguments",
   * which we report with the function's usage instead of ImageJ's generic parser message.
   */
  static final int EXTRA_SLOTS = 4;

  /** One macro argument. */
  record Slot(String name, int argType, ParamInfo param, int resultIndex) {
    boolean isOutputVariable() {
      return (argType & MacroExtension.ARG_OUTPUT) != 0;
    }

    String typeLabel() {
      if (isOutputVariable()) return "output variable";
      if (param != null && param.role() != Role.SCALAR) return "image name";
      if (param != null && param.javaType().isEnum()) return "one of " + param.typeName();
      return (argType & ~MacroExtension.ARG_OPTIONAL) == MacroExtension.ARG_NUMBER
          ? "number"
          : "string";
    }
  }

  private final OpDescriptor op;
  private final List<Slot> slots;

  public MacroBinding(OpDescriptor op) {
    this.op = op;
    List<Slot> s = new ArrayList<>();
    for (ParamInfo p : op.params()) {
      int type =
          p.role() != Role.SCALAR
              ? MacroExtension.ARG_STRING
              : isNumeric(p.javaType()) ? MacroExtension.ARG_NUMBER : MacroExtension.ARG_STRING;
      s.add(new Slot(p.name(), type, p, -1));
    }
    int ri = 0;
    for (String r : resultSlotNames(op)) {
      s.add(new Slot(r, MacroExtension.ARG_OUTPUT | MacroExtension.ARG_NUMBER, null, ri++));
    }
    this.slots = List.copyOf(s);
  }

  /** All bindings, one per op of the registry. */
  public static List<MacroBinding> all() {
    return OpRegistry.all().stream().map(MacroBinding::new).toList();
  }

  /** Names of the output variables for the op's scalar results (empty for image results). */
  static List<String> resultSlotNames(OpDescriptor op) {
    Class<?> r = op.returnType();
    if (!op.hasScalarResult()) return List.of();
    if (r.isArray()) {
      return op.resultNames().isEmpty() ? List.of("result") : op.resultNames();
    }
    return List.of(op.resultNames().isEmpty() ? "result" : op.resultNames().get(0));
  }

  static boolean isNumeric(Class<?> t) {
    return t == int.class
        || t == long.class
        || t == float.class
        || t == double.class
        || t == short.class
        || t == boolean.class
        || Number.class.isAssignableFrom(t)
        || t == Boolean.class;
  }

  public OpDescriptor op() {
    return op;
  }

  /** {@code Fovea_<op>}. */
  public String macroName() {
    return PREFIX + op.name();
  }

  /** Argument names in macro order (parameters, then result variables). */
  public List<String> argumentNames() {
    return slots.stream().map(Slot::name).toList();
  }

  List<Slot> slots() {
    return slots;
  }

  /**
   * ImageJ argument types: every argument is declared optional so that a missing one reaches us and
   * we can name it; a few extra optional slots catch too many arguments.
   */
  public int[] argTypes() {
    int[] t = new int[slots.size() + EXTRA_SLOTS];
    for (int i = 0; i < slots.size(); i++)
      t[i] = slots.get(i).argType() | MacroExtension.ARG_OPTIONAL;
    for (int i = slots.size(); i < t.length; i++) {
      t[i] = MacroExtension.ARG_STRING | MacroExtension.ARG_OPTIONAL;
    }
    return t;
  }

  /** {@code Ext.Fovea_gaussianBlur2D(src, dst, sigmaX, sigmaY)}. */
  public String usage() {
    return "Ext." + macroName() + "(" + String.join(", ", argumentNames()) + ")";
  }

  /** The usage with types and defaults, for error messages and docs. */
  public String detailedUsage() {
    return usage()
        + " where "
        + slots.stream()
            .map(
                s ->
                    s.name()
                        + " is "
                        + (s.param() != null && s.param().role() == Role.OUTPUT_IMAGE
                            ? "the name of the output image (created if it does not exist)"
                            : s.typeLabel())
                        + (s.param() != null && !s.param().defaultValue().isEmpty()
                            ? " (default " + s.param().defaultValue() + ")"
                            : ""))
            .collect(Collectors.joining(", "));
  }

  /**
   * Runs the op on the images of {@code session} with macro arguments as ImageJ passes them
   * (String, Double, Double[] for output variables; null for missing ones). Outputs that do not
   * exist are created and stored under their names; scalar results are written into the output
   * variables. Errors are {@link FoveaException}s whose message names the function and argument.
   */
  public void call(FoveaSession session, Object[] args) {
    String fn = "Ext." + macroName();
    Object[] a = args == null ? new Object[slots.size() + EXTRA_SLOTS] : args;
    int given = 0;
    for (int i = 0; i < a.length; i++) if (a[i] != null) given = i + 1;
    if (given > slots.size()) {
      throw new FoveaException.InvalidArgument(
          fn
              + " takes "
              + slots.size()
              + " argument"
              + (slots.size() == 1 ? "" : "s")
              + ", got "
              + given
              + ". Usage: "
              + detailedUsage());
    }
    List<ParamInfo> params = op.params();
    Object[] values = new Object[params.size()];
    List<String> outputNames = new ArrayList<>();
    List<Integer> outputIndices = new ArrayList<>();
    String firstInputName = null;
    GpuImage firstInput = null;
    for (int i = 0; i < params.size(); i++) {
      ParamInfo p = params.get(i);
      Object v = i < a.length ? a[i] : null;
      switch (p.role()) {
        case INPUT_IMAGE -> {
          String name = requireString(fn, i, p.name(), v);
          GpuImage img = session.require(fn, p.name(), name);
          values[i] = img;
          if (firstInput == null) {
            firstInput = img;
            firstInputName = name;
          }
        }
        case OUTPUT_IMAGE -> {
          String name = requireString(fn, i, p.name(), v);
          values[i] = session.find(name);
          outputNames.add(name);
          outputIndices.add(i);
        }
        case SCALAR -> {
          if (v == null) {
            if (p.defaultValue().isEmpty()) throw missing(fn, i, p.name());
            values[i] = null; // the descriptor fills in the default
          } else if (v instanceof Double d && d.isNaN() && !nanDefault(p)) {
            throw new FoveaException.InvalidArgument(
                fn
                    + ": argument "
                    + (i + 1)
                    + " '"
                    + p.name()
                    + "' must be a number (got a string or NaN). Usage: "
                    + detailedUsage());
          } else {
            values[i] = v;
          }
          try {
            values[i] = op.coerce(p, values[i]);
          } catch (FoveaException.InvalidArgument e) {
            throw new FoveaException.InvalidArgument(fn + ": " + e.getMessage());
          }
        }
      }
    }
    // CLIJ2 writes these results to the Results table; the result variables are optional there
    String[] columns = CLIJ2_RESULT_COLUMNS.get(op.name());
    boolean statsTable = op.returnType() == org.fovea.ops.LabelStatistics.class;
    boolean toTable = (columns != null || statsTable) && noResultVariables(a);
    if (columns != null && op.name().equals("centerOfMass") && !firstInput.is3D()) {
      columns = java.util.Arrays.copyOf(columns, 2); // CLIJ2 writes MassZ for stacks only
    }
    for (Slot s : slots) {
      if (s.isOutputVariable() && !toTable) {
        int idx = slots.indexOf(s);
        if (idx >= a.length || !(a[idx] instanceof Double[])) {
          throw new FoveaException.InvalidArgument(
              fn
                  + ": argument "
                  + (idx + 1)
                  + " '"
                  + s.name()
                  + "' is missing: pass a variable that receives the result. Usage: "
                  + usage());
        }
      }
    }
    // outputs that do not exist: one output → let the op allocate it with its natural shape;
    // several → allocate them like the first input with their declared type
    List<GpuImage> allocated = new ArrayList<>();
    boolean letOpAllocate =
        outputIndices.size() == 1 && op.returnType() == GpuImage.class && firstInput != null;
    if (!letOpAllocate) {
      for (int k = 0; k < outputIndices.size(); k++) {
        int i = outputIndices.get(k);
        if (values[i] != null) continue;
        if (firstInput == null) {
          throw new FoveaException.InvalidArgument(
              fn + ": output '" + outputNames.get(k) + "' does not exist; create it first");
        }
        String t = params.get(i).outType();
        PixelType type =
            t == null || t.isEmpty() || t.equals("same") ? firstInput.type() : PixelType.parse(t);
        GpuImage img = session.gpu().createLike(firstInput, type);
        allocated.add(img);
        values[i] = img;
      }
    }
    Object result;
    try {
      try {
        result = op.invoke(values);
      } catch (FoveaException.InvalidArgument e) {
        // an existing output that does not fit (another shape than this result): replace it
        int oi = letOpAllocate ? outputIndices.get(0) : -1;
        if (oi < 0 || values[oi] == null || isInput(values, (GpuImage) values[oi])) throw e;
        GpuImage old = (GpuImage) values[oi];
        if (!String.valueOf(e.getMessage()).contains("destination")) throw e;
        values[oi] = null;
        try {
          result = op.invoke(values);
        } catch (FoveaException e2) {
          values[oi] = old;
          throw e;
        }
      }
    } catch (FoveaException e) {
      allocated.forEach(GpuImage::close);
      String m = e.getMessage();
      if (m != null && !m.startsWith(fn)) {
        FoveaException w =
            e instanceof FoveaException.InvalidArgument
                ? new FoveaException.InvalidArgument(fn + ": " + m)
                : new FoveaException(fn + ": " + m, e);
        throw w;
      }
      throw e;
    }
    Calibration cal = firstInputName == null ? null : session.calibration(firstInputName);
    for (int k = 0; k < outputIndices.size(); k++) {
      int i = outputIndices.get(k);
      String name = outputNames.get(k);
      GpuImage img = (GpuImage) values[i];
      if (img == null && letOpAllocate) img = (GpuImage) result;
      if (img == null) continue;
      session.put(name, img);
      if (firstInput != null && img.sameShape(firstInput)) session.setCalibration(name, cal);
      else session.setCalibration(name, null);
    }
    if (toTable && result instanceof org.fovea.ops.LabelStatistics stats) {
      statisticsToResults(stats);
    } else if (toTable) {
      double[] v = resultValues(result);
      ij.measure.ResultsTable rt = ij.measure.ResultsTable.getResultsTable();
      rt.incrementCounter();
      for (int k = 0; k < columns.length && k < v.length; k++) rt.addValue(columns[k], v[k]);
      showResults(rt);
    } else {
      writeResults(result, a);
    }
  }

  /**
   * Ops whose results CLIJ2 2.5.3.1 writes to a new row of ImageJ's Results table, with its column
   * names: called without result variables, Fovea does the same.
   */
  static final java.util.Map<String, String[]> CLIJ2_RESULT_COLUMNS =
      java.util.Map.of(
          "maximumOfAllPixels", new String[] {"Max"},
          "minimumOfAllPixels", new String[] {"Min"},
          "meanOfAllPixels", new String[] {"Mean"},
          "sumOfAllPixels", new String[] {"Sum"},
          "countNonZeroPixels", new String[] {"CountNonZero"},
          "centerOfMass", new String[] {"MassX", "MassY", "MassZ"},
          "meanSquaredError", new String[] {"MSE"},
          "boundingBox",
              new String[] {
                "BoundingBoxX",
                "BoundingBoxY",
                "BoundingBoxZ",
                "BoundingBoxWidth",
                "BoundingBoxHeight",
                "BoundingBoxDepth"
              });

  /**
   * CLIJ2's statisticsOfLabelledPixels, statisticsOfBackgroundAndLabelledPixels and
   * statisticsOfImage, called without a result variable: one new row per label in ImageJ's Results
   * table (appended, as CLIJ2 does), CLIJ2's 36 columns in its order.
   */
  static void statisticsToResults(org.fovea.ops.LabelStatistics stats) {
    ij.measure.ResultsTable rt = ij.measure.ResultsTable.getResultsTable();
    List<org.fovea.ops.LabelStatistics.Column> cols = org.fovea.ops.LabelStatistics.columns();
    for (int r = 0; r < stats.rows(); r++) {
      rt.incrementCounter();
      for (org.fovea.ops.LabelStatistics.Column c : cols) rt.addValue(c.name(), stats.get(r, c));
    }
    showResults(rt);
  }

  private boolean noResultVariables(Object[] a) {
    for (int idx = 0; idx < slots.size(); idx++) {
      if (slots.get(idx).isOutputVariable() && idx < a.length && a[idx] != null) return false;
    }
    return true;
  }

  /** Shows the Results table where there is a display (headless, macros read it all the same). */
  static void showResults(ij.measure.ResultsTable rt) {
    if (!java.awt.GraphicsEnvironment.isHeadless()) rt.show("Results");
  }

  /** An op's scalar result(s) as doubles. */
  static double[] resultValues(Object result) {
    if (result instanceof double[] arr) return arr;
    if (result instanceof float[] arr) {
      double[] d = new double[arr.length];
      for (int i = 0; i < arr.length; i++) d[i] = arr[i];
      return d;
    }
    if (result instanceof long[] arr)
      return java.util.Arrays.stream(arr).asDoubleStream().toArray();
    if (result instanceof int[] arr) return java.util.Arrays.stream(arr).asDoubleStream().toArray();
    if (result instanceof Number n) return new double[] {n.doubleValue()};
    if (result instanceof Boolean b) return new double[] {b ? 1 : 0};
    return new double[0];
  }

  /** Whether NaN is the parameter's default (a sentinel such as "the image centre"). */
  private static boolean nanDefault(ParamInfo p) {
    return p.defaultValue().trim().equalsIgnoreCase("nan");
  }

  private boolean isInput(Object[] values, GpuImage img) {
    for (int i = 0; i < values.length; i++) {
      if (op.params().get(i).role() == Role.INPUT_IMAGE && values[i] == img) return true;
    }
    return false;
  }

  private void writeResults(Object result, Object[] a) {
    for (int idx = 0; idx < slots.size(); idx++) {
      Slot s = slots.get(idx);
      if (!s.isOutputVariable()) continue;
      double v;
      if (result instanceof double[] arr) {
        v = s.resultIndex() < arr.length ? arr[s.resultIndex()] : Double.NaN;
      } else if (result instanceof float[] arr) {
        v = s.resultIndex() < arr.length ? arr[s.resultIndex()] : Double.NaN;
      } else if (result instanceof long[] arr) {
        v = s.resultIndex() < arr.length ? arr[s.resultIndex()] : Double.NaN;
      } else if (result instanceof int[] arr) {
        v = s.resultIndex() < arr.length ? arr[s.resultIndex()] : Double.NaN;
      } else if (result instanceof Number n) {
        v = n.doubleValue();
      } else if (result instanceof Boolean b) {
        v = b ? 1 : 0;
      } else if (result instanceof org.fovea.ops.LabelStatistics stats) {
        v = stats.rows(); // the rows themselves go to the Results table without a variable
      } else {
        v = Double.NaN;
      }
      ((Double[]) a[idx])[0] = v;
    }
  }

  private String requireString(String fn, int i, String name, Object v) {
    if (v == null) throw missing(fn, i, name);
    String s = v.toString();
    if (s.isEmpty()) {
      throw new FoveaException.InvalidArgument(
          fn + ": argument " + (i + 1) + " '" + name + "' is an empty image name");
    }
    return s;
  }

  private FoveaException.InvalidArgument missing(String fn, int i, String name) {
    return new FoveaException.InvalidArgument(
        fn + ": argument " + (i + 1) + " '" + name + "' is missing. Usage: " + detailedUsage());
  }
}
