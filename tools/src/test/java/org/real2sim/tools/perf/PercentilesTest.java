package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void interpolatesBetweenOrderStatisticsLikeNumPy() {
    double[] v = {4, 1, 3, 2, 10};
    // Sorted 1 2 3 4 10; numpy.percentile(v, q): 10 -> 1.4, 50 -> 3, 90 -> 7.6, 100 -> 10.
    assertEquals(1.4, Percentiles.of(v, 10), 1e-12);
    assertEquals(3.0, Percentiles.median(v), 1e-12);
    assertEquals(7.6, Percentiles.of(v, 90), 1e-12);
    assertEquals(10.0, Percentiles.of(v, 100), 1e-12);
    assertEquals(2.5, Percentiles.median(new double[] {3, 2}), 1e-12);
    assertArrayEquals(new double[] {4, 1, 3, 2, 10}, v, "the input must not be reordered");
  }

  @Test
  void rejectsAnEmptySampleAndOutOfRangePercentiles() {
    assertThrows(IllegalArgumentException.class, () -> Percentiles.median(new double[0]));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1}, 101));
    assertTrue(e.getMessage().contains("101"), e.getMessage());
  }
}
