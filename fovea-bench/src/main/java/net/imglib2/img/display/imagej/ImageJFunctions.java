package net.imglib2.img.display.imagej;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Stand-in for imglib2-ij's {@code ImageJFunctions} (not on Maven Central). CLIJ's converter pulls
 * buffers of types other than 8/16/32-bit (e.g. the signed-byte flags inside CLIJ2's
 * connectedComponentsLabeling*) through {@code wrap(rai, title)}; this copies the values into a
 * 32-bit stack, which is all CLIJ reads back. Written for Fovea's benchmarks and parity tests;
 * bench module only.
 */
public final class ImageJFunctions {
  private ImageJFunctions() {}

  /** A 32-bit copy of a 1D to 3D interval of real values (x fastest). */
  public static <T extends RealType<T>> ImagePlus wrap(
      RandomAccessibleInterval<T> rai, String title) {
    int n = rai.numDimensions();
    int w = (int) rai.dimension(0);
    int h = n > 1 ? (int) rai.dimension(1) : 1;
    int d = n > 2 ? (int) rai.dimension(2) : 1;
    ImageStack stack = new ImageStack(w, h);
    float[][] planes = new float[d][w * h];
    Cursor<T> c = Views.flatIterable(rai).cursor();
    for (int i = 0; c.hasNext(); i++) {
      planes[i / (w * h)][i % (w * h)] = c.next().getRealFloat();
    }
    for (float[] p : planes) stack.addSlice(new FloatProcessor(w, h, p));
    return new ImagePlus(title, stack);
  }
}
