package org.fovea.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.core.Gpu;
import org.fovea.ops.Filters;
import org.junit.jupiter.api.Test;

class HelloGpuTest {
  @Test
  void otsuForegroundMatchesTheCpuCountAndTheDrawnDiscs() {
    Gpu gpu = ExampleGpu.get();
    Filters.releaseCaches(gpu);
    int liveBefore = gpu.liveImageCount();

    HelloGpu.Result r = HelloGpu.run(gpu, 193, 127);

    // the GPU count equals a plain CPU count of the pulled blurred image against the threshold
    long cpu = 0;
    for (short v : r.blurred()) if ((v & 0xffff) >= r.otsuThreshold()) cpu++;
    assertEquals(cpu, r.foregroundPixels(), "Otsu threshold " + r.otsuThreshold());
    assertEquals(193 * 127, r.blurred().length);
    // Otsu separates background (≈100) and discs (≈1000): the foreground is the discs
    assertTrue(r.otsuThreshold() > 150 && r.otsuThreshold() < 950, "" + r.otsuThreshold());
    assertTrue(
        Math.abs(r.foregroundPixels() - r.plantedDiscPixels()) <= 0.1 * r.plantedDiscPixels(),
        r.foregroundPixels() + " foreground pixels, " + r.plantedDiscPixels() + " drawn");
    assertTrue(r.memoryReport().contains("193×127 uint16"), r.memoryReport());

    // try-with-resources released the three images (the blur's cache aside)
    Filters.releaseCaches(gpu);
    assertEquals(liveBefore, gpu.liveImageCount());
  }
}
