package org.fovea.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 10's soak: 10,000 push/op/pull cycles with device memory and the Java heap flat — every
 * cycle allocates a new image (push), runs a kernel into a second new one, pulls and closes both.
 */
class SoakTest {
  private static long heapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void tenThousandPushOpPullCyclesKeepMemoryFlat() {
    String src =
        "__kernel void twice(__global const float* s, __global float* d) {\n"
            + "  int i = get_global_id(0); d[i] = 2.0f * s[i]; }\n";
    float[] in = new float[17 * 5];
    for (int i = 0; i < in.length; i++) in[i] = i;
    float[] want = new float[in.length];
    for (int i = 0; i < in.length; i++) want[i] = 2 * i;
    try (Gpu gpu = Gpu.open(DeviceFilter.cpu())) {
      long deviceBase = gpu.allocatedBytes();
      long heapAt1000 = 0;
      for (int c = 0; c < 10_000; c++) {
        try (GpuImage a = gpu.push(in, 17, 5);
            GpuImage b = gpu.create(17, 5, 1, PixelType.FLOAT32)) {
          gpu.kernelFromSource(src, "twice").arg(a.clMem()).arg(b.clMem()).run(in.length);
          float[] out = (float[]) gpu.pull(b);
          if (c % 997 == 0) assertArrayEquals(want, out, "cycle " + c);
        }
        assertEquals(deviceBase, gpu.allocatedBytes(), "device memory after cycle " + c);
        if (c == 999) heapAt1000 = heapAfterGc();
      }
      long growth = heapAfterGc() - heapAt1000;
      assertTrue(growth < (16L << 20), "heap grew by " + growth + " bytes over 9,000 cycles");
    }
  }
}
