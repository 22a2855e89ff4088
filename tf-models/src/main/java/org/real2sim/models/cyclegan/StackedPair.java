package org.real2sim.models.cyclegan;

import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** One application of a network to two images stacked along the batch axis. */
final class StackedPair {

  private StackedPair() {}

  /**
   * Applies {@code network} once to {@code a} and {@code b} stacked along the batch axis and splits
   * its output back: {@code [network(a), network(b)]}. Equal to two separate applications for
   * networks that treat samples independently (the CycleGAN networks: instance norm, no batch
   * norm), and faster on CPU (each weight tensor is reordered and swept once for both).
   */
  static List<Output<TFloat32>> apply(
      Ops tf,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> network,
      Operand<TFloat32> a,
      Operand<TFloat32> b) {
    Operand<TInt32> batchAxis = tf.constant(0);
    Operand<TFloat32> both = network.apply(tf, tf.concat(List.of(a, b), batchAxis));
    return tf.split(batchAxis, both, 2L).output();
  }
}
