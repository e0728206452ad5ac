package org.fovea.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CustomKernelTest {
  /** Plain CPU reference of the example's kernel (clamp to edge, saturated to uint16). */
  static short[] gradientL1(short[] src, int w, int h) {
    short[] dst = new short[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int xl = Math.max(x - 1, 0);
        int xr = Math.min(x + 1, w - 1);
        int yu = Math.max(y - 1, 0);
        int yd = Math.min(y + 1, h - 1);
        int gx = (src[xr + w * y] & 0xffff) - (src[xl + w * y] & 0xffff);
        int gy = (src[x + w * yd] & 0xffff) - (src[x + w * yu] & 0xffff);
        dst[x + w * y] = (short) Math.min(65535, Math.abs(gx) + Math.abs(gy));
      }
    }
    return dst;
  }

  static void assertMatchesCpu(CustomKernel.Output o) {
    short[] expected = gradientL1(o.input(), o.width(), o.height());
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != o.output()[i]) {
        throw new AssertionError(
            String.format(
                "%d×%d: at (%d, %d) expected %d, got %d",
                o.width(),
                o.height(),
                i % o.width(),
                i / o.width(),
                expected[i] & 0xffff,
                o.output()[i] & 0xffff));
      }
    }
  }

  @Test
  void resultsEqualTheCpuAndANewSizeCompilesNothing() {
    CustomKernel.Result r = CustomKernel.run(ExampleGpu.get(), 37, 23, 64, 41);
    assertMatchesCpu(r.first());
    assertMatchesCpu(r.second());
    assertEquals(1, r.compilesFirst(), "first use builds (or loads) one program");
    assertEquals(0, r.compilesSecond(), "a new size must not build a program");
    assertEquals(1, r.compilesNewType(), "a new pixel type is a new program variant");
  }
}
