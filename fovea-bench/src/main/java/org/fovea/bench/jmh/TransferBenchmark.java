package org.fovea.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host↔device transfers of uint16 stacks (1024×1024×n) from 8 MB to 1 GB: a Java {@code short[]},
 * one array per slice (ImageJ's layout), pushed into an existing image and pulled back. Push waits
 * for the device before the timer stops. Needs a heap of 3× the largest size ({@code -Xmx4g}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class TransferBenchmark {
  @Param({"8", "64", "256", "1024"})
  public int megabytes;

  Gpu gpu;
  GpuImage img;
  short[] flat;
  short[][] slices;

  @Setup(Level.Trial)
  public void setup() {
    gpu = JmhSupport.open();
    int d = megabytes / 2;
    flat = new short[1024 * 1024 * d];
    SplittableRandom r = new SplittableRandom(20261126L);
    for (int i = 0; i < flat.length; i++) flat[i] = (short) r.nextInt(4096);
    slices = new short[d][1024 * 1024];
    img = gpu.create(1024, 1024, d, PixelType.UINT16);
  }

  @Benchmark
  public void push() {
    gpu.pushInto(flat, img);
    gpu.finish();
  }

  @Benchmark
  public void pull() {
    gpu.pull(img, flat);
  }

  @Benchmark
  public void pullSlices() {
    gpu.pullSlices(img, slices);
  }

  @Benchmark
  public void pushSlices() {
    try (GpuImage g = gpu.pushSlices(slices, 1024, 1024)) {
      gpu.finish();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    img.close();
    gpu.close();
  }
}
