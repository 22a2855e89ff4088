package org.real2sim.trainer.eval;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Scoring at the labels' own resolution upsamples the predicted class map by nearest neighbour. */
class EvaluatorTest {

  @Test
  void predictionsAreUpsampledByNearestNeighbourOfPixelCentres() {
    // Batch element 1 of two 2x3 maps, to 4x6 (x2) and to 3x3 (x1.5 rows, x1 columns).
    int[] pred = {9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6};
    assertArrayEquals(
        new int[] {
          1, 1, 2, 2, 3, 3, //
          1, 1, 2, 2, 3, 3, //
          4, 4, 5, 5, 6, 6, //
          4, 4, 5, 5, 6, 6
        },
        Evaluator.upsampleNearest(pred, 6, 2, 3, 4, 6));
    assertArrayEquals(
        new int[] {1, 2, 3, 4, 5, 6, 4, 5, 6}, Evaluator.upsampleNearest(pred, 6, 2, 3, 3, 3));
    assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, Evaluator.upsampleNearest(pred, 6, 2, 3, 2, 3));
  }
}
