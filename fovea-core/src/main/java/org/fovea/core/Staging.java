package org.fovea.core;

import static org.jocl.CL.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * Host-device transfers through pinned staging buffers ({@code CL_MEM_ALLOC_HOST_PTR}, mapped
 * once). A transfer is cut into chunks that cycle through a few pinned slots: while the DMA engine
 * moves chunk i, host threads copy chunk i+1 between the Java array and another slot. Each chunk
 * copy is split over several threads (one Java thread copies more slowly than a GPU's DMA engine
 * moves data; measured rates, with their machines, are in docs/benchmarks/). Small transfers use
 * smaller chunks so that copy and DMA still overlap.
 *
 * <p>Two strategies: {@code chunks} (above) and {@code threads}, where each copy thread owns two
 * small pinned slots and streams its own share of sub-chunks: it copies one into a slot and
 * enqueues its DMA at once, then copies the next into its other slot, so DMAs start after the first
 * sub-chunk and no thread waits for the others. Tunable for measurements with system properties
 * {@code fovea.staging.mode} ({@code threads} or {@code chunks}), {@code fovea.staging.chunkMB}
 * (chunks: chunk size, default 32), {@code fovea.staging.slots} (chunks: default 2), {@code
 * fovea.staging.subMB} (threads: sub-chunk size, default 2) and {@code fovea.staging.threads}
 * (default: the number of processors, at most 16), read when a {@link Gpu} is opened.
 */
final class Staging {
  private static final int MIN_CHUNK = 1 << 20;
  private static final int PARALLEL_MIN = 1 << 20;
  private static final int MAX_THREADS = 16;
  private static final ExecutorService POOL = pool();

  private final cl_context context;
  private final cl_command_queue queue;
  private final int chunk;
  private final int threads;
  private final cl_mem[] pinned;
  private final ByteBuffer[] mapped;
  private final cl_event[] pending;
  private int next;

  private final boolean threadedMode;
  private final int sub;
  private final cl_mem[][] tPinned;
  private final ByteBuffer[][] tMapped;
  private final cl_event[][] tPending;

  Staging(cl_context context, cl_command_queue queue) {
    this.context = context;
    this.queue = queue;
    int cores = Runtime.getRuntime().availableProcessors();
    this.chunk = Math.max(1, Integer.getInteger("fovea.staging.chunkMB", 32)) << 20;
    this.threads =
        Math.max(1, Math.min(MAX_THREADS, Integer.getInteger("fovea.staging.threads", cores)));
    int slots = Math.max(2, Math.min(8, Integer.getInteger("fovea.staging.slots", 2)));
    pinned = new cl_mem[slots];
    mapped = new ByteBuffer[slots];
    pending = new cl_event[slots];
    threadedMode = !"chunks".equals(System.getProperty("fovea.staging.mode", DEFAULT_MODE));
    sub =
        Math.max(
                64 << 10,
                (int)
                    (Double.parseDouble(System.getProperty("fovea.staging.subMB", "2"))
                        * (1 << 20)))
            / 64
            * 64;
    tPinned = new cl_mem[threads][2];
    tMapped = new ByteBuffer[threads][2];
    tPending = new cl_event[threads][2];
  }

  static final String DEFAULT_MODE = "threads";

