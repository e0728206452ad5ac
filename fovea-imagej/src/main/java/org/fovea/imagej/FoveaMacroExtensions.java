package org.fovea.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.ExtensionDescriptor;
import ij.macro.Functions;
import ij.macro.Interpreter;
import ij.macro.MacroExtension;
import ij.plugin.PlugIn;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fovea.core.DeviceInfo;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;

/**
 * {@code run("Fovea Macro Extensions", "device=[...]")}: opens the shared GPU and registers the
 * {@code Ext.Fovea_*} macro functions — {@code push}, {@code pull}, {@code pullBinary}, {@code
 * release}, {@code clear}, {@code reportMemory}, {@code getDimensions}, {@code listDevices}, and
 * one function per op of {@link org.fovea.ops.OpRegistry}, generated from the descriptors.
 *
 * <p>Errors abort the macro with a message that names the function and the argument.
 */
public final class FoveaMacroExtensions implements PlugIn, MacroExtension {
  /** The command name in ImageJ's menus. */
  public static final String COMMAND = "Fovea Macro Extensions";

  /** Built-in (non-op) macro functions, by name without the {@code Fovea_} prefix. */
  static final Map<String, String[]> BUILTINS = new LinkedHashMap<>();

  static {
    // name -> argument names; "&name" marks an output variable
    BUILTINS.put("push", new String[] {"title"});
    BUILTINS.put("pull", new String[] {"name"});
    BUILTINS.put("pullBinary", new String[] {"name"});
    BUILTINS.put("release", new String[] {"name"});
    BUILTINS.put("clear", new String[] {});
    BUILTINS.put("reportMemory", new String[] {});
    BUILTINS.put("getDimensions", new String[] {"name", "&width", "&height", "&depth"});
    BUILTINS.put("listDevices", new String[] {});
    // CLIJ2's names for what CLIJ2 macros call (see README "From CLIJ2")
    BUILTINS.put("pushCurrentZStack", new String[] {"title"});
    BUILTINS.put("pushCurrentSlice", new String[] {"title"});
    BUILTINS.put("create2D", new String[] {"destination", "width", "height", "bitDepth"});
    BUILTINS.put("create3D", new String[] {"destination", "width", "height", "depth", "bitDepth"});
    BUILTINS.put("print", new String[] {"name"});
    BUILTINS.put("getMaximumOfAllPixels", new String[] {"source", "&maximum_of_all_pixels"});
    BUILTINS.put("getMinimumOfAllPixels", new String[] {"source", "&minimum_of_all_pixels"});
    BUILTINS.put("getMeanOfAllPixels", new String[] {"source", "&mean_of_all_pixels"});
    BUILTINS.put("getSumOfAllPixels", new String[] {"source", "&sum_of_all_pixels"});
    BUILTINS.put(
        "getBoundingBox",
        new String[] {
          "source",
          "&boundingBoxX",
          "&boundingBoxY",
          "&boundingBoxZ",
          "&boundingBoxWidth",
          "&boundingBoxHeight",
          "&boundingBoxDepth"
        });
    BUILTINS.put("getSize", new String[] {"source"});
    BUILTINS.put("pushArray", new String[] {"destination", "[input", "width", "height", "depth"});
    BUILTINS.put("startTimeTracing", new String[] {});
    BUILTINS.put("stopTimeTracing", new String[] {});
    BUILTINS.put("getTimeTracing", new String[] {"&$time_traces"});
    BUILTINS.put("clInfo", new String[] {});
    BUILTINS.put(
        "getGPUProperties",
        new String[] {"&$GPU_name", "&global_memory_in_bytes", "&OpenCL_version"});
    // tables, ROIs, slices, files and devices (CLIJ2's names; see Clij2TableBuiltins)
    BUILTINS.putAll(new java.util.TreeMap<>(Clij2TableBuiltins.SPECS));
    // labels → ImageJ ROIs (LabelRois)
    BUILTINS.put("pullLabelsToROIList", new String[] {"labelmap_input"});
    BUILTINS.put("pullLabelsToROIManager", new String[] {"labelmap_input"});
    BUILTINS.put(
        "getCenterOfMass",
        new String[] {"source", "&centerOfMassX", "&centerOfMassY", "&centerOfMassZ"});
    BUILTINS.put("getMeanSquaredError", new String[] {"source1", "source2", "&mean_squared_error"});
    BUILTINS.put(
        "customOperation", new String[] {"operation_code", "global_code", "[image_parameters"});
  }

