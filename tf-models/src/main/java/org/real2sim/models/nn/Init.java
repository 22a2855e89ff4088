package org.real2sim.models.nn;

import java.util.SplittableRandom;

/**
 * How a variable's initial values are drawn.
 *
 * <p>Values are generated in Java from a {@link SplittableRandom} seeded by the store's seed and
 * the variable's full name, so one seed gives bit-identical weights regardless of the order in
 * which variables are created.
 */
public sealed interface Init {

  /**
   * Fills {@code out} for a variable with the given shape; {@code rng} is private to the variable.
   */
  void fill(float[] out, long[] shape, SplittableRandom rng);

  /** All zeros (biases, batch-norm shift and running mean). */
  Init ZEROS = new Constant(0f);

  /** All ones (batch-norm scale and running variance). */
  Init ONES = new Constant(1f);

  /** A constant value. */
  record Constant(float value) implements Init {
    @Override
    public void fill(float[] out, long[] shape, SplittableRandom rng) {
      java.util.Arrays.fill(out, value);
    }
  }

  /** Normal N(mean, std²); CycleGAN uses N(0, 0.02). */
  record Normal(double mean, double std) implements Init {
    @Override
    public void fill(float[] out, long[] shape, SplittableRandom rng) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (mean + std * gaussian(rng));
      }
    }
  }

  /**
   * He (Kaiming) normal with fan-out and ReLU gain, as torchvision initialises ResNet convolutions.
   * For a kernel of shape [kh, kw, in, out], fan-out is kh·kw·out.
   */
  record HeNormalFanOut() implements Init {
    @Override
    public void fill(float[] out, long[] shape, SplittableRandom rng) {
      long fanOut = shape[shape.length - 1];
      for (int i = 0; i < shape.length - 2; i++) {
        fanOut *= shape[i];
      }
      double std = Math.sqrt(2.0 / fanOut);
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (std * gaussian(rng));
      }
    }
  }

  /** Uniform U(-bound, bound); torchvision's Linear uses bound 1/sqrt(fan_in). */
  record Uniform(double bound) implements Init {
    @Override
    public void fill(float[] out, long[] shape, SplittableRandom rng) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
      }
    }
  }

  /**
   * PyTorch's default for convolution kernels, U(±1/√fan_in): for a kernel of shape [kh, kw, in,
   * out] (or [in, out]), fan-in is the product of every dimension but the last, kh·kw·in.
   */
  record FanInUniform() implements Init {
    @Override
    public void fill(float[] out, long[] shape, SplittableRandom rng) {
      long fanIn = 1;
      for (int i = 0; i < shape.length - 1; i++) {
        fanIn *= shape[i];
      }
      new Uniform(1 / Math.sqrt(fanIn)).fill(out, shape, rng);
    }
  }

  /** A standard normal sample by the Box–Muller transform (exact, stable across JDKs). */
  static double gaussian(SplittableRandom rng) {
    double u1;
    do {
      u1 = rng.nextDouble();
    } while (u1 <= 0);
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
