package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the expert predicts; written to {@code bundle.json} in lower case. */
public enum Task {
  /** A class per pixel: outputs {@code mask} uint8 [N, H, W] and optionally {@code scores}. */
  @JsonProperty("segmentation")
  SEGMENTATION,
  /** A class per image: outputs {@code class_id} int64 [N] and optionally {@code scores} [N, K]. */
  @JsonProperty("classification")
  CLASSIFICATION;

  /** The name used in {@code bundle.json} and in messages. */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
