package org.fovea.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One member of an op family: an enum constant that a template {@link Op} method takes as its first
 * parameter. The registry makes one op per constant; in the template's {@code name}, {@code doc},
 * {@code imagej} and {@code notes}, {@code {}} stands for the constant's name, {@code {NAME}} for
 * it in capitals and {@code {doc}} for its {@link #doc()}. So {@code @Op(name = "threshold{}",
 * ...)} on {@code thresholdWith(Method method, GpuImage src, GpuImage dst)} gives thresholdOtsu,
 * thresholdHuang, ... and nothing has to agree with a name typed elsewhere.
 *
 * <p>A member's text is its {@link Doc} annotation: {@code @Doc("maxima") Maxima, @Doc("minima")
 * Minima} — no constructor, field or override needed.
 */
public interface OpVariant {
  /** What this member does, as it reads in the middle of a sentence: its {@link Doc}. */
  default String doc() {
    Enum<?> e = (Enum<?>) this;
    try {
      Doc d = e.getDeclaringClass().getField(e.name()).getAnnotation(Doc.class);
      if (d == null) {
        throw new IllegalStateException(
            e.getDeclaringClass().getSimpleName()
                + "."
                + e.name()
                + " has no @OpVariant.Doc and does not override doc()");
      }
      return d.value();
    } catch (NoSuchFieldException x) {
      throw new IllegalStateException(x);
    }
  }

  /** The text of a family member (see {@link OpVariant#doc()}). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Doc {
    String value();
  }
}
