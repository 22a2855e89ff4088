package org.real2sim.models.resnet;

/**
 * The first layers of a ResNet, before {@code layer_1}. Both write their variables under {@code
 * stem/conv} and {@code stem/bn}, so the names stay the same; only the kernel's shape differs.
 */
public enum Stem {
  /**
   * Torchvision's stem: 7×7 convolution stride 2 padding 3, batch norm, ReLU, 3×3 max pool stride 2
   * padding 1 (total stride 4). The default, and what every existing checkpoint holds.
   */
  IMAGENET(7, 2, 3, true),
  /**
   * The CIFAR-style stem of small-input ResNets: 3×3 convolution stride 1 padding 1, batch norm,
   * ReLU, no pool (total stride 1). At 32 × 32 the last stage still sees 4 × 4, where the ImageNet
   * stem leaves 1 × 1. The usual choice for inputs of 64 px or less.
   */
  CIFAR(3, 1, 1, false);

  private final int kernel;
  private final int stride;
  private final int padding;
  private final boolean maxPool;

  Stem(int kernel, int stride, int padding, boolean maxPool) {
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.maxPool = maxPool;
  }

  /** The convolution's kernel size. */
  public int kernel() {
    return kernel;
  }

  /** The convolution's stride. */
  public int stride() {
    return stride;
  }

  /** The convolution's zero padding. */
  public int padding() {
    return padding;
  }

  /** Whether a 3×3 stride-2 max pool (padding 1) follows. */
  public boolean maxPool() {
    return maxPool;
  }

  /** The stem of a configuration name: {@code imagenet} or {@code cifar}. */
  public static Stem of(String name) {
    return switch (name) {
      case "imagenet" -> IMAGENET;
      case "cifar" -> CIFAR;
      default ->
          throw new IllegalArgumentException(
              "Unknown ResNet stem '" + name + "', expected one of [imagenet, cifar]");
    };
  }
}
