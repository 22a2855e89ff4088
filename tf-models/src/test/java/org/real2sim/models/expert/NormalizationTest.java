package org.real2sim.models.expert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  void rejectsWrongLengthsAndNonPositiveStdAndKeepsItsOwnCopy() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Normalization(new double[] {0.5, 0.5}, new double[] {1, 1, 1}));
    assertEquals("mean must have 3 values, found [0.5, 0.5]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Normalization(new double[] {0, 0, 0}, new double[] {1, 0, 1}));
    assertEquals("std[1] must be positive and finite, found 0.0", e.getMessage());
    double[] mean = {0.1, 0.2, 0.3};
    Normalization n = new Normalization(mean, new double[] {1, 1, 1});
    mean[0] = 9;
    assertEquals(0.1, n.mean()[0], "the record keeps its own copy");
    assertTrue(n.equals(new Normalization(new double[] {0.1, 0.2, 0.3}, new double[] {1, 1, 1})));
  }
}
