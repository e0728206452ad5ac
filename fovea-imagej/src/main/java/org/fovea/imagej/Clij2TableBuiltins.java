package org.fovea.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fovea.core.DeviceInfo;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * CLIJ2's macro functions around tables, ROIs, slices, files and the device ({@code pushArray2D},
 * {@code pushResultsTable}, {@code pullToResultsTable}, {@code pullAsROI}, {@code saveAsTIF},
 * {@code help}, …), as {@link FoveaMacroExtensions} built-ins. Argument lists follow CLIJ2
 * 2.5.3.1's getParameterHelpText(); "&" marks an output image name created by the call.
 */
final class Clij2TableBuiltins {
  private Clij2TableBuiltins() {}

  /** name → argument names, in CLIJ2's order ("[" = array). */
  static final Map<String, String[]> SPECS =
      Map.ofEntries(
          Map.entry("pushArray2D", new String[] {"destination", "[input", "width", "height"}),
          Map.entry("pushResultsTable", new String[] {"destination"}),
          Map.entry("pushResultsTableColumn", new String[] {"destination", "column_name"}),
          Map.entry("resultsTableColumnToImage", new String[] {"destination", "column_name"}),
          Map.entry("pullToResultsTable", new String[] {"source"}),
          Map.entry("image2DToResultsTable", new String[] {"source"}),
          Map.entry("pullAsROI", new String[] {"binary_input"}),
          Map.entry("pullToCurrentSlice", new String[] {"input_slice", "?target_image_stack"}),
          Map.entry(
              "pullToCurrentSliceSelection", new String[] {"input_slice", "?target_image_stack"}),
          Map.entry("pushCurrentSliceSelection", new String[] {"image"}),
          Map.entry("saveAsTIF", new String[] {"input", "filename"}),
          Map.entry("help", new String[] {"searchFor"}),
          Map.entry("invalidateKernelCache", new String[] {}),
          Map.entry("listAvailableGPUs", new String[] {}),
          Map.entry("GPUProperties", new String[] {}));

  /** The built-ins whose first argument names an image they create. */
  static final List<String> CREATE_FIRST =
      List.of(
          "pushArray2D", "pushResultsTable", "pushResultsTableColumn", "resultsTableColumnToImage");

  /**
   * Runs built-in {@code key} (pushArray2D is FoveaMacroExtensions' pushArray with depth 1) with
   * checked arguments {@code a}; {@code fn} is "Ext.Fovea_key".
   */
  static void call(
      FoveaSession session, FoveaMacroExtensions ext, String key, String fn, Object[] a) {
    switch (key) {
      case "pushResultsTable" -> pushTable(session, fn, (String) a[0], null);
      case "pushResultsTableColumn", "resultsTableColumnToImage" ->
          pushTable(session, fn, (String) a[0], (String) a[1]);
      case "pullToResultsTable", "image2DToResultsTable" ->
          pullToTable(session.require(fn, "source", (String) a[0]), fn);
      case "pullAsROI" -> pullAsRoi(session.require(fn, "binary_input", (String) a[0]), fn);
      case "pullToCurrentSlice" ->
          pullToSlice(session.require(fn, "input_slice", (String) a[0]), fn, target(fn, a), false);
      case "pullToCurrentSliceSelection" ->
          pullToSlice(session.require(fn, "input_slice", (String) a[0]), fn, target(fn, a), true);
      case "pushCurrentSliceSelection" -> pushSliceSelection(session, fn, (String) a[0]);
      case "saveAsTIF" ->
          saveAsTif(session.require(fn, "input", (String) a[0]), fn, (String) a[1], session);
      case "help" -> help(ext, (String) a[0]);
      case "invalidateKernelCache" -> session.gpu().invalidateKernelCache();
      case "listAvailableGPUs" -> deviceTable(Gpu.listDevices(), "Memory_in_bytes");
      case "GPUProperties" ->
          deviceTable(List.of(session.gpu().device()), "Global_memory_in_bytes");
      default -> throw new IllegalStateException(key);
    }
  }

