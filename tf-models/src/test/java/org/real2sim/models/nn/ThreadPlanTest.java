package org.real2sim.models.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ThreadPlanTest {

  @Test
  void oneThreadPerOpAndOneOpPerCoreOnTwoCores() {
    for (long flops : new long[] {900_000_000L, 21_700_000_000L, 468_800_000_000L}) {
      ThreadPlan p = ThreadPlan.forCycleGan(0, flops, 2, 2);
      assertEquals(1, p.intraOp(), p.reason());
      assertEquals(2, p.interOp(), p.reason());
    }
    assertTrue(ThreadPlan.forCycleGan(0, 900_000_000L, 2, 2).reason().contains("0.9 GFLOP"));
    // A lane's share of one core still gets the machine's inter-op threads.
    ThreadPlan lane = ThreadPlan.forCycleGan(0, 900_000_000L, 1, 2);
    assertEquals(1, lane.intraOp());
    assertEquals(2, lane.interOp());
  }

  @Test
  void largeIterationsOnManyCoresSplitTheRestIntoIntraOpThreads() {
    ThreadPlan p = ThreadPlan.forCycleGan(0, 21_700_000_000L, 16, 16);
    assertEquals(ThreadPlan.MAX_INTER_OP, p.interOp());
    assertEquals(4, p.intraOp());
    assertEquals(
        1, ThreadPlan.forCycleGan(0, ThreadPlan.SINGLE_THREAD_MAX_FLOPS, 16, 16).intraOp());
  }

  @Test
  void aRequestedCountWins() {
    ThreadPlan p = ThreadPlan.forCycleGan(3, 900_000_000L, 2, 2);
    assertEquals(3, p.intraOp());
    assertEquals(2, p.interOp());
    assertTrue(p.reason().startsWith("intra-op as requested"), p.reason());
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
    e = assertThrows(IllegalArgumentException.class, () -> ThreadPlan.forCycleGan(-1, 1, 2, 2));
    assertEquals("threads must be >= 0, found -1", e.getMessage());
  }
}
