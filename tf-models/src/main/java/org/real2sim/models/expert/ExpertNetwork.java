package org.real2sim.models.expert;

import java.util.Objects;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.resnet.ResNet;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The downstream expert f (and baseline M3's f_R): a classification or segmentation network
 * together with the input normalisation it was trained with.
 *
 * <p>Stage a trains it ({@code training = true}, batch statistics, update ops in the {@link
 * org.real2sim.models.nn.VarStore}); stage c calls it with {@code training = false} on {@code
 * InputAdapter.fromGenerator(G_RS(x))} and backpropagates through it into the generator while no
 * optimiser lists its variables.
 */
public interface ExpertNetwork {

  /** The network name, the root of its variable names (e.g. {@code expert}, {@code f_r}). */
  String name();

  /** Whether the expert classifies images or segments them. */
  Task task();

  /** The number of classes of the logits. */
  int numClasses();

  /** The input normalisation the network expects. */
  Normalization normalization();

  /**
   * Applies the network to an input already in {@link #normalization()}, creating the variables on
   * the first call and sharing them afterwards.
   *
   * @param x {@code [N, H, W, 3]} normalised pixels
   * @param training batch statistics and update ops (true) or running statistics (false)
   * @return logits, {@code [N, K]} for classification, {@code [N, H, W, K]} for segmentation
   */
  Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training);

  /**
   * Applies the network to a generator's output in [−1, 1]: {@link #call} on {@link
   * InputAdapter#fromGenerator}.
   */
  default Operand<TFloat32> callOnGenerated(Ops tf, Operand<TFloat32> generated, boolean training) {
    return call(tf, InputAdapter.fromGenerator(tf, generated, normalization()), training);
  }

  /** A ResNet classifier as an expert; the network must take 3 channels. */
  static ExpertNetwork classifier(ResNet network, Normalization norm) {
    ResNet.Config c = Objects.requireNonNull(network, "network").config();
    return NetworkExpert.rgb(
        network.name(), Task.CLASSIFICATION, c.inChannels(), c.numClasses(), norm, network::call);
  }

  /** A DeepLabv3 segmentation network as an expert; the network must take 3 channels. */
  static ExpertNetwork segmenter(DeepLabV3 network, Normalization norm) {
    DeepLabV3.Config c = Objects.requireNonNull(network, "network").config();
    return NetworkExpert.rgb(
        network.name(), Task.SEGMENTATION, c.inChannels(), c.numClasses(), norm, network::call);
  }
}
