package org.real2sim.models.deeplab;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.BatchNorm;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.Layers;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.resnet.ResNetBackbone;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

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
public final class DeepLabV3 {

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

  private final Config config;
  private final String name;
  private final VarStore vars;
  private final ResNetBackbone backbone;

  /**
   * A segmentation network whose variables live under {@code name} in {@code vars}.
   *
   * @param name the network name, e.g. {@link org.real2sim.models.Names#EXPERT}
   */
  public DeepLabV3(Config config, String name, VarStore vars) {
    this.config = config;
    this.name = name;
    this.vars = vars;
    this.backbone = new ResNetBackbone(config.depth(), config.width(), config.inChannels());
  }

  /** The architecture. */
  public Config config() {
    return config;
  }

  /** The network name, the root of its variable names. */
  public String name() {
    return name;
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
    Block root = Block.root(tf, vars, name);
    Operand<TFloat32> features =
        backbone.call(root.child("backbone"), x, training, config.outputStride());
    Operand<TFloat32> h = aspp(root.child("aspp"), features, training);
    h = convBnRelu(root.child("head"), h, config.asppChannels(), 3, 1, training);
    Block cls = root.child("classifier");
    h =
        Layers.conv2d(
            cls, h, config.numClasses(), 1, 1, 0, true, fanInUniform(config.asppChannels()));
    return Layers.resizeBilinearLike(root.tf(), h, x);
  }

  private Operand<TFloat32> aspp(Block b, Operand<TFloat32> x, boolean training) {
    Ops tf = b.tf();
    int c = config.asppChannels();
    List<Operand<TFloat32>> branches = new ArrayList<>();
    branches.add(convBnRelu(b.child("branch_1"), x, c, 1, 1, training));
    for (int i = 0; i < 3; i++) {
      int rate = config.asppRates().get(i);
      branches.add(convBnRelu(b.child("branch_" + (i + 2)), x, c, 3, rate, training));
    }
    Block pool = b.child("pool");
    Operand<TFloat32> p = Layers.globalAvgPool(pool.tf(), x, true);
    p = convBnRelu(pool, p, c, 1, 1, training);
    branches.add(Layers.resizeBilinearLike(pool.tf(), p, x));
    Operand<TFloat32> cat = tf.concat(branches, tf.constant(3));
    Block project = b.child("project");
    Operand<TFloat32> h = convBnRelu(project, cat, c, 1, 1, training);
    if (training && config.dropout() > 0) {
      h = dropout(project, h, config.dropout());
    }
    return h;
  }

  private Operand<TFloat32> convBnRelu(
      Block b, Operand<TFloat32> x, int channels, int kernel, int dilation, boolean training) {
    long in = x.shape().size(3);
    int padding = kernel == 1 ? 0 : dilation;
    Operand<TFloat32> h =
        Layers.conv2d(
            b.child("conv"),
            x,
            channels,
            kernel,
            1,
            padding,
            dilation,
            false,
            fanInUniform(in * kernel * kernel));
    return Layers.relu(b.tf(), BatchNorm.apply(b.child("bn"), h, training));
  }

  /**
   * Inverted dropout: {@code x · floor(keep + u) / keep} with {@code u ~ U[0, 1)} from a stateless
   * generator seeded by the store's seed, the block path and a step counter ({@code dropout_step},
   * a non-trainable variable that every training step increments). The masks are thus a pure
   * function of the seed and the step: a run resumed from a checkpoint (which holds the counter)
   * draws exactly the masks an uninterrupted run would.
   */
  private Operand<TFloat32> dropout(Block b, Operand<TFloat32> x, double rate) {
    Ops tf = b.tf();
    long seed = vars.seed() ^ (b.path().hashCode() * 0x9E3779B97F4A7C15L);
    Operand<TFloat32> step = b.variable("dropout_step", new long[0], Init.ZEROS, false);
    Operand<TInt64> seeds =
        tf.concat(
            java.util.List.of(
                tf.constant(new long[] {seed}),
                tf.reshape(tf.dtypes.cast(step, TInt64.class), tf.constant(new long[] {1}))),
            tf.constant(0));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), seeds, TFloat32.class);
    // The counter moves on only after this step's mask was drawn.
    vars.addUpdate(
        b.path(),
        tf.withControlDependencies(java.util.List.of(u))
            .assignAdd(vars.get(b.path() + "/dropout_step").ref(), tf.constant(1f)));
    float keep = (float) (1 - rate);
    Operand<TFloat32> mask =
        tf.stopGradient(
            tf.math.div(tf.math.floor(tf.math.add(u, tf.constant(keep))), tf.constant(keep)));
    return tf.math.mul(x, mask);
  }

  private static Init fanInUniform(long fanIn) {
    return new Init.Uniform(1 / Math.sqrt(fanIn));
  }
}
