package org.real2sim.runtime.bundle;

import java.util.List;

/**
 * The expert's input normalisation, recorded for people and tools; the graph applies it itself.
 *
 * <p>The expert f sees {@code (p − mean[c]) / std[c]} for pixels {@code p} in [0, 1]. In a {@code
 * pipeline} bundle the graph feeds f the generator's output, mapping it from [−1, 1] to [0, 1]
 * first; in an {@code expert} bundle it maps the uint8 image to [0, 1]. Callers always pass raw RGB
 * bytes.
 *
 * @param mean per-channel mean (R, G, B) over [0, 1] pixels
 * @param std per-channel standard deviation (R, G, B), each positive
 */
public record NormalizationSpec(List<Double> mean, List<Double> std) {

  /** ImageNet statistics, the torchvision default. */
  public static final NormalizationSpec IMAGENET =
      new NormalizationSpec(List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));

  /** Checks three values each, positive standard deviations. */
  public NormalizationSpec {
    if (mean == null || mean.size() != 3) {
      throw new IllegalArgumentException(
          "normalization.mean needs 3 values (R, G, B), found " + mean);
    }
    if (std == null || std.size() != 3) {
      throw new IllegalArgumentException(
          "normalization.std needs 3 values (R, G, B), found " + std);
    }
    for (Double s : std) {
      if (s == null || !(s > 0) || s.isInfinite()) {
        throw new IllegalArgumentException(
            "normalization.std must be positive and finite, found " + std);
      }
    }
    for (Double m : mean) {
      if (m == null || m.isNaN() || m.isInfinite()) {
        throw new IllegalArgumentException("normalization.mean must be finite, found " + mean);
      }
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
  }
}
