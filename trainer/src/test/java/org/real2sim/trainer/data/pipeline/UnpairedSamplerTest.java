package org.real2sim.trainer.data.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UnpairedSamplerTest {

  private static boolean isPermutation(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    for (int i = 0; i < s.length; i++) {
      if (s[i] != i) {
        return false;
      }
    }
    return true;
  }

  @Test
  void epochIsTheLargerDomainOnceWithTheOtherDrawnAtRandom() {
    UnpairedSampler s = UnpairedSampler.maxOfBoth(7, 3, 11);
    assertEquals(7, s.epochLength());
    int[] seenB = new int[3];
    for (int e = 0; e < 50; e++) {
      int[] a = s.orderA().indices(e);
      int[] b = s.orderB().indices(e);
      assertTrue(isPermutation(a), Arrays.toString(a));
      assertEquals(7, b.length);
      for (int i : b) {
        seenB[i]++;
      }
    }
    // 350 uniform draws from 3: about 117 each.
    for (int c : seenB) {
      assertTrue(c > 80 && c < 155, Arrays.toString(seenB));
    }
    assertFalse(Arrays.equals(s.orderA().indices(0), s.orderA().indices(1)));
  }

  @Test
  void theBiggerDomainLeadsWhicheverSideItIsOn() {
    UnpairedSampler s = UnpairedSampler.maxOfBoth(2, 9, 0);
    assertEquals(9, s.epochLength());
    assertTrue(isPermutation(s.orderB().indices(4)));
    assertEquals(9, s.orderA().indices(4).length);
  }

  @Test
  void stageCIteratesTheLabeledSubsetOnce() {
    UnpairedSampler s = UnpairedSampler.drivenByA(14, 9000, 3);
    assertEquals(14, s.epochLength());
    assertTrue(isPermutation(s.orderA().indices(0)));
    for (int i : s.orderB().indices(0)) {
      assertTrue(i >= 0 && i < 9000);
    }
  }

  @Test
  void ordersArePureFunctionsOfSeedAndEpoch() {
    UnpairedSampler a = UnpairedSampler.maxOfBoth(5, 4, 1);
    UnpairedSampler b = UnpairedSampler.maxOfBoth(5, 4, 1);
    assertArrayEquals(a.orderB().indices(3), b.orderB().indices(3));
    assertArrayEquals(a.orderA().indices(3), a.orderA().indices(3));
    assertFalse(
        Arrays.equals(
            a.orderA().indices(3), UnpairedSampler.maxOfBoth(5, 4, 2).orderA().indices(3)));
  }
}
