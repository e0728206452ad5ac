package org.fovea.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one descriptor of an operation, on its Java entry point (a {@code public static} method of a
 * category class listed in {@link OpRegistry}). The macro bindings, the CLI listing, the reference
 * pages and the coverage test are all generated from it.
 *
 * <p>Entry-point conventions: input images first, then output images annotated {@link Out} (which
 * may be {@code null}: the op then allocates them with its natural shape and type and returns
 * them), then scalar parameters ({@code int}, {@code float}, {@code double}, {@code boolean},
 * {@code String}, enums) annotated {@link Param}. A scalar result is the return value ({@code
 * double}, {@code long}, {@code double[]} named by {@link #results()}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Op {
  /** CLIJ2-style name, e.g. {@code gaussianBlur3D}. Macro name: {@code Ext.Fovea_<name>}. */
  String name();

  Category category();

  /** One line: what the op computes. */
  String doc();

  /** Image dimensions the op accepts: {2}, {3} or {2, 3}. */
  int[] dimensions() default {2, 3};

  /**
   * Kernel files the op uses, under {@code org/fovea/ops/kernels/} (or {@code core:name.cl} for a
   * kernel of fovea-core); empty only for host-only ops.
   */
  String[] kernels();

  /**
   * The numeric tolerance against the CPU reference, as a documented fact ("exact", "1e-5
   * relative"...).
   */
  String tolerance() default "exact";

  /**
   * Border handling, e.g. "clamp to edge" (pixels outside the image take the value of the nearest
   * edge pixel).
   */
  String border() default "";

  /** The ImageJ command this op matches, and how closely, if any. */
  String imagej() default "";

  /**
   * Names of the elements of a {@code double[]} result, e.g. {"x", "y", "z", "width", "height",
   * "depth"}.
   */
  String[] results() default {};

  /** Longer notes for the reference page (rounding, output type, ...). */
  String notes() default "";
}
