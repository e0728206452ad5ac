package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Family members' texts ({@link OpVariant.Doc}) and their expansion into the ops' names and docs.
 */
class OpVariantTest {
  enum Sample implements OpVariant {
    @Doc("the first member")
    First,
    Undocumented
  }

  @Test
  void docComesFromTheAnnotationAndAMissingOneIsNamed() {
    assertEquals("the first member", Sample.First.doc());
    IllegalStateException e = assertThrows(IllegalStateException.class, Sample.Undocumented::doc);
    assertTrue(e.getMessage().contains("Sample.Undocumented"), e.getMessage());
  }

  @Test
  void templatesExpandNameCapitalsAndDoc() {
    OpDescriptor xor = OpRegistry.get("binaryXOr");
    assertEquals(Binary.Logic.XOr, xor.variant());
    assertEquals(
        "Logical XOR of two images (non-zero = true): 1 where exactly one is non-zero, else 0.",
        xor.doc());
    assertTrue(xor.imagej().startsWith("Process > Image Calculator > XOR "), xor.imagej());
    OpDescriptor top = OpRegistry.get("resliceTop");
    assertEquals(
        "Reslices a stack from the top: output w×d×h, dst(x, z, y) = src(x, y, z).", top.doc());
    assertTrue(top.imagej().contains("start at Top,"), top.imagej());
  }
}
