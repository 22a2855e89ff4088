package org.real2sim.tools.generate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.util.ProgressBar;

class SeparabilityCheckTest {

  @TempDir Path dir;

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
    SeparabilityCheck.Softmax m = SeparabilityCheck.Softmax.fit(x, y, 3, 0);
    int ok = 0;
    for (int i = 0; i < n; i++) {
      ok += m.predict(x[i]) == y[i] ? 1 : 0;
    }
    // The clusters are 8 standard deviations apart: a linear model classifies all of them.
    assertEquals(n, ok);
    assertEquals(1, m.predict(new float[] {5, -1}));
    assertEquals(2, m.predict(new float[] {-1, 6}));
  }

  @Test
  void reportsAnInDomainScoreFarAboveTheRealDomainsOnShapes() throws Exception {
    GeneratorConfig cfg = new GeneratorConfig("shapes", dir.resolve("s"), 0, 32, 32, 300, 100, 2);
    BenchmarkGenerator.generate(
        cfg,
        false,
        new ProgressBar(
            "g", 0, new PrintStream(new ByteArrayOutputStream()), false, System::nanoTime));
    List<SeparabilityCheck.Row> rows = SeparabilityCheck.run(cfg.out(), "shapes", 0);
    assertEquals(2, rows.size());
    SeparabilityCheck.Row hog = rows.get(1);
    assertEquals(0.1, hog.chance(), 1e-9); // 10 balanced classes
    assertTrue(hog.synthToSynth() > 0.4, "in-domain " + hog.synthToSynth());
    assertTrue(hog.synthToReal() < hog.synthToSynth() - 0.2, hog.toString());
  }
}
