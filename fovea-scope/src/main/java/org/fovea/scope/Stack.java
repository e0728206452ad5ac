package org.fovea.scope;

import java.util.Map;

/**
 * One acquired 3D stack: 16-bit pixels (x fastest, index = x + width * (y + height * z)), its voxel
 * size in micrometres, when it was taken (time point, embryo/experiment time in hours, wall clock)
 * and metadata (for the simulator: the ground truth).
 *
 * @param timePoint running index of the acquisition in this run
 * @param hours experiment time of the stack in hours (embryo time for the simulator)
 * @param acquiredAtMillis wall-clock time the acquisition finished
 * @param metadata free-form values written as the stack's JSON metadata (ground truth etc.)
 */
public record Stack(
    int timePoint,
    double hours,
    long acquiredAtMillis,
    int width,
    int height,
    int depth,
    double voxelX,
    double voxelY,
    double voxelZ,
    short[] pixels,
    Map<String, Object> metadata) {

  public Stack {
    if ((long) width * height * depth != pixels.length) {
      throw new IllegalArgumentException(
          "stack " + width + "x" + height + "x" + depth + " but " + pixels.length + " pixels");
    }
  }

  public long bytes() {
    return 2L * pixels.length;
  }

  public String shape() {
    return width + "x" + height + "x" + depth;
  }
}
