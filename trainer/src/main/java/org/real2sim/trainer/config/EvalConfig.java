package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Evaluation and run outputs.
 *
 * @param batchSize images per evaluation step
 * @param maxImages evaluate on at most this many validation images per domain; 0 = all
 * @param sampleRows rows in each sample grid (real | translated | prediction | ground truth)
 * @param checkpointEvery also keep a checkpoint every N epochs; 0 = only latest and best
 */
public record EvalConfig(
    @JsonPropertyDescription("Images per evaluation step.") int batchSize,
    @JsonPropertyDescription("Evaluate on at most this many validation images; 0 = all.")
        int maxImages,
    @JsonPropertyDescription("Rows in each sample grid (real | translated | prediction | truth).")
        int sampleRows,
    @JsonPropertyDescription("Also keep a checkpoint every N epochs; 0 = only latest and best.")
        int checkpointEvery) {

  /** Validates every field. */
  public EvalConfig {
    Check.positive("eval.batchSize", batchSize);
    Check.nonNegative("eval.maxImages", maxImages);
    Check.nonNegative("eval.sampleRows", sampleRows);
    Check.nonNegative("eval.checkpointEvery", checkpointEvery);
  }
}
