package org.real2sim.models.resnet;

import java.util.List;
import org.real2sim.models.nn.BatchNorm;
import org.real2sim.models.nn.Block;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The convolutional body of a torchvision ResNet (everything before the average pool), with
 * torchvision's {@code replace_stride_with_dilation} to keep a higher resolution for segmentation.
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
 * beta 0 ({@link BatchNorm#apply(org.real2sim.models.nn.Block, Operand, boolean)}).
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

  private static final Init CONV_INIT = new Init.HeNormalFanOut();

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
   * Applies the backbone, creating its variables under {@code block} on the first call.
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
    boolean[] dilate =
        switch (outputStride) {
          case 32 -> new boolean[] {false, false, false, false};
          case 16 -> new boolean[] {false, false, false, true};
          case 8 -> new boolean[] {false, false, true, true};
          default ->
              throw new IllegalArgumentException(
                  "outputStride must be one of [8, 16, 32], found " + outputStride);
        };
    if (x.shape().numDimensions() != 4 || x.shape().size(3) != inChannels) {
      throw new IllegalArgumentException(
          "Input of "
              + block.path()
              + " must be [N, H, W, "
              + inChannels
              + "], found "
              + x.shape());
    }
    Block sb = block.child("stem");
    Operand<TFloat32> h =
        Layers.conv2d(
            sb.child("conv"),
            x,
            width,
            stem.kernel(),
            stem.stride(),
            stem.padding(),
            false,
            CONV_INIT);
    h = Layers.relu(sb.tf(), BatchNorm.apply(sb.child("bn"), h, training));
    if (stem.maxPool()) {
      h = Layers.maxPool(sb.tf(), h, 3, 2, 1);
    }
    int inplanes = width;
    int dilation = 1;
    for (int s = 0; s < 4; s++) {
      Block layer = block.child("layer_" + (s + 1));
      int planes = width << s;
      int stride = s == 0 ? 1 : 2;
      int previousDilation = dilation;
      if (dilate[s]) {
        dilation *= stride;
        stride = 1;
      }
      for (int i = 0; i < blocks[s]; i++) {
        Block b = layer.child("block_" + (i + 1));
        h =
            i == 0
                ? block(b, h, inplanes, planes, stride, previousDilation, training)
                : block(b, h, planes * expansion(), planes, 1, dilation, training);
      }
      inplanes = planes * expansion();
    }
    return h;
  }

  private Operand<TFloat32> block(
      Block b,
      Operand<TFloat32> x,
      int inplanes,
      int planes,
      int stride,
      int dilation,
      boolean training) {
    Ops tf = b.tf();
    Operand<TFloat32> h;
    if (bottleneck) {
      h = convBn(b, "1", x, planes, 1, 1, 1, training);
      h = Layers.relu(tf, h);
      h = convBn(b, "2", h, planes, 3, stride, dilation, training);
      h = Layers.relu(tf, h);
      h = convBn(b, "3", h, planes * 4, 1, 1, 1, training);
    } else {
      h = convBn(b, "1", x, planes, 3, stride, dilation, training);
      h = Layers.relu(tf, h);
      h = convBn(b, "2", h, planes, 3, 1, 1, training);
    }
    Operand<TFloat32> shortcut = x;
    if (stride != 1 || inplanes != planes * expansion()) {
      Block sc = b.child("shortcut");
      shortcut =
          Layers.conv2d(sc.child("conv"), x, planes * expansion(), 1, stride, 0, false, CONV_INIT);
      shortcut = BatchNorm.apply(sc.child("bn"), shortcut, training);
    }
    return Layers.relu(tf, tf.math.add(h, shortcut));
  }

  private static Operand<TFloat32> convBn(
      Block b,
      String index,
      Operand<TFloat32> x,
      int channels,
      int kernel,
      int stride,
      int dilation,
      boolean training) {
    int padding = kernel == 1 ? 0 : dilation;
    Operand<TFloat32> h =
        Layers.conv2d(
            b.child("conv_" + index),
            x,
            channels,
            kernel,
            stride,
            padding,
            dilation,
            false,
            CONV_INIT);
    return BatchNorm.apply(b.child("bn_" + index), h, training);
  }
}
