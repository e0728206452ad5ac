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

/**
 * Every op of the CLIJ speedup table on the GPU, data already on the device: 2D 2048×2048 and 3D
 * 1024×1024×32 uint16 (seeded). Each invocation runs the op and waits for the device ({@code
 * gpu.finish()}) before the timer stops. Device: system property {@code fovea.device} or {@code
 * FOVEA_DEVICE}. An op that is not in the build fails its setup (the other parameters still run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OpBenchmark {
  @Param({
    "AddImagesWeighted",
    "AddScalar",
    "AutoThreshold",
    "BinaryAnd",
    "Erode",
    "FixedThreshold",
    "Flip",
    "GaussianBlur",
    "MeanSphere",
    "MeanBox",
    "MedianSphere",
    "MedianBox",
    "MinimumSphere",
    "MinimumBox",
    "MultiplyScalar",
    "Rotate",
    "MaximumZProjection",
    "RadialReslice"
  })
  public String op;

  @Param({"2048x2048", "1024x1024x32"})
  public String shape;

  Gpu gpu;
  Peers.FoveaInputs inputs;
  Cases.Runner runner;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    int[] s = JmhSupport.shape(shape);
    Cases.Case c = Cases.byId(op);
    boolean is3D = s[2] > 1;
    if (!c.runsOn(is3D)) throw new IllegalStateException(op + " does not run on " + shape);
    gpu = JmhSupport.open();
    inputs = new Peers.FoveaInputs(gpu, new BenchData(s[0], s[1], s[2]));
    runner = c.fovea().make(inputs, is3D);
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
