package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Evaluation and run outputs.
 *
 * @param batchSize images per evaluation step
 * @param maxImages evaluate on at most this many validation images per domain; 0 = all
 * @param sampleRows rows in each sample grid (real | translated | prediction | ground truth)
 * @param checkpointEvery also keep a checkpoint every N epochs; 0 = only latest and best
 * @param resolution segmentation scores at the network's size (labels resized to data.width ×
 *     data.height) or at the labels' own size (predictions upsampled to it, the Cityscapes
 *     convention)
 */
public record EvalConfig(
    @JsonPropertyDescription("Images per evaluation step.") int batchSize,
    @JsonPropertyDescription("Evaluate on at most this many validation images; 0 = all.")
        int maxImages,
    @JsonPropertyDescription("Rows in each sample grid (real | translated | prediction | truth).")
        int sampleRows,
    @JsonPropertyDescription("Also keep a checkpoint every N epochs; 0 = only latest and best.")
        int checkpointEvery,
    @JsonPropertyDescription(
            "Segmentation scores at: network (labels resized to data.width x data.height) or label"
                + " (the labels' own size, predictions upsampled by nearest neighbour; the"
                + " Cityscapes convention).")
        String resolution) {

  /** Validates every field. */
  public EvalConfig {
    Check.positive("eval.batchSize", batchSize);
    Check.nonNegative("eval.maxImages", maxImages);
    Check.nonNegative("eval.sampleRows", sampleRows);
    Check.nonNegative("eval.checkpointEvery", checkpointEvery);
    Check.oneOf("eval.resolution", resolution, "network", "label");
  }

  /** Whether segmentation is scored at the labels' own resolution. */
  public boolean labelResolution() {
    return resolution.equals("label");
  }
}
