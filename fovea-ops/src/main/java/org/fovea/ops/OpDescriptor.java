package org.fovea.ops;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.fovea.core.FoveaException;
import org.fovea.core.GpuImage;

/** An op as seen by hosts (macro language, CLI, docs): built from its {@link Op} annotation. */
public final class OpDescriptor {
  /** What a parameter is. */
  public enum Role {
    INPUT_IMAGE,
    OUTPUT_IMAGE,
    SCALAR
  }

  /** One parameter of the entry point. */
  public record ParamInfo(
      String name, Role role, Class<?> javaType, String defaultValue, String doc, String outType) {
    public boolean required() {
      return role != Role.SCALAR || defaultValue.isEmpty();
    }

    /** e.g. {@code float}, {@code int}, {@code image}, or the enum's constants joined by '|'. */
    public String typeName() {
      if (role != Role.SCALAR) return "image";
      if (javaType.isEnum()) {
        return Arrays.stream(javaType.getEnumConstants())
            .map(Object::toString)
            .collect(Collectors.joining("|"));
      }
      return javaType == String.class ? "string" : javaType.getSimpleName();
    }
  }

  private final Op op;
  private final Method method;
  private final List<ParamInfo> params;

  /** The family member this op is (the template's bound first argument), or null. */
  private final OpVariant variant;

  OpDescriptor(Op op, Method method) {
    this(op, method, null);
  }

  /**
   * The op {@code variant} of the family template {@code method} (see {@link OpVariant}), or a
   * plain op when {@code variant} is null.
   */
  OpDescriptor(Op op, Method method, OpVariant variant) {
    this.op = op;
    this.method = method;
    this.variant = variant;
    if (!Modifier.isStatic(method.getModifiers()) || !Modifier.isPublic(method.getModifiers())) {
      throw new IllegalStateException("@Op " + op.name() + " must be public static: " + method);
    }
    List<ParamInfo> ps = new ArrayList<>();
    Parameter[] all = method.getParameters();
    if (variant != null && (all.length == 0 || !all[0].getType().isInstance(variant))) {
      throw new IllegalStateException(
          "@Op " + op.name() + ": a family template takes its variant as first parameter");
    }
    for (Parameter p : Arrays.copyOfRange(all, variant == null ? 0 : 1, all.length)) {
      Out out = p.getAnnotation(Out.class);
      Param param = p.getAnnotation(Param.class);
      if (p.getType() == GpuImage.class) {
        ps.add(
            new ParamInfo(
                p.getName(),
                out != null ? Role.OUTPUT_IMAGE : Role.INPUT_IMAGE,
                GpuImage.class,
                "",
                out != null ? out.doc() : param != null ? param.doc() : "",
                out != null ? out.type() : ""));
      } else {
        ps.add(
            new ParamInfo(
                p.getName(),
                Role.SCALAR,
                p.getType(),
                param != null ? param.value() : "",
                param != null ? param.doc() : "",
                ""));
      }
    }
    this.params = List.copyOf(ps);
  }

  public String name() {
    return expand(op.name());
  }

  /** The family member this op is (bound as the template's first argument), or null. */
  public OpVariant variant() {
    return variant;
  }

  /**
   * Replaces {@code {}}, {@code {NAME}} and {@code {doc}} of a family template by the variant's
   * name, its name in capitals and its doc.
   */
  private String expand(String text) {
    if (variant == null) return text;
    String name = ((Enum<?>) variant).name();
    return text.replace("{doc}", variant.doc())
        .replace("{NAME}", name.toUpperCase(Locale.ROOT))
        .replace("{}", name);
  }

  public Category category() {
    return op.category();
  }

  public String doc() {
    return expand(op.doc());
  }

  public int[] dimensions() {
    return op.dimensions().clone();
  }

  /** "2D", "3D" or "2D/3D". */
  public String dimensionsLabel() {
    return Arrays.stream(op.dimensions()).mapToObj(d -> d + "D").collect(Collectors.joining("/"));
  }

  public List<String> kernels() {
    return List.of(op.kernels());
  }

  public String tolerance() {
    return expand(op.tolerance());
  }

  public String border() {
    return op.border();
  }

  public String imagej() {
    return expand(op.imagej());
  }

  public String notes() {
    String n = expand(op.notes());
    String all = (op.tolerance() + " " + op.notes()).toLowerCase(java.util.Locale.ROOT);
    if (ROUNDS_HALF_EVEN.matcher(all).find() && !all.contains("clij2 truncates")) {
      n = (n.isEmpty() ? "" : n.endsWith(".") ? n + " " : n + ". ") + ROUNDING_NOTE;
    }
    return n;
  }

  /** Ops whose integer outputs round half to even say so in their tolerance or notes. */
  private static final java.util.regex.Pattern ROUNDS_HALF_EVEN =
      java.util.regex.Pattern.compile("round(s|ing|ed)?[ -]half[ -]to[ -]even|round-half-even");

