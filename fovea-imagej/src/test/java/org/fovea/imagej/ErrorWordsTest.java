package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 10 item 14: messages never show a bare "(-16842751)" or "(null)". */
class ErrorWordsTest {
  @Test
  void overflowsAndMessagelessErrorsAreSaidInWords() {
    String neg = FoveaMacroExtensions.why(new NegativeArraySizeException("-16842751"));
    assertFalse(neg.contains("-16842751"), neg);
    assertTrue(neg.contains("too large"), neg);
    String oom = FoveaMacroExtensions.why(new OutOfMemoryError());
    assertFalse(oom.contains("null"), oom);
    assertTrue(oom.contains("-Xmx"), oom);
    assertEquals("NullPointerException", FoveaMacroExtensions.why(new NullPointerException()));
    assertEquals(
        "IllegalStateException: closed",
        FoveaMacroExtensions.why(new IllegalStateException("closed")));
  }
}
