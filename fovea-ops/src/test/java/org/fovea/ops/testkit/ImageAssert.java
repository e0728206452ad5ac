package org.fovea.ops.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import org.fovea.core.GpuImage;

/** Image comparisons that report the first differing coordinate with expected and actual values. */
public final class ImageAssert {
  private ImageAssert() {}

  /** Exact equality (tolerance 0). */
  public static void assertImageEquals(CpuImage expected, GpuImage actual) {
    assertImageClose(expected, actual, 0, 0);
  }

  /** Pixels must satisfy |e − a| ≤ abs + rel·|e|. */
  public static void assertImageClose(CpuImage expected, GpuImage actual, double abs, double rel) {
    assertImageClose(expected, CpuImage.pull(actual), abs, rel);
  }

  public static void assertImageClose(CpuImage expected, CpuImage actual, double abs, double rel) {
    if (expected.w != actual.w || expected.h != actual.h || expected.d != actual.d) {
      fail("shape differs: expected " + expected + ", actual " + actual);
    }
    if (expected.type != actual.type) {
      fail("pixel type differs: expected " + expected.type + ", actual " + actual.type);
    }
    int bad = 0;
    String first = null;
    double worst = 0;
    for (int z = 0; z < expected.d; z++) {
      for (int y = 0; y < expected.h; y++) {
        for (int x = 0; x < expected.w; x++) {
          double e = expected.get(x, y, z);
          double a = actual.get(x, y, z);
          double diff = Math.abs(e - a);
          boolean ok = diff <= abs + rel * Math.abs(e) || (Double.isNaN(e) && Double.isNaN(a));
          if (!ok) {
            if (first == null) {
              first =
                  String.format(
                      Locale.ROOT,
                      "first difference at (x=%d, y=%d, z=%d): expected %s, actual %s",
                      x,
                      y,
                      z,
                      e,
                      a);
            }
            bad++;
            worst = Math.max(worst, diff);
          }
        }
      }
    }
    if (first != null) {
      fail(
          String.format(
              Locale.ROOT,
              "%s: %d of %d pixels differ beyond abs=%s rel=%s; %s; largest difference %s",
              expected,
              bad,
              expected.data.length,
              abs,
              rel,
              first,
              worst));
    }
  }
}
