package org.real2sim.models.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ThreadPlanTest {

  @Test
  void smallIterationsRunOnOneThreadLargeOnesOnEveryCore() {
    ThreadPlan small = ThreadPlan.forCycleGan(0, 900_000_000L, 2);
    assertEquals(1, small.intraOp());
    assertEquals(1, small.interOp());
    assertTrue(small.reason().contains("0.9 GFLOP"), small.reason());
    ThreadPlan large = ThreadPlan.forCycleGan(0, 21_700_000_000L, 2);
    assertEquals(2, large.intraOp());
    assertEquals(1, ThreadPlan.forCycleGan(0, 21_700_000_000L, 1).intraOp());
    assertEquals(
        1, ThreadPlan.forCycleGan(0, ThreadPlan.SINGLE_THREAD_MAX_FLOPS, 2).intraOp(), "boundary");
  }

  @Test
  void aRequestedCountWins() {
    ThreadPlan p = ThreadPlan.forCycleGan(3, 900_000_000L, 2);
    assertEquals(3, p.intraOp());
    assertEquals("as requested", p.reason());
  }

  @Test
  void theSessionConfigCarriesThePlan() {
    var c = new ThreadPlan(1, 2, "x").config();
    assertEquals(1, c.getIntraOpParallelismThreads());
    assertEquals(2, c.getInterOpParallelismThreads());
    assertTrue(c.getUsePerSessionThreads());
  }

  @Test
  void badCountsAreRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> ThreadPlan.explicit(0, 1));
    assertEquals("intraOp threads must be >= 1, found 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ThreadPlan.forCycleGan(-1, 1, 2));
    assertEquals("threads must be >= 0, found -1", e.getMessage());
  }
}
