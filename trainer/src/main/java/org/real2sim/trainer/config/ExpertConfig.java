package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Stage a: the expert f trained from scratch on the synthetic domain (and, with the same
 * architecture, M3's f_R trained on the labeled real images).
 *
 * @param arch resnet18/34/50/101 for classification, deeplabv3-resnet18/50/101 for segmentation
 * @param width base channel count of the ResNet (64 in torchvision)
 * @param outputStride DeepLab output stride, 8 or 16
 * @param normalization expert input normalisation: imagenet or unit ([-1, 1])
 * @param epochs training epochs
 * @param batchSize images per step
 * @param lr Adam learning rate at step 0
 * @param lrPower power of the polynomial learning-rate decay
 * @param classWeighting none, inverse or sqrt-inverse label frequency
 * @param cropScale resize to this factor of the image size, then random crop back to it; 1 = no
 *     crop (used when {@code cropWidth} is 0, and by M3 and the oracle)
 * @param flip random horizontal flips with probability 0.5
 * @param cropWidth stage a only: width of the random crops taken from the synthetic frames at their
 *     own resolution (never resized, so the aspect ratio is kept); 0 = resize to data.width ×
 *     data.height as {@code cropScale} says (paper: 1024 Synthia, 512 CARLA)
 * @param cropHeight stage a only: height of those crops; 0 = as cropWidth (a square); (paper: 512)
 * @param stem the ResNet stem: imagenet (torchvision's 7×7 stride-2 convolution and 3×3 stride-2
 *     max pool) or cifar (one 3×3 stride-1 convolution, no pool; for inputs of 64 px or less)
 */
public record ExpertConfig(
    @JsonPropertyDescription(
            "Architecture: resnet18|resnet34|resnet50|resnet101 (classification), "
                + "deeplabv3-resnet18|deeplabv3-resnet50|deeplabv3-resnet101 (segmentation).")
        String arch,
    @JsonPropertyDescription("Base channel count of the ResNet (64 in torchvision).") int width,
    @JsonPropertyDescription("DeepLab output stride: 8 or 16.") int outputStride,
    @JsonPropertyDescription("Expert input normalisation: imagenet or unit ([-1, 1]).")
        String normalization,
    @JsonPropertyDescription("Training epochs.") int epochs,
    @JsonPropertyDescription("Images per step.") int batchSize,
    @JsonPropertyDescription("Adam learning rate at step 0.") double lr,
    @JsonPropertyDescription("Power of the polynomial learning-rate decay.") double lrPower,
    @JsonPropertyDescription(
            "Class weighting from label frequencies: none, inverse or sqrt-inverse.")
        String classWeighting,
    @JsonPropertyDescription(
            "Resize to this factor of the image size, then random-crop back; 1 = no crop.")
        double cropScale,
    @JsonPropertyDescription("Random horizontal flips with probability 0.5.") boolean flip,
    @JsonPropertyDescription(
            "Stage a only: width of random crops taken from the synthetic frames at their own"
                + " resolution (no resize, aspect kept), >= 0; 0 = resize to data.width x"
                + " data.height as cropScale says. Paper: 1024 (Synthia), 512 (CARLA).")
        int cropWidth,
    @JsonPropertyDescription(
            "Stage a only: height of those crops, >= 0; 0 = cropWidth (a square crop). Paper:"
                + " 512.")
        int cropHeight,
    @JsonPropertyDescription(
            "ResNet stem: imagenet (7x7 stride 2 + max pool, torchvision) or cifar (3x3 stride 1,"
                + " no pool; the usual choice for inputs of 64 px or less).")
        String stem) {

  /** The accepted architectures ({@link ExpertArch}'s configuration names). */
  public static final String[] ARCHS = ExpertArch.configNames();

  /** Validates every field. */
  public ExpertConfig {
    String prefix = "stageA";
    Check.oneOf(prefix + ".arch", arch, ARCHS);
    Check.positive(prefix + ".width", width);
    Check.oneOf(prefix + ".outputStride", outputStride, 8, 16);
    Check.oneOf(prefix + ".normalization", normalization, "imagenet", "unit");
    Check.nonNegative(prefix + ".epochs", epochs);
    Check.positive(prefix + ".batchSize", batchSize);
    Check.positive(prefix + ".lr", lr);
    Check.nonNegative(prefix + ".lrPower", lrPower);
    Check.oneOf(prefix + ".classWeighting", classWeighting, "none", "inverse", "sqrt-inverse");
    Check.range(prefix + ".cropScale", cropScale, 1, 4);
    Check.nonNegative(prefix + ".cropWidth", cropWidth);
    Check.nonNegative(prefix + ".cropHeight", cropHeight);
    if (cropHeight > 0 && cropWidth == 0) {
      throw new ConfigException(
          prefix + ".cropHeight is " + cropHeight + " but cropWidth is 0: set both, or only width");
    }
    Check.oneOf(prefix + ".stem", stem, "imagenet", "cifar");
    if (stem.equals("cifar") && arch.startsWith("deeplabv3-")) {
      throw new ConfigException(
          prefix
              + ".stem cifar is offered for the classification ResNets only, found arch '"
              + arch
              + "' (DeepLab keeps the imagenet stem)");
    }
  }

  /** Whether stage a trains on random crops of the frames at their own resolution. */
  public boolean nativeCrops() {
    return cropWidth > 0;
  }

  /** The height of stage a's native-resolution crops (cropWidth when cropHeight is 0). */
  public int resolvedCropHeight() {
    return cropHeight > 0 ? cropHeight : cropWidth;
  }

  /** The architecture, typed. */
  public ExpertArch architecture() {
    return ExpertArch.of(arch);
  }

  /** True for a DeepLab (segmentation) architecture. */
  public boolean segmentation() {
    return architecture().segmentation();
  }

  /** The ResNet depth (18, 34, 50 or 101). */
  public int depth() {
    return architecture().depth();
  }
}
