package org.fovea.core;

import java.lang.ref.Cleaner;
import java.util.Locale;
import org.jocl.cl_mem;

/**
 * An image in GPU memory: an OpenCL buffer plus a shape (width, height, depth; 2D images have depth
 * 1) and a pixel type. Pixels are stored x-fastest: {@code index = x + width * (y + height * z)}.
 *
 * <p>Close it (try-with-resources) to free GPU memory at once; {@code close()} is idempotent. An
 * image that is dropped without being closed is freed by a {@link Cleaner} and logged as a leak.
 */
public final class GpuImage implements AutoCloseable {
  static final Cleaner CLEANER = Cleaner.create();

  private final Gpu gpu;
  private final State state;
  private final Cleaner.Cleanable cleanable;
  private final int width;
  private final int height;
  private final int depth;
  private final PixelType type;

  /** Everything the cleaner needs; must not reference the GpuImage itself. */
  static final class State implements Runnable {
    final long id;
    final Gpu gpu;
    final String description;
    final long bytes;
    final Throwable allocationSite;
    volatile cl_mem mem;
    volatile boolean explicitlyClosed;

    State(long id, Gpu gpu, cl_mem mem, String description, long bytes, Throwable site) {
      this.id = id;
      this.gpu = gpu;
      this.mem = mem;
      this.description = description;
      this.bytes = bytes;
      this.allocationSite = site;
    }

    @Override
    public void run() {
      if (!explicitlyClosed && mem != null) {
        gpu.logLeak(this);
      }
      gpu.release(this);
    }
  }

  GpuImage(Gpu gpu, State state, int width, int height, int depth, PixelType type) {
    this.gpu = gpu;
    this.state = state;
    this.width = width;
    this.height = height;
    this.depth = depth;
    this.type = type;
    this.cleanable = CLEANER.register(this, state);
  }

  public Gpu gpu() {
    return gpu;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int depth() {
    return depth;
  }

  /** {@code 3} when depth &gt; 1, else {@code 2}. */
  public int dimensions() {
    return depth > 1 ? 3 : 2;
  }

  public boolean is3D() {
    return depth > 1;
  }

  public PixelType type() {
    return type;
  }

  public long pixelCount() {
    return (long) width * height * depth;
  }

  public long bytes() {
    return pixelCount() * type.bytes();
  }

  /** Same width, height and depth as {@code other}. */
  public boolean sameShape(GpuImage other) {
    return width == other.width && height == other.height && depth == other.depth;
  }

  /** E.g. {@code 31×17×5 uint16} or {@code 512×512 float32}. */
  public String describe() {
    return describe(width, height, depth, type);
  }

  static String describe(int w, int h, int d, PixelType t) {
    return d > 1
        ? String.format(Locale.ROOT, "%d×%d×%d %s", w, h, d, t.label())
        : String.format(Locale.ROOT, "%d×%d %s", w, h, t.label());
  }

  /** The OpenCL buffer, for callers that enqueue their own kernels. Throws once closed. */
  public cl_mem clMem() {
    cl_mem m = state.mem;
    if (m == null) {
      throw new FoveaException.InvalidArgument(
          "GpuImage "
              + describe()
              + " has been closed"
              + (gpu.isClosed() ? " (its Gpu was closed)" : ""));
    }
    return m;
  }

  public boolean isClosed() {
    return state.mem == null;
  }

  /**
   * Pulls the pixels into a new Java array of the natural type (byte[], short[], int[], float[]).
   */
  public Object pull() {
    return gpu.pull(this);
  }

  @Override
  public void close() {
    state.explicitlyClosed = true;
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "GpuImage[" + describe() + (isClosed() ? ", closed" : "") + "]";
  }
}