  /** The {@code get...} built-ins that return the result of an op in variables. */
  private static final Map<String, String> GET_FORMS =
      Map.of(
          "getMaximumOfAllPixels", "maximumOfAllPixels",
          "getMinimumOfAllPixels", "minimumOfAllPixels",
          "getMeanOfAllPixels", "meanOfAllPixels",
          "getSumOfAllPixels", "sumOfAllPixels",
          "getBoundingBox", "boundingBox",
          "getCenterOfMass", "centerOfMass",
          "getMeanSquaredError", "meanSquaredError");

  private final Map<String, MacroBinding> bindings = new LinkedHashMap<>();

  /** startTimeTracing/stopTimeTracing/getTimeTracing: one line per Ext call while tracing. */
  private StringBuilder timeTrace;

  private boolean tracing;
  private final FoveaSession session;

  public FoveaMacroExtensions() {
    this(FoveaSession.get());
  }

  FoveaMacroExtensions(FoveaSession session) {
    this.session = session;
    for (MacroBinding b : MacroBinding.all()) bindings.put(b.macroName(), b);
  }

  @Override
  public void run(String arg) {
    String options = Macro.getOptions();
    String device = "";
    boolean clij2Device = false;
    if (options != null) {
      // "cl_device" is CLIJ2's name for it: ported macros keep working
      device = Macro.getValue(options, "device", Macro.getValue(options, "cl_device", ""));
      clij2Device =
          options.matches("(?s).*\\bcl_device=.*") && !options.matches("(?s)(.*\\s)?device=.*");
    } else if (!GraphicsEnvironment.isHeadless() && Interpreter.getInstance() == null) {
      device = askDevice();
      if (device == null) return;
    }
    try {
      try {
        session.selectDevice(device);
      } catch (FoveaException.DeviceNotFound e) {
        // CLIJ2 macros (cl_device=) name the GPU of their author's machine: as CLIJ2 does, use the
        // best device and say so once. Fovea's own device= and the Java API stay strict.
        if (!clij2Device) throw e;
        session.selectDevice("");
        IJ.log(
            "Fovea: no OpenCL device matches \""
                + device
                + "\"; using "
                + session.gpu().device().name()
                + " instead.");
      }
    } catch (FoveaException e) {
      fail("Fovea Macro Extensions: " + e.getMessage());
      return;
    }
    // Fiji's label LUTs (glasbey_on_dark, …) that CLIJ2 macros call, where ImageJ lacks them
    if (ij.Menus.getCommands() != null) LabelLuts.install(ij.Menus.getCommands());
    Interpreter running = Interpreter.getInstance();
    if (running != null) {
      Functions.registerExtensions(this);
      OutputVariables.define(running, outputPositions());
    } else {
      IJ.log(
          "Fovea runs on "
              + session.gpu().device().describe()
              + ". The Ext.Fovea_ functions are for macros: start a macro with\n"
              + "run(\""
              + COMMAND
              + "\", \"device=["
              + device
              + "]\");");
    }
  }

