package org.fovea.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import org.fovea.core.Gpu;
import org.fovea.io.TiffStack;

/** What a task does with one stack once it is read: serialised with the job to every executor. */
interface StackWork extends Serializable {
  /** The command, for logs and the UI: {@code count-spots} or {@code analyse}. */
  String name();

  /** A description of the settings for the run summary. */
  String describe();

  /** The device asked for on the command line (null: FOVEA_DEVICE or the best one). */
  String device();

  /** The voxel size given on the command line, or null (then the TIFF's, else the default). */
  double[] voxel();

  /** The measurement columns when they are known before the job (else from the rows). */
  List<String> columns();

  /**
   * Whether a measurement column holds whole numbers (written without decimals, long in Parquet).
   */
  boolean integerColumn(String column);

  /** How the TSV writes a value of {@code column}. */
  String format(String column, double value);

  /**
   * Analyses one stack on {@code gpu}. Throws {@link StackException} (or a {@code FoveaException}
   * about the input) for a problem of this stack: it becomes an error row.
   */
  LinkedHashMap<String, Double> measure(
      Gpu gpu, String deviceKey, TiffStack stack, double[] voxel, StackRef ref);

  /** A problem of one stack (not of the executor): an error row, not a retried task. */
  final class StackException extends RuntimeException {
    StackException(String message) {
      super(message);
    }
  }
}
