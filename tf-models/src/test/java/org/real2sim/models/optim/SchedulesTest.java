package org.real2sim.models.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulesTest {

  @Test
  void linearDecayKeepsBaseRateForFirstEpochsThenDecaysLinearly() {
    double base = 2e-4;
    // n = 100, n_decay = 100: epochs 0..99 at the base rate
    assertEquals(base, Schedules.linearDecay(base, 0, 100, 100), 0);
    assertEquals(base, Schedules.linearDecay(base, 99, 100, 100), 0);
    // epoch 100: 1 − 1/101; epoch 150: 1 − 51/101; last epoch 199: 1 − 100/101 = 1/101
    assertEquals(base * 100 / 101, Schedules.linearDecay(base, 100, 100, 100), 1e-18);
    assertEquals(base * 50 / 101, Schedules.linearDecay(base, 150, 100, 100), 1e-18);
    assertEquals(base / 101, Schedules.linearDecay(base, 199, 100, 100), 1e-18);
    // past the end: 0, never negative
    assertEquals(0.0, Schedules.linearDecay(base, 200, 100, 100), 0);
    assertEquals(0.0, Schedules.linearDecay(base, 500, 100, 100), 0);
    // the paper's stage b, 175 epochs split 88 + 87: decay steps are equal
    double step = Schedules.linearDecay(1, 100, 88, 87) - Schedules.linearDecay(1, 101, 88, 87);
    assertEquals(1.0 / 88, step, 1e-12);
  }

  @Test
  void linearDecayWithoutConstantPhaseStartsDecayingAfterTheFirstEpoch() {
    assertEquals(1.0 - 1.0 / 11, Schedules.linearDecay(1, 0, 0, 10), 1e-12);
    assertEquals(1.0, Schedules.linearDecay(1, 0, 1, 10), 0);
  }

  @Test
  void polynomialDecayMatchesHandComputedValues() {
    assertEquals(0.01, Schedules.polynomial(0.01, 0, 100, Schedules.POLY_POWER), 0);
    // 0.01 · 0.5^0.9 = 0.01 · 0.535886731…
    assertEquals(0.00535886731, Schedules.polynomial(0.01, 50, 100, 0.9), 1e-11);
    assertEquals(0.01 * Math.pow(0.01, 0.9), Schedules.polynomial(0.01, 99, 100, 0.9), 1e-15);
    assertEquals(0.0, Schedules.polynomial(0.01, 100, 100, 0.9), 0);
    assertEquals(0.0, Schedules.polynomial(0.01, 130, 100, 0.9), 0);
    assertEquals(0.005, Schedules.polynomial(0.01, 50, 100, 1), 1e-15);
  }

  @Test
  void rejectsNegativeOrEmptyArguments() {
    String m =
        assertThrows(IllegalArgumentException.class, () -> Schedules.linearDecay(1, -1, 5, 5))
            .getMessage();
    assertEquals("epoch must be >= 0, found -1", m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Schedules.polynomial(1, 0, 0, 0.9))
            .getMessage();
    assertEquals("total must be > 0, found 0", m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Schedules.polynomial(1, 0, 10, -1))
            .getMessage();
    assertTrue(m.contains("power"), m);
  }
}
