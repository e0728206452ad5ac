package org.fovea.ops;

/** Op categories: the menu groups in Fiji and the sections of the reference. */
public enum Category {
  ARITHMETIC("Arithmetic"),
  BINARY("Binary and logic"),
  THRESHOLD("Thresholding"),
  FILTER("Filters"),
  MORPHOLOGY("Morphology and rank filters"),
  GEOMETRY("Geometry and transforms"),
  PROJECTION("Projections"),
  MEASUREMENT("Measurements"),
  LABELING("Labeling"),
  DETECTION("Spot detection"),
  COPY("Copy and conversion");

  private final String title;

  Category(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
