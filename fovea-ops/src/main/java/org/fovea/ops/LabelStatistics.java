package org.fovea.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A typed table of per-label measurements with CLIJ2's column names and order (one row per label,
 * or per background and label, or one row for a whole image). Rows come in label order; {@link
 * Column#IDENTIFIER} holds the label. Host code that fills an ImageJ Results table iterates {@link
 * #columns()} and {@link #get(int, Column)} and uses {@link Column#name()} as the heading.
 */
public final class LabelStatistics {
  /** CLIJ2's columns of statisticsOfLabelledPixels, in its order. */
  public enum Column {
    IDENTIFIER,
    BOUNDING_BOX_X,
    BOUNDING_BOX_Y,
    BOUNDING_BOX_Z,
    BOUNDING_BOX_END_X,
    BOUNDING_BOX_END_Y,
    BOUNDING_BOX_END_Z,
    BOUNDING_BOX_WIDTH,
    BOUNDING_BOX_HEIGHT,
    BOUNDING_BOX_DEPTH,
    MINIMUM_INTENSITY,
    MAXIMUM_INTENSITY,
    MEAN_INTENSITY,
    SUM_INTENSITY,
    STANDARD_DEVIATION_INTENSITY,
    PIXEL_COUNT,
    SUM_INTENSITY_TIMES_X,
    SUM_INTENSITY_TIMES_Y,
    SUM_INTENSITY_TIMES_Z,
    MASS_CENTER_X,
    MASS_CENTER_Y,
    MASS_CENTER_Z,
    SUM_X,
    SUM_Y,
    SUM_Z,
    CENTROID_X,
    CENTROID_Y,
    CENTROID_Z,
    SUM_DISTANCE_TO_MASS_CENTER,
    MEAN_DISTANCE_TO_MASS_CENTER,
    MAX_DISTANCE_TO_MASS_CENTER,
    MAX_MEAN_DISTANCE_TO_MASS_CENTER_RATIO,
    SUM_DISTANCE_TO_CENTROID,
    MEAN_DISTANCE_TO_CENTROID,
    MAX_DISTANCE_TO_CENTROID,
    MAX_MEAN_DISTANCE_TO_CENTROID_RATIO
  }

  private static final Column[] COLUMNS = Column.values();
  private final double[][] rows;

  LabelStatistics(double[][] rows) {
    this.rows = rows;
  }

  /** Number of rows. */
  public int rows() {
    return rows.length;
  }

  /** The columns, in CLIJ2's order. */
  public static List<Column> columns() {
    return List.of(COLUMNS);
  }

  /** The column headings as CLIJ2 writes them into the Results table. */
  public static List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (Column c : COLUMNS) names.add(c.name());
    return Collections.unmodifiableList(names);
  }

  public double get(int row, Column c) {
    return rows[row][c.ordinal()];
  }

  /** One column over all rows. */
  public double[] column(Column c) {
    double[] v = new double[rows.length];
    for (int r = 0; r < rows.length; r++) v[r] = rows[r][c.ordinal()];
    return v;
  }

  /** One row, in column order (a copy). */
  public double[] row(int r) {
    return rows[r].clone();
  }

  /** All rows as CLIJ2's Java API returns them: {@code [row][column]} (a copy). */
  public double[][] toArray() {
    double[][] c = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) c[r] = rows[r].clone();
    return c;
  }

  /** Tab-separated, with a header line of the column names. */
  public String toTsv() {
    StringBuilder sb = new StringBuilder(String.join("\t", columnNames())).append('\n');
    for (double[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        if (c > 0) sb.append('\t');
        double v = row[c];
        sb.append(
            v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.9g", v));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "LabelStatistics[" + rows.length + " rows × " + COLUMNS.length + " columns]";
  }
}
