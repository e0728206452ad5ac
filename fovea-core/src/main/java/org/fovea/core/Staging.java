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
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * Host-device transfers through two pinned staging buffers ({@code CL_MEM_ALLOC_HOST_PTR}, mapped
 * once). A transfer is cut into chunks: while the DMA engine moves chunk i, host threads copy chunk
 * i+1 between the Java array and the other pinned buffer. Copies of large chunks are split over
 * several threads.
 */
final class Staging {
  static final int CHUNK = 16 << 20;
  private static final int PARALLEL_MIN = 2 << 20;
  private static final ExecutorService POOL = pool();

  private final cl_context context;
  private final cl_command_queue queue;
  private final cl_mem[] pinned = new cl_mem[2];
  private final ByteBuffer[] mapped = new ByteBuffer[2];
  private final cl_event[] pending = new cl_event[2];

  Staging(cl_context context, cl_command_queue queue) {
    this.context = context;
    this.queue = queue;
  }

  private static ExecutorService pool() {
    int n = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
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
          clCreateBuffer(context, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, CHUNK, null, null);
      mapped[i] =
          clEnqueueMapBuffer(
                  queue,
                  pinned[i],
                  CL_TRUE,
                  CL_MAP_READ | CL_MAP_WRITE,
                  0,
                  CHUNK,
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
      clWaitForEvents(1, new cl_event[] {pending[i]});
      clReleaseEvent(pending[i]);
      pending[i] = null;
    }
  }

  /**
   * Writes {@code bytes} bytes of {@code src} (a Java primitive array or a ByteBuffer) starting at
   * element {@code srcElem} into {@code dst} at byte offset {@code dstOffset}. Returns once the
   * data has left the Java array (the DMA of the last chunk may still run).
   */
  void write(cl_mem dst, long dstOffset, Object src, long srcElem, long bytes, int elemBytes) {
    long done = 0;
    int s = 0;
    while (done < bytes) {
      int len = (int) Math.min(CHUNK, bytes - done);
      ByteBuffer b = slot(s);
      copyIn(src, srcElem + done / elemBytes, b, len, elemBytes);
      cl_event ev = new cl_event();
      clEnqueueWriteBuffer(queue, dst, CL_FALSE, dstOffset + done, len, Pointer.to(b), 0, null, ev);
      pending[s] = ev;
      done += len;
      s ^= 1;
    }
  }

  /**
   * Reads {@code bytes} bytes from {@code src} at {@code srcOffset} into the array at element
   * {@code dstElem}. Blocks.
   */
  void read(cl_mem src, long srcOffset, Object dst, long dstElem, long bytes, int elemBytes) {
    waitSlot(0);
    waitSlot(1);
    long enq = 0;
    long copied = 0;
    int s = 0;
    long[] chunkStart = new long[2];
    int[] chunkLen = new int[2];
    // prime up to two reads
    for (int i = 0; i < 2 && enq < bytes; i++) {
      enq = enqueueRead(src, srcOffset, enq, bytes, i, chunkStart, chunkLen);
    }
    while (copied < bytes) {
      waitSlot(s);
      copyOut(mapped[s], dst, dstElem + chunkStart[s] / elemBytes, chunkLen[s], elemBytes);
      copied += chunkLen[s];
      if (enq < bytes) enq = enqueueRead(src, srcOffset, enq, bytes, s, chunkStart, chunkLen);
      s ^= 1;
    }
  }

  private long enqueueRead(
      cl_mem src, long srcOffset, long enq, long bytes, int s, long[] start, int[] lens) {
    int len = (int) Math.min(CHUNK, bytes - enq);
    ByteBuffer b = slot(s);
    cl_event ev = new cl_event();
    clEnqueueReadBuffer(queue, src, CL_FALSE, srcOffset + enq, len, Pointer.to(b), 0, null, ev);
    pending[s] = ev;
    start[s] = enq;
    lens[s] = len;
    return enq + len;
  }

  private static void copyIn(Object src, long srcElem, ByteBuffer b, int len, int elemBytes) {
    parallel(len, elemBytes, (off, n) -> put(src, srcElem + off / elemBytes, b, off, n, elemBytes));
  }

  private static void copyOut(ByteBuffer b, Object dst, long dstElem, int len, int elemBytes) {
    parallel(len, elemBytes, (off, n) -> get(b, off, dst, dstElem + off / elemBytes, n, elemBytes));
  }

  private interface Part {
    void run(int byteOffset, int bytes);
  }

  private static void parallel(int len, int elemBytes, Part part) {
    int threads = Math.min(8, Runtime.getRuntime().availableProcessors());
    if (len < PARALLEL_MIN || threads < 2) {
      part.run(0, len);
      return;
    }
    int per = (len / threads / elemBytes) * elemBytes;
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int off = t * per;
      int n = t == threads - 1 ? len - off : per;
      fs.add(POOL.submit(() -> part.run(off, n)));
    }
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
    for (int i = 0; i < 2; i++) {
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
