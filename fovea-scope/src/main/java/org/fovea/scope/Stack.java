package org.fovea.scope;

import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.core.PixelType;

/**
 * One acquired 3D stack: its pixels in one flat array (x fastest, index = x + width * (y + height *
 * z)) of one of the pixel types the loop stores and the ops take — {@code byte[]} (uint8), {@code
 * short[]} (uint16, what the simulator makes by default) or {@code float[]} (float32) — its voxel
 * size in micrometres, when it was taken (time point, embryo/experiment time in hours, wall clock)
 * and metadata (for the simulator: the ground truth).
 *
 * @param timePoint running index of the acquisition in this run
 * @param hours experiment time of the stack in hours (embryo time for the simulator)
 * @param acquiredAtMillis wall-clock time the acquisition finished
 * @param pixels {@code byte[]}, {@code short[]} or {@code float[]}, width × height × depth long
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
    Object pixels,
    Map<String, Object> metadata) {

  public Stack {
    if (!(pixels instanceof byte[] || pixels instanceof short[] || pixels instanceof float[])) {
      throw new IllegalArgumentException(
          "stack pixels must be byte[] (uint8), short[] (uint16) or float[] (float32), not "
              + (pixels == null ? "null" : pixels.getClass().getSimpleName()));
    }
    int n = java.lang.reflect.Array.getLength(pixels);
    if ((long) width * height * depth != n) {
      throw new IllegalArgumentException(
          "stack " + width + "x" + height + "x" + depth + " but " + n + " pixels");
    }
  }

  /** The pixel type: {@code UINT8}, {@code UINT16} or {@code FLOAT32}. */
  public PixelType type() {
    return Gpu.typeOfArray(pixels);
  }

  public long bytes() {
    return (long) width * height * depth * type().bytes();
  }

  /** This stack with other pixels of the same size (any supported type); the rest is kept. */
  public Stack withPixels(Object px) {
    return new Stack(
        timePoint,
        hours,
        acquiredAtMillis,
        width,
        height,
        depth,
        voxelX,
        voxelY,
        voxelZ,
        px,
        metadata);
  }

  public String shape() {
    return width + "x" + height + "x" + depth;
  }
}
