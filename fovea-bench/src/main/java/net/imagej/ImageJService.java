package net.imagej;

import org.scijava.service.Service;

/**
 * Stand-in for ImageJ2's {@code net.imagej.ImageJService} (artifact imagej-common, which is not on
 * Maven Central). CLIJ's converter service implements this marker interface; nothing else of
 * imagej-common is needed for the code paths the benchmarks use. Written for Fovea's benchmarks; it
 * is only on the bench module's class path.
 */
public interface ImageJService extends Service {}
