package org.fovea.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes a scalar parameter of an {@link Op}: its default (as text) and a short doc. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {
  /** Default value as text ("2.0", "true", "Otsu"); empty means required. */
  String value() default "";

  String doc() default "";
}
