package org.fovea.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fovea.ops.LabelStatistics;
import org.fovea.ops.LabelStatistics.Column;
import org.fovea.ops.workflow.NucleiSegmentation;
import org.fovea.ops.workflow.SyntheticNucleiStack;
import org.junit.jupiter.api.Test;

class SegmentNucleiTest {
  @Test
  void segmentsMostPlantedNucleiAndMeasuresEachLabel() {
    SyntheticNucleiStack.Spec spec =
        SyntheticNucleiStack.Spec.small(3).toBuilder()
            .width(64)
            .height(96)
            .depth(12)
            .nuclei(12)
            .build();
    NucleiSegmentation.Result r = SegmentNuclei.run(ExampleGpu.get(), spec);
    int planted = SyntheticNucleiStack.generate(spec).plantedCount();
    assertTrue(r.count() >= planted / 2 && r.count() <= planted, r.count() + " of " + planted);
    // the table has one row per label 1..count, and the label map holds exactly those pixels
    LabelStatistics t = r.statistics();
    long[] pixels = new long[r.count() + 1];
    for (int v : r.labels()) pixels[v]++;
    for (int row = 0; row < t.rows(); row++) {
      assertEquals(row + 1, t.get(row, Column.IDENTIFIER));
      assertEquals(pixels[row + 1], t.get(row, Column.PIXEL_COUNT));
      assertTrue(t.get(row, Column.MEAN_INTENSITY) > 150, "nuclei are bright: row " + row);
    }
  }
}
