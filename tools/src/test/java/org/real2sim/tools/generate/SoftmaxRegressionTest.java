package org.real2sim.tools.generate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

  @Test
  void softmaxRegressionSeparatesThreeGaussianClusters() {
    SplittableRandom rng = new SplittableRandom(1);
    double[][] centres = {{0, 0}, {4, 0}, {0, 4}};
    int n = 600;
    float[][] x = new float[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      x[i] =
          new float[] {
            (float) (centres[y[i]][0] + 0.5 * ShapesBenchmark.gaussian(rng)),
            (float) (centres[y[i]][1] + 0.5 * ShapesBenchmark.gaussian(rng))
          };
    }
    SoftmaxRegression m = SoftmaxRegression.fit(x, y, 3, 0);
    int ok = 0;
    for (int i = 0; i < n; i++) {
      ok += m.predict(x[i]) == y[i] ? 1 : 0;
    }
    // The clusters are 8 standard deviations apart: a linear model classifies all of them.
    assertEquals(n, ok);
    assertEquals(1, m.predict(new float[] {5, -1}));
    assertEquals(2, m.predict(new float[] {-1, 6}));
  }
}
