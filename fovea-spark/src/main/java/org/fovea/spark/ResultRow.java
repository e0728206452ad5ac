package org.fovea.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;

/**
 * One stack's result: what {@code count-spots} writes for it (or the analysis' measurements), its
 * time point, where its voxel size came from ({@code voxel_source} as count-spots writes it), the
 * device that analysed it and, for a stack that could not be analysed, the error (then the
 * measurements are empty).
 */
public record ResultRow(
    String file,
    int timePoint,
    int width,
    int height,
    int depth,
    double voxelX,
    double voxelY,
    double voxelZ,
    LinkedHashMap<String, Double> values,
    double readMs,
    double processMs,
    String voxelSource,
    String device,
    String error)
    implements Serializable {

  static ResultRow error(StackRef ref, String device, String error, double readMs) {
    return new ResultRow(
        ref.path(),
        ref.timePoint(),
        0,
        0,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        new LinkedHashMap<>(),
        readMs,
        Double.NaN,
        null,
        device,
        error);
  }

  public boolean ok() {
    return error == null;
  }
}
