package org.fovea.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The shared kernel library's includes: expanded in place, line numbers kept, anything else
 * rejected. (The library's helpers run in the ops' tests: GeometryTest, ResliceTest,
 * SpotCountingWorkflowTest, ReductionsTest, HistogramsTest, NeighbourhoodTest compare them with CPU
 * references.)
 */
class KernelLibraryTest {
  static String read(String resource) {
    return resource.equals("kernels/lib/x.cl")
        ? "// x\nfloat x_one(void) { return 1.0f; }\n"
        : null;
  }

  @Test
  void anIncludeIsReplacedAndTheNextLineKeepsItsNumber() {
    String src = "// line 1\n#include \"lib/x.cl\"\n__kernel void k() {}\n";
    String out = KernelLibrary.expand(src, "t.cl", KernelLibraryTest::read);
    assertEquals(
        "// line 1\n// ---- lib/x.cl\n// x\nfloat x_one(void) { return 1.0f; }\n#line 3\n"
            + "__kernel void k() {}\n",
        out);
    String plain = src.replace("#include", "//");
    assertSame(plain, KernelLibrary.expand(plain, "t.cl", r -> null), "nothing to include");
  }

  @Test
  void otherIncludesAndNestedOnesAreRejectedClearly() {
    var e =
        assertThrows(
            FoveaException.KernelBuildFailed.class,
            () -> KernelLibrary.expand("#include <stdio.h>\n", "t.cl", r -> ""));
    assertTrue(e.getMessage().contains("t.cl") && e.getMessage().contains("lib/"), e.getMessage());
    assertThrows(
        FoveaException.KernelBuildFailed.class,
        () ->
            KernelLibrary.expand(
                "#include \"lib/y.cl\"\n", "t.cl", r -> "#include \"lib/y.cl\"\n"));
  }
}