  /**
   * Issue #12's rounding rule, carried by the notes of every op that rounds (hence by its reference
   * page, the CLI and the Python docs).
   */
  public static final String ROUNDING_NOTE =
      "Rounding: integer outputs round half to even (as ImageJ); CLIJ2 truncates, so an integer"
          + " result can be CLIJ2's + 1 (parity tests allow exactly that difference).";

  public List<String> resultNames() {
    return List.of(op.results());
  }

  public Method method() {
    return method;
  }

  public List<ParamInfo> params() {
    return params;
  }

  public List<ParamInfo> params(Role role) {
    return params.stream().filter(p -> p.role() == role).toList();
  }

  /** The Java return type: GpuImage, double, long, double[], boolean, void. */
  public Class<?> returnType() {
    return method.getReturnType();
  }

  /** True when the op returns a scalar (or array of scalars) rather than an image. */
  public boolean hasScalarResult() {
    Class<?> r = method.getReturnType();
    return r != GpuImage.class && r != void.class;
  }

  /**
   * Signature line for docs and the CLI, e.g. {@code gaussianBlur2D(src, dst, sigmaX=2.0,
   * sigmaY=2.0)}.
   */
  public String signature() {
    return name()
        + "("
        + params.stream()
            .map(p -> p.defaultValue().isEmpty() ? p.name() : p.name() + "=" + p.defaultValue())
            .collect(Collectors.joining(", "))
        + ")"
        + (hasScalarResult()
            ? " → "
                + (resultNames().isEmpty()
                    ? returnType().getSimpleName()
                    : String.join(", ", resultNames()))
            : "");
  }

  /**
   * Calls the op with arguments in declaration order. Scalars may be given as any {@link Number},
   * {@link Boolean} or {@link String} (parsed); {@code null} scalars take their default.
   */
  public Object invoke(Object... args) {
    if (args.length != params.size()) {
      throw new FoveaException.InvalidArgument(
          name()
              + " expects "
              + params.size()
              + " arguments "
              + signature()
              + ", got "
              + args.length);
    }
    Object[] conv = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      conv[i] = coerce(params.get(i), args[i]);
    }
    return invokeUnchecked(conv);
  }

  /**
   * Calls the entry point with arguments already of the parameters' Java types (no coercion, for
   * callers that prepare them once and call many times); a family member's variant is prepended.
   */
  public Object invokeUnchecked(Object[] args) {
    Object[] full = args;
    if (variant != null) {
      full = new Object[args.length + 1];
      full[0] = variant;
      System.arraycopy(args, 0, full, 1, args.length);
    }
    try {
      return method.invoke(null, full);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) throw re;
      if (c instanceof Error err) throw err;
      throw new FoveaException(name() + " failed: " + c, c);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Converts a host value (number, string, boolean) into the parameter's Java type. */
  public Object coerce(ParamInfo p, Object v) {
    if (p.role() != Role.SCALAR) {
      if (v == null || v instanceof GpuImage) return v;
      throw new FoveaException.InvalidArgument(
          name() + ": argument '" + p.name() + "' must be an image, got " + v);
    }
    if (v == null || (v instanceof String s && s.isEmpty())) {
      if (p.defaultValue().isEmpty()) {
        throw new FoveaException.InvalidArgument(
            name() + ": argument '" + p.name() + "' is required (" + signature() + ")");
      }
      v = p.defaultValue();
    }
    Class<?> t = p.javaType();
    try {
      if (t == float.class || t == Float.class) return ((Number) num(v)).floatValue();
      if (t == double.class || t == Double.class) return ((Number) num(v)).doubleValue();
      if (t == int.class || t == Integer.class)
        return (int) Math.round(((Number) num(v)).doubleValue());
      if (t == long.class || t == Long.class) return Math.round(((Number) num(v)).doubleValue());
      if (t == boolean.class || t == Boolean.class) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() != 0;
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("1") || s.equals("yes")) return true;
        if (s.equals("false") || s.equals("0") || s.equals("no")) return false;
        throw new NumberFormatException(s);
      }
      if (t == String.class) return v.toString();
      if (t.isEnum()) {
        String s = v.toString().trim();
        for (Object c : t.getEnumConstants()) {
          if (c.toString().equalsIgnoreCase(s) || ((Enum<?>) c).name().equalsIgnoreCase(s))
            return c;
        }
        throw new FoveaException.InvalidArgument(
            name()
                + ": argument '"
                + p.name()
                + "' must be one of "
                + p.typeName()
                + ", got '"
                + s
                + "'");
      }
    } catch (NumberFormatException | ClassCastException e) {
      throw new FoveaException.InvalidArgument(
          name() + ": argument '" + p.name() + "' must be a " + p.typeName() + ", got '" + v + "'");
    }
    throw new IllegalStateException("Unsupported parameter type " + t + " in " + name());
  }

  private static Object num(Object v) {
    if (v instanceof Number n) return n;
    if (v instanceof Boolean b) return b ? 1 : 0;
    return Double.parseDouble(v.toString().trim());
  }

  @Override
  public String toString() {
    return signature();
  }
}
