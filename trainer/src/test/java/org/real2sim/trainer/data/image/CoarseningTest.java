package org.real2sim.trainer.data.image;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CoarseningTest {

  @Test
  void majorityFilterRemovesAThinLineAndKeepsRegions() {
    // 5x5: left 2 columns class 1, right 3 columns class 2, one pixel-wide pole (class 5) at x = 3.
    int[] in = new int[25];
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        in[y * 5 + x] = x < 2 ? 1 : (x == 3 ? 5 : 2);
      }
    }
    int[] out = Coarsening.majority(new LabelImage(5, 5, in), 3).data();
    // Hand count, row 2 (full 3x3 windows): x=1 window cols 0..2 -> 1:6, 2:3 -> 1.
    // x=2 cols 1..3 -> 1:3, 2:3, 5:3: tie, centre (2) is among the best -> 2.
    // x=3 cols 2..4 -> 2:6, 5:3 -> 2 (the pole vanishes). x=4 cols 3..4 (clipped) -> 5:3, 2:3,
    // tie, centre 2 -> 2.
    assertArrayEquals(new int[] {1, 1, 2, 2, 2}, java.util.Arrays.copyOfRange(out, 10, 15));
    // Corner (0,0): window cols 0..1 rows 0..1 -> all 1.
    assertEquals(1, out[0]);
  }

  @Test
  void majorityTieKeepsTheCentreIfItIsAmongTheBestElseTheSmallestId() {
    // 3x3, k = 3, centre pixel (1, 1) sees the whole image: four 8s, four 6s and itself (9).
    // 8 and 6 tie with 4 votes; the centre's 9 has 1, so the smallest tied id, 6, wins.
    int[] in = {8, 8, 8, 8, 9, 6, 6, 6, 6};
    assertEquals(6, Coarsening.majority(new LabelImage(3, 3, in), 3).get(1, 1));
    // Corner (0, 0) sees 8, 8 / 8, 9: 8 wins outright.
    assertEquals(8, Coarsening.majority(new LabelImage(3, 3, in), 3).get(0, 0));
    // 1x3 row 7, 9, 3: every window is a tie of ones; each centre is among the best and stays.
    assertArrayEquals(
        new int[] {7, 9, 3},
        Coarsening.majority(new LabelImage(3, 1, new int[] {7, 9, 3}), 3).data());
    // The ignore id votes like a class.
    int[] two = Coarsening.majority(new LabelImage(2, 2, new int[] {255, 255, 255, 6}), 3).data();
    assertArrayEquals(new int[] {255, 255, 255, 255}, two);
  }

  @Test
  void boxBlurAveragesTheClippedWindow() {
    // 3x1 image with channel values 0, 3, 6 and k = 3 -> (0+3)/2, (0+3+6)/3, (3+6)/2.
    float[] d = {0, 0, 0, 3, 3, 3, 6, 6, 6};
    RgbImage out = Coarsening.boxBlur(new RgbImage(1, 3, d), 3);
    assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 3, 3, 3, 4.5f, 4.5f, 4.5f}, out.data(), 1e-6f);
  }

  @Test
  void rejectsAnEvenWindow() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Coarsening.majority(new LabelImage(1, 1, new int[1]), 4));
  }
}
