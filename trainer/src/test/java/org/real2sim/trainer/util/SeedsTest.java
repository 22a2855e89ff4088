package org.real2sim.trainer.util;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeedsTest {

  @Test
  void permutationHoldsEveryIndexOnce() {
    int[] p = Seeds.permutation(1000, 7);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertArrayEquals(p, Seeds.permutation(1000, 7));
    assertFalse(Arrays.equals(p, Seeds.permutation(1000, 8)));
  }

  @Test
  void derivedSeedsDependOnEveryCoordinateAndTheirOrder() {
    long a = Seeds.of(1, 2, 3);
    assertEquals(a, Seeds.of(1, 2, 3));
    assertNotEquals(a, Seeds.of(1, 3, 2));
    assertNotEquals(a, Seeds.of(2, 2, 3));
    assertNotEquals(Seeds.of(1, "crop"), Seeds.of(1, "flip"));
  }

  @Test
  void mixIsSplitMix64sFinaliser() {
    // SplitMix64 with state 0: the first output is mix(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF.
    assertEquals(0xE220A8397B1DCDAFL, Seeds.mix(0x9E3779B97F4A7C15L));
  }
}
