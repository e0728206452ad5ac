package org.fovea.scope;

import java.util.Map;

/**
 * The per-stack analysis of the acquisition loop: one stack in, named measurements out (at least
 * {@code spot_count}; the built-in {@link WorkflowAnalysis} also gives the bounding box and the
 * angular distribution of the spots). Implementations keep their GPU buffers across stacks and are
 * used from one thread.
 */
public interface StackAnalysis extends AutoCloseable {
  /** A short description for the run log. */
  String describe();

  /** Analyses one stack; the map's iteration order is the column order of the TSV. */
  Map<String, Double> analyse(Stack stack);

  @Override
  default void close() {}
}
