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
  }

  private final Map<String, MacroBinding> bindings = new LinkedHashMap<>();
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
    if (options != null) {
      // "cl_device" is CLIJ2's name for it: ported macros keep working
      device = Macro.getValue(options, "device", Macro.getValue(options, "cl_device", ""));
    } else if (!GraphicsEnvironment.isHeadless() && Interpreter.getInstance() == null) {
      device = askDevice();
      if (device == null) return;
    }
    try {
      session.selectDevice(device);
    } catch (FoveaException e) {
      fail("Fovea Macro Extensions: " + e.getMessage());
      return;
    }
    if (Interpreter.getInstance() != null) {
      Functions.registerExtensions(this);
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
      t[i] = (out ? ARG_OUTPUT | ARG_NUMBER : ARG_STRING) | ARG_OPTIONAL;
    }
    return t;
  }

  @Override
  public String handleExtension(String name, Object[] args) {
    try {
      MacroBinding b = bindings.get(name);
      if (b != null) {
        b.call(session, args);
        return null;
      }
      return builtin(name, args);
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
            + String.join(", ", java.util.Arrays.stream(spec).map(s -> s.replace("&", "")).toList())
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
      if (i >= a.length || a[i] == null || (out && !(a[i] instanceof Double[]))) {
        throw new FoveaException.InvalidArgument(
            fn
                + ": argument "
                + (i + 1)
                + " '"
                + spec[i].replace("&", "")
                + "' is missing"
                + (out ? " (pass a variable that receives the value)" : "")
                + ". Usage: "
                + usage);
      }
    }
    switch (key) {
      case "push" -> push((String) a[0]);
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
      default -> throw new IllegalStateException(key);
    }
    return null;
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
}