  private String askDevice() {
    List<DeviceInfo> devices = Gpu.listDevices();
    String[] names = new String[devices.size() + 1];
    names[0] = "(best device)";
    for (int i = 0; i < devices.size(); i++) names[i + 1] = devices.get(i).name();
    GenericDialog gd = new GenericDialog(COMMAND);
    gd.addChoice("device", names, names[0]);
    gd.showDialog();
    if (gd.wasCanceled()) return null;
    String c = gd.getNextChoice();
    return c.equals(names[0]) ? "" : c;
  }

  /** Function name ({@code Fovea_copy}) → indices of its output-image arguments. */
  Map<String, java.util.Set<Integer>> outputPositions() {
    Map<String, java.util.Set<Integer>> m = new java.util.HashMap<>();
    for (MacroBinding b : bindings.values()) {
      java.util.Set<Integer> outs = new java.util.HashSet<>();
      List<org.fovea.ops.OpDescriptor.ParamInfo> ps = b.op().params();
      for (int i = 0; i < ps.size(); i++) {
        if (ps.get(i).role() == org.fovea.ops.OpDescriptor.Role.OUTPUT_IMAGE) outs.add(i);
      }
      if (!outs.isEmpty()) m.put(b.macroName(), outs);
    }
    m.put(MacroBinding.PREFIX + "create2D", java.util.Set.of(0));
    m.put(MacroBinding.PREFIX + "create3D", java.util.Set.of(0));
    m.put(MacroBinding.PREFIX + "pushArray", java.util.Set.of(0));
    for (String b : Clij2TableBuiltins.CREATE_FIRST)
      m.put(MacroBinding.PREFIX + b, java.util.Set.of(0));
    return m;
  }

  /** The names of every {@code Ext.} function this extension registers. */
  public List<String> functionNames() {
    List<String> names = new ArrayList<>();
    for (String b : BUILTINS.keySet()) names.add(MacroBinding.PREFIX + b);
    names.addAll(bindings.keySet());
    return names;
  }

  @Override
  public ExtensionDescriptor[] getExtensionFunctions() {
    List<ExtensionDescriptor> list = new ArrayList<>();
    for (Map.Entry<String, String[]> e : BUILTINS.entrySet()) {
      list.add(
          new ExtensionDescriptor(
              MacroBinding.PREFIX + e.getKey(), builtinTypes(e.getValue()), this));
    }
    for (MacroBinding b : bindings.values()) {
      list.add(new ExtensionDescriptor(b.macroName(), b.argTypes(), this));
    }
    return list.toArray(new ExtensionDescriptor[0]);
  }

  private static int[] builtinTypes(String[] args) {
    if (args.length == 0) return new int[0];
    int[] t = new int[args.length + MacroBinding.EXTRA_SLOTS];
    for (int i = 0; i < t.length; i++) {
      boolean out = i < args.length && args[i].startsWith("&");
      boolean str = i < args.length && args[i].startsWith("&$");
      boolean array = i < args.length && args[i].startsWith("[");
      t[i] =
          (out ? ARG_OUTPUT | (str ? ARG_STRING : ARG_NUMBER) : array ? ARG_ARRAY : ARG_STRING)
              | ARG_OPTIONAL;
    }
    return t;
  }

