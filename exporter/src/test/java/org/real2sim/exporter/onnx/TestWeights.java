package org.real2sim.exporter.onnx;

import java.util.Map;
import java.util.SplittableRandom;
import org.real2sim.models.nn.Weights;

/**
 * Seeded random weights in TensorFlow layout under project variable names, for the exporter's
 * tests.
 */
public final class TestWeights {

  private final SplittableRandom rng;
  private final Map<String, Weights> map;

  /** Weights drawn from {@code seed}, stored into {@code map}. */
  public TestWeights(long seed, Map<String, Weights> map) {
    this.rng = new SplittableRandom(seed);
    this.map = map;
  }

  /** The map the weights go into. */
  public Map<String, Weights> map() {
    return map;
  }

  /** Uniform values in [-scale, scale]. */
  public float[] uniform(int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
    }
    return v;
  }

  /** A convolution kernel [k, k, in, out] and, when {@code bias}, a bias [out]. */
  public TestWeights conv(String path, int k, int in, int out, boolean bias) {
    map.put(
        path + "/kernel",
        new Weights(
            new long[] {k, k, in, out}, uniform(k * k * in * out, 1.0 / Math.sqrt(k * k * in))));
    if (bias) {
      map.put(path + "/bias", new Weights(new long[] {out}, uniform(out, 0.2)));
    }
    return this;
  }

  /** A transposed-convolution kernel [k, k, out, in] and, when {@code bias}, a bias [out]. */
  public TestWeights convTranspose(String path, int k, int in, int out, boolean bias) {
    map.put(
        path + "/kernel",
        new Weights(
            new long[] {k, k, out, in}, uniform(k * k * in * out, 1.0 / Math.sqrt(k * k * in))));
    if (bias) {
      map.put(path + "/bias", new Weights(new long[] {out}, uniform(out, 0.2)));
    }
    return this;
  }

  /** Batch-norm gamma, beta, moving mean and moving variance [c]. */
  public TestWeights batchNorm(String path, int c) {
    float[] gamma = uniform(c, 0.5);
    float[] var = uniform(c, 0.5);
    for (int i = 0; i < c; i++) {
      gamma[i] += 1;
      var[i] += 1;
    }
    map.put(path + "/gamma", new Weights(new long[] {c}, gamma));
    map.put(path + "/beta", new Weights(new long[] {c}, uniform(c, 0.3)));
    map.put(path + "/moving_mean", new Weights(new long[] {c}, uniform(c, 0.3)));
    map.put(path + "/moving_variance", new Weights(new long[] {c}, var));
    return this;
  }

  /** A dense kernel [in, out] and bias [out]. */
  public TestWeights dense(String path, int in, int out) {
    map.put(
        path + "/kernel",
        new Weights(new long[] {in, out}, uniform(in * out, 1.0 / Math.sqrt(in))));
    map.put(path + "/bias", new Weights(new long[] {out}, uniform(out, 0.2)));
    return this;
  }
}
