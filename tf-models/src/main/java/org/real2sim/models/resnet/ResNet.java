package org.real2sim.models.resnet;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.spec.Layer;
import org.real2sim.models.spec.Net;
import org.real2sim.models.spec.SpecNetwork;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A torchvision ResNet classifier: {@link ResNetBackbone} at output stride 32, global average pool,
 * fully connected layer to the class logits.
 *
 * <p>Variables: {@code <name>/stem/conv/kernel}, {@code <name>/stem/bn/gamma}, {@code
 * <name>/layer_2/block_1/conv_1/kernel}, {@code <name>/layer_2/block_1/shortcut/bn/moving_mean}, …,
 * {@code <name>/fc/kernel} {@code [C, numClasses]} and {@code <name>/fc/bias}. The fully connected
 * weight and bias start from U(±1/√C) (PyTorch's Linear), convolutions from He normal with fan-out,
 * batch norms from gamma 1, beta 0. With width 64 and 1000 classes: 11,689,512 trainable parameters
 * (ResNet-18), 21,797,672 (34), 25,557,032 (50), 44,549,160 (101), equal to torchvision; with the
 * {@link Stem#CIFAR CIFAR stem}, width 64 and 10 classes, ResNet-18 has 11,173,962. Calling {@link
 * #call} twice shares the variables.
 *
 * @see <a href="https://arxiv.org/abs/1512.03385">He et al., Deep Residual Learning, CVPR 2016</a>
 */
public final class ResNet extends SpecNetwork<ResNet.Config> {

  /**
   * The classifier's architecture.
   *
   * @param depth 18, 34, 50 or 101
   * @param width channels of the stem (64 in torchvision)
   * @param numClasses number of classes of the logits
   * @param inChannels channels of the input image (3 for RGB)
   * @param stem the layers before {@code layer_1} ({@link Stem#IMAGENET}: torchvision's)
   */
  public record Config(int depth, int width, int numClasses, int inChannels, Stem stem) {

    /** A configuration with torchvision's stem. */
    public Config(int depth, int width, int numClasses, int inChannels) {
      this(depth, width, numClasses, inChannels, Stem.IMAGENET);
    }

    /** Checks every field. */
    public Config {
      if (stem == null) {
        throw new IllegalArgumentException("stem must be given, one of [IMAGENET, CIFAR]");
      }
      if (!ResNetBackbone.DEPTHS.contains(depth)) {
        throw new IllegalArgumentException(
            "depth must be one of " + ResNetBackbone.DEPTHS + ", found " + depth);
      }
      if (width < 1) {
        throw new IllegalArgumentException("width must be positive, found " + width);
      }
      if (numClasses < 1) {
        throw new IllegalArgumentException("numClasses must be positive, found " + numClasses);
      }
      if (inChannels < 1) {
        throw new IllegalArgumentException("inChannels must be positive, found " + inChannels);
      }
    }

    /** Torchvision's network of the given depth for RGB input: width 64. */
    public static Config torchvision(int depth, int numClasses) {
      return new Config(depth, 64, numClasses, 3);
    }
  }

  /**
   * A classifier whose variables live under {@code name} in {@code vars}.
   *
   * @param name the network name, e.g. {@link org.real2sim.models.Names#EXPERT}
   */
  public ResNet(Config config, String name, VarStore vars) {
    super(config, name, vars, ResNet::spec);
  }

  /**
   * The classifier described once ({@link Net}): the backbone's layers at output stride 32 ({@link
   * ResNetBackbone#layers}), a flattening global average pool and {@code Scope("fc", Dense)}. The
   * TensorFlow graph ({@link #call}), the exporter's ONNX and the MAC count ({@link
   * org.real2sim.models.spec.Macs}) are all derived from it.
   */
  public static Net spec(Config c) {
    ResNetBackbone b = new ResNetBackbone(c.depth(), c.width(), c.inChannels(), c.stem());
    List<Layer> layers = new ArrayList<>(b.layers(32));
    layers.add(new Layer.GlobalAvgPool(true));
    layers.add(Layer.Scope.of("fc", new Layer.Dense(c.numClasses())));
    return new Net(
        "ResNet-"
            + c.depth()
            + " (width "
            + c.width()
            + (c.stem() == Stem.CIFAR ? ", CIFAR stem" : "")
            + ", "
            + c.numClasses()
            + " classes)",
        c.inChannels(),
        ResNetBackbone.CONV_INIT,
        layers);
  }

  /**
   * Applies the classifier, creating the variables on the first call.
   *
   * @param x {@code [N, H, W, inChannels]}, normalised as the network was trained
   * @param training batch statistics and moving-average updates (registered in the {@link VarStore}
   *     under the network name) or running statistics (gradients still flow to {@code x})
   * @return logits {@code [N, numClasses]}
   */
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training) {
    return apply(tf, x, training);
  }
}
