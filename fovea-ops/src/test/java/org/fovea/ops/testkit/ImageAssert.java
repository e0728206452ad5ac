package org.fovea.ops.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
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
    assertImageClose(expected, actual, abs, rel, i -> true, "");
  }

  /**
   * Like {@link #assertImageClose(CpuImage, CpuImage, double, double)}, but only at the pixels
   * whose index {@code x + w·(y + h·z)} {@code compared} accepts (e.g. not where a sample position
   * falls on a pixel edge and either neighbour is right); fails when it accepts none. {@code what}
   * starts the failure message.
   */
  public static void assertImageClose(
      CpuImage expected,
      CpuImage actual,
      double abs,
      double rel,
      IntPredicate compared,
      String what) {
    if (expected.w != actual.w || expected.h != actual.h || expected.d != actual.d) {
      fail(what + " shape differs: expected " + expected + ", actual " + actual);
    }
    if (expected.type != actual.type) {
      fail(what + " pixel type differs: expected " + expected.type + ", actual " + actual.type);
    }
    int bad = 0;
    int checked = 0;
    String first = null;
    double worst = 0;
    for (int z = 0; z < expected.d; z++) {
      for (int y = 0; y < expected.h; y++) {
        for (int x = 0; x < expected.w; x++) {
          if (!compared.test(expected.index(x, y, z))) continue;
          checked++;
          double e = expected.get(x, y, z);
          double a = actual.get(x, y, z);
          double diff = Math.abs(e - a);
          if (!close(e, a, abs, rel)) {
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
    if (checked == 0) fail(what + " " + expected + ": no pixel was compared");
    if (first != null) {
      fail(
          String.format(
              Locale.ROOT,
              "%s%s: %d of %d pixels differ beyond abs=%s rel=%s; %s; largest difference %s",
              what.isEmpty() ? "" : what + " ",
              expected,
              bad,
              checked,
              abs,
              rel,
              first,
              worst));
    }
  }

  /** A scalar result: |e − a| ≤ abs + rel·|e| (NaN equals NaN). */
  public static void assertValueClose(
      String what, double expected, double actual, double abs, double rel) {
    if (!close(expected, actual, abs, rel)) {
      fail(
          String.format(
              Locale.ROOT,
              "%s: expected %s, actual %s (abs=%s rel=%s)",
              what,
              expected,
              actual,
              abs,
              rel));
    }
  }

  /** A vector of results (a measurement row, a histogram, a point list): lengths and values. */
  public static void assertValuesClose(
      String what, double[] expected, double[] actual, double abs, double rel) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " values, actual " + actual.length);
    }
    for (int i = 0; i < expected.length; i++) {
      assertValueClose(what + " [" + i + "]", expected[i], actual[i], abs, rel);
    }
  }

  private static boolean close(double e, double a, double abs, double rel) {
    return Math.abs(e - a) <= abs + rel * Math.abs(e) || (Double.isNaN(e) && Double.isNaN(a));
  }

  /**
   * Point lists ({x, y} each): as many points, and every point of each list has a partner in the
   * other within {@code slack} pixels (Chebyshev distance).
   */
  public static void assertSamePoints(
      String what, List<int[]> expected, List<int[]> actual, int slack) {
    if (expected.size() != actual.size()) {
      fail(what + ": expected " + expected.size() + " points, actual " + actual.size());
    }
    for (boolean fromExpected : new boolean[] {true, false}) {
      List<int[]> from = fromExpected ? expected : actual;
      List<int[]> to = fromExpected ? actual : expected;
      for (int[] p : from) {
        boolean found = false;
        for (int[] q : to) {
          if (Math.abs(p[0] - q[0]) <= slack && Math.abs(p[1] - q[1]) <= slack) found = true;
        }
        if (!found) {
          fail(
              String.format(
                  Locale.ROOT,
                  "%s: the %s point (%d, %d) has no partner within %d px",
                  what,
                  fromExpected ? "expected" : "actual",
                  p[0],
                  p[1],
                  slack));
        }
      }
    }
  }
}
