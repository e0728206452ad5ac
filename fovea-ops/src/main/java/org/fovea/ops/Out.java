package org.fovea.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an output image parameter. {@code null} means "allocate it": with the input's shape and
 * {@link #type()} ("same" = the first input's type; or uint8, uint16, uint32, float32).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Out {
  String type() default "same";

  String doc() default "";
}
