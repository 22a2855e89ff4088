package org.real2sim.runtime;

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
  void longValuesGiveTheSamePercentilesAsDoubles() {
    long[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // numpy.percentile(range(1, 11), [50, 90, 99]) = 5.5, 9.1, 9.91.
    assertEquals(5.5, Percentiles.of(v, 50), 1e-12);
    assertEquals(9.1, Percentiles.of(v, 90), 1e-12);
    assertEquals(9.91, Percentiles.of(v, 99), 1e-12);
    assertEquals(7.0, Percentiles.of(new long[] {7}, 99), 1e-12);
  }

  @Test
  void rejectsAnEmptySampleAndOutOfRangePercentiles() {
    assertThrows(IllegalArgumentException.class, () -> Percentiles.median(new double[0]));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1}, 101));
    assertTrue(e.getMessage().contains("101"), e.getMessage());
  }
}
