package org.fovea.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fovea.core.FoveaException;
import org.fovea.core.GpuImage;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpDescriptor.ParamInfo;
import org.fovea.ops.OpDescriptor.Role;
import org.fovea.ops.OpRegistry;

/**
 * The menu command of one op ({@code Plugins > Fovea > <category> > <op>}; the argument is the op
 * name): a dialog generated from the descriptor (images chosen among the open ones, the current
 * image first; scalars with their defaults), the op on the GPU, the result shown as a new image
 * (scalar results go to the Log). When the recorder is on, it records the equivalent {@code
 * Ext.Fovea_} macro calls (push, op, pull).
 */
public final class FoveaOpCommand implements PlugIn {
  /** Whether the extension line was recorded in the current recorder session. */
  private static Object recordedFor;

  @Override
  public void run(String arg) {
    OpDescriptor op;
    try {
      op = OpRegistry.get(arg);
    } catch (FoveaException e) {
      IJ.error("Fovea", e.getMessage());
      return;
    }
    String[] titles = FoveaMacroExtensions.openTitles();
    List<ParamInfo> inputs = op.params(Role.INPUT_IMAGE);
    if (!inputs.isEmpty() && titles.length == 0) {
      FoveaMacroExtensions.fail(
          "Fovea " + op.name() + ": open an image first (" + op.name() + " works on images).");
      return;
    }
    List<String> inputTitles = new ArrayList<>();
    List<Object> scalars = new ArrayList<>();
    String options = Macro.getOptions();
    if (GraphicsEnvironment.isHeadless()) {
      // no dialog possible: read the macro options as GenericDialog would
      // (key = the parameter name in lower case)
      String o = options == null ? "" : options;
      try {
        for (ParamInfo p : op.params()) {
          String key = p.name().toLowerCase(Locale.ROOT);
          switch (p.role()) {
            case INPUT_IMAGE -> inputTitles.add(Macro.getValue(o, key, titles[0]));
            case OUTPUT_IMAGE -> {}
            case SCALAR -> scalars.add(scalarOption(o, key, p));
          }
        }
      } catch (FoveaException e) {
        FoveaMacroExtensions.fail("Fovea " + op.name() + ": " + e.getMessage());
        return;
      }
    } else {
      GenericDialog gd = new GenericDialog("Fovea " + op.name());
      gd.addMessage(op.doc());
      for (ParamInfo p : op.params()) {
        switch (p.role()) {
          case INPUT_IMAGE -> gd.addChoice(p.name(), titles, titles[0]);
          case OUTPUT_IMAGE -> {}
          case SCALAR -> addScalar(gd, p);
        }
      }
      gd.showDialog();
      if (gd.wasCanceled()) return;
      for (ParamInfo p : op.params()) {
        switch (p.role()) {
          case INPUT_IMAGE -> inputTitles.add(gd.getNextChoice());
          case OUTPUT_IMAGE -> {}
          case SCALAR -> scalars.add(readScalar(gd, p));
        }
      }
    }
    FoveaSession session = FoveaSession.get();
    Execution ex;
    try {
      ex = execute(session, op, inputTitles, scalars);
    } catch (FoveaException e) {
      FoveaMacroExtensions.fail("Fovea " + op.name() + ": " + e.getMessage());
      return;
    }
    for (String name : ex.outputs()) {
      GpuImage img = session.find(name);
      if (img != null) ImageJConversion.pull(img, name, session.calibration(name)).show();
    }
    for (String name : ex.changed()) writeBack(session, name);
    for (String line : ex.resultLines()) IJ.log(line);
    if (Recorder.record) {
      Recorder.disableCommandRecording();
      Recorder rec = Recorder.getInstance();
      if (recordedFor != rec) {
        recordedFor = rec;
        Recorder.recordString(ex.extensionLine());
      }
      for (String line : ex.macro()) Recorder.recordString(line);
    }
  }

  /**
   * What a menu command did: the output image names, the result lines for the Log, and the macro
   * that does the same (push, op, pull), as the recorder records it.
   */
  public record Execution(
      List<String> outputs,
      List<String> resultLines,
      String extensionLine,
      List<String> macro,
      List<String> changed) {}

  /**
   * An op without output image nor result (set, setRandom, drawBox, …) changes its input on the
   * GPU: the ImageJ image it was pushed from gets the new pixels (as CLIJ2 users expect of an
   * in-place op), in its window.
   */
  static void writeBack(FoveaSession session, String title) {
    GpuImage img = session.find(title);
    ImagePlus imp = FoveaMacroExtensions.findImage(title);
    if (img == null || imp == null) return;
    ImagePlus pulled = ImageJConversion.pull(img, title, session.calibration(title));
    imp.setStack(pulled.getStack());
    imp.updateAndDraw();
  }