  private static void put(FoveaSession session, String name, GpuImage img) {
    session.put(name, img);
    session.setCalibration(name, null);
  }

  /** The Results table as a float image: a column (x = row) or the table (x = column, y = row). */
  private static void pushTable(FoveaSession session, String fn, String name, String column) {
    ResultsTable rt = ResultsTable.getResultsTable();
    int rows = rt == null ? 0 : rt.size();
    if (rows == 0) {
      throw new FoveaException.InvalidArgument(fn + ": the Results table is empty");
    }
    List<String> columns = new ArrayList<>();
    for (String c : rt.getHeadings()) {
      if (rt.getColumnIndex(c) != ResultsTable.COLUMN_NOT_FOUND && rt.columnExists(c)) {
        columns.add(c);
      }
    }
    if (column != null) {
      if (!rt.columnExists(column)) {
        throw new FoveaException.InvalidArgument(
            fn
                + ": the Results table has no column '"
                + column
                + "'; its columns: "
                + String.join(", ", columns));
      }
      columns = List.of(column);
    }
    int w = column != null ? rows : columns.size();
    int h = column != null ? 1 : rows;
    float[] f = new float[w * h];
    for (int c = 0; c < columns.size(); c++) {
      int ci = rt.getColumnIndex(columns.get(c));
      for (int r = 0; r < rows; r++) {
        float v = (float) rt.getValueAsDouble(ci, r);
        if (column != null) f[r] = v;
        else f[c + w * r] = v;
      }
    }
    put(session, name, session.gpu().push(f, w, h, 1));
  }

  /** One row per image row, columns X0, X1, … appended to the Results table (as CLIJ2). */
  private static void pullToTable(GpuImage img, String fn) {
    if (img.is3D()) {
      throw new FoveaException.InvalidArgument(fn + ": needs a 2D image, got " + img.describe());
    }
    ImageProcessor ip = ImageJConversion.pull(img, "table", null).getProcessor();
    ResultsTable rt = ResultsTable.getResultsTable();
    for (int y = 0; y < img.height(); y++) {
      rt.incrementCounter();
      for (int x = 0; x < img.width(); x++) rt.addValue("X" + x, ip.getf(x, y));
    }
    MacroBinding.showResults(rt);
  }

  private static ImagePlus current(String fn) {
    ImagePlus imp = WindowManager.getCurrentImage();
    if (imp == null) {
      throw new FoveaException.InvalidArgument(fn + ": there is no current image");
    }
    return imp;
  }

  /** Non-zero pixels of a 2D image become the selection of the current image. */
  private static void pullAsRoi(GpuImage img, String fn) {
    if (img.is3D()) {
      throw new FoveaException.InvalidArgument(fn + ": needs a 2D image, got " + img.describe());
    }
    ImageProcessor ip = ImageJConversion.pull(img, "roi", null).getProcessor();
    ByteProcessor mask = new ByteProcessor(img.width(), img.height());
    for (int i = 0; i < img.width() * img.height(); i++) mask.set(i, ip.getf(i) != 0 ? 255 : 0);
    mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
    Roi roi = ThresholdToSelection.run(new ImagePlus("mask", mask));
    ImagePlus imp = current(fn);
    if (roi == null) imp.deleteRoi();
    else imp.setRoi(roi);
  }

  /** The image titled by the optional second argument, else the current image. */
  private static ImagePlus target(String fn, Object[] a) {
    String title = a.length > 1 && a[1] != null ? String.valueOf(a[1]) : "";
    if (title.isEmpty()) return current(fn);
    ImagePlus imp = FoveaMacroExtensions.findImage(title);
    if (imp == null) {
      throw new FoveaException.InvalidArgument(
          fn + ": there is no open image titled '" + title + "'");
    }
    return imp;
  }

