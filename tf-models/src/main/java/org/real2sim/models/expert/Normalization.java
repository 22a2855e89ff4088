package org.real2sim.models.expert;

import java.util.Arrays;

/**
 * The per-channel input normalisation an expert was trained with, applied to RGB pixels scaled to
 * [0, 1]: {@code (pixel − mean[c]) / std[c]}.
 *
 * @param mean the three channel means, in [0, 1] pixel units
 * @param std the three channel standard deviations, positive
 */
public record Normalization(double[] mean, double[] std) {

  /**
   * ImageNet statistics, torchvision's convention: mean (0.485, 0.456, 0.406), std (0.229, 0.224,
   * 0.225).
   */
  public static final Normalization IMAGENET =
      new Normalization(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

  /**
   * Mean 0.5 and std 0.5 on every channel: the network sees pixels in [−1, 1], exactly the
   * generator's output range, so {@link InputAdapter#fromGenerator} is the identity.
   */
  public static final Normalization SYMMETRIC =
      new Normalization(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5});

  /** Checks three finite means and three positive standard deviations, and copies both. */
  public Normalization {
    if (mean == null || mean.length != 3) {
      throw new IllegalArgumentException(
          "mean must have 3 values, found " + (mean == null ? "null" : Arrays.toString(mean)));
    }
    if (std == null || std.length != 3) {
      throw new IllegalArgumentException(
          "std must have 3 values, found " + (std == null ? "null" : Arrays.toString(std)));
    }
    for (int c = 0; c < 3; c++) {
      if (!Double.isFinite(mean[c])) {
        throw new IllegalArgumentException("mean[" + c + "] must be finite, found " + mean[c]);
      }
      if (!(std[c] > 0) || !Double.isFinite(std[c])) {
        throw new IllegalArgumentException(
            "std[" + c + "] must be positive and finite, found " + std[c]);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** A copy of the means. */
  @Override
  public double[] mean() {
    return mean.clone();
  }

  /** A copy of the standard deviations. */
  @Override
  public double[] std() {
    return std.clone();
  }

  /**
   * The per-channel scale {@code a[c] = 0.5 / std[c]} of the affine map from a generator's [−1, 1]
   * output to this normalisation, {@code y = x·a + b}, rounded to float.
   */
  public float[] generatorScale() {
    float[] a = new float[3];
    for (int c = 0; c < 3; c++) {
      a[c] = (float) (0.5 / std[c]);
    }
    return a;
  }

  /**
   * The per-channel shift {@code b[c] = (0.5 − mean[c]) / std[c]} of the affine map from a
   * generator's [−1, 1] output to this normalisation, {@code y = x·a + b}, rounded to float.
   */
  public float[] generatorShift() {
    float[] b = new float[3];
    for (int c = 0; c < 3; c++) {
      b[c] = (float) ((0.5 - mean[c]) / std[c]);
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