  /**
   * Pushes the images titled {@code inputTitles}, runs {@code op} with {@code scalars} (numbers as
   * Double, choices as String, in descriptor order) into outputs named {@code <op>_<first input>},
   * and returns what the recorder records. Does not pull or show anything.
   */
  public static Execution execute(
      FoveaSession session, OpDescriptor op, List<String> inputTitles, List<Object> scalars) {
    MacroBinding binding = new MacroBinding(op);
    Object[] args = new Object[binding.slots().size() + MacroBinding.EXTRA_SLOTS];
    List<String> macroArgs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    List<String> resultNames = new ArrayList<>();
    int in = 0;
    int sc = 0;
    int i = 0;
    for (var slot : binding.slots()) {
      ParamInfo p = slot.param();
      if (p == null) {
        args[i] = new Double[] {0.0};
        resultNames.add(slot.name());
        macroArgs.add(slot.name());
      } else if (p.role() == Role.INPUT_IMAGE) {
        String t = inputTitles.get(in++);
        args[i] = t;
        macroArgs.add(quote(t));
      } else if (p.role() == Role.OUTPUT_IMAGE) {
        String base = inputTitles.isEmpty() ? "result" : inputTitles.get(0);
        String name = op.name() + "_" + base + (outputs.isEmpty() ? "" : "_" + outputs.size());
        outputs.add(name);
        args[i] = name;
        macroArgs.add(quote(name));
      } else {
        Object v = scalars.get(sc++);
        args[i] = v;
        macroArgs.add(v instanceof String s ? quote(s) : format(((Number) v).doubleValue()));
      }
      i++;
    }
    List<String> distinct = inputTitles.stream().distinct().toList();
    for (String t : distinct) {
      // always push: the image may have changed since it was last on the GPU
      ImagePlus imp = FoveaMacroExtensions.findImage(t);
      if (imp == null) {
        throw new FoveaException.InvalidArgument(op.name() + ": no open image titled '" + t + "'");
      }
      GpuImage img = ImageJConversion.push(session.gpu(), imp);
      session.put(t, img);
      session.setCalibration(t, imp.getCalibration());
    }
    binding.call(session, args);
    List<String> resultLines = new ArrayList<>();
    int k = binding.slots().size() - resultNames.size();
    for (String r : resultNames) {
      resultLines.add(
          op.name()
              + "("
              + String.join(", ", inputTitles)
              + "): "
              + r
              + " = "
              + format(((Double[]) args[k++])[0]));
    }
    List<String> macro = new ArrayList<>();
    for (String t : distinct) macro.add("Ext.Fovea_push(" + quote(t) + ");\n");
    macro.add("Ext." + binding.macroName() + "(" + String.join(", ", macroArgs) + ");\n");
    List<String> changed = outputs.isEmpty() && resultNames.isEmpty() ? distinct : List.of();
    for (String o : outputs) macro.add("Ext.Fovea_pull(" + quote(o) + ");\n");
    for (String c : changed) macro.add("Ext.Fovea_pull(" + quote(c) + ");\n");
    for (String r : resultNames) macro.add("print(\"" + r + " = \" + " + r + ");\n");
    String ext =
        "run(\""
            + FoveaMacroExtensions.COMMAND
            + "\", \"device=["
            + session.gpu().device().name()
            + "]\");\n";
    return new Execution(outputs, resultLines, ext, macro, changed);
  }

  private static void addScalar(GenericDialog gd, ParamInfo p) {
    Class<?> t = p.javaType();
    String def = p.defaultValue();
    if (t == boolean.class || t == Boolean.class) {
      gd.addCheckbox(p.name(), Boolean.parseBoolean(def.isEmpty() ? "false" : def));
    } else if (t.isEnum()) {
      Object[] cs = t.getEnumConstants();
      String[] items = new String[cs.length];
      for (int i = 0; i < cs.length; i++) items[i] = cs[i].toString();
      gd.addChoice(p.name(), items, def.isEmpty() ? items[0] : def);
    } else if (MacroBinding.isNumeric(t)) {
      double v = def.isEmpty() ? 0 : Double.parseDouble(def);
      boolean integral = t == int.class || t == long.class || t == Integer.class || t == Long.class;
      gd.addNumericField(p.name(), v, integral ? 0 : 3);
    } else {
      gd.addStringField(p.name(), def, 12);
    }
  }

  /** A scalar from macro options: a Double for numbers and booleans, else the text. */
  private static Object scalarOption(String options, String key, ParamInfo p) {
    Class<?> t = p.javaType();
    String def = p.defaultValue();
    if (t == boolean.class || t == Boolean.class) {
      // GenericDialog checkboxes: the key alone means true
      boolean on =
          (" " + options + " ").contains(" " + key + " ")
              || Boolean.parseBoolean(Macro.getValue(options, key, def.isEmpty() ? "false" : def));
      return on ? 1.0 : 0.0;
    }
    String v = Macro.getValue(options, key, def);
    if (MacroBinding.isNumeric(t)) {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new FoveaException.InvalidArgument(p.name() + " must be a number, got '" + v + "'");
      }
    }
    return v;
  }

  private static Object readScalar(GenericDialog gd, ParamInfo p) {
    Class<?> t = p.javaType();
    if (t == boolean.class || t == Boolean.class) return gd.getNextBoolean() ? 1.0 : 0.0;
    if (t.isEnum()) return gd.getNextChoice();
    if (MacroBinding.isNumeric(t)) return gd.getNextNumber();
    return gd.getNextString();
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return String.format(Locale.ROOT, "%s", v);
  }
}
