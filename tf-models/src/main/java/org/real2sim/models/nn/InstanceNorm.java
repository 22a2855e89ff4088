package org.real2sim.models.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Instance normalisation without weights, as PyTorch's {@code InstanceNorm2d}; the epsilon is
 * {@link Layers#INSTANCE_NORM_EPSILON}.
 */
public final class InstanceNorm {

  /** The largest static batch that {@link #apply} splits into fused per-sample norms. */
  public static final int MAX_SPLIT_BATCH = 8;

  private InstanceNorm() {}

  /**
   * Instance normalisation without affine parameters or running statistics, PyTorch's {@code
   * InstanceNorm2d(C)} (ONNX {@code InstanceNormalization} with scale 1 and bias 0): every sample
   * and channel is normalised over H and W, {@code y = (x − mean)/sqrt(var + 1e-5)} with the biased
   * variance.
   *
   * <p>When the batch dimension is statically 1, the op is {@code FusedBatchNormV3} in training
   * mode with scale 1 and offset 0 (at batch 1 that is exactly instance norm, and faster on CPU). A
   * static batch of 2 to {@value #MAX_SPLIT_BATCH} is {@code Split} along the batch into single
   * samples, one such {@code FusedBatchNormV3} each, and {@code ConcatV2} (faster than the moments
   * below in a CycleGAN training step that stacks two images). Otherwise {@code Mean}, {@code
   * SquaredDifference}, {@code Mean}, {@code Rsqrt} and element-wise ops. The channel dimension
   * must be known.
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    Layers.rank4(x, "instance norm");
    long c = x.shape().size(3);
    if (c < 0) {
      throw new IllegalArgumentException(
          "instance norm needs a known channel dimension, found shape " + x.shape());
    }
    long n = x.shape().size(0);
    if (n == 1) {
      return fused(tf, x, c);
    }
    if (n > 1 && n <= MAX_SPLIT_BATCH) {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (Output<TFloat32> part : tf.split(tf.constant(0), x, n).output()) {
        parts.add(fused(tf, part, c));
      }
      return tf.concat(parts, tf.constant(0));
    }
    Operand<TInt32> axes = tf.constant(new int[] {1, 2});
    Operand<TFloat32> mean = tf.math.mean(x, axes, Mean.keepDims(true));
    Operand<TFloat32> var =
        tf.math.mean(tf.math.squaredDifference(x, mean), axes, Mean.keepDims(true));
    Operand<TFloat32> inv =
        tf.math.rsqrt(tf.math.add(var, tf.constant(Layers.INSTANCE_NORM_EPSILON)));
    return tf.math.mul(tf.math.sub(x, mean), inv);
  }

  private static Operand<TFloat32> fused(Ops tf, Operand<TFloat32> x, long c) {
    float[] ones = new float[Math.toIntExact(c)];
    Arrays.fill(ones, 1f);
    Operand<TFloat32> empty = tf.constant(new float[0]);
    return tf.nn
        .fusedBatchNorm(
            x,
            tf.constant(ones),
            tf.constant(new float[Math.toIntExact(c)]),
            empty,
            empty,
            FusedBatchNorm.epsilon(Layers.INSTANCE_NORM_EPSILON),
            FusedBatchNorm.isTraining(true))
        .y();
  }
}
