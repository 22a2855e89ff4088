package org.real2sim.trainer.eval;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void handComputedIouAccuracyAndIgnore() {
    // truth:      0 0 1 1 2 255 2
    // prediction: 0 1 1 1 0   2 2
    ConfusionMatrix cm = new ConfusionMatrix(3);
    cm.add(new int[] {0, 1, 1, 1, 0, 2, 2}, new int[] {0, 0, 1, 1, 2, 255, 2});
    assertEquals(6, cm.total());
    assertEquals(4.0 / 6, cm.accuracy(), 1e-12);
    double[] iou = cm.iou();
    // class 0: TP 1, FN 1 (0->1), FP 1 (2->0) => 1/3
    assertEquals(1.0 / 3, iou[0], 1e-12);
    // class 1: TP 2, FN 0, FP 1 => 2/3
    assertEquals(2.0 / 3, iou[1], 1e-12);
    // class 2: TP 1, FN 1, FP 0 => 1/2
    assertEquals(0.5, iou[2], 1e-12);
    assertEquals((1.0 / 3 + 2.0 / 3 + 0.5) / 3, cm.meanIou(), 1e-12);
    assertArrayEquals(new double[] {0.5, 1.0, 0.5}, cm.recall(), 1e-12);
  }

  @Test
  void absentClassIsLeftOutOfTheMean() {
    ConfusionMatrix cm = new ConfusionMatrix(4);
    cm.add(new int[] {0, 0, 1}, new int[] {0, 1, 1});
    double[] iou = cm.iou();
    assertTrue(Double.isNaN(iou[2]) && Double.isNaN(iou[3]));
    assertEquals((0.5 + 0.5) / 2, cm.meanIou(), 1e-12);
  }

  @Test
  void rejectsLabelOutsideClassesNamingIt() {
    ConfusionMatrix cm = new ConfusionMatrix(2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cm.add(new int[] {0}, new int[] {7}));
    assertTrue(e.getMessage().contains("Label 7"), e.getMessage());
  }

  @Test
  void mergeAddsCounts() {
    ConfusionMatrix a = new ConfusionMatrix(2);
    ConfusionMatrix b = new ConfusionMatrix(2);
    a.add(new int[] {0, 1}, new int[] {0, 0});
    b.add(new int[] {1}, new int[] {1});
    a.merge(b);
    assertEquals(1, a.count(0, 0));
    assertEquals(1, a.count(0, 1));
    assertEquals(1, a.count(1, 1));
    assertEquals(2.0 / 3, a.accuracy(), 1e-12);
  }

  @Test
  void ofRebuildsToArrayAndRejectsRaggedRows() {
    ConfusionMatrix a = new ConfusionMatrix(3);
    a.add(new int[] {0, 1, 2, 2, 1}, new int[] {0, 0, 2, 1, 255});
    ConfusionMatrix b = ConfusionMatrix.of(a.toArray());
    assertArrayEquals(a.toArray(), b.toArray());
    assertEquals(a.meanIou(), b.meanIou(), 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ConfusionMatrix.of(new long[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
  }
}
