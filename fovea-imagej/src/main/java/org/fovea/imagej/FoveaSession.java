package org.fovea.imagej;

import ij.measure.Calibration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;

/**
 * The one {@link Gpu} that ImageJ users (macros, menu commands) share, and the images on it by
 * name. Replacing a name closes the image it named. Thread-safe.
 */
public final class FoveaSession {
  private static FoveaSession instance;

  private Gpu gpu;
  private boolean ownsGpu = true;
  private String deviceSpec = "";
  private final Map<String, GpuImage> images = new LinkedHashMap<>();
  private final Map<String, Calibration> calibrations = new HashMap<>();

  private FoveaSession() {}

  /** The shared session (created on first use; the GPU opens lazily). */
  public static synchronized FoveaSession get() {
    if (instance == null) {
      instance = new FoveaSession();
      FoveaSession s = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "fovea-session-close"));
    }
    return instance;
  }

  /**
   * Chooses the device by a part of its name, "gpu", "cpu" or "#index"; blank = the best device (or
   * FOVEA_DEVICE). If another device is open, its images are released first.
   */
  public synchronized void selectDevice(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (gpu != null && !gpu.isClosed()) {
      if (s.equals(deviceSpec)) return;
      if (s.isEmpty() || org.fovea.core.DeviceFilter.parse(s).matches(gpu.device())) {
        deviceSpec = s;
        return;
      }
      clear();
      if (ownsGpu) gpu.close();
      gpu = null;
    }
    deviceSpec = s;
    gpu();
  }

  /**
   * Makes the session use {@code external} (e.g. a host application's context); the session then
   * does not close it. Images of the previous context are released.
   */
  public synchronized void use(Gpu external) {
    if (gpu == external) return;
    clear();
    if (gpu != null && ownsGpu) gpu.close();
    gpu = external;
    ownsGpu = false;
    deviceSpec = "";
  }

  /** The shared GPU, opened on first use. */
  public synchronized Gpu gpu() {
    if (gpu == null || gpu.isClosed()) {
      gpu = Gpu.open(deviceSpec);
      ownsGpu = true;
    }
    return gpu;
  }

  public synchronized boolean isOpen() {
    return gpu != null && !gpu.isClosed();
  }

  /** The image named {@code name}; {@code null} if there is none. */
  public synchronized GpuImage find(String name) {
    GpuImage img = images.get(name);
    if (img != null && img.isClosed()) {
      images.remove(name);
      return null;
    }
    return img;
  }

  /**
   * The image named {@code name}, or an error that names the function and argument and lists the
   * images on the GPU.
   */
  public synchronized GpuImage require(String function, String argument, String name) {
    GpuImage img = find(name);
    if (img != null) return img;
    throw new FoveaException.InvalidArgument(
        function
            + ": argument '"
            + argument
            + "': there is no image named '"
            + name
            + "' on the GPU. "
            + describeNames()
            + " Push it first: Ext.Fovea_push(\""
            + name
            + "\");");
  }

  /** "Images on the GPU: a, b." or "No image is on the GPU." */
  public synchronized String describeNames() {
    List<String> names = names();
    return names.isEmpty()
        ? "No image is on the GPU."
        : "Images on the GPU: " + String.join(", ", names) + ".";
  }

  /** Stores {@code img} under {@code name}; the image that had this name before is closed. */
  public synchronized void put(String name, GpuImage img) {
    if (name == null || name.isEmpty()) {
      throw new FoveaException.InvalidArgument("An image on the GPU needs a non-empty name");
    }
    GpuImage old = images.put(name, img);
    if (old != null && old != img && !images.containsValue(old)) old.close();
  }

  public synchronized void setCalibration(String name, Calibration cal) {
    if (cal == null) calibrations.remove(name);
    else calibrations.put(name, cal.copy());
  }

  public synchronized Calibration calibration(String name) {
    Calibration c = calibrations.get(name);
    return c == null ? null : c.copy();
  }

  /** Releases (closes) the image named {@code name}; false if there was none. */
  public synchronized boolean release(String name) {
    GpuImage img = images.remove(name);
    calibrations.remove(name);
    if (img == null) return false;
    if (!images.containsValue(img)) img.close();
    return true;
  }

  /** Releases every image. */
  public synchronized void clear() {
    for (GpuImage img : images.values()) img.close();
    images.clear();
    calibrations.clear();
  }

  public synchronized List<String> names() {
    images.values().removeIf(GpuImage::isClosed);
    return new ArrayList<>(images.keySet());
  }

  /**
   * The named images on the GPU and their memory (what {@code Ext.Fovea_reportMemory()} prints).
   * Internal buffers (program caches, scratch images) are not the user's and are not listed.
   */
  public synchronized String memoryReport() {
    StringBuilder sb = new StringBuilder();
    if (gpu == null || gpu.isClosed()) return "Fovea: no GPU is open.";
    long total = 0;
    int count = 0;
    for (GpuImage img : images.values()) {
      if (img.isClosed()) continue;
      total += img.bytes();
      count++;
    }
    sb.append("Fovea on ")
        .append(gpu.device().describe())
        .append(": ")
        .append(count)
        .append(count == 1 ? " image, " : " images, ")
        .append(total)
        .append(" bytes\n");
    for (Map.Entry<String, GpuImage> e : images.entrySet()) {
      if (e.getValue().isClosed()) continue;
      sb.append("  ")
          .append(e.getKey())
          .append(": ")
          .append(e.getValue().describe())
          .append(", ")
          .append(e.getValue().bytes())
          .append(" bytes\n");
    }
    return sb.toString().stripTrailing();
  }

  /** Closes every image and the GPU. */
  public synchronized void close() {
    clear();
    if (gpu != null && ownsGpu) gpu.close();
    gpu = null;
  }
}
