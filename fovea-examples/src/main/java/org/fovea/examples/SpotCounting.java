package org.fovea.examples;

import java.util.Map;
import org.fovea.core.Gpu;
import org.fovea.ops.workflow.SpotCountingWorkflow;
import org.fovea.ops.workflow.SyntheticNucleiStack;

/**
 * Example 3: count nuclei in a light-sheet stack with the CLIJ talk's workflow.
 *
 * <p>{@link SyntheticNucleiStack} draws a deterministic "embryo": Gaussian nuclei on the shell of
 * an ellipsoid whose long axis runs along Y, with noise, as a uint16 stack. We know how many nuclei
 * it planted, so we can check the count. {@link SpotCountingWorkflow} runs the whole pipeline on
 * the GPU (difference of Gaussians, resampling to isotropic voxels, bounding box, radial reslice
 * around the long axis, "cylinder" maximum projection, maxima finding) and returns the count, the
 * embryo's bounding box in µm and the time of each step.
 *
 * <p>A workflow object keeps its GPU buffers between stacks: create it once and call {@code
 * process} for every stack of a time-lapse; it allocates again only when the stack shape changes.
 *
 * <p>Run: {@code java -cp
 * "fovea-examples/target/fovea-examples-0.1.0-SNAPSHOT.jar:fovea-examples/target/lib/*"
 * org.fovea.examples.SpotCounting [seed]}
 */
public final class SpotCounting {
  private SpotCounting() {}

  /**
   * @param planted nuclei the generator placed
   * @param first the result of the first stack (includes kernel compilation)
   * @param second the same stack again: same count, buffers reused, no compilation
   * @param allocations how often the workflow allocated its buffers (1 for same-shaped stacks)
   */
  public record Result(
      int planted,
      SpotCountingWorkflow.Result first,
      SpotCountingWorkflow.Result second,
      long allocations) {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 9;
    try (Gpu gpu = Gpu.open()) {
      System.out.println("Device: " + gpu.device().name());
      // Spec.small: 128×256×40 voxels of 0.52×0.52×2 µm, 80 nuclei (fast even on a CPU).
      // Spec.talkSized(seed) is the talk's 512×1024×121 stack with 600 nuclei.
      Result r = run(gpu, SyntheticNucleiStack.Spec.small(seed));
      SpotCountingWorkflow.Result s = r.second();
      System.out.printf("Counted %d spots; %d nuclei were planted%n", s.count(), r.planted());
      SpotCountingWorkflow.BoundingBox b = s.boundingBox();
      if (b != null) {
        System.out.printf(
            "Embryo bounding box: x %.1f, y %.1f, z %.1f µm; size %.1f × %.1f × %.1f µm%n",
            b.x(), b.y(), b.z(), b.width(), b.height(), b.depth());
      }
      System.out.printf(
          "First stack %.1f ms (includes kernel builds), second %.1f ms; buffers allocated %d"
              + " time(s)%n",
          r.first().totalMillis(), s.totalMillis(), r.allocations());
      System.out.println("Per step (second stack):");
      for (Map.Entry<String, Double> e : s.stepMillis().entrySet()) {
        System.out.printf("  %-22s %8.2f ms%n", e.getKey(), e.getValue());
      }
    }
    System.exit(0);
  }

  /** Generates the stack of {@code spec}, processes it twice and returns both results. */
  public static Result run(Gpu gpu, SyntheticNucleiStack.Spec spec) {
    // 1. The synthetic stack (plain Java, x fastest: index = x + w·(y + h·z)).
    SyntheticNucleiStack stack = SyntheticNucleiStack.generate(spec);

    // 2. Settings: the talk's defaults (DoG σ 2 and 6 px, 360 angles, prominence 5), with this
    //    stack's voxel size; withTimeSteps(true) separates the steps with finish() to time them.
    SpotCountingWorkflow.Settings settings =
        SpotCountingWorkflow.Settings.defaults()
            .withVoxel(spec.voxelX(), spec.voxelY(), spec.voxelZ())
            .withTimeSteps(true);

    // 3. The workflow owns GPU buffers: close it (try-with-resources) when done.
    try (SpotCountingWorkflow workflow = new SpotCountingWorkflow(gpu, settings)) {
      SpotCountingWorkflow.Result first =
          workflow.process(stack.pixels(), spec.width(), spec.height(), spec.depth());
      // a time-lapse would call process(...) for each new stack; the buffers are reused
      SpotCountingWorkflow.Result second =
          workflow.process(stack.pixels(), spec.width(), spec.height(), spec.depth());
      return new Result(stack.plantedCount(), first, second, workflow.allocations());
    }
  }
}
