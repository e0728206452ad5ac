package org.fovea.core;

import static org.jocl.CL.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Compiled programs of one device, keyed by the full source (kernel text plus the generated
 * type-defines header). Image sizes are kernel arguments, so a new image size never compiles.
 * Binaries are also kept on disk under {@code $FOVEA_CACHE_DIR} (default {@code
 * ~/.cache/fovea/kernels}); set {@code FOVEA_KERNEL_CACHE=off} to disable that.
 *
 * <p>A driver trusts a binary it is handed: a truncated or damaged one aborts PoCL or crashes the
 * JVM. So each entry is written (to a temporary file, then renamed) with a header holding a magic
 * word, the binary's length and its SHA-256, and is handed to {@code clCreateProgramWithBinary}
 * only when all three match. A bad entry is deleted and rebuilt from source, with one log line.
 */
final class ProgramCache {
  private static final Logger LOG = Logger.getLogger("org.fovea");
  static final String BUILD_OPTIONS = "-cl-mad-enable";

  private final cl_context context;
  private final cl_device_id device;
  private final DeviceInfo info;
  private final Map<String, cl_program> programs = new HashMap<>();
  private final Map<String, cl_kernel> kernels = new HashMap<>();

  /**
   * (source object, variant key) → kernel; sources are interned per resource by Gpu. The variant
   * key is the launch's list of define pairs plus the kernel name (see KernelCall).
   */
  private final Map<String, Map<Object, cl_kernel>> fast = new java.util.IdentityHashMap<>();

  private final AtomicLong compiles = new AtomicLong();
  private final AtomicLong diskHits = new AtomicLong();
  private final Path diskDir;

  ProgramCache(cl_context context, DeviceInfo info) {
    this.context = context;
    this.device = info.device();
    this.info = info;
    this.diskDir = diskCacheDir();
  }

  static Path diskCacheDir() {
    String off = System.getenv("FOVEA_KERNEL_CACHE");
    if (off != null
        && (off.equalsIgnoreCase("off") || off.equals("0") || off.equalsIgnoreCase("false"))) {
      return null;
    }
    String dir = System.getenv("FOVEA_CACHE_DIR");
    Path base =
        dir != null && !dir.isBlank()
            ? Path.of(dir)
            : Path.of(System.getProperty("user.home"), ".cache", "fovea");
    return base.resolve("kernels");
  }

  /** Number of programs built from source since this context was opened. */
  long compileCount() {
    return compiles.get();
  }

  /** Number of programs loaded from the on-disk binary cache. */
  long diskHitCount() {
    return diskHits.get();
  }

  int size() {
    return programs.size();
  }

  /** The arguments last set on each kernel (by KernelCall, under the Gpu lock). */
  private final Map<cl_kernel, Object[]> lastArgs = new java.util.IdentityHashMap<>();

  /** The argument values last set on {@code k} (mutable; nulls where unknown). */
  Object[] lastArgs(cl_kernel k, int n) {
    Object[] a = lastArgs.get(k);
    if (a == null || a.length < n) {
      a = new Object[Math.max(n, 4)];
      lastArgs.put(k, a);
    }
    return a;
  }

  /** Parameter names of each kernel, read from its source when it is first used. */
  private final Map<cl_kernel, String[]> parameterNames = new java.util.IdentityHashMap<>();

  /** The parameter names of {@code k}, parsed from {@code source} on first use. */
  String[] parameterNames(cl_kernel k, String source, String kernelName, String resource) {
    String[] p = parameterNames.get(k);
    if (p == null) {
      p = KernelSignature.parameterNames(source, kernelName, resource);
      parameterNames.put(k, p);
    }
    return p;
  }

  /** Kernel for this exact source object (identity) and variant key, or null. */
  cl_kernel cached(String source, Object variant) {
    Map<Object, cl_kernel> m = fast.get(source);
    return m == null ? null : m.get(variant);
  }

  /** Remembers a kernel; {@code variant} must not be modified afterwards. */
  void remember(String source, Object variant, cl_kernel k) {
    fast.computeIfAbsent(source, v -> new HashMap<>()).put(variant, k);
  }

  cl_kernel kernel(String source, String kernelName, String what) {
    String key = sha256(source);
    String kkey = key + "#" + kernelName;
    cl_kernel k = kernels.get(kkey);
    if (k != null) return k;
    cl_program p = programs.get(key);
    if (p == null) {
      p = build(source, key, what);
      programs.put(key, p);
    }
    try {
      k = clCreateKernel(p, kernelName, null);
    } catch (CLException e) {
      throw new FoveaException.KernelBuildFailed(
          "Kernel '"
              + kernelName
              + "' not found in program for "
              + what
              + ": "
              + OpenCl.errorName(e),
          source);
    }
    kernels.put(kkey, k);
    return k;
  }

