package org.fovea.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.fovea.bench.BenchData;
import org.fovea.bench.Cases;
import org.fovea.bench.Peers;
import org.fovea.core.Gpu;
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

/** A pixel-wise op and a separable filter over 2D sizes from 256² to 4096² and 3D stacks. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SizeSweepBenchmark {
  @Param({"AddScalar", "GaussianBlur", "MeanBox"})
  public String op;

  @Param({
    "256x256",
    "512x512",
    "1024x1024",
    "2048x2048",
    "4096x4096",
    "256x256x64",
    "512x512x64",
    "1024x1024x64"
  })
  public String shape;

  Gpu gpu;
  Peers.FoveaInputs inputs;
  Cases.Runner runner;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    int[] s = JmhSupport.shape(shape);
    gpu = JmhSupport.open();
    inputs = new Peers.FoveaInputs(gpu, new BenchData(s[0], s[1], s[2]));
    runner = Cases.byId(op).fovea().make(inputs, s[2] > 1);
  }

  @Benchmark
  public void op() throws Exception {
    runner.run();
    runner.sync();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (runner != null) runner.close();
    if (inputs != null) inputs.close();
    if (gpu != null) gpu.close();
  }
}
