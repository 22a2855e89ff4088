package org.real2sim.models.expert;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * In-graph conversion of images into an expert's input normalisation, so that stage c feeds {@code
 * G_RS(x)} straight into the frozen expert and gradients flow through the conversion.
 */
public final class InputAdapter {

  private InputAdapter() {}

  /**
   * Maps a generator's output in [−1, 1] to the expert's normalisation: {@code ((x + 1)/2 −
   * mean)/std}, written as one {@code Mul} and one {@code Add} with per-channel constants of shape
   * {@code [3]}: {@code y = x·a + b}, {@code a = }{@link Normalization#generatorScale()}, {@code b
   * = }{@link Normalization#generatorShift()} (the exporter writes the same two ops). For {@link
   * Normalization#SYMMETRIC} the input is returned unchanged.
   *
   * @param x {@code [N, H, W, 3]} (or any shape whose last axis is the 3 channels)
   */
  public static Operand<TFloat32> fromGenerator(
      Ops tf, Operand<TFloat32> x, Normalization normalization) {
    if (normalization.equals(Normalization.SYMMETRIC)) {
      return x;
    }
    return affine(tf, x, normalization.generatorScale(), normalization.generatorShift());
  }

  /**
   * Maps pixels in [0, 1] to the expert's normalisation, {@code (x − mean)/std}, as {@code y = x·a
   * + b} with {@code a = 1/std}, {@code b = −mean/std} (rounded to float).
   *
   * @param x {@code [N, H, W, 3]} (or any shape whose last axis is the 3 channels)
   */
  public static Operand<TFloat32> fromUnit(
      Ops tf, Operand<TFloat32> x, Normalization normalization) {
    double[] mean = normalization.mean();
    double[] std = normalization.std();
    float[] a = new float[3];
    float[] b = new float[3];
    for (int c = 0; c < 3; c++) {
      a[c] = (float) (1 / std[c]);
      b[c] = (float) (-mean[c] / std[c]);
    }
    return affine(tf, x, a, b);
  }

  private static Operand<TFloat32> affine(Ops tf, Operand<TFloat32> x, float[] a, float[] b) {
    long channels =
        x.shape().numDimensions() > 0 ? x.shape().size(x.shape().numDimensions() - 1) : -1;
    if (channels != 3) {
      throw new IllegalArgumentException(
          "The input adapter needs 3 channels on the last axis, found shape " + x.shape());
    }
    Operand<TFloat32> scale = tf.constant(Shape.of(3), DataBuffers.of(a, true, false));
    Operand<TFloat32> shift = tf.constant(Shape.of(3), DataBuffers.of(b, true, false));
    return tf.math.add(tf.math.mul(x, scale), shift);
  }
}
