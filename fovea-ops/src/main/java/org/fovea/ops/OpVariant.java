package org.fovea.ops;

/**
 * One member of an op family: an enum constant that a template {@link Op} method takes as its first
 * parameter. The registry makes one op per constant; in the template's {@code name}, {@code doc},
 * {@code imagej} and {@code notes}, {@code {}} stands for the constant's name and {@code {doc}} for
 * its {@link #doc()}. So {@code @Op(name = "threshold{}", ...)} on {@code thresholdWith(Method
 * method, GpuImage src, GpuImage dst)} gives thresholdOtsu, thresholdHuang, ... and nothing has to
 * agree with a name typed elsewhere.
 */
public interface OpVariant {
  /** What this member does, as it reads in the middle of a sentence. */
  String doc();
}
