package org.fovea.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.io.Calibration;
import org.fovea.io.TiffReader;
import org.fovea.io.TiffStack;

/**
 * One Spark task = one stack, on an executor: read it (as {@code count-spots} reads it), take the
 * executor's {@link Gpu} (the GPU Spark assigned to the task, else the configured or best device),
 * analyse it, return its row.
 *
 * <p>Which failures are which: a problem of the stack itself (unreadable, truncated or corrupt
 * TIFF, wrong pixel type, invalid sizes, more GPU memory than the device has) becomes an error row
 * and the job goes on. A problem of the executor (no OpenCL runtime, the device failing, a kernel
 * that does not build, a JVM error) fails the task attempt, and Spark retries it, on another
 * executor if one is there ({@code spark.task.maxFailures}).
 */
final class StackTask {
  private StackTask() {}

  /** count-spots' voxel size when neither --voxel nor a µm calibration is there. */
  static final double[] DEFAULT_VOXEL = {0.52, 0.52, 2};

  /** Flat pixel arrays, one per task thread, reused across stacks as count-spots reuses its own. */
  private static final ThreadLocal<Object> REUSE = new ThreadLocal<>();

  /**
   * The task's device: the GPU address Spark assigned to it ({@code TaskContext.resources() "gpu"},
   * a Fovea device index from the discovery script), else the device of the command line.
   */
  static String deviceSpec(StackWork work) {
    TaskContext tc = TaskContext.get();
    if (tc != null) {
      ResourceInformation gpu = tc.resourcesJMap().get("gpu");
      if (gpu != null && gpu.addresses().length > 0) return "#" + gpu.addresses()[0];
    }
    return work.device() == null ? "" : work.device();
  }

  static ResultRow run(
      StackRef ref, StackWork work, Configuration hadoop, String failFirstAttemptOf) {
    TaskContext tc = TaskContext.get();
    if (failFirstAttemptOf != null
        && !failFirstAttemptOf.isEmpty()
        && tc != null
        && tc.attemptNumber() == 0
        && new Path(ref.path()).getName().contains(failFirstAttemptOf)) {
      // fault injection (spark.fovea.failFirstAttemptOf): a lost attempt, as a dying executor
      throw new IllegalStateException(
          "injected failure of the first attempt at "
              + ref.path()
              + " (spark.fovea.failFirstAttemptOf)");
    }
    String spec = deviceSpec(work);
    Gpu gpu = ExecutorGpus.gpu(spec); // executor problems propagate: Spark retries the task
    String device = gpu.device().name();
    long t0 = System.nanoTime();
    TiffStack st;
    try {
      st = read(ref.path(), hadoop, REUSE.get());
      REUSE.set(st.pixels());
    } catch (IOException | RuntimeException e) {
      return ResultRow.error(ref, device, "cannot read: " + message(e), ms(t0));
    } catch (OutOfMemoryError e) {
      REUSE.remove();
      return ResultRow.error(
          ref, device, "cannot read: stack too large for the executor's heap", ms(t0));
    }
    double readMs = ms(t0);
    if (st.depth() < 2) {
      return ResultRow.error(
          ref,
          device,
          "it is a single image, not a stack (" + st.width() + "×" + st.height() + ")",
          readMs);
    }
    // the voxel size and where it came from, as count-spots decides them
    Calibration cal =
        work.voxel() != null
            ? Calibration.of(work.voxel()[0], work.voxel()[1], work.voxel()[2], "--voxel")
            : st.calibration()
                .orElse(
                    Calibration.of(
                        DEFAULT_VOXEL[0],
                        DEFAULT_VOXEL[1],
                        DEFAULT_VOXEL[2],
                        "default: the file has no calibration"));
    double[] v = cal.micrometres();
    long t1 = System.nanoTime();
    LinkedHashMap<String, Double> m;
    try {
      m = work.measure(gpu, spec, st, v, ref);
    } catch (StackWork.StackException
        | FoveaException.InvalidArgument
        | FoveaException.OutOfGpuMemory
        | IllegalArgumentException e) {
      return ResultRow.error(ref, device, message(e), readMs);
    }
    return new ResultRow(
        ref.path(),
        ref.timePoint(),
        st.width(),
        st.height(),
        st.depth(),
        v[0],
        v[1],
        v[2],
        m,
        readMs,
        ms(t1),
        cal.source(),
        device,
        null);
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.toString() : m).replace('\t', ' ').replace('\n', ' ');
  }

  /**
   * Reads a stack: local paths directly (count-spots' reader, memory-mapped), other file systems
   * through a local temporary copy that is deleted afterwards.
   */
  static TiffStack read(String path, Configuration hadoop, Object reuse) throws IOException {
    Path p = new Path(path);
    String scheme = p.toUri().getScheme();
    if (scheme == null || scheme.equals("file")) {
      java.nio.file.Path local = java.nio.file.Path.of(p.toUri().getPath());
      if (!Files.isRegularFile(local)) throw new IOException("no such file: " + path);
      return TiffReader.read(local, reuse);
    }
    FileSystem fs = p.getFileSystem(hadoop);
    java.nio.file.Path tmp = Files.createTempFile("fovea-spark-", "-" + p.getName());
    try {
      fs.copyToLocalFile(false, p, new Path(tmp.toUri()), true);
      return TiffReader.read(tmp, reuse);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
