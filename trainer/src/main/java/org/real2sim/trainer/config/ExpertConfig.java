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
 *     crop
 * @param flip random horizontal flips with probability 0.5
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
    @JsonPropertyDescription("Random horizontal flips with probability 0.5.") boolean flip) {

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
