package org.fovea.ops;

/**
 * Op categories: the menu groups in Fiji and the sections of the reference. Every category has one
 * class that holds its ops, named after it ({@link #opClassName()}); CatalogCoverageTest checks it.
 */
public enum Category {
  ARITHMETIC("Arithmetic"),
  BINARY("Binary and logic"),
  THRESHOLD("Thresholding"),
  FILTER("Filters"),
  MORPHOLOGY("Morphology"),
  GEOMETRY("Geometry and transforms"),
  PROJECTION("Projections"),
  MEASUREMENT("Measurements"),
  LABELING("Labeling"),
  LABEL_MEASUREMENT("Label measurements"),
  RELATION("Label relations and graphs"),
  DETECTION("Spot detection"),
  CONVERSION("Copy and conversion");

  private final String title;

  Category(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  /** Simple name of the class in {@code org.fovea.ops} that holds this category's ops. */
  public String opClassName() {
    return switch (this) {
      case ARITHMETIC -> "Arithmetic";
      case BINARY -> "Binary";
      case THRESHOLD -> "Thresholds";
      case FILTER -> "Filters";
      case MORPHOLOGY -> "Morphology";
      case GEOMETRY -> "Geometry";
      case PROJECTION -> "Projections";
      case MEASUREMENT -> "Measurements";
      case LABELING -> "Labels";
      case LABEL_MEASUREMENT -> "LabelMeasurements";
      case RELATION -> "Relations";
      case DETECTION -> "Detection";
      case CONVERSION -> "Conversions";
    };
  }
}
