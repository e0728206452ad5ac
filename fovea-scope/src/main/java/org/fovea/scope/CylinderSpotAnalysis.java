package org.fovea.scope;

import java.util.Map;
import org.fovea.core.Gpu;

/**
 * Deprecated name of {@link WorkflowAnalysis}, kept only so that existing callers (fovea-bench's
 * {@code WorkflowBench}) still compile: the fused cylinder analysis that used to live here (its own
 * DoG, bounding box and a radius band following the ellipsoid, with its kernels in {@code
 * scope_analysis.cl}) was a second implementation of the talk's workflow, made because the op-by-op
 * {@code SpotCountingWorkflow} took ~1 s per demo stack on a CPU. The workflow is now fused itself
 * (~60 ms per demo stack on PoCL) and gives the same decisions in the demo, so there is one
 * implementation; this class runs it with the default {@link WorkflowAnalysis.Params} and will be
 * removed once no caller uses it.
 */
@Deprecated
public final class CylinderSpotAnalysis implements StackAnalysis {
  /** No parameters any more: the analysis is {@link WorkflowAnalysis} with its defaults. */
  @Deprecated
  public static final class Params {}

  private final WorkflowAnalysis delegate;

  public CylinderSpotAnalysis(Gpu gpu, Params p) {
    delegate = new WorkflowAnalysis(gpu, new WorkflowAnalysis.Params());
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public Map<String, Double> analyse(Stack stack) {
    return delegate.analyse(stack);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