  /**
   * Writes a 2D image into the current slice of {@code imp} (at the selection's corner, clipped to
   * it, when selection), clipped to the image.
   */
  private static void pullToSlice(GpuImage img, String fn, ImagePlus imp, boolean selection) {
    if (img.is3D()) {
      throw new FoveaException.InvalidArgument(fn + ": needs a 2D image, got " + img.describe());
    }
    ImageProcessor src = ImageJConversion.pull(img, "slice", null).getProcessor();
    Rectangle r =
        selection && imp.getRoi() != null
            ? imp.getRoi().getBounds()
            : new Rectangle(0, 0, imp.getWidth(), imp.getHeight());
    ImageProcessor target = imp.getProcessor();
    for (int y = 0; y < Math.min(r.height, src.getHeight()); y++) {
      for (int x = 0; x < Math.min(r.width, src.getWidth()); x++) {
        int tx = r.x + x;
        int ty = r.y + y;
        if (tx >= 0 && ty >= 0 && tx < imp.getWidth() && ty < imp.getHeight()) {
          target.putPixelValue(tx, ty, src.getf(x, y));
        }
      }
    }
    imp.updateAndDraw();
  }

  /** The selection's bounding box of the current slice of an open image, as a 2D image. */
  private static void pushSliceSelection(FoveaSession session, String fn, String title) {
    ImagePlus imp = FoveaMacroExtensions.findImage(title);
    if (imp == null) {
      throw new FoveaException.InvalidArgument(
          fn + ": there is no open image titled '" + title + "'");
    }
    ImageProcessor ip = imp.getProcessor().duplicate();
    if (imp.getRoi() != null) {
      ip.setRoi(imp.getRoi().getBounds());
      ip = ip.crop();
    }
    ImagePlus slice = new ImagePlus(title, ip);
    slice.setCalibration(imp.getCalibration());
    session.put(title, ImageJConversion.push(session.gpu(), slice));
    session.setCalibration(title, imp.getCalibration());
  }

  /**
   * Saves through fovea-io's TiffWriter and SafeFiles: an existing file is refused (CLIJ2
   * overwrites it) and nothing half-written is left behind.
   */
  private static void saveAsTif(GpuImage img, String fn, String filename, FoveaSession session) {
    Path file = Path.of(filename).toAbsolutePath();
    Object pixels = img.gpu().pull(img);
    if (img.type() == PixelType.UINT32) {
      // TIFF readers (ImageJ) open 32-bit integer TIFFs poorly: labels are saved as float32
      int[] v = (int[]) pixels;
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) f[i] = (float) Integer.toUnsignedLong(v[i]);
      pixels = f;
    }
    try {
      org.fovea.io.TiffWriter.write(
          file,
          pixels,
          img.width(),
          img.height(),
          img.depth(),
          org.fovea.io.Calibration.NONE,
          false,
          List.of());
    } catch (IOException e) {
      throw new FoveaException.InvalidArgument(
          fn
              + ": cannot save "
              + file
              + ": "
              + e.getMessage()
              + (e instanceof org.fovea.io.SafeFiles.Refused
                  ? " (Fovea never overwrites a file; delete it first or choose another name)"
                  : ""));
    }
  }

  /** Logs every Ext.Fovea_ function whose name contains {@code pattern} (all for ""). */
  private static void help(FoveaMacroExtensions ext, String pattern) {
    String p = pattern.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    for (String name : ext.functionNames()) {
      if (name.toLowerCase(Locale.ROOT).contains(p)) sb.append("Ext.").append(name).append('\n');
    }
    IJ.log(
        sb.length() == 0
            ? "No Ext.Fovea_ function contains '" + pattern + "'"
            : sb.toString().stripTrailing());
  }

  /** One Results row per device: GPUName, the memory column, OpenCL_Version (as CLIJ2). */
  private static void deviceTable(List<DeviceInfo> devices, String memoryColumn) {
    ResultsTable rt = ResultsTable.getResultsTable();
    for (DeviceInfo d : devices) {
      rt.incrementCounter();
      rt.addValue("GPUName", d.name());
      rt.addValue(memoryColumn, (double) d.globalMemoryBytes());
      rt.addValue("OpenCL_Version", FoveaMacroExtensions.openClVersion(d.openClVersion()));
    }
    MacroBinding.showResults(rt);
  }
}
