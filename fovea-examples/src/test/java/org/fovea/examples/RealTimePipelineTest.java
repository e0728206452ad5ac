package org.fovea.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.core.Gpu;
import org.junit.jupiter.api.Test;

class RealTimePipelineTest {
  @Test
  void gpuMemoryIsConstantFromFrameToFrameAndTheSpotIsFound() {
    Gpu gpu = ExampleGpu.get();
    int frames = 12;
    RealTimePipeline.Result r = RealTimePipeline.run(gpu, 96, 64, frames);

    for (int f = 1; f < frames; f++) {
      assertEquals(r.liveImages()[0], r.liveImages()[f], "live images after frame " + f);
      assertEquals(r.allocatedBytes()[0], r.allocatedBytes()[f], "allocated bytes, frame " + f);
    }
    // the three pipeline images were released at the end of run(...)
    assertEquals(r.liveImages()[0] - 3, gpu.liveImageCount());
    for (int f = 0; f < frames; f++) {
      long got = r.spotPixels()[f];
      long drawn = r.expectedSpotPixels()[f];
      assertTrue(drawn > 50, "disc too small: " + drawn);
      assertTrue(
          Math.abs(got - drawn) <= 0.1 * drawn, "frame " + f + ": " + got + " vs drawn " + drawn);
    }
  }
}
