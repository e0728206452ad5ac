package org.fovea.spark;

import java.io.Serializable;

/**
 * One stack of the job: where it is (a path or URI any Hadoop file system of the cluster reads:
 * {@code /data/t000001.tif}, {@code file:/...}, {@code hdfs://...}, {@code s3a://...}) and its time
 * point (from a run folder's {@code index.tsv}, else the stack's position in the input order).
 *
 * @param hours experiment time from the run folder's index, NaN when unknown
 */
public record StackRef(String path, int timePoint, double hours) implements Serializable {}
