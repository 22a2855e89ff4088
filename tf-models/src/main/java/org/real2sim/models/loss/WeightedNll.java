package org.real2sim.models.loss;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssertThat;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The class-weighted negative log-likelihood behind {@link Losses#crossEntropy(Ops, Operand,
 * Operand, Operand)} and {@link Losses#pixelCrossEntropy(Ops, Operand, Operand, Operand)}, with
 * PyTorch's {@code CrossEntropyLoss} reduction.
 */
final class WeightedNll {

  private WeightedNll() {}

  /**
   * Σ w[y]·nll / Σ w[y] over the valid entries, after flattening every axis but the last of the
   * logits; with {@code ignore}, labels equal to {@link Losses#IGNORE_LABEL} are invalid, otherwise
   * every label must be in range.
   */
  static Operand<TFloat32> apply(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TInt32> labels,
      Operand<TFloat32> classWeights,
      boolean ignore) {
    Shape logitsShape = logits.shape();
    long classes =
        logitsShape.isUnknown() || logitsShape.numDimensions() == 0 ? -1 : logitsShape.size(-1);
    if (classes <= 0) {
      throw new IllegalArgumentException(
          "The class axis (last) of the logits must have a static size, found shape "
              + logitsShape);
    }
    if (classWeights != null) {
      Losses.requireRank("classWeights", classWeights.shape(), 1);
      long wk = classWeights.shape().isUnknown() ? -1 : classWeights.shape().size(0);
      if (wk >= 0 && wk != classes) {
        throw new IllegalArgumentException(
            "classWeights has " + wk + " entries but the logits have " + classes + " classes");
      }
    }
    Operand<TInt32> k = tf.constant(Math.toIntExact(classes));
    Operand<TFloat32> flatLogits =
        tf.reshape(logits, tf.constant(new int[] {-1, Math.toIntExact(classes)}));
    Operand<TInt32> flatLabels = tf.reshape(labels, tf.constant(new int[] {-1}));

    Operand<TBool> inRange =
        tf.math.logicalAnd(
            tf.math.greaterEqual(flatLabels, tf.constant(0)), tf.math.less(flatLabels, k));
    Operand<TBool> valid;
    Operand<TBool> acceptable;
    if (ignore) {
      Operand<TBool> ignored = tf.math.equal(flatLabels, tf.constant(Losses.IGNORE_LABEL));
      valid = tf.math.logicalNot(ignored);
      acceptable = tf.math.logicalOr(inRange, ignored);
    } else {
      valid = tf.onesLike(inRange);
      acceptable = inRange;
    }
    String expected =
        ignore
            ? "labels must be class ids in [0, K) or the ignore label " + Losses.IGNORE_LABEL
            : "labels must be class ids in [0, K)";
    AssertThat check =
        tf.assertThat(
            tf.reduceAll(acceptable, tf.constant(0)),
            List.<Operand<?>>of(
                tf.constant(expected + "; K, smallest and largest label found:"),
                k,
                tf.min(flatLabels, tf.constant(0)),
                tf.max(flatLabels, tf.constant(0))));

    // Ignored labels become class 0 so OneHot and Gather never see 255; their weight is 0.
    Operand<TInt32> safe = tf.select(valid, flatLabels, tf.zerosLike(flatLabels));
    Operand<TFloat32> oneHot = tf.oneHot(safe, k, tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> nll = tf.nn.softmaxCrossEntropyWithLogits(flatLogits, oneHot).loss();
    Operand<TFloat32> weight = entryWeights(tf, safe, valid, classWeights);
    Operand<TFloat32> numerator = tf.reduceSum(tf.math.mul(weight, nll), tf.constant(0));
    Operand<TFloat32> denominator = tf.reduceSum(weight, tf.constant(0));
    return tf.withControlDependencies(List.<Op>of(check))
        .identity(tf.math.divNoNan(numerator, denominator));
  }

  /** Each entry's weight: its class weight (1 without weights) where valid, else 0. */
  static Operand<TFloat32> entryWeights(
      Ops tf, Operand<TInt32> safe, Operand<TBool> valid, Operand<TFloat32> classWeights) {
    // The weights depend on the labels only (OnesLike/ZerosLike of the logits would sit on the
    // gradient path, and OnesLike has no gradient in TF Java 1.1.0).
    Operand<TFloat32> validWeight = tf.dtypes.cast(valid, TFloat32.class);
    return classWeights == null
        ? validWeight
        : tf.math.mul(tf.gather(classWeights, safe, tf.constant(0)), validWeight);
  }
}
