package org.real2sim.models.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/** Batch normalisation with weights, as PyTorch's {@code BatchNorm2d}. */
public final class BatchNorm {

  /** Default epsilon of {@link #apply(Block, Operand, boolean)}, as PyTorch's BatchNorm2d. */
  public static final float EPSILON = 1e-5f;

  /**
   * Default momentum of {@link #apply(Block, Operand, boolean)} in PyTorch's convention: {@code
   * moving = (1 - momentum)·moving + momentum·batch}.
   */
  public static final float MOMENTUM = 0.1f;

  private BatchNorm() {}

  /**
   * Batch normalisation with PyTorch's defaults (momentum {@value #MOMENTUM}, epsilon {@value
   * #EPSILON}).
   *
   * @see #apply(Block, Operand, boolean, float, float)
   */
  public static Operand<TFloat32> apply(Block b, Operand<TFloat32> x, boolean training) {
    return apply(b, x, training, MOMENTUM, EPSILON);
  }

  /**
   * Batch normalisation over N, H and W of an NHWC tensor, equal to PyTorch's {@code BatchNorm2d(C,
   * eps, momentum)}.
   *
   * <p>Training: {@code FusedBatchNormV3} in training mode normalises with the batch mean and the
   * biased batch variance, {@code y = gamma·(x − mean)/sqrt(var + eps) + beta}; two {@code
   * AssignSub} ops, registered with {@link VarStore#addUpdate} under the block's path, move the
   * running statistics: {@code moving −= momentum·(moving − batch)}, where the batch variance is
   * the unbiased one (as PyTorch). Whoever trains must run {@link VarStore#updates} with the step;
   * every training-mode application registers its own pair, so apply a network once per training
   * graph.
   *
   * <p>Inference: the running statistics, written as plain element-wise ops so that gradients flow
   * through the layer to its input (stage c backpropagates through the frozen expert): {@code scale
   * = gamma · rsqrt(moving_variance + eps)}, {@code shift = beta − moving_mean·scale}, {@code y =
   * x·scale + shift} ({@code Rsqrt}, {@code Mul}, {@code Sub}, {@code Mul}, {@code Add}).
   *
   * @param b the block whose path holds {@code gamma}, {@code beta}, {@code moving_mean}, {@code
   *     moving_variance}, each {@code [C]}
   * @param x input {@code [N, H, W, C]}; the channel dimension must be known
   */
  public static Operand<TFloat32> apply(
      Block b, Operand<TFloat32> x, boolean training, float momentum, float epsilon) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          "momentum of batch norm " + b.path() + " must be in [0, 1], found " + momentum);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException(
          "epsilon of batch norm " + b.path() + " must be positive, found " + epsilon);
    }
    long c = Layers.channels(b.path(), x);
    long[] shape = {c};
    Operand<TFloat32> gamma = b.variable("gamma", shape, Init.ONES, true);
    Operand<TFloat32> beta = b.variable("beta", shape, Init.ZEROS, true);
    Operand<TFloat32> movingMean = b.variable("moving_mean", shape, Init.ZEROS, false);
    Operand<TFloat32> movingVar = b.variable("moving_variance", shape, Init.ONES, false);
    Ops tf = b.tf();
    if (training) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      FusedBatchNorm<TFloat32, TFloat32> bn =
          tf.nn.fusedBatchNorm(
              x,
              gamma,
              beta,
              empty,
              empty,
              FusedBatchNorm.epsilon(epsilon),
              FusedBatchNorm.isTraining(true));
      Operand<TFloat32> m = tf.constant(momentum);
      Operand<TFloat32> meanRef = b.vars().get(b.path() + "/moving_mean").ref();
      Operand<TFloat32> varRef = b.vars().get(b.path() + "/moving_variance").ref();
      Op updateMean =
          tf.assignSub(meanRef, tf.math.mul(tf.math.sub(movingMean, bn.batchMean()), m));
      Op updateVar =
          tf.assignSub(varRef, tf.math.mul(tf.math.sub(movingVar, bn.batchVariance()), m));
      b.vars().addUpdate(b.path(), updateMean);
      b.vars().addUpdate(b.path(), updateVar);
      return bn.y();
    }
    Operand<TFloat32> scale =
        tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(movingVar, tf.constant(epsilon))));
    Operand<TFloat32> shift = tf.math.sub(beta, tf.math.mul(movingMean, scale));
    return tf.math.add(tf.math.mul(x, scale), shift);
  }
}
