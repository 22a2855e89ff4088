package org.real2sim.tools.generate;

import java.util.SplittableRandom;

/**
 * Multinomial logistic regression on standardised features, fitted by SGD (one example at a time, a
 * linearly decaying learning rate, a small L2 penalty): the linear model of {@link
 * SeparabilityCheck}.
 */
final class SoftmaxRegression {
  final float[] mean;
  final float[] std;
  final double[][] w;

  private SoftmaxRegression(float[] mean, float[] std, double[][] w) {
    this.mean = mean;
    this.std = std;
    this.w = w;
  }

  static SoftmaxRegression fit(float[][] x, int[] y, int k, long seed) {
    int d = x[0].length;
    float[] mean = new float[d];
    float[] std = new float[d];
    for (float[] v : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += v[j] / x.length;
      }
    }
    for (float[] v : x) {
      for (int j = 0; j < d; j++) {
        std[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / x.length;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = (float) Math.sqrt(std[j]) + 1e-6f;
    }
    double[][] w = new double[k][d + 1];
    SoftmaxRegression m = new SoftmaxRegression(mean, std, w);
    SplittableRandom rng = new SplittableRandom(seed);
    int[] order = new int[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double[] z = new double[d + 1];
    double[] p = new double[k];
    int epochs = Math.max(5, Math.min(60, 400_000 / x.length));
    for (int e = 0; e < epochs; e++) {
      double lr = 0.05 * (1 - (double) e / epochs) + 0.002;
      for (int i = order.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int i : order) {
        m.standardise(x[i], z);
        m.probabilities(z, p);
        for (int c = 0; c < k; c++) {
          double g = p[c] - (c == y[i] ? 1 : 0);
          double[] wc = w[c];
          for (int j = 0; j <= d; j++) {
            wc[j] -= lr * (g * z[j] + 1e-4 * wc[j]);
          }
        }
      }
    }
    return m;
  }

  private void standardise(float[] x, double[] z) {
    for (int j = 0; j < x.length; j++) {
      z[j] = (x[j] - mean[j]) / std[j];
    }
    z[x.length] = 1;
  }

  private void probabilities(double[] z, double[] p) {
    double max = -Double.MAX_VALUE;
    for (int c = 0; c < w.length; c++) {
      double s = 0;
      for (int j = 0; j < z.length; j++) {
        s += w[c][j] * z[j];
      }
      p[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < w.length; c++) {
      p[c] = Math.exp(p[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < w.length; c++) {
      p[c] /= sum;
    }
  }

  int predict(float[] x) {
    double[] z = new double[x.length + 1];
    standardise(x, z);
    int best = 0;
    double bestScore = -Double.MAX_VALUE;
    for (int c = 0; c < w.length; c++) {
      double s = 0;
      for (int j = 0; j < z.length; j++) {
        s += w[c][j] * z[j];
      }
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    return best;
  }
}
