package org.fovea.ops;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fovea.core.FoveaException;

/**
 * Every op of the catalog, discovered from the {@link Op} annotations of the category classes
 * below. Adding an op = adding an annotated method to one of these classes; hosts pick it up from
 * here.
 */
public final class OpRegistry {
  /** The classes that hold {@code @Op} entry points. */
  static final List<Class<?>> OP_CLASSES =
      List.of(
          Arithmetic.class,
          Binary.class,
          Conversions.class,
          Detection.class,
          Filters.class,
          Geometry.class,
          Measurements.class,
          Morphology.class,
          Projections.class,
          Thresholds.class,
          Labels.class,
          LabelMeasurements.class,
          Relations.class);

  private static volatile Map<String, OpDescriptor> ops;

  private OpRegistry() {}

  private static Map<String, OpDescriptor> ops() {
    Map<String, OpDescriptor> m = ops;
    if (m != null) return m;
    synchronized (OpRegistry.class) {
      if (ops != null) return ops;
      List<OpDescriptor> all = new ArrayList<>();
      for (Class<?> c : OP_CLASSES) {
        for (Method method : c.getDeclaredMethods()) {
          Op op = method.getAnnotation(Op.class);
          if (op == null) continue;
          if (!op.name().contains("{}")) {
            all.add(new OpDescriptor(op, method));
            continue;
          }
          // a family: one op per constant of the template's first parameter (see OpVariant)
          Class<?> first = method.getParameterCount() > 0 ? method.getParameterTypes()[0] : null;
          if (first == null || !first.isEnum() || !OpVariant.class.isAssignableFrom(first)) {
            throw new IllegalStateException(
                "@Op "
                    + op.name()
                    + " is a family template: its first parameter must be an enum"
                    + " implementing OpVariant ("
                    + method
                    + ")");
          }
          for (Object v : first.getEnumConstants()) {
            all.add(new OpDescriptor(op, method, (OpVariant) v));
          }
        }
      }
      all.sort(Comparator.comparing(OpDescriptor::category).thenComparing(OpDescriptor::name));
      Map<String, OpDescriptor> byName = new LinkedHashMap<>();
      for (OpDescriptor d : all) {
        if (byName.put(d.name(), d) != null) {
          throw new IllegalStateException("Two ops are named " + d.name());
        }
      }
      ops = java.util.Collections.unmodifiableMap(byName);
      return ops;
    }
  }

  /** All ops, sorted by category, then name. */
  public static List<OpDescriptor> all() {
    return List.copyOf(ops().values());
  }

  public static Optional<OpDescriptor> find(String name) {
    return Optional.ofNullable(ops().get(name));
  }

  /** The op named {@code name}; the error suggests close names. */
  public static OpDescriptor get(String name) {
    OpDescriptor d = ops().get(name);
    if (d != null) return d;
    List<String> close = new ArrayList<>();
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (String n : ops().keySet()) {
      String nl = n.toLowerCase(java.util.Locale.ROOT);
      if (nl.contains(lower) || lower.contains(nl) || nl.equals(lower)) close.add(n);
    }
    throw new FoveaException.InvalidArgument(
        "Unknown op '"
            + name
            + "'"
            + (close.isEmpty() ? "" : ". Did you mean: " + String.join(", ", close) + "?"));
  }
}
