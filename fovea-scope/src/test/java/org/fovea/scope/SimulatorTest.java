package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimulatorTest {
  static SimulatedMicroscope sim(long seed) {
    return new SimulatedMicroscope(
        new EmbryoModel(seed), SimulatedMicroscope.Geometry.tiny(), Settings.every(30), 0, 0);
  }

  @Test
  void sameSeedSameStackOtherSeedOtherStack() {
    Stack a = sim(42).acquire(3, 12.5);
    Stack b = sim(42).acquire(3, 12.5);
    Stack c = sim(43).acquire(3, 12.5);
    assertArrayEquals((short[]) a.pixels(), (short[]) b.pixels());
    assertFalse(java.util.Arrays.equals((short[]) a.pixels(), (short[]) c.pixels()));
    assertEquals(a.metadata(), b.metadata());
  }

  @Test
  void scheduleRisesInWavesPlateausAndDeclines() {
    EmbryoModel m = new EmbryoModel(1);
    m.build();
    assertEquals(32, m.nucleiAt(0));
    assertEquals(64, m.nucleiAt(2.5)); // first wave done
    assertEquals(m.nMax, m.nucleiAt(12)); // plateau
    int beforeFurrow = m.visibleCount(m.ventralFurrowHours - 0.1);
    int inFurrow = m.visibleCount(m.ventralFurrowHours + 0.5);
    int later = m.visibleCount(m.ventralFurrowHours + 30);
    assertEquals(m.nMax, beforeFurrow);
    assertTrue(
        inFurrow < beforeFurrow * 0.95, "the ventral stripe leaves the surface: " + inFurrow);
    assertTrue(later < inFurrow, "nuclei keep leaving during gastrulation");
    assertEquals("blastoderm", m.stage(15));
    assertEquals("gastrulation", m.stage(m.ventralFurrowHours + 1));
    assertEquals("serosa-rupture", m.stage(m.serosaRuptureHours + 0.1));
    assertTrue(m.lengthScale(m.serosaRuptureHours + 2) < 0.6, "the shell retracts");
  }

  @Test
  void noiseLooksLikeAnSCmosCamera() {
    SimulatedMicroscope s = sim(7);
    Stack st = s.acquire(0, 0.0);
    // the background corner: offset 100 ADU + 8 photons, std ~ sqrt(8 + 1.6^2)
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int z = 0; z < 2; z++) {
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 10; x++) {
          int v = ((short[]) st.pixels())[x + st.width() * (y + st.height() * z)] & 0xFFFF;
          sum += v;
          sq += v * (double) v;
          n++;
        }
      }
    }
    double mean = sum / n;
    double sd = Math.sqrt(sq / n - mean * mean);
    assertEquals(108, mean, 1.0);
    assertEquals(Math.sqrt(8 + 1.6 * 1.6), sd, 0.6);
    assertEquals(0.0, (double) st.metadata().get("nuclei") - 32, 0);
  }

  @Test
  void regionCropsTheField() {
    SimulatedMicroscope s = sim(42);
    Stack full = s.acquire(0, 10);
    s.apply(s.settings().withRegion(new Settings.Region(10, 20, 3, 30, 40, 5)));
    Stack roi = s.acquire(0, 10);
    assertEquals(30 * 40 * 5, ((short[]) roi.pixels()).length);
    // the same scene (new camera noise): compare with the full frame's crop
    double diff = 0;
    double signal = 0;
    for (int z = 0; z < 5; z++) {
      for (int y = 0; y < 40; y++) {
        for (int x = 0; x < 30; x++) {
          int a = ((short[]) full.pixels())[(x + 10) + 96 * ((y + 20) + 192 * (z + 3))] & 0xFFFF;
          int b = ((short[]) roi.pixels())[x + 30 * (y + 40 * z)] & 0xFFFF;
          diff += Math.abs(a - b);
          signal += Math.abs(a - 100);
        }
      }
    }
    assertTrue(diff < 0.5 * signal, "crop differs beyond noise: " + diff + " vs " + signal);
  }
}
