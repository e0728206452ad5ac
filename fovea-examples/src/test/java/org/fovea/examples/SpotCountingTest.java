package org.fovea.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.ops.workflow.SpotCountingWorkflow;
import org.fovea.ops.workflow.SyntheticNucleiStack;
import org.junit.jupiter.api.Test;

class SpotCountingTest {
  @Test
  void countsThePlantedNucleiAndReusesItsBuffers() {
    SpotCounting.Result r = SpotCounting.run(ExampleGpu.get(), SyntheticNucleiStack.Spec.small(9));
    assertTrue(r.planted() >= 70, "planted " + r.planted());
    // seed 9 is counted exactly (as in fovea-ops' SpotCountingWorkflowTest)
    assertEquals(r.planted(), r.first().count());
    assertEquals(r.first().count(), r.second().count());
    assertEquals(1, r.allocations());
    SpotCountingWorkflow.BoundingBox b = r.second().boundingBox();
    assertNotNull(b);
    // the stack is 128×256×40 voxels of 0.52×0.52×2 µm = 66.6 × 133.1 × 80 µm
    assertTrue(b.width() > 20 && b.width() <= 66.6 + 1e-6, "box " + b);
    assertTrue(b.height() > 40 && b.height() <= 133.2, "box " + b);
    assertTrue(r.second().stepMillis().containsKey("findMaxima"), "" + r.second().stepMillis());
  }
}
