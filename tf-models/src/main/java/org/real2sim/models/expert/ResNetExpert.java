package org.real2sim.models.expert;

import java.util.Objects;
import org.real2sim.models.resnet.ResNet;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A {@link ResNet} classifier as an {@link ExpertNetwork}; the input must have 3 channels.
 *
 * @param network the classifier
 * @param normalization its input normalisation
 */
public record ResNetExpert(ResNet network, Normalization normalization) implements ExpertNetwork {

  /** Checks that the network takes RGB input. */
  public ResNetExpert {
    Objects.requireNonNull(network, "network");
    ExpertChecks.requireRgb(network.config().inChannels(), normalization);
  }

  @Override
  public String name() {
    return network.name();
  }

  @Override
  public Task task() {
    return Task.CLASSIFICATION;
  }

  @Override
  public int numClasses() {
    return network.config().numClasses();
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training) {
    return network.call(tf, x, training);
  }
}
