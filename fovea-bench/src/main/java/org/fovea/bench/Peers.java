package org.fovea.bench;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import net.haesleinhuepf.clij2.CLIJ2;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;

/** The three peers' views of one {@link BenchData}: Fovea images, CLIJ2 buffers, ImageJ stacks. */
public final class Peers {
  private Peers() {}

  /** Fovea images of the inputs (pushed once). */
  public static final class FoveaInputs implements AutoCloseable {
    public final Gpu gpu;
    public final GpuImage a;
    public final GpuImage b;
    public final GpuImage maskA;
    public final GpuImage maskB;

    public FoveaInputs(Gpu gpu, BenchData data) {
      this.gpu = gpu;
      a = gpu.push(data.a, data.w, data.h, data.d);
      b = gpu.push(data.b, data.w, data.h, data.d);
      maskA = gpu.push(data.maskA, data.w, data.h, data.d);
      maskB = gpu.push(data.maskB, data.w, data.h, data.d);
      gpu.finish();
    }

    @Override
    public void close() {
      a.close();
      b.close();
      maskA.close();
      maskB.close();
    }
  }

  /** CLIJ2 buffers of the inputs (pushed once through CLIJ2's ImagePlus converter). */
  public static final class ClijInputs implements AutoCloseable {
    public final CLIJ2 clij;
    public final ClearCLBuffer a;
    public final ClearCLBuffer b;
    public final ClearCLBuffer maskA;
    public final ClearCLBuffer maskB;
    public final BenchData data;

    public ClijInputs(CLIJ2 clij, BenchData data) {
      this.clij = clij;
      this.data = data;
      a = clij.push(data.imagePlus("a", data.a));
      b = clij.push(data.imagePlus("b", data.b));
      maskA = clij.push(data.mask01("ma", data.maskA));
      maskB = clij.push(data.mask01("mb", data.maskB));
    }

    public long[] dims() {
      return data.is3D() ? new long[] {data.w, data.h, data.d} : new long[] {data.w, data.h};
    }

    public ClearCLBuffer u16() {
      return clij.create(dims(), NativeTypeEnum.UnsignedShort);
    }

    public ClearCLBuffer f32() {
      return clij.create(dims(), NativeTypeEnum.Float);
    }

    public ClearCLBuffer u8() {
      return clij.create(dims(), NativeTypeEnum.UnsignedByte);
    }

    @Override
    public void close() {
      clij.release(a);
      clij.release(b);
      clij.release(maskA);
      clij.release(maskB);
    }
  }

  /** Waits until CLIJ2's queue is empty. */
  public static void clijFinish(CLIJ2 clij) {
    clij.getCLIJ().getClearCLContext().getDefaultQueue().waitToFinish();
  }

  /** A CLIJ2 buffer's pixels as doubles (unsigned). */
  public static double[] pixels(CLIJ2 clij, ClearCLBuffer buf) {
    ImagePlus imp = clij.pull(buf);
    return pixels(imp);
  }

  public static double[] pixels(ImagePlus imp) {
    ImageStack st = imp.getStack();
    int plane = imp.getWidth() * imp.getHeight();
    double[] out = new double[plane * st.getSize()];
    for (int z = 0; z < st.getSize(); z++) {
      ImageProcessor ip = st.getProcessor(z + 1);
      for (int i = 0; i < plane; i++) out[z * plane + i] = ip.getf(i);
    }
    return out;
  }

  /** A Fovea image's pixels as doubles (unsigned). */
  public static double[] pixels(GpuImage img) {
    Object arr = img.gpu().pull(img);
    if (arr instanceof short[] s) {
      double[] o = new double[s.length];
      for (int i = 0; i < s.length; i++) o[i] = s[i] & 0xffff;
      return o;
    }
    if (arr instanceof byte[] s) {
      double[] o = new double[s.length];
      for (int i = 0; i < s.length; i++) o[i] = s[i] & 0xff;
      return o;
    }
    if (arr instanceof int[] s) {
      double[] o = new double[s.length];
      for (int i = 0; i < s.length; i++) o[i] = s[i] & 0xffffffffL;
      return o;
    }
    float[] s = (float[]) arr;
    double[] o = new double[s.length];
    for (int i = 0; i < s.length; i++) o[i] = s[i];
    return o;
  }

  /** Largest |x−y|, or NaN when the lengths differ. */
  public static double maxAbsDiff(double[] x, double[] y) {
    if (x == null || y == null || x.length != y.length) return Double.NaN;
    double m = 0;
    for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
    return m;
  }
}
