package org.fovea.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.KernelCall;
import org.fovea.core.PixelType;

/**
 * CLIJ2's {@code customOperation}: the user's OpenCL code runs once per pixel of the first image,
 * with every image bound by the name it is given.
 *
 * <p>The code sees {@code x}, {@code y}, {@code z} (the pixel) and, for each image {@code name},
 * the macros of CLIJ2's convention: {@code READ_IMAGE(name, sampler, POS_name_INSTANCE(x, y, z,
 * 0)).x} reads a pixel (positions outside the image are clamped to its edge), {@code
 * WRITE_IMAGE(name, POS_name_INSTANCE(x, y, z, 0), CONVERT_name_PIXEL_TYPE(value))} writes one
 * (positions outside the image are skipped, so no user code writes past a buffer), {@code
 * IMAGE_name_PIXEL_TYPE} is its OpenCL type and {@code GET_IMAGE_WIDTH/HEIGHT/DEPTH(name)} its
 * size. {@code CONVERT_name_PIXEL_TYPE} saturates and rounds half to even (Fovea's rule; CLIJ2
 * truncates). {@code globalCode} comes before the kernel (helper functions). Code that does not
 * compile stops with {@link FoveaException.KernelBuildFailed}, whose message holds the numbered
 * source and the OpenCL build log. A program is built once per distinct code and image types, then
 * cached ({@code Gpu.invalidateKernelCache()} forgets it).
 */
public final class CustomOperation {
  private CustomOperation() {}

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Runs {@code operationCode} over the pixels of the first image of {@code images} (its iteration
   * order; use a {@link LinkedHashMap}).
   */
  public static void customOperation(
      String operationCode, String globalCode, Map<String, GpuImage> images) {
    String op = "customOperation";
    OpSupport.requireNotNull(op, "operation_code", operationCode);
    OpSupport.requireNotNull(op, "image_parameters", images);
    if (images.isEmpty()) {
      throw new FoveaException.InvalidArgument(op + ": give at least one image (name and image)");
    }
    Gpu gpu = null;
    GpuImage first = null;
    for (Map.Entry<String, GpuImage> e : images.entrySet()) {
      String n = e.getKey();
      if (n == null || !NAME.matcher(n).matches() || n.startsWith("fovea_")) {
        throw new FoveaException.InvalidArgument(
            op
                + ": image parameter name '"
                + n
                + "' is not an OpenCL identifier (letters, digits, _; not starting with fovea_)");
      }
      OpSupport.requireNotNull(op, "image " + n, e.getValue());
      if (first == null) {
        first = e.getValue();
        gpu = first.gpu();
      } else if (e.getValue().gpu() != gpu) {
        throw new FoveaException.InvalidArgument(
            op + ": image " + n + " lives on another device than the first image");
      }
    }
    KernelCall k = gpu.kernelFromSource(source(operationCode, globalCode, images), op);
    for (Map.Entry<String, GpuImage> e : images.entrySet()) {
      GpuImage img = e.getValue();
      k.arg(e.getKey(), img)
          .arg(e.getKey() + "_width", img.width())
          .arg(e.getKey() + "_height", img.height())
          .arg(e.getKey() + "_depth", img.depth());
    }
    try {
      k.run(first.width(), first.height(), first.depth());
    } catch (FoveaException.KernelBuildFailed e) {
      String m = e.getMessage();
      int log = m.lastIndexOf("\n--- build log ---\n");
      throw new FoveaException.KernelBuildFailed(
          op
              + ": the OpenCL code does not compile (operation_code is the body of the kernel"
              + " customOperation below, global_code comes before it). "
              + (log < 0 ? m : m.substring(0, log)),
          e.buildLog());
    }
  }

  /** The program: CLIJ2's macros defined for Fovea's buffers, the user's code, the kernel. */
  static String source(String operationCode, String globalCode, Map<String, GpuImage> images) {
    StringBuilder s = new StringBuilder();
    s.append("// customOperation: the user's code inside Fovea's bindings\n")
        .append("__constant int sampler = 0;\n")
        .append("#define READ_IMAGE(a, s, p) READ_##a##_IMAGE(a, s, p)\n")
        .append("#define WRITE_IMAGE(a, p, v) WRITE_##a##_IMAGE(a, p, v)\n")
        .append("#define GET_IMAGE_WIDTH(a) a##_width\n")
        .append("#define GET_IMAGE_HEIGHT(a) a##_height\n")
        .append("#define GET_IMAGE_DEPTH(a) a##_depth\n")
        .append("inline size_t fovea_clamped(int4 p, int w, int h, int d) {\n")
        .append(
            "  return ((size_t)clamp(p.z, 0, d - 1) * (size_t)h + (size_t)clamp(p.y, 0, h - 1))")
        .append(" * (size_t)w + (size_t)clamp(p.x, 0, w - 1);\n}\n")
        .append("inline bool fovea_inside(int4 p, int w, int h, int d) {\n")
        .append("  return p.x >= 0 && p.y >= 0 && p.z >= 0 && p.x < w && p.y < h && p.z < d;\n}\n");
    for (Map.Entry<String, GpuImage> e : images.entrySet()) {
      String n = e.getKey();
      PixelType t = e.getValue().type();
      String size = n + "_width, " + n + "_height, " + n + "_depth";
      s.append("#define IMAGE_")
          .append(n)
          .append("_TYPE __global ")
          .append(t.clType())
          .append("*\n");
      s.append("#define IMAGE_").append(n).append("_PIXEL_TYPE ").append(t.clType()).append('\n');
      s.append("#define POS_")
          .append(n)
          .append("_INSTANCE(x, y, z, e) ((int4)((x), (y), (z), 0))\n");
      s.append("#define CONVERT_")
          .append(n)
          .append("_PIXEL_TYPE(v) ")
          .append(t.convertExpression("(v)"))
          .append('\n');
      s.append("#define READ_")
          .append(n)
          .append("_IMAGE(a, s, p) ((")
          .append(t.clType())
          .append("2)(a[fovea_clamped((p), ")
          .append(size)
          .append(")], 0))\n");
      s.append("#define WRITE_")
          .append(n)
          .append("_IMAGE(a, p, v) do { const int4 fovea_p = (p); if (fovea_inside(fovea_p, ")
          .append(size)
          .append(")) a[fovea_clamped(fovea_p, ")
          .append(size)
          .append(")] = (v); } while (0)\n");
    }
    s.append(globalCode == null ? "" : globalCode).append("\n__kernel void customOperation(");
    String sep = "";
    for (Map.Entry<String, GpuImage> e : images.entrySet()) {
      String n = e.getKey();
      s.append(sep)
          .append("__global ")
          .append(e.getValue().type().clType())
          .append("* ")
          .append(n)
          .append(", const int ")
          .append(n)
          .append("_width, const int ")
          .append(n)
          .append("_height, const int ")
          .append(n)
          .append("_depth");
      sep = ", ";
    }
    s.append(") {\n")
        .append("  const int x = get_global_id(0);\n")
        .append("  const int y = get_global_id(1);\n")
        .append("  const int z = get_global_id(2);\n")
        .append(operationCode)
        .append("\n}\n");
    return s.toString();
  }
}
