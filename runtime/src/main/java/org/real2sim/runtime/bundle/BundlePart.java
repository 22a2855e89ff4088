package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which networks the bundle's graph contains; written to {@code bundle.json} in lower case. */
public enum BundlePart {
  /**
   * The deployed pipeline: pre-processing, G_RS, the input adapter, the expert f, post-processing.
   */
  @JsonProperty("pipeline")
  PIPELINE,
  /** The expert f alone, fed the image directly (baseline M2). */
  @JsonProperty("expert")
  EXPERT,
  /** The generator G_RS alone: outputs only {@code translated}. */
  @JsonProperty("generator")
  GENERATOR;

  /** The name used in {@code bundle.json} and in messages. */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the graph ends in the expert's predictions ({@code mask} or {@code class_id}). */
  public boolean predicts() {
    return this != GENERATOR;
  }
}
