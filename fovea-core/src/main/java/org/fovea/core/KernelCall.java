package org.fovea.core;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * One kernel launch being assembled: defines (which select the compiled variant) and arguments
 * (which never do). Obtain it from {@link Gpu#kernel}; every {@code image(...)} call adds both the
 * buffer argument and the type defines {@code NAME_T}, {@code NAME_IS_FLOAT}, {@code NAME_MIN},
 * {@code NAME_MAX} and {@code CONVERT_NAME_T(x)} for the upper-cased name, plus the 8-wide vector
 * forms {@code NAME_T8} and {@code CONVERT_NAME_T8(x)} (saturating, round half to even) for
 * vectorised kernels.
 *
 * <pre>{@code
 * gpu.kernel(Ops.class, "kernels/add_image_and_scalar.cl", "add_image_and_scalar")
 *     .image("src", src).image("dst", dst).arg(3.5f)
 *     .run(dst);
 * }</pre>
 */
public final class KernelCall {
  private final Gpu gpu;
  private final String source;
  private final String resource;
  private final String kernelName;

  /**
   * What selects the compiled variant, in call order: (name, PixelType) for type defines and (name,
   * value string) for plain defines. Kept as cheap pairs and used directly as the cache key; the
   * define text is only generated when a variant must be compiled.
   */
  private final ArrayList<Object> variant = new ArrayList<>(12);

  private final List<Object> args = new ArrayList<>(8);

  KernelCall(Gpu gpu, String source, String resource, String kernelName) {
    this.gpu = gpu;
    this.source = source;
    this.resource = resource;
    this.kernelName = kernelName;
  }

  /** Adds the image as the next argument and its type defines under {@code name}. */
  public KernelCall image(String name, GpuImage img) {
    if (img.gpu() != gpu) {
      throw new FoveaException.InvalidArgument(
          "Image '" + name + "' (" + img.describe() + ") belongs to another Gpu context");
    }
    typeDefines(name, img.type());
    args.add(img.clMem());
    return this;
  }

  /** Adds the type defines of {@code name} without passing an argument (e.g. for local scratch). */
  public KernelCall typeDefines(String name, PixelType t) {
    variant.add(name);
    variant.add(t);
    return this;
  }

  /** The define lines of this variant (built only when compiling). */
  Map<String, String> defines() {
    Map<String, String> defines = new LinkedHashMap<>();
    for (int i = 0; i + 1 < variant.size(); i += 2) {
      String name = (String) variant.get(i);
      Object v = variant.get(i + 1);
      if (v instanceof PixelType t) {
        String n = name.toUpperCase(Locale.ROOT);
        defines.put(n + "_T", t.clType());
        defines.put(n + "_IS_FLOAT", t.isFloatingPoint() ? "1" : "0");
        defines.put(n + "_MIN", t.isFloatingPoint() ? "(-FLT_MAX)" : (long) t.min() + ".0f");
        defines.put(n + "_MAX", t.isFloatingPoint() ? "FLT_MAX" : (long) t.max() + ".0f");
        defines.put("CONVERT_" + n + "_T(x)", t.convertExpression("(x)"));
        // 8-wide vector forms for vectorised pixel-wise kernels (vload8/vstore8)
        defines.put(n + "_T8", t.clType() + "8");
        defines.put(
            "CONVERT_" + n + "_T8(x)",
            t.isFloatingPoint() ? "convert_float8(x)" : "convert_" + t.clType() + "8_sat_rte(x)");
      } else {
        defines.put(name, (String) v);
      }
    }
    return defines;
  }

  /** A compile-time define. Never put image sizes here: they would cause one build per size. */
  public KernelCall define(String name, Object value) {
    variant.add(name);
    variant.add(String.valueOf(value));
    return this;
  }

  public KernelCall arg(int v) {
    args.add(new int[] {v});
    return this;
  }

  public KernelCall arg(long v) {
    args.add(new long[] {v});
    return this;
  }

  public KernelCall arg(float v) {
    args.add(new float[] {v});
    return this;
  }

  /** A raw buffer argument (scratch memory the caller manages). */
  public KernelCall arg(cl_mem mem) {
    args.add(mem);
    return this;
  }

  /** Local (work-group shared) memory of {@code bytes} bytes. */
  public KernelCall local(long bytes) {
    args.add(new LocalBytes(bytes));
    return this;
  }

  private record LocalBytes(long bytes) {}

  /** The three image sizes (width, height, depth) as three int arguments. */
  public KernelCall size(GpuImage img) {
    return arg(img.width()).arg(img.height()).arg(img.depth());
  }

  /** Runs with one work item per pixel of {@code shape} (x, y, z). */
  public void run(GpuImage shape) {
    run(shape.width(), shape.height(), shape.depth());
  }

  /** Runs over the given global size (1 to 3 dimensions), letting the driver pick work groups. */
  public void run(long... global) {
    launch(global, null);
  }

  /**
   * Runs with the given work-group size; the global size is rounded up to a multiple of it, so the
   * kernel must check its bounds.
   */
  public void runPadded(long[] global, long[] local) {
    long[] g = new long[global.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = (global[i] + local[i] - 1) / local[i] * local[i];
    }
    launch(g, local);
  }

  String fullSource() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : defines().entrySet()) {
      sb.append("#define ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    sb.append(Gpu.commonHeader()).append('\n');
    sb.append("#line 1\n").append(source);
    return sb.toString();
  }

  private void launch(long[] global, long[] local) {
    for (long g : global) {
      if (g <= 0) {
        throw new FoveaException.InvalidArgument(
            "Kernel " + kernelName + ": empty global size " + java.util.Arrays.toString(global));
      }
    }
    // Fast path: look the kernel up by (source identity, kernel name, define pairs) without
    // generating any text; the pairs list itself is the key.
    synchronized (gpu.lock()) {
      gpu.checkOpen();
      cl_kernel k;
      variant.add(kernelName);
      try {
        k = gpu.programs().cached(source, variant);
        if (k == null) {
          k = gpu.programs().kernel(fullSource(), kernelName, what());
          gpu.programs().remember(source, new ArrayList<>(variant), k);
        }
      } finally {
        variant.remove(variant.size() - 1);
      }
      try {
        Object[] last = gpu.programs().lastArgs(k, args.size());
        for (int i = 0; i < args.size(); i++) {
          Object a = args.get(i);
          // kernel arguments persist between launches: skip the JNI call when unchanged
          if (sameArg(last[i], a)) continue;
          if (a instanceof cl_mem m) clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
          else if (a instanceof int[] v) clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(v));
          else if (a instanceof long[] v) clSetKernelArg(k, i, Sizeof.cl_long, Pointer.to(v));
          else if (a instanceof float[] v) clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(v));
          else if (a instanceof LocalBytes lb) clSetKernelArg(k, i, lb.bytes(), null);
          last[i] = a;
        }
        clEnqueueNDRangeKernel(gpu.queue(), k, global.length, null, global, local, 0, null, null);
        gpu.countLaunch();
      } catch (CLException e) {
        if (OpenCl.isOutOfMemory(e)) {
          throw new FoveaException.OutOfGpuMemory(
              "The device ran out of memory or resources running "
                  + what()
                  + " ("
                  + OpenCl.errorName(e)
                  + ").\n"
                  + gpu.memoryReport());
        }
        throw new FoveaException.OpenClError(
            "Launching "
                + what()
                + " failed: "
                + OpenCl.errorName(e)
                + " (global "
                + java.util.Arrays.toString(global)
                + ", local "
                + java.util.Arrays.toString(local)
                + ", "
                + args.size()
                + " arguments)",
            e);
      }
    }
  }

  private static boolean sameArg(Object prev, Object a) {
    if (prev == null) return false;
    if (prev == a) return true;
    if (prev instanceof int[] p && a instanceof int[] v) return p[0] == v[0];
    if (prev instanceof long[] p && a instanceof long[] v) return p[0] == v[0];
    if (prev instanceof float[] p && a instanceof float[] v)
      return Float.floatToRawIntBits(p[0]) == Float.floatToRawIntBits(v[0]);
    if (prev instanceof LocalBytes p && a instanceof LocalBytes v) return p.bytes() == v.bytes();
    return false; // cl_mem: only the identical object counts as unchanged
  }

  private String what() {
    return "kernel '" + kernelName + "' from " + resource + " with defines " + defines();
  }
}
