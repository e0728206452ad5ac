package org.fovea.scope;

/**
 * A source of stacks the acquisition loop drives. Backends: {@link SimulatedMicroscope} (default),
 * {@link ReplayMicroscope} (a recorded run folder). A Micro-Manager backend would implement this
 * interface over MMCoreJ (snap a z-stack per time point, {@link #apply} sets the interval used by
 * the loop and the ROI on the camera); it is not part of this build and needs no dependency here.
 *
 * <p>Time: the loop asks for a stack at an experiment time ({@code hours}); a simulator renders
 * exactly that time, a real microscope takes it now, a replay returns the recorded stack it maps to
 * (which carries its own recorded time).
 */
public interface Microscope extends AutoCloseable {
  /** A short description for logs ("simulator seed=42 128x256x31", "replay runs/x every 2"). */
  String describe();

  /** The current settings. */
  Settings settings();

  /**
   * Applies new settings for the next acquisitions. Backends that cannot follow a setting (replay
   * cannot change what was recorded) return a note saying so, else {@code null}.
   */
  String apply(Settings settings);

  /**
   * Acquires the stack of time point {@code timePoint} at experiment time {@code hours}. Returns
   * {@code null} when the source is exhausted (end of a replay).
   */
  Stack acquire(int timePoint, double hours);

  /** The experiment time (hours) of the first stack. */
  double startHours();

  /** The wall-clock pacing: experiment seconds per wall second (1 for real hardware). */
  double timeFactor();

  @Override
  default void close() {}
}
