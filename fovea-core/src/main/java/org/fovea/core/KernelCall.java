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
 * (which never do). Obtain it from {@link Gpu#kernel}.
 *
 * <p><b>Arguments are bound by the kernel's parameter names.</b> When the program is built the
 * kernel's parameter list is read from its source; every argument names the parameter it is for,
 * and the launch fails with an {@link FoveaException.InvalidArgument} naming the op, the kernel and
 * the parameter when a name does not exist, is given twice, or a parameter is left without an
 * argument. Two swapped buffers therefore cannot compile and run silently.
 *
 * <p>{@code image(name, img)} binds the buffer to the parameter {@code name} and adds the type
 * defines {@code NAME_T}, {@code NAME_IS_FLOAT}, {@code NAME_MIN}, {@code NAME_MAX} and {@code
 * CONVERT_NAME_T(x)} for the upper-cased name, plus the 8-wide vector forms {@code NAME_T8} and
 * {@code CONVERT_NAME_T8(x)} (saturating, round half to even) for vectorised kernels.
 *
 * <pre>{@code
 * gpu.kernel(Ops.class, "kernels/add_image_and_scalar.cl", "add_image_and_scalar")
 *     .image("src", src).image("dst", dst).arg("scalar", 3.5f).arg("n", src.pixelCount())
 *     .run(dst);
 * }</pre>
 *
 * <p>The unnamed {@code arg(value)} forms bind in call order; they are deprecated and remain for
 * one release so that code written against them keeps working (a call that uses any of them binds
 * all its arguments in call order, and only the argument count is checked).
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

  /** The parameter name of each argument, parallel to {@link #args}; null for positional ones. */
  private final List<String> names = new ArrayList<>(8);

  private boolean positional;

  KernelCall(Gpu gpu, String source, String resource, String kernelName) {
    this.gpu = gpu;
    this.source = source;
    this.resource = resource;
    this.kernelName = kernelName;
  }

  /**
   * Binds the image's buffer to the kernel parameter {@code name} and adds its type defines under
   * {@code name}.
   */
  public KernelCall image(String name, GpuImage img) {
    checkOwner(name, img);
    typeDefines(name, img.type());
    return add(name, img.clMem());
  }

  /** Binds the image's buffer to the kernel parameter {@code name}, without type defines. */
  public KernelCall arg(String name, GpuImage img) {
    checkOwner(name, img);
    return add(name, img.clMem());
  }

  /** Binds an int to the kernel parameter {@code name}. */
  public KernelCall arg(String name, int v) {
    return add(name, new int[] {v});
  }

  /** Binds a long to the kernel parameter {@code name}. */
  public KernelCall arg(String name, long v) {
    return add(name, new long[] {v});
  }

  /** Binds a float to the kernel parameter {@code name}. */
  public KernelCall arg(String name, float v) {
    return add(name, new float[] {v});
  }

  /**
   * Binds a raw buffer (scratch memory the caller manages) to the kernel parameter {@code name}.
   */
  public KernelCall arg(String name, cl_mem mem) {
    return add(name, mem);
  }

  /**
   * Local (work-group shared) memory of {@code bytes} bytes for the kernel parameter {@code name}.
   */
  public KernelCall local(String name, long bytes) {
    return add(name, new LocalBytes(bytes));
  }

  /**
   * The three image sizes as the int parameters {@code w}, {@code h} and {@code d} (or, where the
   * kernel spells them out, {@code width}, {@code height} and {@code depth}).
   */
  public KernelCall size(GpuImage img) {
    return size("", img);
  }

  /**
   * The three image sizes as the int parameters {@code <prefix>w}, {@code <prefix>h} and {@code
   * <prefix>d} (e.g. prefix {@code "s"} binds {@code sw, sh, sd}).
   */
  public KernelCall size(String prefix, GpuImage img) {
    return arg(prefix + "w", img.width())
        .arg(prefix + "h", img.height())
        .arg(prefix + "d", img.depth());
  }

  private KernelCall add(String name, Object value) {
    if (name == null || name.isEmpty()) {
      throw new FoveaException.InvalidArgument(
          "Kernel " + kernelName + " from " + resource + ": an argument needs a parameter name");
    }
    names.add(name);
    args.add(value);
    return this;
  }

  private void checkOwner(String name, GpuImage img) {
    if (img.gpu() != gpu) {
      throw new FoveaException.InvalidArgument(
          "Image '" + name + "' (" + img.describe() + ") belongs to another Gpu context");
    }
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

  /**
   * The next argument in call order.
   *
   * @deprecated bind by name with {@link #arg(String, int)}; positional binding is removed in the
   *     next release.
   */
  @Deprecated
  public KernelCall arg(int v) {
    return addPositional(new int[] {v});
  }

  /**
   * The next argument in call order.
   *
   * @deprecated bind by name with {@link #arg(String, long)}.
   */
  @Deprecated
  public KernelCall arg(long v) {
    return addPositional(new long[] {v});
  }

  /**
   * The next argument in call order.
   *
   * @deprecated bind by name with {@link #arg(String, float)}.
   */
  @Deprecated
  public KernelCall arg(float v) {
    return addPositional(new float[] {v});
  }

  /**
   * A raw buffer as the next argument in call order.
   *
   * @deprecated bind by name with {@link #arg(String, cl_mem)} or {@link #arg(String, GpuImage)}.
   */
  @Deprecated
  public KernelCall arg(cl_mem mem) {
    return addPositional(mem);
  }

  /**
   * Local memory as the next argument in call order.
   *
   * @deprecated bind by name with {@link #local(String, long)}.
   */
  @Deprecated
  public KernelCall local(long bytes) {
    return addPositional(new LocalBytes(bytes));
  }

  private KernelCall addPositional(Object value) {
    positional = true;
    names.add(null);
    args.add(value);
    return this;
  }

  private record LocalBytes(long bytes) {}

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
      Object[] bound = bind(gpu.programs().parameterNames(k, source, kernelName, resource));
      try {
        Object[] last = gpu.programs().lastArgs(k, bound.length);
        for (int i = 0; i < bound.length; i++) {
          Object a = bound[i];
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
                + bound.length
                + " arguments)",
            e);
      }
    }
  }

  /**
   * The arguments in parameter order: by name, or (deprecated) in call order when any argument was
   * given without a name.
   */
  private Object[] bind(String[] params) {
    if (positional) {
      if (args.size() != params.length) {
        throw new FoveaException.InvalidArgument(
            where()
                + " takes "
                + params.length
                + " arguments "
                + java.util.Arrays.toString(params)
                + " but "
                + args.size()
                + " were given (in call order)");
      }
      return args.toArray();
    }
    Object[] bound = new Object[params.length];
    for (int i = 0; i < args.size(); i++) {
      String name = names.get(i);
      int at = indexOf(params, name);
      if (at < 0) at = indexOf(params, sizeAlias(name));
      if (at < 0) {
        throw new FoveaException.InvalidArgument(
            where()
                + " has no parameter '"
                + name
                + "'; its parameters are "
                + java.util.Arrays.toString(params));
      }
      if (bound[at] != null) {
        throw new FoveaException.InvalidArgument(
            where() + ": parameter '" + name + "' is given twice");
      }
      bound[at] = args.get(i);
    }
    for (int i = 0; i < params.length; i++) {
      if (bound[i] == null) {
        throw new FoveaException.InvalidArgument(
            where()
                + ": parameter '"
                + params[i]
                + "' has no argument; its parameters are "
                + java.util.Arrays.toString(params));
      }
    }
    return bound;
  }

  /** {@link #size(GpuImage)} also binds kernels that spell the sizes out. */
  private static String sizeAlias(String name) {
    return switch (name) {
      case "w" -> "width";
      case "h" -> "height";
      case "d" -> "depth";
      default -> "";
    };
  }

  private static int indexOf(String[] params, String name) {
    for (int i = 0; i < params.length; i++) {
      if (params[i] == name) return i; // literals are interned: the common case
    }
    for (int i = 0; i < params.length; i++) {
      if (params[i].equals(name)) return i;
    }
    return -1;
  }

  /**
   * "Op X.y: kernel 'k' (resource)": the op is named by the first callers of the launch (at most
   * three, innermost first, so that a shared launch helper does not hide the op that called it).
   */
  private String where() {
    String op =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .dropWhile(f -> f.getClassName().equals(KernelCall.class.getName()))
                        .limit(3)
                        .map(
                            f -> {
                              String c = f.getClassName();
                              return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName();
                            })
                        .collect(java.util.stream.Collectors.joining(" ← ")));
    return "Op " + (op.isEmpty() ? "?" : op) + ": kernel '" + kernelName + "' (" + resource + ")";
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
