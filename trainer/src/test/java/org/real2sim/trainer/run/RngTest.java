package org.real2sim.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void matchesTheReferenceSplitMix64Sequence() {
    // Vigna's splitmix64.c from seed 0: e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f.
    Rng r = new Rng(0);
    assertEquals(0xe220a8397b1dcdafL, r.nextLong());
    assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
    assertEquals(0x06c45d188009454fL, r.nextLong());
    assertEquals(3 * 0x9E3779B97F4A7C15L, r.state());
  }
}
