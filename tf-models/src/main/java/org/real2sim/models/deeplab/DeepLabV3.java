package org.real2sim.models.deeplab;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.resnet.ResNetBackbone;
import org.real2sim.models.spec.CompositeLayers.Scope;
import org.real2sim.models.spec.Layer;
import org.real2sim.models.spec.Layer.Conv;
import org.real2sim.models.spec.Layer.ResizeBilinear;
import org.real2sim.models.spec.Net;
import org.real2sim.models.spec.SpecNetwork;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * DeepLabv3 as torchvision's {@code deeplabv3_resnet*} (without the auxiliary head): per-pixel
 * class logits at the input resolution.
 *
 * <p>Layers, with their variable sub-paths:
 *
 * <ol>
 *   <li>{@code backbone}: {@link ResNetBackbone} at output stride 8 or 16 (dilated last stages);
 *   <li>{@code aspp}: five parallel branches on the backbone features, each ending in BN and ReLU:
 *       {@code branch_1} a 1×1 conv; {@code branch_2..4} 3×3 atrous convs at the three rates with
 *       zero padding equal to the rate ({@link org.real2sim.models.nn.Convolutions#atrousConv});
 *       {@code pool} a global average pool, 1×1 conv, BN, ReLU and a bilinear resize back to the
 *       feature size; the five are concatenated in that order (channel axis), then {@code project}:
 *       1×1 conv, BN, ReLU, and in training dropout (seeded from the store's seed; none at
 *       inference);
 *   <li>{@code head}: 3×3 conv padding 1, BN, ReLU;
 *   <li>{@code classifier}: 1×1 conv with bias to the classes;
 *   <li>a bilinear resize (half-pixel centres) to the input's height and width.
 * </ol>
 *
 * <p>Each conv+BN unit keeps its variables in {@code <unit>/conv/kernel} and {@code
 * <unit>/bn/{gamma,beta,moving_mean,moving_variance}}, e.g. {@code
 * expert/aspp/branch_2/conv/kernel} and {@code expert/head/bn/gamma}; the classifier has {@code
 * classifier/kernel} and {@code classifier/bias}. Head convolutions (ASPP, head, classifier
 * kernels) start from PyTorch's default U(±1/√fan_in), the classifier bias from 0, the backbone as
 * in {@link ResNetBackbone}.
 *
 * <p>In training the image-pooling branch's batch norm normalises over the batch of 1×1 maps only,
 * so it needs a batch of at least 2 to be meaningful (torchvision refuses batch 1 there).
 *
 * @see <a href="https://arxiv.org/abs/1706.05587">Chen et al., Rethinking Atrous Convolution,
 *     2017</a>
 */
public final class DeepLabV3 extends SpecNetwork<DeepLabV3.Config> {

  /**
   * The network's architecture.
   *
   * @param depth backbone depth: 18, 50 or 101 (34 works too)
   * @param width backbone stem channels (64 in torchvision)
   * @param numClasses number of classes of the logits
   * @param inChannels channels of the input image (3 for RGB)
   * @param outputStride 8 or 16
   * @param asppChannels channels of every ASPP branch and of the head (256 in torchvision)
   * @param asppRates the three atrous rates (6, 12, 18 for stride 16; 12, 24, 36 for stride 8)
   * @param dropout drop probability after the ASPP projection in training, in [0, 1) (0.5 in
   *     torchvision)
   */
  public record Config(
      int depth,
      int width,
      int numClasses,
      int inChannels,
      int outputStride,
      int asppChannels,
      List<Integer> asppRates,
      double dropout) {

    /** Checks every field and copies the rates. */
    public Config {
      if (!ResNetBackbone.DEPTHS.contains(depth)) {
        throw new IllegalArgumentException(
            "depth must be one of " + ResNetBackbone.DEPTHS + ", found " + depth);
      }
      positive("width", width);
      positive("numClasses", numClasses);
      positive("inChannels", inChannels);
      if (outputStride != 8 && outputStride != 16) {
        throw new IllegalArgumentException("outputStride must be 8 or 16, found " + outputStride);
      }
      positive("asppChannels", asppChannels);
      if (asppRates == null || asppRates.size() != 3 || asppRates.stream().anyMatch(r -> r < 1)) {
        throw new IllegalArgumentException(
            "asppRates must be three positive rates, found " + asppRates);
      }
      asppRates = List.copyOf(asppRates);
      if (!(dropout >= 0 && dropout < 1)) {
        throw new IllegalArgumentException("dropout must be in [0, 1), found " + dropout);
      }
    }

    /**
     * Torchvision's configuration for RGB input: width 64, ASPP 256 channels, rates 6/12/18 at
     * stride 16 or 12/24/36 at stride 8, dropout 0.5.
     */
    public static Config of(int depth, int numClasses, int outputStride) {
      return new Config(
          depth, 64, numClasses, 3, outputStride, 256, defaultRates(outputStride), 0.5);
    }

    /** The DeepLabv3 paper's rates for an output stride: 6/12/18 for 16, 12/24/36 for 8. */
    public static List<Integer> defaultRates(int outputStride) {
      return switch (outputStride) {
        case 16 -> List.of(6, 12, 18);
        case 8 -> List.of(12, 24, 36);
        default ->
            throw new IllegalArgumentException(
                "outputStride must be 8 or 16, found " + outputStride);
      };
    }

    private static void positive(String field, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(field + " must be positive, found " + value);
      }
    }
  }

  /**
   * A segmentation network whose variables live under {@code name} in {@code vars}.
   *
   * @param name the network name, e.g. {@link org.real2sim.models.Names#EXPERT}
   */
  public DeepLabV3(Config config, String name, VarStore vars) {
    super(config, name, vars, DeepLabV3::spec);
  }

  /**
   * The network described once ({@link Net}): {@code Scope("backbone", …)} ({@link
   * ResNetBackbone#layers} at the output stride), {@code Scope("aspp", Parallel(branch_1 …
   * branch_4, pool), Scope("project", …, Dropout))}, {@code Scope("head", …)}, {@code
   * Scope("classifier", Conv)} and a resize to the input. The TensorFlow graph ({@link #call}), the
   * exporter's ONNX and the MAC count ({@link org.real2sim.models.spec.Macs}; the final resize is
   * not counted) are all derived from it.
   */
  public static Net spec(Config c) {
    ResNetBackbone backbone = new ResNetBackbone(c.depth(), c.width(), c.inChannels());
    int ch = c.asppChannels();
    List<Layer> branches = new ArrayList<>();
    branches.add(new Scope("branch_1", convBnRelu(ch, 1, 1)));
    for (int i = 0; i < 3; i++) {
      branches.add(new Scope("branch_" + (i + 2), convBnRelu(ch, 3, c.asppRates().get(i))));
    }
    List<Layer> pool = new ArrayList<>();
    pool.add(new Layer.GlobalAvgPool(false));
    pool.addAll(convBnRelu(ch, 1, 1));
    pool.add(new ResizeBilinear(ResizeBilinear.Target.BRANCH_INPUT));
    branches.add(new Scope("pool", pool));
    List<Layer> project = new ArrayList<>(convBnRelu(ch, 1, 1));
    project.add(new Layer.Dropout(c.dropout()));
    List<Layer> layers = new ArrayList<>();
    layers.add(new Scope("backbone", backbone.layers(c.outputStride())));
    layers.add(Scope.of("aspp", new Layer.Parallel(branches), new Scope("project", project)));
    layers.add(new Scope("head", convBnRelu(ch, 3, 1)));
    layers.add(Scope.of("classifier", Conv.of(c.numClasses(), 1).init(new Init.FanInUniform())));
    layers.add(new ResizeBilinear(ResizeBilinear.Target.NET_INPUT));
    return new Net(
        "DeepLabV3-ResNet-"
            + c.depth()
            + " (width "
            + c.width()
            + ", ASPP "
            + ch
            + ", output stride "
            + c.outputStride()
            + ", "
            + c.numClasses()
            + " classes)",
        c.inChannels(),
        ResNetBackbone.CONV_INIT,
        layers);
  }

  /**
   * Applies the network, creating the variables on the first call.
   *
   * @param x {@code [N, H, W, inChannels]}, normalised as the network was trained; H and W may be
   *     unknown
   * @param training batch statistics, moving-average updates (registered in the {@link VarStore}
   *     under the network name) and dropout, or running statistics without dropout (gradients still
   *     flow to {@code x})
   * @return logits {@code [N, H, W, numClasses]}
   */
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training) {
    return apply(tf, x, training);
  }

  /**
   * A head unit: a bias-free convolution ({@code conv}, U(±1/√fan_in), zero padding {@code
   * dilation} for 3×3 and 0 for 1×1), batch norm ({@code bn}) and ReLU.
   */
  private static List<Layer> convBnRelu(int channels, int kernel, int dilation) {
    int padding = kernel == 1 ? 0 : dilation;
    List<Layer> unit =
        new ArrayList<>(
            ResNetBackbone.convBn(
                "conv",
                "bn",
                Conv.of(channels, kernel)
                    .pad(padding)
                    .dilate(dilation)
                    .init(new Init.FanInUniform())));
    unit.add(new Layer.Relu());
    return unit;
  }
}
