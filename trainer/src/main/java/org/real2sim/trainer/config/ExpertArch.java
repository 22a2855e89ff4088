package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The expert architectures, by their configuration name ({@code stageA.arch}): torchvision's
 * ResNets for classification and DeepLabV3 on a ResNet backbone for segmentation. In JSON an
 * architecture is its name, e.g. {@code "deeplabv3-resnet50"}.
 */
public enum ExpertArch {
  /** ResNet-18 classifier. */
  RESNET18("resnet18", 18, false),
  /** ResNet-34 classifier. */
  RESNET34("resnet34", 34, false),
  /** ResNet-50 classifier. */
  RESNET50("resnet50", 50, false),
  /** ResNet-101 classifier. */
  RESNET101("resnet101", 101, false),
  /** DeepLabV3 on ResNet-18. */
  DEEPLABV3_RESNET18("deeplabv3-resnet18", 18, true),
  /** DeepLabV3 on ResNet-50. */
  DEEPLABV3_RESNET50("deeplabv3-resnet50", 50, true),
  /** DeepLabV3 on ResNet-101. */
  DEEPLABV3_RESNET101("deeplabv3-resnet101", 101, true);

  private final String configName;
  private final int depth;
  private final boolean segmentation;

  ExpertArch(String configName, int depth, boolean segmentation) {
    this.configName = configName;
    this.depth = depth;
    this.segmentation = segmentation;
  }

  /** The name in configuration files, e.g. {@code resnet18}. */
  @JsonValue
  public String configName() {
    return configName;
  }

  /** The ResNet depth (18, 34, 50 or 101). */
  public int depth() {
    return depth;
  }

  /** True for a DeepLab (segmentation) architecture. */
  public boolean segmentation() {
    return segmentation;
  }

  /** Every configuration name, in declaration order. */
  public static String[] configNames() {
    return Arrays.stream(values()).map(ExpertArch::configName).toArray(String[]::new);
  }

  /**
   * The architecture named {@code name}.
   *
   * @throws IllegalArgumentException naming the value and the valid names
   */
  @JsonCreator
  public static ExpertArch of(String name) {
    for (ExpertArch a : values()) {
      if (a.configName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "Unknown expert architecture '"
            + name
            + "', expected one of "
            + Arrays.toString(configNames()));
  }

  /** The configuration name. */
  @Override
  public String toString() {
    return configName;
  }
}
