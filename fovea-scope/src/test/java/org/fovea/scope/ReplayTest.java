package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
  @TempDir Path tmp;

  /** A run folder with 10 small stacks at 0, 0.5, 1, ... hours; pixel 0 holds the time point. */
  Path recorded() throws IOException {
    Path dir = tmp.resolve("rec");
    try (RunFolder f = RunFolder.create(dir)) {
      for (int t = 0; t < 10; t++) {
        short[] px = new short[7 * 5 * 3];
        px[0] = (short) t;
        f.writeStack(new Stack(t, t * 0.5, 0, 7, 5, 3, 1, 1, 2, px, Map.of("k", (double) t)));
      }
    }
    return dir;
  }

  @Test
  void everyNthFromAnOffset() throws IOException {
    ReplayMicroscope r = new ReplayMicroscope(recorded(), 3, 1, false, 0);
    assertEquals(3, r.size()); // 1, 4, 7
    assertEquals(0.5, r.startHours());
    int[] seen = new int[3];
    for (int i = 0; i < 3; i++) {
      Stack s = r.acquire(i, 0);
      seen[i] = ((short[]) s.pixels())[0];
      assertEquals(i, s.timePoint());
    }
    assertArrayEquals(new int[] {1, 4, 7}, seen);
    assertNull(r.acquire(3, 0), "end of the replay");
    assertTrue(r.apply(r.settings().withInterval(5)).contains("not applied"));
  }

  @Test
  void loopingContinuesTheTimeAxis() throws IOException {
    ReplayMicroscope r = new ReplayMicroscope(recorded(), 5, 0, true, 0);
    double[] hours = new double[5];
    int[] px = new int[5];
    for (int i = 0; i < 5; i++) {
      Stack s = r.acquire(i, 0);
      hours[i] = s.hours();
      px[i] = ((short[]) s.pixels())[0];
    }
    assertArrayEquals(new int[] {0, 5, 0, 5, 0}, px);
    assertArrayEquals(new double[] {0, 2.5, 5, 7.5, 10}, hours, 1e-9);
  }

  @Test
  void clearErrors() throws IOException {
    Path dir = recorded();
    assertTrue(
        assertThrows(IOException.class, () -> new ReplayMicroscope(tmp, 1, 0, false, 0))
            .getMessage()
            .contains("not a Fovea run folder"));
    assertTrue(
        assertThrows(IOException.class, () -> new ReplayMicroscope(dir, 1, 10, false, 0))
            .getMessage()
            .contains("none left with offset 10"));
    assertThrows(IllegalArgumentException.class, () -> new ReplayMicroscope(dir, 0, 0, false, 0));
    assertTrue(
        assertThrows(IOException.class, () -> RunFolder.create(dir))
            .getMessage()
            .contains("already holds a run"));
  }
}
