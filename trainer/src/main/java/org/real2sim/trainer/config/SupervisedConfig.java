package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * M3: f_R, the expert's architecture trained from scratch, supervised, on the labeled real images
 * (or, as the oracle, on all of them).
 *
 * @param epochs training epochs over the labeled images
 * @param minSteps at least this many optimiser steps (few labels give short epochs)
 * @param batchSize images per step
 * @param lr Adam learning rate at step 0
 * @param oracle also train the oracle on all labeled real images (the domain-gap table)
 */
public record SupervisedConfig(
    @JsonPropertyDescription("Training epochs over the labeled real images.") int epochs,
    @JsonPropertyDescription("At least this many optimiser steps (few labels make short epochs).")
        int minSteps,
    @JsonPropertyDescription("Images per step.") int batchSize,
    @JsonPropertyDescription("Adam learning rate at step 0.") double lr,
    @JsonPropertyDescription("Also train the oracle on all labeled real images.") boolean oracle) {

  /** Validates every field. */
  public SupervisedConfig {
    Check.nonNegative("supervised.epochs", epochs);
    Check.nonNegative("supervised.minSteps", minSteps);
    Check.positive("supervised.batchSize", batchSize);
    Check.positive("supervised.lr", lr);
  }
}