  private static ExecutorService pool() {
    int n = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    AtomicInteger id = new AtomicInteger();
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, "fovea-copy-" + id.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private ByteBuffer slot(int i) {
    if (pinned[i] == null) {
      pinned[i] =
          clCreateBuffer(context, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, chunk, null, null);
      mapped[i] =
          clEnqueueMapBuffer(
                  queue,
                  pinned[i],
                  CL_TRUE,
                  CL_MAP_READ | CL_MAP_WRITE,
                  0,
                  chunk,
                  0,
                  null,
                  null,
                  null)
              .order(ByteOrder.nativeOrder());
    }
    waitSlot(i);
    return mapped[i];
  }

  private void waitSlot(int i) {
    if (pending[i] != null) {
      await(pending[i]);
      pending[i] = null;
    }
  }

  /**
   * Waits for a transfer event and releases it. Polls the event status for a short while first (a
   * finished DMA is seen at once), then blocks.
   */
  private static void await(cl_event ev) {
    int[] status = new int[1];
    long deadline = System.nanoTime() + 200_000;
    while (true) {
      clGetEventInfo(
          ev, CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int, Pointer.to(status), null);
      if (status[0] <= CL_COMPLETE) break;
      if (System.nanoTime() > deadline) {
        clWaitForEvents(1, new cl_event[] {ev});
        break;
      }
      Thread.onSpinWait();
    }
    if (status[0] < 0) {
      clReleaseEvent(ev);
      throw new FoveaException.OpenClError("A transfer failed (status " + status[0] + ")", null);
    }
    clReleaseEvent(ev);
  }

  // ---------------------------------------------------------------- threaded mode

  private ByteBuffer tSlot(int t, int s) {
    if (tPinned[t][s] == null) {
      synchronized (this) {
        tPinned[t][s] =
            clCreateBuffer(context, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, sub, null, null);
        tMapped[t][s] =
            clEnqueueMapBuffer(
                    queue,
                    tPinned[t][s],
                    CL_TRUE,
                    CL_MAP_READ | CL_MAP_WRITE,
                    0,
                    sub,
                    0,
                    null,
                    null,
                    null)
                .order(ByteOrder.nativeOrder());
      }
    }
    if (tPending[t][s] != null) {
      await(tPending[t][s]);
      tPending[t][s] = null;
    }
    return tMapped[t][s];
  }

  private interface Worker {
    void run(int t, int nThreads);
  }

  /** Runs worker 0 on the calling thread and workers 1.. on the pool; rethrows failures. */
  private void onThreads(int n, Worker w) {
    List<Future<?>> fs = new ArrayList<>(n);
    for (int t = 1; t < n; t++) {
      int tt = t;
      fs.add(POOL.submit(() -> w.run(tt, n)));
    }
    RuntimeException first = null;
    try {
      w.run(0, n);
    } catch (RuntimeException e) {
      first = e;
    }
    for (Future<?> f : fs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (first == null) first = new FoveaException("Interrupted during a transfer", e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (first == null) {
          first =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new FoveaException("Transfer copy failed: " + e.getCause(), e.getCause());
        }
      }
    }
    if (first != null) throw first;
  }

  /** Where sub-chunk j of a transfer lives: Java array (or ByteBuffer) and device offset. */
  private interface Segments {
    long count();

    Object array(long j);

    long arrayElem(long j);

    long deviceOffset(long j);

    int length(long j);
  }

  private static Segments flat(Object arr, long elem, long devOffset, long bytes, int sc, int eb) {
    return new Segments() {
      public long count() {
        return (bytes + sc - 1) / sc;
      }

      public Object array(long j) {
        return arr;
      }

      public long arrayElem(long j) {
        return elem + j * sc / eb;
      }

      public long deviceOffset(long j) {
        return devOffset + j * sc;
      }

      public int length(long j) {
        return (int) Math.min(sc, bytes - j * sc);
      }
    };
  }

  /** One array per slice of {@code plane} bytes; each slice cut into pieces of at most sc bytes. */
  private static Segments slices(Object[] arrs, long devOffset, long plane, int sc, int eb) {
    long per = (plane + sc - 1) / sc;
    return new Segments() {
      public long count() {
        return per * arrs.length;
      }

      public Object array(long j) {
        return arrs[(int) (j / per)];
      }

      public long arrayElem(long j) {
        return (j % per) * sc / eb;
      }

      public long deviceOffset(long j) {
        return devOffset + (j / per) * plane + (j % per) * sc;
      }

      public int length(long j) {
        return (int) Math.min(sc, plane - (j % per) * sc);
      }
    };
  }

  private void writeThreaded(
      cl_mem dst, long dstOffset, Object src, long srcElem, long bytes, int elemBytes) {
    int sc = sub / elemBytes * elemBytes;
    writeSegments(dst, flat(src, srcElem, dstOffset, bytes, sc, elemBytes), elemBytes);
  }

  private void writeSegments(cl_mem dst, Segments seg, int elemBytes) {
    long nSub = seg.count();
    int n = (int) Math.min(threads, nSub);
    onThreads(
        n,
        (t, nt) -> {
          int k = 0;
          for (long j = t; j < nSub; j += nt) {
            int s = k++ & 1;
            ByteBuffer b = tSlot(t, s);
            int len = seg.length(j);
            put(seg.array(j), seg.arrayElem(j), b, 0, len, elemBytes);
            cl_event ev = new cl_event();
            clEnqueueWriteBuffer(
                queue, dst, CL_FALSE, seg.deviceOffset(j), len, Pointer.to(b), 0, null, ev);
            clFlush(queue);
            tPending[t][s] = ev;
          }
        });
  }

  private void readThreaded(
      cl_mem src, long srcOffset, Object dst, long dstElem, long bytes, int elemBytes) {
    int sc = sub / elemBytes * elemBytes;
    readSegments(src, flat(dst, dstElem, srcOffset, bytes, sc, elemBytes), elemBytes);
  }

  private void readSegments(cl_mem src, Segments seg, int elemBytes) {
    long nSub = seg.count();
    int n = (int) Math.min(threads, nSub);
    onThreads(
        n,
        (t, nt) -> {
          long prev = -1;
          int k = 0;
          for (long j = t; j < nSub; j += nt) {
            int s = k++ & 1;
            ByteBuffer b = tSlot(t, s);
            cl_event ev = new cl_event();
            clEnqueueReadBuffer(
                queue,
                src,
                CL_FALSE,
                seg.deviceOffset(j),
                seg.length(j),
                Pointer.to(b),
                0,
                null,
                ev);
            clFlush(queue);
            tPending[t][s] = ev;
            if (prev >= 0) drain(t, s ^ 1, seg, prev, elemBytes);
            prev = j;
          }
          if (prev >= 0) drain(t, (k - 1) & 1, seg, prev, elemBytes);
        });
  }

  private void drain(int t, int s, Segments seg, long j, int elemBytes) {
    ByteBuffer b = tSlot(t, s); // waits for the read into this slot
    get(b, 0, seg.array(j), seg.arrayElem(j), seg.length(j), elemBytes);
  }

  /**
   * Writes a stack given as one array per slice ({@code plane} bytes each) into {@code dst} from
   * byte offset {@code dstOffset}, all slices in one pipelined transfer.
   */
  void writeSlices(cl_mem dst, long dstOffset, Object[] arrs, long plane, int elemBytes) {
    if (!threadedMode || plane * arrs.length < 2L * sub) {
      for (int z = 0; z < arrs.length; z++) {
        write(dst, dstOffset + z * plane, arrs[z], 0, plane, elemBytes);
      }
      return;
    }
    int sc = sub / elemBytes * elemBytes;
    writeSegments(dst, slices(arrs, dstOffset, plane, sc, elemBytes), elemBytes);
  }

  /** Reads {@code dst.length} slices of {@code plane} bytes into one array each. Blocks. */
  void readSlices(cl_mem src, long srcOffset, Object[] arrs, long plane, int elemBytes) {
    if (!threadedMode || plane * arrs.length < 2L * sub) {
      for (int z = 0; z < arrs.length; z++) {
        read(src, srcOffset + z * plane, arrs[z], 0, plane, elemBytes);
      }
      return;
    }
    for (int i = 0; i < pinned.length; i++) waitSlot(i);
    int sc = sub / elemBytes * elemBytes;
    readSegments(src, slices(arrs, srcOffset, plane, sc, elemBytes), elemBytes);
  }

  /** Chunk length for a transfer of {@code bytes}: at least four chunks when it is small. */
  private int chunkFor(long bytes, int elemBytes) {
    long c = Math.min(chunk, Math.max(MIN_CHUNK, (bytes + 3) / 4));
    c = Math.min(c, chunk);
    return (int) (c / 64 * 64 / elemBytes * elemBytes);
  }

  /**
   * Writes {@code bytes} bytes of {@code src} (a Java primitive array or a ByteBuffer) starting at
   * element {@code srcElem} into {@code dst} at byte offset {@code dstOffset}. Returns once the
   * data has left the Java array (the DMA of the last chunks may still run).
   */
  void write(cl_mem dst, long dstOffset, Object src, long srcElem, long bytes, int elemBytes) {
    if (threadedMode && bytes >= 2L * sub) {
      writeThreaded(dst, dstOffset, src, srcElem, bytes, elemBytes);
      return;
    }
    int cl = chunkFor(bytes, elemBytes);
    long done = 0;
    int s = next;
    while (done < bytes) {
      int len = (int) Math.min(cl, bytes - done);
      ByteBuffer b = slot(s);
      copyIn(src, srcElem + done / elemBytes, b, len, elemBytes);
      cl_event ev = new cl_event();
      clEnqueueWriteBuffer(queue, dst, CL_FALSE, dstOffset + done, len, Pointer.to(b), 0, null, ev);
      clFlush(queue);
      pending[s] = ev;
      done += len;
      s = (s + 1) % pinned.length;
    }
    next = s;
  }

  /**
   * Reads {@code bytes} bytes from {@code src} at {@code srcOffset} into the array at element
   * {@code dstElem}. Blocks.
   */
  void read(cl_mem src, long srcOffset, Object dst, long dstElem, long bytes, int elemBytes) {
    int n = pinned.length;
    for (int i = 0; i < n; i++) waitSlot(i);
    if (threadedMode && bytes >= 2L * sub) {
      readThreaded(src, srcOffset, dst, dstElem, bytes, elemBytes);
      return;
    }
    int cl = chunkFor(bytes, elemBytes);
    long enq = 0;
    long copied = 0;
    int s = 0;
    long[] chunkStart = new long[n];
    int[] chunkLen = new int[n];
    // prime one read per slot
    for (int i = 0; i < n && enq < bytes; i++) {
      enq = enqueueRead(src, srcOffset, enq, bytes, cl, i, chunkStart, chunkLen);
    }
    while (copied < bytes) {
      waitSlot(s);
      copyOut(mapped[s], dst, dstElem + chunkStart[s] / elemBytes, chunkLen[s], elemBytes);
      copied += chunkLen[s];
      if (enq < bytes) enq = enqueueRead(src, srcOffset, enq, bytes, cl, s, chunkStart, chunkLen);
      s = (s + 1) % n;
    }
  }

  private long enqueueRead(
      cl_mem src, long srcOffset, long enq, long bytes, int cl, int s, long[] start, int[] lens) {
    int len = (int) Math.min(cl, bytes - enq);
    ByteBuffer b = slot(s);
    cl_event ev = new cl_event();
    clEnqueueReadBuffer(queue, src, CL_FALSE, srcOffset + enq, len, Pointer.to(b), 0, null, ev);
    clFlush(queue);
    pending[s] = ev;
    start[s] = enq;
    lens[s] = len;
    return enq + len;
  }

  private void copyIn(Object src, long srcElem, ByteBuffer b, int len, int elemBytes) {
    parallel(
        threads,
        len,
        elemBytes,
        (off, n) -> put(src, srcElem + off / elemBytes, b, off, n, elemBytes));
  }

  private void copyOut(ByteBuffer b, Object dst, long dstElem, int len, int elemBytes) {
    parallel(
        threads,
        len,
        elemBytes,
        (off, n) -> get(b, off, dst, dstElem + off / elemBytes, n, elemBytes));
  }

  private interface Part {
    void run(int byteOffset, int bytes);
  }

  private static void parallel(int threads, int len, int elemBytes, Part part) {
    int t0 = Math.min(threads, Math.max(1, len / (256 << 10)));
    if (len < PARALLEL_MIN || t0 < 2) {
      part.run(0, len);
      return;
    }
    int per = (len / t0 / 64) * 64;
    List<Future<?>> fs = new ArrayList<>(t0);
    for (int t = 1; t < t0; t++) {
      int off = t * per;
      int n = t == t0 - 1 ? len - off : per;
      fs.add(POOL.submit(() -> part.run(off, n)));
    }
    part.run(0, per); // the calling thread does the first part
    for (Future<?> f : fs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FoveaException("Interrupted during a transfer", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new FoveaException("Transfer copy failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private static ByteBuffer view(ByteBuffer b, int off, int n) {
    return b.duplicate().position(off).limit(off + n).slice().order(ByteOrder.nativeOrder());
  }

  private static void put(Object src, long elem, ByteBuffer b, int off, int n, int eb) {
    ByteBuffer v = view(b, off, n);
    int e = (int) elem;
    int cnt = n / eb;
    if (src instanceof byte[] a) v.put(a, e, cnt);
    else if (src instanceof short[] a) v.asShortBuffer().put(a, e, cnt);
    else if (src instanceof int[] a) v.asIntBuffer().put(a, e, cnt);
    else if (src instanceof float[] a) v.asFloatBuffer().put(a, e, cnt);
    else if (src instanceof ByteBuffer a) {
      ByteBuffer s = a.duplicate();
      s.position(s.position() + (int) elem * eb).limit(s.position() + n);
      v.put(s);
    } else throw new FoveaException.InvalidArgument("Unsupported source " + src.getClass());
  }

  private static void get(ByteBuffer b, int off, Object dst, long elem, int n, int eb) {
    ByteBuffer v = view(b, off, n);
    int e = (int) elem;
    int cnt = n / eb;
    if (dst instanceof byte[] a) v.get(a, e, cnt);
    else if (dst instanceof short[] a) v.asShortBuffer().get(a, e, cnt);
    else if (dst instanceof int[] a) v.asIntBuffer().get(a, e, cnt);
    else if (dst instanceof float[] a) v.asFloatBuffer().get(a, e, cnt);
    else if (dst instanceof ByteBuffer a) {
      ByteBuffer d = a.duplicate();
      d.position(d.position() + (int) elem * eb);
      d.put(v);
    } else throw new FoveaException.InvalidArgument("Unsupported destination " + dst.getClass());
  }

  void release() {
    for (int t = 0; t < tPinned.length; t++) {
      for (int sl = 0; sl < 2; sl++) {
        try {
          if (tPending[t][sl] != null) await(tPending[t][sl]);
        } catch (RuntimeException ignored) {
          // context is going away anyway
        }
        tPending[t][sl] = null;
        if (tPinned[t][sl] != null) {
          clEnqueueUnmapMemObject(queue, tPinned[t][sl], tMapped[t][sl], 0, null, null);
          clFinish(queue);
          clReleaseMemObject(tPinned[t][sl]);
          tPinned[t][sl] = null;
          tMapped[t][sl] = null;
        }
      }
    }
    for (int i = 0; i < pinned.length; i++) {
      try {
        waitSlot(i);
      } catch (RuntimeException ignored) {
        // context is going away anyway
      }
      if (pinned[i] != null) {
        clEnqueueUnmapMemObject(queue, pinned[i], mapped[i], 0, null, null);
        clFinish(queue);
        clReleaseMemObject(pinned[i]);
        pinned[i] = null;
        mapped[i] = null;
      }
    }
  }
}