  private cl_program build(String source, String key, String what) {
    Path file = null;
    if (diskDir != null) {
      file = diskDir.resolve(sha256(info.cacheKey() + "|" + BUILD_OPTIONS + "|" + key) + ".bin");
      byte[] bin = Files.isRegularFile(file) ? verified(file) : null;
      if (bin != null) {
        try {
          cl_program p =
              clCreateProgramWithBinary(
                  context,
                  1,
                  new cl_device_id[] {device},
                  new long[] {bin.length},
                  new byte[][] {bin},
                  new int[1],
                  null);
          clBuildProgram(p, 0, null, BUILD_OPTIONS, null, null);
          diskHits.incrementAndGet();
          return p;
        } catch (CLException e) {
          LOG.info(
              "kernel cache: the driver refused "
                  + file
                  + " ("
                  + OpenCl.errorName(e)
                  + "); discarded, rebuilding from source");
          discard(file);
        }
      }
    }
    cl_program p = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
    try {
      clBuildProgram(p, 0, null, BUILD_OPTIONS, null, null);
    } catch (CLException e) {
      String log = buildLog(p);
      clReleaseProgram(p);
      throw new FoveaException.KernelBuildFailed(
          "OpenCL build failed for "
              + what
              + " on "
              + info.name()
              + " ("
              + OpenCl.errorName(e)
              + ").\n--- generated source ---\n"
              + numbered(source),
          log);
    }
    compiles.incrementAndGet();
    if (file != null) store(p, file);
    return p;
  }

  private void store(cl_program p, Path file) {
    try {
      long[] sizes = new long[1];
      clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(sizes), null);
      if (sizes[0] <= 0) return;
      byte[] bin = new byte[(int) sizes[0]];
      clGetProgramInfo(p, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(bin)), null);
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "k", ".tmp");
      try {
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(HEADER);
        head.put(MAGIC).putLong(bin.length).put(digest(bin));
        try (java.nio.channels.FileChannel c =
            java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
          head.flip();
          java.nio.ByteBuffer body = java.nio.ByteBuffer.wrap(bin);
          while (head.hasRemaining()) c.write(head);
          while (body.hasRemaining()) c.write(body);
          c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | CLException | UnsupportedOperationException e) {
      LOG.log(Level.FINE, "Could not store kernel binary in " + file, e);
    }
  }

  /** "FOVEAKB1": the entry format (magic, binary length, SHA-256 of the binary, binary). */
  private static final byte[] MAGIC = "FOVEAKB1".getBytes(StandardCharsets.US_ASCII);

  private static final int HEADER = 8 + 8 + 32;

  /**
   * The binary of a cache entry whose magic, length and SHA-256 check out; otherwise the entry is
   * deleted, one line says why, and null is returned (the program is then built from source).
   */
  static byte[] verified(Path file) {
    String why;
    try {
      long size = Files.size(file);
      if (size < HEADER || size > (1L << 30)) {
        why = "its size is " + size + " bytes";
      } else {
        byte[] all = Files.readAllBytes(file);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
        byte[] magic = new byte[8];
        b.get(magic);
        long len = b.getLong();
        byte[] sum = new byte[32];
        b.get(sum);
        byte[] bin = java.util.Arrays.copyOfRange(all, HEADER, all.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
          why = "it is not a Fovea cache entry (old format or damaged)";
        } else if (len != bin.length) {
          why = "it holds " + bin.length + " bytes of binary, its header says " + len;
        } else if (!MessageDigest.isEqual(sum, digest(bin))) {
          why = "its SHA-256 does not match";
        } else {
          return bin;
        }
      }
    } catch (IOException e) {
      why = "it cannot be read (" + e.getMessage() + ")";
    }
    LOG.info("kernel cache: discarded damaged entry " + file + ": " + why + "; rebuilding it");
    discard(file);
    return null;
  }

  private static void discard(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.FINE, "could not delete " + file, e);
    }
  }

  private static byte[] digest(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String buildLog(cl_program p) {
    try {
      long[] size = new long[1];
      clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
      byte[] buf = new byte[(int) size[0]];
      clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
      return OpenCl.cString(buf);
    } catch (CLException e) {
      return "(no build log: " + OpenCl.errorName(e) + ")";
    }
  }

  private static String numbered(String source) {
    StringBuilder sb = new StringBuilder();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      sb.append(String.format(Locale.ROOT, "%4d| %s%n", i + 1, lines[i]));
    }
    return sb.toString();
  }

  static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void release() {
    for (cl_kernel k : kernels.values()) clReleaseKernel(k);
    for (cl_program p : programs.values()) clReleaseProgram(p);
    kernels.clear();
    programs.clear();
    lastArgs.clear();
    parameterNames.clear();
    fast.clear();
  }
}
