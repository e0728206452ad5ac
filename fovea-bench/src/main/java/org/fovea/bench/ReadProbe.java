package org.fovea.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.fovea.io.TiffReader;

/**
 * Where the time of reading a TIFF stack goes (count-spots): fovea-io's TiffReader (mapped planes
 * copied into a short[]), positional reads (FileChannel.read into direct buffers, converted into a
 * short[]), and mapping alone with the pages faulted in (MappedByteBuffer.load, no copy: what
 * count-spots pushes from). Each mode over all files once sequentially (ms per stack, median) and
 * with 4 files at a time (stacks/s), as count-spots' readers run.
 *
 * <pre>java -cp ... org.fovea.bench.ReadProbe FILE...</pre>
 */
public final class ReadProbe {
  private ReadProbe() {}

  interface Reader {
    void read(Path f) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    Path[] files = Arrays.stream(args).map(Path::of).toArray(Path[]::new);
    ThreadLocal<Object> reuse = new ThreadLocal<>();
    ThreadLocal<short[]> arr = new ThreadLocal<>();
    Reader mapped = f -> reuse.set(TiffReader.read(f, reuse.get()).pixels());
    Reader positional =
        f -> {
          TiffReader.Layout l = TiffReader.inspect(f);
          int n = (int) l.voxels();
          short[] dst = arr.get();
          if (dst == null || dst.length != n) arr.set(dst = new short[n]);
          final short[] out = dst;
          long base = l.planeOffsets()[0];
          long total = 2L * n;
          int chunk = 4 << 20;
          int chunks = (int) ((total + chunk - 1) / chunk);
          try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            IntStream.range(0, chunks)
                .parallel()
                .forEach(
                    c -> {
                      long off = (long) c * chunk;
                      int len = (int) Math.min(chunk, total - off);
                      ByteBuffer b = ByteBuffer.allocateDirect(len).order(l.order());
                      try {
                        while (b.hasRemaining()) {
                          if (ch.read(b, base + off + b.position()) < 0) break;
                        }
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                      b.flip();
                      b.asShortBuffer().get(out, (int) (off / 2), len / 2);
                    });
          }
        };
    Reader mapOnly =
        f -> {
          ByteBuffer b = TiffReader.map(f).pixels();
          if (b instanceof MappedByteBuffer mb) mb.load();
        };
    String[] names = {
      "TiffReader.read (mmap → short[])",
      "positional FileChannel.read → short[]",
      "TiffReader.map + load (no copy)"
    };
    Reader[] readers = {mapped, positional, mapOnly};
    for (int round = 0; round < 2; round++) {
      for (int m = 0; m < readers.length; m++) {
        Reader r = readers[m];
        double[] t = new double[files.length];
        for (int i = 0; i < files.length; i++) {
          long a = System.nanoTime();
          r.read(files[i]);
          t[i] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(t);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        long a = System.nanoTime();
        Future<?>[] fs = new Future<?>[files.length];
        for (int i = 0; i < files.length; i++) {
          Path f = files[i];
          fs[i] =
              ex.submit(
                  () -> {
                    r.read(f);
                    return null;
                  });
        }
        for (Future<?> fu : fs) fu.get();
        double sec = (System.nanoTime() - a) / 1e9;
        ex.shutdown();
        System.out.printf(
            Locale.ROOT,
            "readprobe round %d: %-40s one at a time: median %.1f ms per stack (min %.1f);"
                + " 4 at a time: %.1f stacks/s%n",
            round,
            names[m],
            t[t.length / 2],
            t[0],
            files.length / sec);
      }
    }
  }
}
