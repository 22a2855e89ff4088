package org.real2sim.models.expert;

import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A classification or segmentation network as an {@link ExpertNetwork} ({@link
 * ExpertNetwork#classifier}, {@link ExpertNetwork#segmenter}); the input must have 3 channels.
 *
 * @param name the network name, the root of its variable names
 * @param task what the network's logits are for
 * @param numClasses the number of classes of its logits
 * @param normalization its input normalisation
 * @param forward the network's {@code call(tf, x, training)}
 */
record NetworkExpert(
    String name, Task task, int numClasses, Normalization normalization, Forward forward)
    implements ExpertNetwork {

  /** A network's forward pass, {@code call(tf, x, training)}. */
  @FunctionalInterface
  interface Forward {

    /** Applies the network; see {@link ExpertNetwork#call}. */
    Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training);
  }

  /**
   * Checks that the normalisation and the forward pass are set and that the network takes RGB
   * input.
   *
   * @param inChannels the input channels of the wrapped network's config
   * @throws IllegalArgumentException naming the channel count if it is not 3
   */
  static NetworkExpert rgb(
      String name,
      Task task,
      int inChannels,
      int numClasses,
      Normalization normalization,
      Forward forward) {
    Objects.requireNonNull(normalization, "normalization");
    if (inChannels != 3) {
      throw new IllegalArgumentException(
          "An expert takes RGB input: inChannels must be 3, found " + inChannels);
    }
    return new NetworkExpert(name, task, numClasses, normalization, forward);
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training) {
    return forward.call(tf, x, training);
  }
}
