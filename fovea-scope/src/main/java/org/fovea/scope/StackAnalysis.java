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

  /**
   * The latest stack's 2D projection with its detected spots, for displays (e.g. the dashboard).
   *
   * @param pixels row-major, {@code width × height}
   * @param width along the embryo's long axis
   * @param height angles (the cylinder projection's 360 rows)
   * @param spots the spots as pixel indices ({@code x + width·y})
   * @param timePoint the stack's time point
   */
  record Projection(float[] pixels, int width, int height, int[] spots, int timePoint) {}

  /** The latest analysed stack's projection, or null when this analysis makes none. */
  default Projection lastProjection() {
    return null;
  }

  @Override
  default void close() {}
}
