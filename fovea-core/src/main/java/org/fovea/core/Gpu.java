package org.fovea.core;

import static org.jocl.CL.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;

/**
 * One OpenCL context on one device, with one in-order command queue. Operations enqueue
 * asynchronously; pulls and reductions wait. {@link #close()} releases every image, program and
 * queue this context owns.
 *
 * <pre>{@code
 * try (Gpu gpu = Gpu.open()) {
 *   GpuImage img = gpu.push(pixels, 512, 512, 1);
 *   ...
 * }
 * }</pre>
 *
 * <p>A {@code Gpu} may be used from several threads; calls are serialised on one lock.
 */
public final class Gpu implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("org.fovea");
  private static final AtomicLong IDS = new AtomicLong();
  private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();
  private static volatile boolean cpuFallbackLogged;

  private final DeviceInfo info;
  private final cl_context context;
  private final cl_command_queue queue;
  private final ProgramCache programs;
  private final Staging staging;
  private final Object lock = new Object();
  private final Map<Long, GpuImage.State> live = new ConcurrentHashMap<>();
  private final AtomicLong allocated = new AtomicLong();
  private final AtomicLong launches = new AtomicLong();
  private final AtomicLong leaks = new AtomicLong();
  private final GpuState state = new GpuState();
  private final boolean traceAllocations =
      "1".equals(System.getenv("FOVEA_TRACE_LEAKS")) || Boolean.getBoolean("fovea.traceLeaks");
  private volatile boolean closed;

  private Gpu(DeviceInfo info) {
    this.info = info;
    cl_context_properties props = new cl_context_properties();
    props.addProperty(CL_CONTEXT_PLATFORM, info.platform());
    try {
      context = clCreateContext(props, 1, new cl_device_id[] {info.device()}, null, null, null);
      queue = clCreateCommandQueue(context, info.device(), 0, null);
    } catch (CLException e) {
      throw new FoveaException.OpenClError(
          "Could not create an OpenCL context on " + info.describe() + ": " + OpenCl.errorName(e),
          e);
    }
    programs = new ProgramCache(context, info);
    staging = new Staging(context, queue);
  }

  // ---------------------------------------------------------------- devices

  /** All OpenCL devices of all platforms, in platform order. Empty if there are none. */
  public static List<DeviceInfo> listDevices() {
    return OpenCl.enumerate();
  }

  /**
   * Opens a device. With filters, the best device matching all of them; without, the device named
   * by {@code FOVEA_DEVICE} if that is set, else the best device (GPU before accelerator before
   * CPU, then most global memory). Never falls back silently: a filter that matches nothing throws
   * {@link FoveaException.DeviceNotFound} listing the devices that exist.
   */
  public static Gpu open(DeviceFilter... filters) {
    List<DeviceInfo> all = listDevices();
    if (all.isEmpty()) {
      throw new FoveaException.NoOpenClRuntime(
          "OpenCL platforms were found, but none has a device.", null);
    }
    List<DeviceFilter> fs = new ArrayList<>(List.of(filters));
    String env = System.getenv("FOVEA_DEVICE");
    if (fs.isEmpty() && env != null && !env.isBlank()) {
      fs.add(DeviceFilter.parse(env));
    }
    List<DeviceInfo> candidates = new ArrayList<>();
    for (DeviceInfo d : all) {
      if (fs.stream().allMatch(f -> f.matches(d))) candidates.add(d);
    }
    if (candidates.isEmpty()) {
      StringBuilder sb = new StringBuilder("No OpenCL device matches ");
      sb.append(fs)
          .append(fs.isEmpty() ? "" : "")
          .append(
              env != null && !env.isBlank() && filters.length == 0 ? " (from FOVEA_DEVICE)" : "");
      sb.append(". Devices found:\n");
      for (DeviceInfo d : all)
        sb.append("  #").append(d.index()).append(' ').append(d.describe()).append('\n');
      sb.append("Choose one by a part of its name, by 'gpu'/'cpu', or by '#index'.");
      throw new FoveaException.DeviceNotFound(sb.toString());
    }
    DeviceInfo best = candidates.stream().min(preference()).orElseThrow();
    if (best.type() == DeviceType.CPU && !cpuFallbackLogged) {
      cpuFallbackLogged = true;
      LOG.info(
          "Fovea runs on the CPU OpenCL device "
              + best.describe()
              + (fs.isEmpty() ? " because no GPU was found." : "."));
    }
    return new Gpu(best);
  }

  /** Opens the device described by {@code spec} (see {@link DeviceFilter#parse}); blank = best. */
  public static Gpu open(String spec) {
    if (spec == null || spec.isBlank()) return open();
    return open(DeviceFilter.parse(spec));
  }

  static Comparator<DeviceInfo> preference() {
    return Comparator.comparing(DeviceInfo::type)
        .thenComparing(Comparator.comparingLong(DeviceInfo::globalMemoryBytes).reversed())
        .thenComparingInt(DeviceInfo::index);
  }

  public DeviceInfo device() {
    return info;
  }

  // ---------------------------------------------------------------- images

  /** A new, uninitialised image. {@code depth == 1} makes a 2D image. */
  public GpuImage create(int width, int height, int depth, PixelType type) {
    if (width <= 0 || height <= 0 || depth <= 0) {
      throw new FoveaException.InvalidArgument(
          "Image size must be positive, got " + width + "×" + height + "×" + depth);
    }
    checkOpen();
    long bytes = (long) width * height * depth * type.bytes();
    String desc = GpuImage.describe(width, height, depth, type);
    if (bytes > info.maxAllocationBytes() || allocated.get() + bytes > info.globalMemoryBytes()) {
      throw outOfMemory(desc, bytes, null);
    }
    cl_mem mem;
    synchronized (lock) {
      try {
        mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
      } catch (CLException e) {
        if (OpenCl.isOutOfMemory(e)) throw outOfMemory(desc, bytes, e);
        throw new FoveaException.OpenClError("clCreateBuffer failed: " + OpenCl.errorName(e), e);
      }
    }
    long id = IDS.incrementAndGet();
    GpuImage.State st =
        new GpuImage.State(
            id, this, mem, desc, bytes, traceAllocations ? new Throwable("allocated here") : null);
    live.put(id, st);
    allocated.addAndGet(bytes);
    return new GpuImage(this, st, width, height, depth, type);
  }

  public GpuImage create2D(int width, int height, PixelType type) {
    return create(width, height, 1, type);
  }

  /** A new image with the shape and type of {@code like}. */
  public GpuImage createLike(GpuImage like) {
    return create(like.width(), like.height(), like.depth(), like.type());
  }

  /** A new image with the shape of {@code like} and the given type. */
  public GpuImage createLike(GpuImage like, PixelType type) {
    return create(like.width(), like.height(), like.depth(), type);
  }

  private FoveaException.OutOfGpuMemory outOfMemory(String desc, long bytes, CLException cause) {
    return new FoveaException.OutOfGpuMemory(
        String.format(
            Locale.ROOT,
            "Cannot allocate %s (%s) on %s: the largest single allocation is %s"
                + " (CL_DEVICE_MAX_MEM_ALLOC_SIZE), the device has %s, Fovea holds %s in %d"
                + " images%s. Release images you no longer need, process the stack in tiles or"
                + " slabs, or use a device with more memory.",
            desc,
            human(bytes),
            info.name(),
            human(info.maxAllocationBytes()),
            human(info.globalMemoryBytes()),
            human(allocated.get()),
            live.size(),
            cause == null ? "" : " (" + OpenCl.errorName(cause) + ")"));
  }

  static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1L << 20) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    if (bytes < 1L << 30)
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
  }

  // ---------------------------------------------------------------- transfers

  /**
   * The pixel type Java stores in this array class: byte→uint8, short→uint16, int→uint32,
   * float→float32.
   */
  public static PixelType typeOfArray(Object array) {
    if (array instanceof byte[]) return PixelType.UINT8;
    if (array instanceof short[]) return PixelType.UINT16;
    if (array instanceof int[]) return PixelType.UINT32;
    if (array instanceof float[]) return PixelType.FLOAT32;
    throw new FoveaException.InvalidArgument(
        "Unsupported pixel array "
            + (array == null ? "null" : array.getClass().getSimpleName())
            + ": use byte[] (uint8), short[] (uint16), int[] (uint32) or float[] (float32)");
  }

  static int arrayLength(Object array) {
    return java.lang.reflect.Array.getLength(array);
  }

  /** Pushes a Java array (byte[], short[], int[] or float[]) as a width×height×depth image. */
  public GpuImage push(Object array, int width, int height, int depth) {
    PixelType t = typeOfArray(array);
    checkLength("push", array, (long) width * height * depth);
    GpuImage img = create(width, height, depth, t);
    try {
      pushInto(array, img);
    } catch (RuntimeException e) {
      img.close();
      throw e;
    }
    return img;
  }

  /** Pushes a 2D image. */
  public GpuImage push(Object array, int width, int height) {
    return push(array, width, height, 1);
  }

  /**
   * Pushes a stack stored one array per slice, as ImageJ does ({@code byte[][]}, {@code short[][]},
   * ...).
   */
  public GpuImage pushSlices(Object[] slices, int width, int height) {
    if (slices.length == 0) throw new FoveaException.InvalidArgument("pushSlices: no slices");
    PixelType t = typeOfArray(slices[0]);
    GpuImage img = create(width, height, slices.length, t);
    try {
      long plane = (long) width * height;
      for (int z = 0; z < slices.length; z++) {
        if (typeOfArray(slices[z]) != t) {
          throw new FoveaException.InvalidArgument(
              "pushSlices: slice "
                  + z
                  + " is "
                  + typeOfArray(slices[z]).label()
                  + ", slice 0 is "
                  + t.label());
        }
        checkLength("pushSlices (slice " + z + ")", slices[z], plane);
      }
      synchronized (lock) {
        checkOpen();
        // all slices in one pipelined transfer
        staging.writeSlices(img.clMem(), 0, slices, plane * t.bytes(), t.bytes());
      }
    } catch (RuntimeException e) {
      img.close();
      throw e;
    }
    return img;
  }

  /** Pushes from a NIO buffer (its remaining bytes, native byte order) into a new image. */
  public GpuImage push(ByteBuffer data, int width, int height, int depth, PixelType type) {
    GpuImage img = create(width, height, depth, type);
    try {
      if (data.remaining() < img.bytes()) {
        throw new FoveaException.InvalidArgument(
            "push: buffer has "
                + data.remaining()
                + " bytes, "
                + img.describe()
                + " needs "
                + img.bytes());
      }
      synchronized (lock) {
        checkOpen();
        staging.write(img.clMem(), 0, data, 0, img.bytes(), type.bytes());
      }
    } catch (RuntimeException e) {
      img.close();
      throw e;
    }
    return img;
  }

  /** Overwrites the pixels of an existing image from a Java array of its type and size. */
  public void pushInto(Object array, GpuImage dst) {
    PixelType t = typeOfArray(array);
    if (t != dst.type()) {
      throw new FoveaException.InvalidArgument(
          "pushInto: array holds " + t.label() + " pixels, image is " + dst.describe());
    }
    checkLength("pushInto", array, dst.pixelCount());
    synchronized (lock) {
      checkOpen();
      staging.write(dst.clMem(), 0, array, 0, dst.bytes(), t.bytes());
    }
  }

  /**
   * Overwrites the pixels of an existing image from a NIO buffer (its remaining bytes from the
   * current position, in native byte order; the position is not changed). A memory-mapped file
   * works too: the pages are copied into the pinned staging buffers by several threads.
   */
  public void pushInto(ByteBuffer data, GpuImage dst) {
    if (data.remaining() < dst.bytes()) {
      throw new FoveaException.InvalidArgument(
          "pushInto: buffer has "
              + data.remaining()
              + " bytes, "
              + dst.describe()
              + " needs "
              + dst.bytes());
    }
    synchronized (lock) {
      checkOpen();
      staging.write(dst.clMem(), 0, data, 0, dst.bytes(), dst.type().bytes());
    }
  }

  /** Pulls all pixels into a new array of the image's natural Java type. Waits for queued work. */
  public Object pull(GpuImage src) {
    if (src.pixelCount() > Integer.MAX_VALUE) {
      throw new FoveaException.InvalidArgument(
          "pull: "
              + src.describe()
              + " has more than 2^31 pixels; pull it slice by slice with pullSlices");
    }
    int n = (int) src.pixelCount();
    Object out =
        switch (src.type()) {
          case UINT8 -> new byte[n];
          case UINT16 -> new short[n];
          case UINT32 -> new int[n];
          case FLOAT32 -> new float[n];
        };
    pull(src, out);
    return out;
  }

  /** Pulls all pixels into {@code dst}, which must have the image's type and pixel count. */
  public void pull(GpuImage src, Object dst) {
    PixelType t = typeOfArray(dst);
    if (t != src.type()) {
      throw new FoveaException.InvalidArgument(
          "pull: image is " + src.describe() + " but the array holds " + t.label() + " pixels");
    }
    checkLength("pull", dst, src.pixelCount());
    synchronized (lock) {
      checkOpen();
      staging.read(src.clMem(), 0, dst, 0, src.bytes(), t.bytes());
    }
  }

  /** Pulls into a NIO buffer at its position (native byte order). */
  public void pull(GpuImage src, ByteBuffer dst) {
    if (dst.remaining() < src.bytes()) {
      throw new FoveaException.InvalidArgument(
          "pull: buffer has "
              + dst.remaining()
              + " bytes, "
              + src.describe()
              + " needs "
              + src.bytes());
    }
    synchronized (lock) {
      checkOpen();
      staging.read(src.clMem(), 0, dst, 0, src.bytes(), src.type().bytes());
    }
  }

  /** Pulls a stack into one array per slice. */
  public void pullSlices(GpuImage src, Object[] slices) {
    if (slices.length != src.depth()) {
      throw new FoveaException.InvalidArgument(
          "pullSlices: " + slices.length + " slice arrays for " + src.describe());
    }
    long plane = (long) src.width() * src.height();
    for (int z = 0; z < slices.length; z++) {
      if (typeOfArray(slices[z]) != src.type()) {
        throw new FoveaException.InvalidArgument(
            "pullSlices: slice " + z + " array does not hold " + src.type().label() + " pixels");
      }
      checkLength("pullSlices (slice " + z + ")", slices[z], plane);
    }
    synchronized (lock) {
      checkOpen();
      // all slices in one pipelined transfer
      staging.readSlices(src.clMem(), 0, slices, plane * src.type().bytes(), src.type().bytes());
    }
  }

  private static void checkLength(String what, Object array, long expected) {
    int len = arrayLength(array);
    if (len != expected) {
      throw new FoveaException.InvalidArgument(
          what + ": array has " + len + " elements, the image needs " + expected);
    }
  }

  // ---------------------------------------------------------------- copies and fills

  /**
   * Copies {@code src} into {@code dst} (same shape). Same type: a device copy. Other types:
   * converted, saturating, rounding half to even (so 2.5 → 2, 3.5 → 4, −1 → 0 in uint8).
   */
  public void copy(GpuImage src, GpuImage dst) {
    if (!src.sameShape(dst)) {
      throw new FoveaException.InvalidArgument(
          "copy: shapes differ: " + src.describe() + " → " + dst.describe());
    }
    if (src.type() == dst.type()) {
      synchronized (lock) {
        checkOpen();
        clEnqueueCopyBuffer(queue, src.clMem(), dst.clMem(), 0, 0, src.bytes(), 0, null, null);
      }
      return;
    }
    kernel(Gpu.class, "kernels/convert.cl", "convert")
        .image("src", src)
        .image("dst", dst)
        .arg("n", src.pixelCount())
        .runPadded(new long[] {src.pixelCount()}, new long[] {256});
  }

  /** A converted copy of {@code src} in a new image of type {@code type}. */
  public GpuImage convert(GpuImage src, PixelType type) {
    GpuImage dst = createLike(src, type);
    copy(src, dst);
    return dst;
  }

  /** Sets every pixel to {@code value} (saturated and rounded into the image's type). */
  public void fill(GpuImage img, double value) {
    ByteBuffer pattern =
        ByteBuffer.allocateDirect(img.type().bytes()).order(java.nio.ByteOrder.nativeOrder());
    double v =
        img.type().isFloatingPoint()
            ? value
            : Math.max(img.type().min(), Math.min(img.type().max(), Math.rint(value)));
    switch (img.type()) {
      case UINT8 -> pattern.put((byte) (long) v);
      case UINT16 -> pattern.putShort((short) (long) v);
      case UINT32 -> pattern.putInt((int) (long) v);
      case FLOAT32 -> pattern.putFloat((float) v);
    }
    pattern.rewind();
    synchronized (lock) {
      checkOpen();
      clEnqueueFillBuffer(
          queue,
          img.clMem(),
          Pointer.to(pattern),
          img.type().bytes(),
          0,
          img.bytes(),
          0,
          null,
          null);
    }
  }

  // ---------------------------------------------------------------- kernels

  /**
   * Starts a kernel launch. {@code resource} is found next to {@code anchor} (like {@link
   * Class#getResource}); the source is read once and cached.
   */
  public KernelCall kernel(Class<?> anchor, String resource, String kernelName) {
    String key = anchor.getName() + ":" + resource;
    String src =
        SOURCES.computeIfAbsent(
            key,
            k -> KernelLibrary.expand(readResource(anchor, resource), resource, Gpu::libraryFile));
    return new KernelCall(this, src, resource, kernelName);
  }

  /**
   * A launch of kernel source given as text (for tests and user kernels); it may include the shared
   * kernel library ({@code #include "lib/<name>.cl"}, see {@link KernelLibrary}).
   */
  public KernelCall kernelFromSource(String source, String kernelName) {
    // one String per distinct source: the program cache looks sources up by identity
    String expanded =
        source.contains("#include")
            ? SOURCES.computeIfAbsent(
                "<inline source>:" + source,
                k -> KernelLibrary.expand(source, "<inline source>", Gpu::libraryFile))
            : source;
    return new KernelCall(this, expanded, "<inline source>", kernelName);
  }

  private static String libraryFile(String resource) {
    return SOURCES.computeIfAbsent(
        "org.fovea.core:" + resource, k -> readResource(Gpu.class, resource));
  }

  static String commonHeader() {
    return SOURCES.computeIfAbsent(
        "org.fovea.core:common", k -> readResource(Gpu.class, "kernels/fovea_common.cl"));
  }

  private static String readResource(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new FoveaException(
            "Kernel source "
                + resource
                + " not found next to "
                + anchor.getName()
                + " (packaging error)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FoveaException("Cannot read kernel source " + resource, e);
    }
  }

  /**
   * Forgets every compiled program and kernel of this context after the queued work is done (the
   * macro function invalidateKernelCache): the next call builds them again (from the on-disk binary
   * cache where one is valid).
   */
  public synchronized void invalidateKernelCache() {
    checkOpen();
    finish();
    programs.release();
  }

  /** Number of programs compiled from source by this context (not loaded from a cache). */
  public long compileCount() {
    return programs.compileCount();
  }

  /** Number of programs this context loaded from the on-disk binary cache. */
  public long diskCacheHits() {
    return programs.diskHitCount();
  }

  /** Number of kernels launched through this context. */
  public long launchCount() {
    return launches.get();
  }

  void countLaunch() {
    launches.incrementAndGet();
  }

  /** Waits until everything enqueued so far has finished. */
  public void finish() {
    synchronized (lock) {
      checkOpen();
      clFinish(queue);
    }
  }

  // ---------------------------------------------------------------- per-context state

  /**
   * The value of {@code key} for this context, made by the key's initialiser on first use: where
   * modules keep per-context caches (device buffers of filter weights, scratch images, queried
   * capabilities) instead of static maps. The value lives until {@link #dropState} or {@link
   * #close()}, which close it if it is {@link AutoCloseable}.
   *
   * @throws FoveaException.InvalidArgument when this context is closed
   */
  public <T> T state(GpuState.Key<T> key) {
    return state.get(this, key);
  }

  /** The value of {@code key} for this context, or null when none was made (or it was dropped). */
  public <T> T stateIfPresent(GpuState.Key<T> key) {
    return state.peek(key);
  }

  /**
   * Releases the value of {@code key} (closing it if it is {@link AutoCloseable}); made anew on
   * next use.
   */
  public void dropState(GpuState.Key<?> key) {
    state.drop(key);
  }

  /** Number of per-context state values held (see {@link #state}). */
  public int stateCount() {
    return state.size();
  }

  // ---------------------------------------------------------------- bookkeeping

  /** Bytes held by live images of this context. */
  public long allocatedBytes() {
    return allocated.get();
  }

  /** Number of live (not closed) images. */
  public int liveImageCount() {
    return live.size();
  }

  /** Number of images that were freed by the garbage collector instead of being closed. */
  public long leakCount() {
    return leaks.get();
  }

  /** A human-readable table of the device, the live images and the memory they hold. */
  public String memoryReport() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "GPU memory on %s: %s in %d image(s) (device: %s, largest allocation %s)%n",
            info.name(),
            human(allocated.get()),
            live.size(),
            human(info.globalMemoryBytes()),
            human(info.maxAllocationBytes())));
    live.values().stream()
        .sorted(Comparator.comparingLong((GpuImage.State s) -> s.id))
        .forEach(
            s ->
                sb.append(
                    String.format(
                        Locale.ROOT, "  #%d %s  %s%n", s.id, s.description, human(s.bytes))));
    return sb.toString();
  }

  void logLeak(GpuImage.State s) {
    leaks.incrementAndGet();
    LOG.log(
        Level.WARNING,
        "GpuImage #"
            + s.id
            + " ("
            + s.description
            + ") was never closed and is freed by the garbage collector. Close images (try-with-resources)"
            + (s.allocationSite == null
                ? "; set FOVEA_TRACE_LEAKS=1 to see where it was allocated."
                : "."),
        s.allocationSite);
  }

  void release(GpuImage.State s) {
    cl_mem m;
    synchronized (s) {
      m = s.mem;
      s.mem = null;
    }
    if (m == null) return;
    live.remove(s.id);
    allocated.addAndGet(-s.bytes);
    if (!closed) {
      synchronized (lock) {
        if (!closed) clReleaseMemObject(m);
      }
    }
  }

  Object lock() {
    return lock;
  }

  cl_command_queue queue() {
    return queue;
  }

  ProgramCache programs() {
    return programs;
  }

  void checkOpen() {
    if (closed)
      throw new FoveaException.InvalidArgument("This Gpu context (" + info.name() + ") is closed");
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Releases the per-context state (see {@link #state}), then every image, program and queue of
   * this context. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    state.close(); // outside the lock: a value's close() may take its own monitor, then the lock
    synchronized (lock) {
      if (closed) return;
      try {
        clFinish(queue);
      } catch (CLException e) {
        LOG.log(Level.FINE, "clFinish on close", e);
      }
      for (GpuImage.State s : new ArrayList<>(live.values())) {
        cl_mem m;
        synchronized (s) {
          m = s.mem;
          s.mem = null;
          s.explicitlyClosed = true;
        }
        if (m != null) {
          clReleaseMemObject(m);
          allocated.addAndGet(-s.bytes);
        }
        live.remove(s.id);
      }
      staging.release();
      programs.release();
      clReleaseCommandQueue(queue);
      clReleaseContext(context);
      closed = true;
    }
  }

  @Override
  public String toString() {
    return "Gpu[" + info.describe() + (closed ? ", closed" : "") + "]";
  }
}
