package org.fovea.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates the op reference ({@code docs/reference/}) from the descriptors: an index grouped by
 * category and one page per op. Run {@code ./fovea docs} after adding or changing an op; the
 * catalog coverage test fails while a page is missing or stale.
 */
public final class ReferenceDocs {
  private ReferenceDocs() {}

  /** File name → content of every page, the index ({@code README.md}) included. */
  public static Map<String, String> pages() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("README.md", index());
    for (OpDescriptor d : OpRegistry.all()) out.put(d.name() + ".md", page(d));
    return out;
  }

  /** Writes all pages into {@code dir} and deletes pages of ops that no longer exist. */
  public static List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, String> pages = pages();
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> e : pages.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      written.add(p);
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.endsWith(".md") && !pages.containsKey(n)) Files.delete(p);
      }
    }
    return written;
  }

  static String index() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Fovea op reference\n\n");
    sb.append(
        "Generated from the `@Op` descriptors by `./fovea docs` — do not edit by hand. "
            + OpRegistry.all().size()
            + " ops. Every op runs on 2D and/or 3D images as listed, on any OpenCL device;"
            + " from Java (`org.fovea.ops.<Class>.<op>(...)`), from ImageJ macros"
            + " (`Ext.Fovea_<op>(...)`) and from Fiji's menu (Plugins › Fovea).\n");
    for (Category c : Category.values()) {
      List<OpDescriptor> ops =
          OpRegistry.all().stream().filter(d -> d.category() == c).collect(Collectors.toList());
      if (ops.isEmpty()) continue;
      sb.append("\n## ")
          .append(c.title())
          .append("\n\n| op | dims | description |\n|---|---|---|\n");
      for (OpDescriptor d : ops) {
        sb.append("| [")
            .append(d.name())
            .append("](")
            .append(d.name())
            .append(".md) | ")
            .append(d.dimensionsLabel())
            .append(" | ")
            .append(esc(d.doc()))
            .append(" |\n");
      }
    }
    return sb.toString();
  }

  static String page(OpDescriptor d) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(d.name()).append("\n\n");
    sb.append(d.doc()).append("\n\n");
    sb.append("Category: ").append(d.category().title()).append(" · Dimensions: ");
    sb.append(d.dimensionsLabel()).append("\n\n");
    sb.append("## Java\n\n```java\n");
    sb.append(javaSignature(d)).append("\n```\n\n");
    sb.append("## ImageJ macro\n\n```\n").append(macroCall(d)).append("\n```\n\n");
    sb.append("## Parameters\n\n| name | kind | default | description |\n|---|---|---|---|\n");
    for (OpDescriptor.ParamInfo p : d.params()) {
      String kind =
          switch (p.role()) {
            case INPUT_IMAGE -> "input image";
            case OUTPUT_IMAGE ->
                "output image"
                    + (p.outType().isEmpty() || p.outType().equals("same")
                        ? ""
                        : " (" + p.outType() + ")");
            case SCALAR -> p.typeName();
          };
      String def =
          p.role() == OpDescriptor.Role.OUTPUT_IMAGE
              ? "null = allocate"
              : p.defaultValue().isEmpty() ? "required" : "`" + p.defaultValue() + "`";
      sb.append("| ")
          .append(p.name())
          .append(" | ")
          .append(esc(kind))
          .append(" | ")
          .append(def)
          .append(" | ")
          .append(esc(p.doc()))
          .append(" |\n");
    }
    if (d.hasScalarResult()) {
      sb.append("\nResult: ");
      sb.append(
          d.resultNames().isEmpty()
              ? "`" + d.returnType().getSimpleName() + "`"
              : String.join(", ", d.resultNames()));
      sb.append(" (in macros: output arguments after the parameters).\n");
    }
    sb.append("\n## Accuracy and conventions\n\n");
    sb.append("- Tolerance against the CPU reference: ").append(d.tolerance()).append('\n');
    if (!d.border().isEmpty()) sb.append("- Border: ").append(d.border()).append('\n');
    if (!d.imagej().isEmpty()) sb.append("- ImageJ: ").append(d.imagej()).append('\n');
    if (!d.notes().isEmpty()) sb.append("- Notes: ").append(d.notes()).append('\n');
    sb.append("- Kernels: ")
        .append(d.kernels().isEmpty() ? "none (host only)" : String.join(", ", d.kernels()))
        .append('\n');
    return sb.toString();
  }

  static String javaSignature(OpDescriptor d) {
    String ret = d.returnType() == void.class ? "void" : d.returnType().getSimpleName();
    return ret
        + " "
        + d.method().getDeclaringClass().getSimpleName()
        + "."
        + d.method().getName()
        + "("
        + (d.variant() == null
            ? ""
            : d.variant().getClass().getSimpleName()
                + "."
                + ((Enum<?>) d.variant()).name()
                + (d.params().isEmpty() ? "" : ", "))
        + d.params().stream()
            .map(
                p ->
                    (p.role() == OpDescriptor.Role.SCALAR
                            ? p.javaType().getSimpleName()
                            : "GpuImage")
                        + " "
                        + p.name())
            .collect(Collectors.joining(", "))
        + ")";
  }

  /** The macro call with CLIJ2's argument order: inputs, outputs, scalars, then result outputs. */
  public static String macroCall(OpDescriptor d) {
    List<String> args = new ArrayList<>();
    for (OpDescriptor.ParamInfo p : d.params()) args.add(p.name());
    if (d.hasScalarResult()) {
      if (d.resultNames().isEmpty()) args.add("result");
      else args.addAll(d.resultNames());
    }
    return "Ext.Fovea_" + d.name() + "(" + String.join(", ", args) + ");";
  }

  private static String esc(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
