package org.real2sim.models.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feeds;
import org.tensorflow.Operand;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class LossesTest {

  private static final double TOL = 1e-6;

  /** Plain-Java reference: Σ w[y]·nll / Σ w[y] over rows whose label is not 255. */
  static double referenceCrossEntropy(float[] logits, int[] labels, int k, float[] weights) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 255) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, logits[i * k + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(logits[i * k + c] - max);
      }
      double nll = Math.log(sum) + max - logits[i * k + labels[i]];
      double w = weights == null ? 1 : weights[labels[i]];
      num += w * nll;
      den += w;
    }
    return den == 0 ? 0 : num / den;
  }

  @Test
  void lsganGeneratorIsMeanSquaredDistanceToOne() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> d = g.placeholder(2, 2);
      Operand<TFloat32> loss = Losses.lsganGenerator(g.tf(), d);
      // ((0.5-1)^2 + (2-1)^2 + (-1-1)^2 + (1-1)^2) / 4 = (0.25 + 1 + 4 + 0) / 4
      float v = g.scalar(new Feeds().put(d, new float[] {0.5f, 2f, -1f, 1f}, 2, 2), loss);
      assertEquals(1.3125, v, TOL);
    }
  }

  @Test
  void lsganDiscriminatorHalvesRealAndFakeTerms() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> real = g.placeholder(2);
      Operand<TFloat32> fake = g.placeholder(3);
      Operand<TFloat32> loss = Losses.lsganDiscriminator(g.tf(), real, fake);
      // real: ((1.5-1)^2 + (0-1)^2) / 2 = 0.625; fake: (0.25 + 1 + 4) / 3 = 1.75; 0.5 * 2.375
      float v =
          g.scalar(
              new Feeds()
                  .put(real, new float[] {1.5f, 0f}, 2)
                  .put(fake, new float[] {0.5f, -1f, 2f}, 3),
              loss);
      assertEquals(1.1875, v, TOL);
    }
  }

  @Test
  void l1IsMeanAbsoluteDifference() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> a = g.placeholder(4);
      Operand<TFloat32> b = g.placeholder(4);
      Operand<TFloat32> loss = Losses.l1(g.tf(), a, b);
      float v =
          g.scalar(
              new Feeds()
                  .put(a, new float[] {1f, -2f, 3f, 0.5f}, 4)
                  .put(b, new float[] {0f, 1f, 3f, -0.5f}, 4),
              loss);
      assertEquals((1 + 3 + 0 + 1) / 4.0, v, TOL);
    }
  }

  @Test
  void cycleAndIdentitySumBothDirections() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> r = g.placeholder(2);
      Operand<TFloat32> rr = g.placeholder(2);
      Operand<TFloat32> s = g.placeholder(2);
      Operand<TFloat32> ss = g.placeholder(2);
      Operand<TFloat32> cyc = Losses.cycle(g.tf(), r, rr, s, ss);
      Operand<TFloat32> idt = Losses.identity(g.tf(), s, ss, r, rr);
      Feeds f =
          new Feeds()
              .put(r, new float[] {1f, 0f}, 2)
              .put(rr, new float[] {0f, 0f}, 2)
              .put(s, new float[] {-1f, 1f}, 2)
              .put(ss, new float[] {1f, 1f}, 2);
      // |rr - r| mean = 0.5, |ss - s| mean = 1
      assertEquals(1.5, g.scalar(f, cyc), TOL);
      assertEquals(1.5, g.scalar(f, idt), TOL);
    }
  }

  @Test
  void crossEntropyMatchesHandComputedValues() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> logits = g.placeholder(2, 3);
      Operand<TInt32> labels = g.ints(2);
      Operand<TFloat32> weights = g.tf().constant(new float[] {1f, 2f, 0.5f});
      Operand<TFloat32> plain = Losses.crossEntropy(g.tf(), logits, labels);
      Operand<TFloat32> weighted = Losses.crossEntropy(g.tf(), logits, labels, weights);
      Feeds f =
          new Feeds()
              .put(logits, new float[] {1, 2, 3, 1, 1, 1}, 2, 3)
              .putInts(labels, new int[] {2, 0}, 2);
      // nll0 = log(1 + e^-1 + e^-2), nll1 = log 3
      double nll0 = Math.log(1 + Math.exp(-1) + Math.exp(-2));
      double nll1 = Math.log(3);
      assertEquals(0.4076059644, nll0, 1e-9);
      assertEquals((nll0 + nll1) / 2, g.scalar(f, plain), TOL);
      // weights of the labels: w[2] = 0.5, w[0] = 1
      assertEquals((0.5 * nll0 + 1 * nll1) / 1.5, g.scalar(f, weighted), TOL);
    }
  }

  @Test
  void pixelCrossEntropyExcludesIgnoredPixelsFromNumeratorAndDenominator() {
    int k = 3;
    float[] x = {
      0.2f, -1f, 0.5f, 3f, 1f, -2f, // pixel (0,0) label 1, pixel (0,1) ignored
      -0.5f, 0.1f, 2f, 1f, 1f, 0.3f, // pixel (1,0) label 2, pixel (1,1) label 0
      0f, 0f, 0f, 5f, -5f, 0f, // second image: label 255, label 1
      1f, 2f, 3f, -1f, 0.5f, 0.25f // label 0, label 255
    };
    int[] y = {1, 255, 2, 0, 255, 1, 0, 255};
    float[] w = {1f, 2f, 0.5f};
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> logits = g.placeholder(2, 2, 2, k);
      Operand<TInt32> labels = g.ints(2, 2, 2);
      Operand<TFloat32> plain = Losses.pixelCrossEntropy(g.tf(), logits, labels);
      Operand<TFloat32> weighted =
          Losses.pixelCrossEntropy(g.tf(), logits, labels, g.tf().constant(w));
      Feeds f = new Feeds().put(logits, x, 2, 2, 2, k).putInts(labels, y, 2, 2, 2);
      assertEquals(referenceCrossEntropy(x, y, k, null), g.scalar(f, plain), TOL);
      assertEquals(referenceCrossEntropy(x, y, k, w), g.scalar(f, weighted), TOL);
      // The reference itself: with the ignored pixels counted the value would differ.
      int[] noIgnore = y.clone();
      for (int i = 0; i < noIgnore.length; i++) {
        noIgnore[i] = noIgnore[i] == 255 ? 0 : noIgnore[i];
      }
      assertTrue(Math.abs(referenceCrossEntropy(x, noIgnore, k, w) - g.scalar(f, weighted)) > 0.05);
    }
  }

  @Test
  void allIgnoredBatchGivesZeroLossAndZeroGradient() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> logits = g.placeholder(1, 2, 1, 2);
      Operand<TInt32> labels = g.ints(1, 2, 1);
      Operand<TFloat32> loss =
          Losses.pixelCrossEntropy(g.tf(), logits, labels, g.tf().constant(new float[] {1f, 3f}));
      Operand<TFloat32> grad = g.gradient(loss, logits);
      Feeds f =
          new Feeds()
              .put(logits, new float[] {1, 2, 3, -4}, 1, 2, 1, 2)
              .putInts(labels, new int[] {255, 255}, 1, 2, 1);
      var out = g.run(f, List.of(loss, grad));
      assertEquals(0f, out.get(0)[0]);
      for (float v : out.get(1)) {
        assertEquals(0f, v, 0f, "gradient of an all-ignored batch must be 0, not NaN");
      }
    }
  }

  @Test
  void rejectsLabelOutOfRangeWithMessage() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> logits = g.placeholder(2, 3);
      Operand<TInt32> labels = g.ints(2);
      Operand<TFloat32> loss = Losses.crossEntropy(g.tf(), logits, labels);
      Feeds f =
          new Feeds()
              .put(logits, new float[6], 2, 3)
              .putInts(labels, new int[] {1, 255}, 2); // 255 is not ignored in classification
      TFInvalidArgumentException e =
          assertThrows(TFInvalidArgumentException.class, () -> g.scalar(f, loss));
      assertTrue(e.getMessage().contains("labels must be class ids in [0, K)"), e.getMessage());

      Operand<TFloat32> pl = g.placeholder(1, 1, 2, 3);
      Operand<TInt32> py = g.ints(1, 1, 2);
      Operand<TFloat32> pixel = Losses.pixelCrossEntropy(g.tf(), pl, py);
      Feeds pf =
          new Feeds().put(pl, new float[6], 1, 1, 2, 3).putInts(py, new int[] {255, 3}, 1, 1, 2);
      e = assertThrows(TFInvalidArgumentException.class, () -> g.scalar(pf, pixel));
      assertTrue(e.getMessage().contains("or the ignore label 255"), e.getMessage());
    }
  }

  @Test
  void rejectsMismatchedShapesWhenBuilding() {
    try (TfGraph g = new TfGraph(1)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Losses.crossEntropy(
                      g.tf(),
                      g.placeholder(2, 3),
                      g.ints(2),
                      g.tf().constant(new float[] {1f, 1f})));
      assertTrue(e.getMessage().contains("classWeights has 2 entries"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Losses.pixelCrossEntropy(g.tf(), g.placeholder(2, 3), g.ints(2)));
      assertTrue(e.getMessage().contains("logits must have rank 4"), e.getMessage());
    }
  }

  @Test
  void taskAwareLossInterpolatesAdversarialAndTaskTerms() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> adv = g.placeholder();
      Operand<TFloat32> task = g.placeholder();
      Operand<TFloat32> alpha = g.placeholder();
      Operand<TFloat32> gamma = g.placeholder();
      Operand<TFloat32> loss = Losses.taskAware(g.tf(), adv, task, alpha, gamma);
      Feeds f = new Feeds().scalar(adv, 0.8f).scalar(task, 1.5f).scalar(gamma, 0.25f);
      assertEquals(0.8, g.scalar(f.with(alpha, new float[] {0f}), loss), TOL);
      assertEquals(0.25 * 1.5, g.scalar(f.with(alpha, new float[] {1f}), loss), TOL);
      assertEquals(
          0.1 * 0.8 + 0.9 * 0.25 * 1.5, g.scalar(f.with(alpha, new float[] {0.9f}), loss), TOL);
    }
  }

  private static void assertGradientMatchesFiniteDifferences(
      TfGraph g, Feeds f, Operand<TFloat32> loss, Operand<TFloat32> x, float[] x0, long... shape) {
    Operand<TFloat32> grad = g.gradient(loss, x);
    float[] analytic = g.eval(f.with(x, x0, shape), grad);
    double[] numeric = g.finiteDifferences(f, loss, x, x0, shape, 1e-2f);
    double maxAbs = 0;
    for (int i = 0; i < x0.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(analytic[i]));
      assertEquals(numeric[i], analytic[i], 1e-3 + 1e-2 * Math.abs(numeric[i]), "element " + i);
    }
    assertTrue(maxAbs > 1e-3, "the gradient must not vanish for this check to mean anything");
  }

  @Test
  void adversarialAndL1GradientsMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> real = g.placeholder(2, 3);
      Operand<TFloat32> fake = g.placeholder(2, 3);
      float[] r0 = {0.3f, 1.7f, -0.4f, 0.9f, 1.2f, 0.05f};
      float[] f0 = {0.5f, -0.2f, 1.4f, 0.1f, -0.7f, 0.8f};
      Feeds f = new Feeds().put(real, r0, 2, 3).put(fake, f0, 2, 3);
      assertGradientMatchesFiniteDifferences(
          g, f, Losses.lsganGenerator(g.tf(), fake), fake, f0, 2, 3);
      Operand<TFloat32> d = Losses.lsganDiscriminator(g.tf(), real, fake);
      assertGradientMatchesFiniteDifferences(g, f, d, real, r0, 2, 3);
      assertGradientMatchesFiniteDifferences(g, f, d, fake, f0, 2, 3);
      // every |real - fake| is at least 0.2, far from L1's kink compared with h = 0.01
      assertGradientMatchesFiniteDifferences(g, f, Losses.l1(g.tf(), real, fake), fake, f0, 2, 3);
    }
  }

  @Test
  void crossEntropyGradientsMatchFiniteDifferences() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> logits = g.placeholder(3, 4);
      Operand<TInt32> labels = g.ints(3);
      float[] x0 = {0.1f, -0.3f, 0.8f, 0.2f, 1.1f, 0.4f, -0.6f, 0f, -0.2f, 0.5f, 0.3f, 0.9f};
      Feeds f = new Feeds().put(logits, x0, 3, 4).putInts(labels, new int[] {2, 0, 3}, 3);
      Operand<TFloat32> w = g.tf().constant(new float[] {1f, 0.5f, 2f, 3f});
      assertGradientMatchesFiniteDifferences(
          g, f, Losses.crossEntropy(g.tf(), logits, labels, w), logits, x0, 3, 4);
      assertGradientMatchesFiniteDifferences(
          g, f, Losses.crossEntropy(g.tf(), logits, labels), logits, x0, 3, 4);
    }
  }

  @Test
  void pixelCrossEntropyGradientMatchesFiniteDifferencesAndIsZeroOnIgnoredPixels() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> logits = g.placeholder(1, 2, 2, 3);
      Operand<TInt32> labels = g.ints(1, 2, 2);
      float[] x0 = {0.1f, -0.3f, 0.8f, 0.2f, 1.1f, 0.4f, -0.6f, 0f, -0.2f, 0.5f, 0.3f, 0.9f};
      Feeds f =
          new Feeds()
              .put(logits, x0, 1, 2, 2, 3)
              .putInts(labels, new int[] {2, 255, 0, 1}, 1, 2, 2);
      Operand<TFloat32> loss =
          Losses.pixelCrossEntropy(
              g.tf(), logits, labels, g.tf().constant(new float[] {1f, 2f, 0.5f}));
      assertGradientMatchesFiniteDifferences(g, f, loss, logits, x0, 1, 2, 2, 3);
      assertGradientMatchesFiniteDifferences(
          g, f, Losses.pixelCrossEntropy(g.tf(), logits, labels), logits, x0, 1, 2, 2, 3);
      float[] grad = g.eval(f, g.gradient(loss, logits));
      for (int c = 3; c < 6; c++) {
        assertEquals(0f, grad[c], 0f, "ignored pixel, class " + c);
      }
    }
  }

  @Test
  void taskAwareGradientMatchesFiniteDifferences() {
    try (TfGraph g = new TfGraph(1)) {
      Operand<TFloat32> terms = g.placeholder(2);
      Operand<TFloat32> alpha = g.tf().constant(0.3f);
      Operand<TFloat32> gamma = g.tf().constant(2f);
      Operand<TFloat32> adv = g.tf().gather(terms, g.tf().constant(0), g.tf().constant(0));
      Operand<TFloat32> task = g.tf().gather(terms, g.tf().constant(1), g.tf().constant(0));
      Operand<TFloat32> loss = Losses.taskAware(g.tf(), adv, task, alpha, gamma);
      float[] t0 = {0.7f, 1.2f};
      Feeds f = new Feeds().put(terms, t0, 2);
      assertGradientMatchesFiniteDifferences(g, f, loss, terms, t0, 2);
      float[] grad = g.eval(f, g.gradient(loss, terms));
      assertEquals(0.7, grad[0], TOL); // 1 - alpha
      assertEquals(0.6, grad[1], TOL); // alpha * gamma
    }
  }
}