  @Override
  public String handleExtension(String name, Object[] args) {
    try {
      long t0 = System.nanoTime();
      MacroBinding b = bindings.get(name);
      if (b != null) {
        b.call(session, args);
      } else {
        builtin(name, args);
      }
      // CLIJ2's macro functions return when the work is done (getTime() around a call measures
      // it); the Java API stays asynchronous
      if (session.isOpen()) session.gpu().finish();
      if (name.endsWith("_startTimeTracing")) {
        tracing = true;
      } else if (tracing && timeTrace != null) {
        timeTrace.append(
            String.format(
                java.util.Locale.ROOT, "Ext.%s: %.3f ms%n", name, (System.nanoTime() - t0) / 1e6));
      }
      return null;
    } catch (FoveaException e) {
      fail(e.getMessage());
    } catch (RuntimeException e) {
      if (Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
      fail("Ext." + name + " failed: " + why(e));
    } catch (OutOfMemoryError e) {
      fail("Ext." + name + ": " + why(e));
    }
    return null;
  }

  /**
   * An unexpected error in words a macro user can act on: never a bare number such as "(-16842751)"
   * (a NegativeArraySizeException's message is the overflowed size) nor "(null)".
   */
  static String why(Throwable e) {
    if (e instanceof NegativeArraySizeException) {
      return "the image is too large: its pixel count overflows what one Java array can hold"
          + " (at most 2,147,483,647 values); crop it or work on fewer slices";
    }
    if (e instanceof OutOfMemoryError) {
      return "Java ran out of memory"
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
          + ": give it more with FOVEA_JAVA_OPTS=-Xmx<size> (or Edit › Options › Memory in"
          + " Fiji), or work on smaller images";
    }
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return m == null || m.isBlank() ? kind : kind + ": " + m;
  }

  private String builtin(String name, Object[] args) {
    String key = name.substring(MacroBinding.PREFIX.length());
    String[] spec = BUILTINS.get(key);
    if (spec == null) throw new FoveaException.InvalidArgument("Unknown function Ext." + name);
    String fn = "Ext." + name;
    String usage =
        fn
            + "("
            + String.join(
                ", ",
                java.util.Arrays.stream(spec)
                    .map(
                        s ->
                            s.replace("&", "").replace("$", "").replace("?", "[")
                                + (s.startsWith("?") ? "]" : ""))
                    .toList())
            + ")";
    Object[] a = args == null ? new Object[0] : args;
    int given = 0;
    for (int i = 0; i < a.length; i++) if (a[i] != null) given = i + 1;
    if (given > spec.length) {
      throw new FoveaException.InvalidArgument(
          fn + " takes " + spec.length + " arguments, got " + given + ". Usage: " + usage);
    }
    for (int i = 0; i < spec.length; i++) {
      boolean out = spec[i].startsWith("&");
      boolean str = spec[i].startsWith("&$");
      if (spec[i].startsWith("?")) continue; // optional (Clij2TableBuiltins)
      if (i >= a.length
          || a[i] == null
          || (out && !str && !(a[i] instanceof Double[]))
          || (str && !(a[i] instanceof String[]))) {
        throw new FoveaException.InvalidArgument(
            fn
                + ": argument "
                + (i + 1)
                + " '"
                + spec[i].replace("&", "").replace("$", "").replace("[", "")
                + "' is missing"
                + (out ? " (pass a variable that receives the value)" : "")
                + ". Usage: "
                + usage);
      }
    }
    if (GET_FORMS.containsKey(key)) {
      String op = GET_FORMS.get(key);
      int images = 0;
      while (images < spec.length && !spec[images].startsWith("&")) images++;
      Object[] inputs = new Object[images];
      for (int i = 0; i < images; i++) inputs[i] = session.require(fn, spec[i], (String) a[i]);
      Object r = org.fovea.ops.OpRegistry.find(op).orElseThrow().invoke(inputs);
      double[] v = MacroBinding.resultValues(r);
      for (int i = images; i < spec.length; i++) ((Double[]) a[i])[0] = v[i - images];
      return null;
    }
    switch (key) {
      case "push", "pushCurrentZStack" -> push((String) a[0]);
      case "pushCurrentSlice" -> pushSlice((String) a[0]);
      case "create2D" ->
          create(fn, (String) a[0], number(fn, a[1]), number(fn, a[2]), 1, number(fn, a[3]));
      case "create3D" ->
          create(
              fn,
              (String) a[0],
              number(fn, a[1]),
              number(fn, a[2]),
              number(fn, a[3]),
              number(fn, a[4]));
      case "print" -> printImage(session.require(fn, "name", (String) a[0]));
      case "getSize" -> {
        GpuImage img = session.require(fn, "source", (String) a[0]);
        ij.measure.ResultsTable rt = ij.measure.ResultsTable.getResultsTable();
        rt.incrementCounter();
        rt.addValue("Width", img.width());
        rt.addValue("Height", img.height());
        if (img.depth() > 1) rt.addValue("Depth", img.depth());
        MacroBinding.showResults(rt);
      }
      case "pushArray", "pushArray2D" -> {
        Object[] values = (Object[]) a[1];
        int w = number(fn, a[2]);
        int h = number(fn, a[3]);
        int d = key.equals("pushArray2D") ? 1 : number(fn, a[4]);
        if ((long) w * h * d != values.length) {
          throw new FoveaException.InvalidArgument(
              fn
                  + ": the array has "
                  + values.length
                  + " values, but "
                  + w
                  + "×"
                  + h
                  + "×"
                  + d
                  + " = "
                  + ((long) w * h * d)
                  + " are needed");
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
          if (!(values[i] instanceof Double v)) {
            throw new FoveaException.InvalidArgument(
                fn + ": array element " + i + " is not a number");
          }
          f[i] = v.floatValue();
        }
        // a float image, as CLIJ2's pushArray
        session.put((String) a[0], session.gpu().push(f, w, h, d));
        session.setCalibration((String) a[0], null);
      }
      case "customOperation" -> customOperation(fn, (String) a[0], (String) a[1], (Object[]) a[2]);
      case "startTimeTracing" -> timeTrace = new StringBuilder();
      case "stopTimeTracing" -> tracing = false;
      case "getTimeTracing" -> ((String[]) a[0])[0] = timeTrace == null ? "" : timeTrace.toString();
      case "clInfo" -> {
        for (DeviceInfo d : Gpu.listDevices()) {
          IJ.log(
              "#"
                  + d.index()
                  + " "
                  + d.describe()
                  + ", "
                  + d.openClVersion()
                  + ", driver "
                  + d.driverVersion()
                  + ", "
                  + d.computeUnits()
                  + " compute units, largest allocation "
                  + d.maxAllocationBytes()
                  + " bytes");
        }
      }
      case "getGPUProperties" -> {
        DeviceInfo d = session.gpu().device();
        ((String[]) a[0])[0] = d.name();
        ((Double[]) a[1])[0] = (double) d.globalMemoryBytes();
        ((Double[]) a[2])[0] = openClVersion(d.openClVersion());
      }
      case "pullLabelsToROIList" -> {
        // as CLIJ2: from a macro, the list goes to the Log, one ROI per line
        for (ij.gui.Roi roi :
            LabelRois.toRois(fn, session.require(fn, "labelmap_input", (String) a[0]))) {
          IJ.log("" + roi);
        }
      }
      case "pullLabelsToROIManager" ->
          pullLabelsToROIManager(fn, session.require(fn, "labelmap_input", (String) a[0]));
      case "pull" -> pull(fn, (String) a[0], false);
      case "pullBinary" -> pull(fn, (String) a[0], true);
      case "release" -> {
        if (!session.release((String) a[0])) {
          throw new FoveaException.InvalidArgument(
              fn
                  + ": there is no image named '"
                  + a[0]
                  + "' on the GPU. "
                  + session.describeNames());
        }
      }
      case "clear" -> session.clear();
      case "reportMemory" -> IJ.log(session.memoryReport());
      case "getDimensions" -> {
        GpuImage img = session.require(fn, "name", (String) a[0]);
        ((Double[]) a[1])[0] = (double) img.width();
        ((Double[]) a[2])[0] = (double) img.height();
        ((Double[]) a[3])[0] = (double) img.depth();
      }
      case "listDevices" -> {
        List<DeviceInfo> ds = Gpu.listDevices();
        for (DeviceInfo d : ds) IJ.log("#" + d.index() + " " + d.describe());
      }
      default -> Clij2TableBuiltins.call(session, this, key, fn, a);
    }
    return null;
  }

  /** CLIJ2's pullLabelsToROIManager: the ROIs are added to the ROI Manager (opened if needed). */
  private static void pullLabelsToROIManager(String fn, GpuImage labels) {
    List<ij.gui.Roi> rois = LabelRois.toRois(fn, labels);
    // (ImageJ's batch mode would create a hidden ROI Manager, still a window: headless, it throws)
    ij.plugin.frame.RoiManager rm =
        GraphicsEnvironment.isHeadless() ? null : ij.plugin.frame.RoiManager.getInstance();
    if (rm == null) {
      if (GraphicsEnvironment.isHeadless()) {
        throw new FoveaException.InvalidArgument(
            fn
                + ": the ROI Manager needs a display, and this JVM has none (java.awt.headless)."
                + " Run the macro in ImageJ or Fiji, or with ./fovea macro (it starts a virtual"
                + " display; Debian/Ubuntu: sudo apt-get install xvfb); or use"
                + " Ext.Fovea_pullLabelsToROIList");
      }
      rm = ij.plugin.frame.RoiManager.getRoiManager();
    }
    for (ij.gui.Roi roi : rois) rm.addRoi(roi);
  }

  private static int number(String fn, Object v) {
    try {
      return (int) Math.round(Double.parseDouble(String.valueOf(v).trim()));
    } catch (NumberFormatException e) {
      throw new FoveaException.InvalidArgument(fn + ": '" + v + "' is not a number");
    }
  }

  /** "OpenCL 3.0 PoCL ..." → 3.0 (CLIJ2's getGPUProperties returns the version as a number). */
  static double openClVersion(String v) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+\\.\\d+)").matcher(v == null ? "" : v);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private void create(String fn, String name, int w, int h, int d, int bitDepth) {
    org.fovea.core.PixelType t =
        switch (bitDepth) {
          case 8 -> org.fovea.core.PixelType.UINT8;
          case 16 -> org.fovea.core.PixelType.UINT16;
          case 32 -> org.fovea.core.PixelType.FLOAT32;
          default ->
              throw new FoveaException.InvalidArgument(
                  fn + ": bitDepth must be 8, 16 or 32, got " + bitDepth);
        };
    if (w < 1 || h < 1 || d < 1) {
      throw new FoveaException.InvalidArgument(
          fn + ": the size must be positive, got " + w + "×" + h + "×" + d);
    }
    GpuImage img = session.gpu().create(w, h, d, t);
    session.gpu().fill(img, 0); // a new image is zero, as CLIJ2's create2D/create3D
    session.put(name, img);
    session.setCalibration(name, null);
  }

  /** The image's pixel values on stdout (the Log), one row per line, as CLIJ2's print. */
  private void printImage(GpuImage img) {
    ImagePlus imp = ImageJConversion.pull(img, "print", null);
    StringBuilder sb = new StringBuilder();
    for (int z = 1; z <= imp.getStackSize(); z++) {
      ij.process.ImageProcessor ip = imp.getStack().getProcessor(z);
      for (int y = 0; y < imp.getHeight(); y++) {
        for (int x = 0; x < imp.getWidth(); x++) {
          if (x > 0) sb.append(' ');
          float v = ip.getf(x, y);
          sb.append(v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : v);
        }
        sb.append('\n');
      }
      if (z < imp.getStackSize()) sb.append('\n');
    }
    IJ.log(sb.toString().stripTrailing());
  }

  private void pushSlice(String title) {
    ImagePlus imp = findImage(title);
    if (imp == null) {
      push(title); // the same "no open image" message
      return;
    }
    ImagePlus slice = new ImagePlus(title, imp.getProcessor().duplicate());
    slice.setCalibration(imp.getCalibration());
    session.put(title, ImageJConversion.push(session.gpu(), slice));
    session.setCalibration(title, imp.getCalibration());
  }

  private void push(String title) {
    ImagePlus imp = findImage(title);
    if (imp == null) {
      String[] titles = openTitles();
      throw new FoveaException.InvalidArgument(
          "Ext.Fovea_push: argument 'title': there is no open image titled '"
              + title
              + "'. "
              + (titles.length == 0
                  ? "No image is open."
                  : "Open images: " + String.join(", ", titles) + "."));
    }
    GpuImage img = ImageJConversion.push(session.gpu(), imp);
    session.put(title, img);
    session.setCalibration(title, imp.getCalibration());
  }

  private void pull(String fn, String name, boolean binary) {
    GpuImage img = session.require(fn, "name", name);
    ImagePlus imp =
        binary
            ? ImageJConversion.pullBinary(img, name, session.calibration(name))
            : ImageJConversion.pull(img, name, session.calibration(name));
    imp.show();
  }

  /** An open image (window or batch-mode image) by title; the current image wins ties. */
  static ImagePlus findImage(String title) {
    ImagePlus cur = WindowManager.getCurrentImage();
    if (cur != null && title.equals(cur.getTitle())) return cur;
    ImagePlus imp = WindowManager.getImage(title);
    if (imp != null) return imp;
    for (int id : Interpreter.getBatchModeImageIDs()) {
      ImagePlus b = Interpreter.getBatchModeImage(id);
      if (b != null && title.equals(b.getTitle())) return b;
    }
    return null;
  }

  /** Titles of the open images (windows and batch-mode images), current first. */
  static String[] openTitles() {
    List<String> t = new ArrayList<>();
    ImagePlus cur = WindowManager.getCurrentImage();
    if (cur != null) t.add(cur.getTitle());
    int[] ids = WindowManager.getIDList();
    if (ids != null) {
      for (int id : ids) {
        ImagePlus imp = WindowManager.getImage(id);
        if (imp != null && !t.contains(imp.getTitle())) t.add(imp.getTitle());
      }
    }
    for (int id : Interpreter.getBatchModeImageIDs()) {
      ImagePlus b = Interpreter.getBatchModeImage(id);
      if (b != null && !t.contains(b.getTitle())) t.add(b.getTitle());
    }
    return t.toArray(new String[0]);
  }

  /** The last error reported to a macro, with the macro line it happened on. */
  record Failure(String message, int line) {}

  static volatile Failure lastFailure;

  /**
   * Reports an error: aborts the running macro with {@code message} (ImageJ shows it with the macro
   * line), or shows an error dialog when no macro runs.
   */
  static void fail(String message) {
    Interpreter interp = Interpreter.getInstance();
    if (interp != null) {
      lastFailure = new Failure(message, interp.getLineNumber());
      interp.abort(message);
    } else {
      IJ.error("Fovea", message);
    }
  }

  /**
   * CLIJ2's customOperation: image_parameters alternates the name the code uses and the name of a
   * pushed image, e.g. newArray("image1", "blobs.gif", "image2", "result").
   */
  private void customOperation(String fn, String code, String global, Object[] pairs) {
    if (pairs.length == 0 || pairs.length % 2 != 0) {
      throw new FoveaException.InvalidArgument(
          fn
              + ": image_parameters must alternate parameter names and image names, e.g."
              + " newArray(\"image1\", \"blobs.gif\"); got "
              + pairs.length
              + " elements");
    }
    Map<String, GpuImage> images = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (!(pairs[i] instanceof String n) || !(pairs[i + 1] instanceof String img)) {
        throw new FoveaException.InvalidArgument(
            fn + ": image_parameters elements " + (i + 1) + " and " + (i + 2) + " must be strings");
      }
      if (images.put(n, session.require(fn, n, img)) != null) {
        throw new FoveaException.InvalidArgument(fn + ": parameter name " + n + " is given twice");
      }
    }
    org.fovea.ops.CustomOperation.customOperation(code, global, images);
  }
}
