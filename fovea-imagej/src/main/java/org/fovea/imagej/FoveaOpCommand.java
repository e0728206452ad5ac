package org.fovea.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fovea.core.DeviceInfo;
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
      IJ.error("Fovea " + op.name(), "Open an image first: " + op.name() + " works on images.");
      return;
    }
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

    FoveaSession session = FoveaSession.get();
    List<String> inputTitles = new ArrayList<>();
    List<String> macroArgs = new ArrayList<>();
    Object[] args = new Object[op.params().size() + MacroBinding.EXTRA_SLOTS + 8];
    List<String> outputs = new ArrayList<>();
    int i = 0;
    for (ParamInfo p : op.params()) {
      switch (p.role()) {
        case INPUT_IMAGE -> {
          String t = gd.getNextChoice();
          inputTitles.add(t);
          args[i] = t;
          macroArgs.add(quote(t));
        }
        case OUTPUT_IMAGE -> {
          String base = inputTitles.isEmpty() ? "result" : inputTitles.get(0);
          String name = op.name() + "_" + base + (outputs.isEmpty() ? "" : "_" + outputs.size());
          outputs.add(name);
          args[i] = name;
          macroArgs.add(quote(name));
        }
        case SCALAR -> {
          Object v = readScalar(gd, p);
          args[i] = v;
          macroArgs.add(v instanceof String s ? quote(s) : format((Double) v));
        }
      }
      i++;
    }
    MacroBinding binding = new MacroBinding(op);
    List<String> resultNames = new ArrayList<>();
    for (var s : binding.slots()) {
      if (s.isOutputVariable()) {
        args[i++] = new Double[] {0.0};
        resultNames.add(s.name());
        macroArgs.add(s.name());
      }
    }
    try {
      for (String t : inputTitles) {
        // always push: the image may have changed since it was last on the GPU
        ImagePlus imp = FoveaMacroExtensions.findImage(t);
        GpuImage img = ImageJConversion.push(session.gpu(), imp);
        session.put(t, img);
        session.setCalibration(t, imp.getCalibration());
      }
      binding.call(session, args);
      for (String name : outputs) {
        GpuImage img = session.find(name);
        if (img != null) ImageJConversion.pull(img, name, session.calibration(name)).show();
      }
      int k = op.params().size();
      for (String r : resultNames) {
        IJ.log(
            op.name()
                + "("
                + String.join(", ", inputTitles)
                + "): "
                + r
                + " = "
                + format(((Double[]) args[k++])[0]));
      }
    } catch (FoveaException e) {
      IJ.error("Fovea " + op.name(), e.getMessage());
      return;
    }
    record(session, inputTitles, binding, macroArgs, outputs);
  }

  private static void record(
      FoveaSession session,
      List<String> inputs,
      MacroBinding binding,
      List<String> macroArgs,
      List<String> outputs) {
    if (!Recorder.record) return;
    Recorder.disableCommandRecording();
    Recorder rec = Recorder.getInstance();
    if (recordedFor != rec) {
      recordedFor = rec;
      DeviceInfo d = session.gpu().device();
      Recorder.recordString(
          "run(\"" + FoveaMacroExtensions.COMMAND + "\", \"device=[" + d.name() + "]\");\n");
    }
    for (String t : inputs) Recorder.recordString("Ext.Fovea_push(" + quote(t) + ");\n");
    Recorder.recordString(
        "Ext." + binding.macroName() + "(" + String.join(", ", macroArgs) + ");\n");
    for (String o : outputs) Recorder.recordString("Ext.Fovea_pull(" + quote(o) + ");\n");
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
