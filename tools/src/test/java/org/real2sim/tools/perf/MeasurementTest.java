package org.real2sim.tools.perf;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.real2sim.models.nn.ThreadPlan;

class MeasurementTest {

  @Test
  void summarisesTimesAgainstFlopsAndTheReference() {
    CycleGanCase c = CycleGanCase.parse("g32b6-d32-64").withReference(0.395);
    CycleGanBenchmark.Measurement m =
        new CycleGanBenchmark.Measurement(
            c,
            ThreadPlan.explicit(2, 1),
            21_700_000_000L,
            new double[] {0.40, 0.30, 0.35, 0.50, 0.20},
            new double[] {0.30, 0.20, 0.25, 0.40, 0.10},
            new double[] {0.7, 0.5, 0.6, 0.9, 0.4},
            0.0,
            1.0,
            2.0,
            Double.NaN,
            null);
    // Sorted 0.20 0.30 0.35 0.40 0.50.
    assertEquals(0.35, m.median(), 1e-12);
    assertEquals(0.24, m.p10(), 1e-12);
    assertEquals(0.46, m.p90(), 1e-12);
    assertEquals(0.25, m.medianGStep(), 1e-12);
    assertEquals(0.6, m.medianCpu(), 1e-12);
    assertEquals(0.6 / 0.35, m.coresUsed(), 1e-12);
    assertEquals(21.7 / 0.35, m.gflopsPerSecond(), 1e-9);
    assertEquals(0.35 / 0.395, m.ratio(), 1e-12);
  }

  @Test
  void ratioIsUndefinedWithoutAReference() {
    CycleGanBenchmark.Measurement m =
        new CycleGanBenchmark.Measurement(
            CycleGanCase.parse("g4b1-d4-32"),
            ThreadPlan.explicit(1, 1),
            1,
            new double[] {1},
            new double[] {1},
            new double[] {Double.NaN},
            Double.NaN,
            0,
            Double.NaN,
            Double.NaN,
            null);
    assertTrue(Double.isNaN(m.ratio()));
  }
}
