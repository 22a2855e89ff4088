package org.real2sim.models.resnet;

import java.util.ArrayList;
import java.util.List;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.Init;
import org.real2sim.models.spec.CompositeLayers.ResidualBlock;
import org.real2sim.models.spec.CompositeLayers.Scope;
import org.real2sim.models.spec.Layer;
import org.real2sim.models.spec.Layer.BatchNorm;
import org.real2sim.models.spec.Layer.Conv;
import org.real2sim.models.spec.Layer.MaxPool;
import org.real2sim.models.spec.Layer.Relu;
import org.real2sim.models.spec.TfBuilder;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The convolutional body of a torchvision ResNet (everything before the average pool), with
 * torchvision's {@code replace_stride_with_dilation} to keep a higher resolution for segmentation,
 * described once as spec layers ({@link #layers}) that {@link ResNet#spec} and {@code
 * DeepLabV3.spec} embed.
 *
 * <p>Layers, under the block passed to {@link #call} (variable sub-paths in brackets):
 *
 * <ol>
 *   <li>stem ({@link Stem#IMAGENET}, torchvision's): 7×7 conv stride 2 padding 3 without bias to
 *       {@code width} channels [{@code stem/conv}], batch norm [{@code stem/bn}], ReLU, 3×3 max
 *       pool stride 2 padding 1; or ({@link Stem#CIFAR}, for small inputs) 3×3 conv stride 1
 *       padding 1 [{@code stem/conv}], batch norm [{@code stem/bn}], ReLU, no pool — the same
 *       variable names, so checkpoints of the default stem load unchanged;
 *   <li>four stages [{@code layer_1} … {@code layer_4}] of {@code width·2^(s−1)} planes, stride 1
 *       for the first and 2 for the others, made of blocks [{@code block_1} … {@code block_n}]:
 *       <ul>
 *         <li>basic (depth 18, 34; expansion 1): 3×3 conv with the block's stride [{@code conv_1}],
 *             BN [{@code bn_1}], ReLU, 3×3 conv [{@code conv_2}], BN [{@code bn_2}];
 *         <li>bottleneck v1.5 (depth 50, 101; expansion 4): 1×1 conv [{@code conv_1}], BN, ReLU,
 *             3×3 conv with the block's stride [{@code conv_2}], BN, ReLU, 1×1 conv to 4× planes
 *             [{@code conv_3}], BN [{@code bn_3}];
 *       </ul>
 *       plus the shortcut (identity, or, when the stride or channel count changes, a 1×1 conv with
 *       the block's stride [{@code shortcut/conv}] and BN [{@code shortcut/bn}]), then ReLU.
 * </ol>
 *
 * <p>All convolutions have no bias, zero padding {@code d} for 3×3 kernels with dilation {@code d}
 * (1 otherwise) and 0 for 1×1, and He-normal fan-out initialisation; batch norms start at gamma 1,
 * beta 0 ({@link org.real2sim.models.nn.BatchNorm#apply(Block, Operand, boolean)}).
 *
 * <p>Output stride 32 is the plain network. For 16 the last stage, for 8 the last two stages
 * replace their stride by dilation exactly as torchvision: the stage's dilation becomes the
 * previous dilation times 2, its first block (and shortcut) runs at stride 1 with the
 * <em>previous</em> dilation, the other blocks with the new one. Stride 8: layer_3 uses dilation 1
 * then 2, layer_4 2 then 4; stride 16: layer_4 uses 1 then 2. Torchvision refuses dilation in basic
 * blocks; here a basic block dilates its first 3×3 convolution only (as mmsegmentation's ResNet),
 * the second keeps dilation 1.
 */
public final class ResNetBackbone {

  /** The depths supported: 18 and 34 (basic blocks), 50 and 101 (bottlenecks). */
  public static final List<Integer> DEPTHS = List.of(18, 34, 50, 101);

  /** Initialiser of every convolution kernel: He normal with fan-out, as torchvision. */
  public static final Init CONV_INIT = new Init.HeNormalFanOut();

  private final int depth;
  private final int width;
  private final int inChannels;
  private final int[] blocks;
  private final boolean bottleneck;
  private final Stem stem;

  /**
   * A backbone of the given depth with torchvision's stem ({@link Stem#IMAGENET}).
   *
   * @param depth 18, 34, 50 or 101
   * @param width channels of the stem (64 in torchvision); stage s has {@code width·2^(s−1)} planes
   * @param inChannels channels of the input image
   */
  public ResNetBackbone(int depth, int width, int inChannels) {
    this(depth, width, inChannels, Stem.IMAGENET);
  }

  /**
   * A backbone of the given depth and stem.
   *
   * @param depth 18, 34, 50 or 101
   * @param width channels of the stem (64 in torchvision); stage s has {@code width·2^(s−1)} planes
   * @param inChannels channels of the input image
   * @param stem the layers before {@code layer_1}
   */
  public ResNetBackbone(int depth, int width, int inChannels, Stem stem) {
    if (stem == null) {
      throw new IllegalArgumentException("stem must be given, one of [IMAGENET, CIFAR]");
    }
    this.stem = stem;
    if (!DEPTHS.contains(depth)) {
      throw new IllegalArgumentException("depth must be one of " + DEPTHS + ", found " + depth);
    }
    if (width < 1) {
      throw new IllegalArgumentException("width must be positive, found " + width);
    }
    if (inChannels < 1) {
      throw new IllegalArgumentException("inChannels must be positive, found " + inChannels);
    }
    this.depth = depth;
    this.width = width;
    this.inChannels = inChannels;
    this.blocks =
        switch (depth) {
          case 18 -> new int[] {2, 2, 2, 2};
          case 34, 50 -> new int[] {3, 4, 6, 3};
          default -> new int[] {3, 4, 23, 3};
        };
    this.bottleneck = depth >= 50;
  }

  /** The stem. */
  public Stem stem() {
    return stem;
  }

  /** The depth (18, 34, 50 or 101). */
  public int depth() {
    return depth;
  }

  /** Channels of the stem. */
  public int width() {
    return width;
  }

  /** Channels of the input image. */
  public int inChannels() {
    return inChannels;
  }

  /**
   * Channels of the output feature map: {@code 8·width} (basic) or {@code 32·width} (bottleneck).
   */
  public int outChannels() {
    return 8 * width * expansion();
  }

  /** Channels leaving each block relative to its planes: 1 (basic) or 4 (bottleneck). */
  public int expansion() {
    return bottleneck ? 4 : 1;
  }

  /**
   * The backbone's layers, as a spec ({@link Layer}): {@code Scope("stem", …)} then {@code
   * Scope("layer_1", …)} … {@code Scope("layer_4", …)}, to be applied in the block that holds them.
   *
   * @param outputStride 32 (plain), 16 or 8 (dilated last stages)
   */
  public List<Layer> layers(int outputStride) {
    boolean[] dilate =
        switch (outputStride) {
          case 32 -> new boolean[] {false, false, false, false};
          case 16 -> new boolean[] {false, false, false, true};
          case 8 -> new boolean[] {false, false, true, true};
          default ->
              throw new IllegalArgumentException(
                  "outputStride must be one of [8, 16, 32], found " + outputStride);
        };
    List<Layer> out = new ArrayList<>();
    List<Layer> stemLayers = new ArrayList<>();
    stemLayers.addAll(
        convBn(
            "conv", "bn", Conv.of(width, stem.kernel()).stride(stem.stride()).pad(stem.padding())));
    stemLayers.add(new Relu());
    if (stem.maxPool()) {
      stemLayers.add(new MaxPool(3, 2, 1));
    }
    out.add(new Scope("stem", stemLayers));
    int inplanes = width;
    int dilation = 1;
    for (int s = 0; s < 4; s++) {
      int planes = width << s;
      int stride = s == 0 ? 1 : 2;
      int previousDilation = dilation;
      if (dilate[s]) {
        dilation *= stride;
        stride = 1;
      }
      List<Layer> stage = new ArrayList<>();
      for (int i = 0; i < blocks[s]; i++) {
        Layer b =
            i == 0
                ? block(inplanes, planes, stride, previousDilation)
                : block(planes * expansion(), planes, 1, dilation);
        stage.add(Scope.of("block_" + (i + 1), b, new Relu()));
      }
      out.add(new Scope("layer_" + (s + 1), stage));
      inplanes = planes * expansion();
    }
    return out;
  }

  /**
   * Applies the backbone, creating its variables under {@code block} on the first call ({@link
   * TfBuilder#layers} on {@link #layers}).
   *
   * @param x {@code [N, H, W, inChannels]}, normalised as the network was trained
   * @param training batch statistics and moving-average updates (true) or running statistics
   * @param outputStride 32 (plain), 16 or 8 (dilated last stages)
   * @return the feature map {@code [N, ⌈H/os⌉, ⌈W/os⌉, outChannels()]} (exactly {@code H/os} when H
   *     is a multiple of 32) with the ImageNet stem; with the CIFAR stem, which does not reduce,
   *     {@code os/4} in place of {@code os}
   */
  public Operand<TFloat32> call(
      Block block, Operand<TFloat32> x, boolean training, int outputStride) {
    List<Layer> layers = layers(outputStride);
    if (x.shape().numDimensions() != 4 || x.shape().size(3) != inChannels) {
      throw new IllegalArgumentException(
          "Input of "
              + block.path()
              + " must be [N, H, W, "
              + inChannels
              + "], found "
              + x.shape());
    }
    return TfBuilder.layers(block, CONV_INIT, layers, x, training);
  }

  /** A basic block or bottleneck with its shortcut, without the ReLU after the sum. */
  private Layer block(int inplanes, int planes, int stride, int dilation) {
    List<Layer> body = new ArrayList<>();
    if (bottleneck) {
      body.addAll(unit("1", planes, 1, 1, 1));
      body.add(new Relu());
      body.addAll(unit("2", planes, 3, stride, dilation));
      body.add(new Relu());
      body.addAll(unit("3", planes * 4, 1, 1, 1));
    } else {
      body.addAll(unit("1", planes, 3, stride, dilation));
      body.add(new Relu());
      body.addAll(unit("2", planes, 3, 1, 1));
    }
    List<Layer> shortcut = List.of();
    if (stride != 1 || inplanes != planes * expansion()) {
      shortcut =
          List.of(
              new Scope(
                  "shortcut",
                  convBn("conv", "bn", Conv.of(planes * expansion(), 1).stride(stride))));
    }
    return new ResidualBlock(body, shortcut);
  }

  /**
   * {@code conv_<index>} and {@code bn_<index>}: a bias-free convolution with zero padding {@code
   * dilation} for a 3×3 kernel (0 for 1×1), then batch norm.
   */
  private static List<Layer> unit(
      String index, int channels, int kernel, int stride, int dilation) {
    int padding = kernel == 1 ? 0 : dilation;
    return convBn(
        "conv_" + index,
        "bn_" + index,
        Conv.of(channels, kernel).stride(stride).pad(padding).dilate(dilation));
  }

  /**
   * A bias-free convolution in scope {@code conv} and a PyTorch batch norm in scope {@code bn} (the
   * unit that the ONNX writer folds into one {@code Conv}).
   */
  public static List<Layer> convBn(String conv, String bn, Conv c) {
    return List.of(Scope.of(conv, c.noBias()), Scope.of(bn, BatchNorm.pytorch()));
  }
}
