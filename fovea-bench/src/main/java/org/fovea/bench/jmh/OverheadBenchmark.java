package org.fovea.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.fovea.bench.FoveaCall;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call overhead: a chain of 100 {@code addImageAndScalar} on a 64×64 uint16 image, enqueued
 * asynchronously with one {@code finish()} at the end, and the same with a wait after every call.
 * Reported per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OverheadBenchmark {
  Gpu gpu;
  GpuImage a;
  GpuImage b;
  FoveaCall ab;
  FoveaCall ba;

  @Setup(Level.Trial)
  public void setup() {
    gpu = JmhSupport.open();
    a = gpu.push(new short[64 * 64], 64, 64, 1);
    b = gpu.createLike(a);
    ab = FoveaCall.prepare("addImageAndScalar", new GpuImage[] {a}, b, "scalar", 1f);
    ba = FoveaCall.prepare("addImageAndScalar", new GpuImage[] {b}, a, "scalar", 1f);
  }

  @Benchmark
  @OperationsPerInvocation(100)
  public void chainAsync() {
    for (int i = 0; i < 50; i++) {
      ab.run();
      ba.run();
    }
    gpu.finish();
  }

  @Benchmark
  @OperationsPerInvocation(100)
  public void chainBlocking() {
    for (int i = 0; i < 50; i++) {
      ab.run();
      gpu.finish();
      ba.run();
      gpu.finish();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    a.close();
    b.close();
    gpu.close();
  }
}
