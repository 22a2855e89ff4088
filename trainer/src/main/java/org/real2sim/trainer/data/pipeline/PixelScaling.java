package org.real2sim.trainer.data.pipeline;

import java.util.Arrays;

/**
 * How pixel values in [0, 1] become network inputs: {@code (x - mean[c]) / std[c]} per channel.
 *
 * <p>{@link #minusOneToOne()} is the CycleGAN convention (mean 0.5, std 0.5 → [−1, 1]); {@link
 * #unit()} keeps [0, 1]; {@link #normalize} is an expert's own normalisation (e.g. ImageNet mean
 * and std).
 *
 * @param name a label for logs and configs, e.g. {@code "minus_one_to_one"}
 * @param mean the per-channel mean (R, G, B) subtracted from [0, 1] values
 * @param std the per-channel divisor (R, G, B), positive
 */
public record PixelScaling(String name, float[] mean, float[] std) {

  /** Validates the fields. */
  public PixelScaling {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException(
          "scaling '"
              + name
              + "': mean and std need 3 values (R, G, B), found "
              + mean.length
              + " and "
              + std.length);
    }
    for (float s : std) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException(
            "scaling '" + name + "': std must be positive, found " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** [0, 1] → [−1, 1], the generators' range. */
  public static PixelScaling minusOneToOne() {
    return new PixelScaling(
        "minus_one_to_one", new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
  }

  /** Values stay in [0, 1]. */
  public static PixelScaling unit() {
    return new PixelScaling("unit", new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});
  }

  /** {@code (x - mean) / std} per channel. */
  public static PixelScaling normalize(float[] mean, float[] std) {
    return new PixelScaling("normalize", mean, std);
  }

  /** The per-channel factor {@code 1 / std}. */
  float[] factor() {
    return new float[] {1f / std[0], 1f / std[1], 1f / std[2]};
  }

  /** The per-channel offset {@code -mean / std}. */
  float[] offset() {
    return new float[] {-mean[0] / std[0], -mean[1] / std[1], -mean[2] / std[2]};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PixelScaling p && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return name + "(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
