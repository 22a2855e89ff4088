package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Stage c: G_RS fine-tuned with the task loss on the labeled real subset, f frozen.
 *
 * @param epochs epochs over the labeled subset
 * @param decayEpochs epochs of linear learning-rate decay at the end; −1 = half of epochs
 * @param alpha weight between the adversarial loss (1 − α) and the task loss (α), in [0, 1]
 * @param gamma scale of the task loss (paper: 0.25 Synthia, 1 CARLA)
 * @param lr Adam learning rate (both optimisers continue from stage b's state)
 * @param baselineAlphaZero also run the α = 0 control: stage c's loop over the labeled subset
 *     without the task term (its own row in the table; M1 is stage b's continuation)
 * @param sweepAlpha α of the labeled-amount sweep ({@code real2sim sweep}); −1 = {@code alpha}
 *     (paper, Synthia: 0.8 where the run uses 0.9)
 * @param batchSize images per domain per iteration of stage c (and of the α = 0 control and the
 *     sweeps' stage c points); −1 = {@code stageB.batchSize}, the value stage c always used
 * @param poolSize images kept in each discriminator's image pool in stage c; −1 = {@code
 *     stageB.poolSize}
 */
public record TaskAwareConfig(
    @JsonPropertyDescription("Epochs over the labeled real subset.") int epochs,
    @JsonPropertyDescription("Epochs of linear decay at the end; -1 = half of epochs.")
        int decayEpochs,
    @JsonPropertyDescription("Weight of the task loss against the adversarial loss, in [0, 1].")
        double alpha,
    @JsonPropertyDescription("Scale of the task loss (paper: 0.25 Synthia, 1 CARLA).") double gamma,
    @JsonPropertyDescription("Adam learning rate.") double lr,
    @JsonPropertyDescription(
            "Also run the alpha = 0 control: stage c's loop over the labeled subset without the"
                + " task term (its own table row, not M1).")
        boolean baselineAlphaZero,
    @JsonPropertyDescription(
            "Alpha of the labeled-amount sweep (real2sim sweep), in [0, 1]; -1 = stageC.alpha"
                + " (paper, Synthia: 0.8 where the run uses 0.9).")
        double sweepAlpha,
    @JsonPropertyDescription(
            "Images per domain per iteration of stage c, in [1, 8]; -1 = stageB.batchSize.")
        int batchSize,
    @JsonPropertyDescription(
            "Images kept in each discriminator's image pool in stage c (>= 0); -1 ="
                + " stageB.poolSize.")
        int poolSize) {

  /** Validates every field. */
  public TaskAwareConfig {
    Check.nonNegative("stageC.epochs", epochs);
    if (decayEpochs < -1 || decayEpochs > epochs) {
      throw new ConfigException(
          "stageC.decayEpochs must be -1 or in [0, epochs=" + epochs + "], found " + decayEpochs);
    }
    Check.range("stageC.alpha", alpha, 0, 1);
    Check.nonNegative("stageC.gamma", gamma);
    Check.positive("stageC.lr", lr);
    if (sweepAlpha != -1) {
      Check.range("stageC.sweepAlpha", sweepAlpha, 0, 1);
    }
    if (batchSize != -1 && (batchSize < 1 || batchSize > 8)) {
      throw new ConfigException("stageC.batchSize must be -1 or in [1, 8], found " + batchSize);
    }
    if (poolSize < -1) {
      throw new ConfigException("stageC.poolSize must be -1 or >= 0, found " + poolSize);
    }
  }

  /** Stage c's batch size, with −1 resolved to {@code stageB}'s. */
  public int resolvedBatchSize(CycleGanConfig stageB) {
    return batchSize == -1 ? stageB.batchSize() : batchSize;
  }

  /** Stage c's image-pool size, with −1 resolved to {@code stageB}'s. */
  public int resolvedPoolSize(CycleGanConfig stageB) {
    return poolSize == -1 ? stageB.poolSize() : poolSize;
  }

  /** The α of the labeled-amount sweep, with −1 resolved to {@link #alpha}. */
  public double labeledSweepAlpha() {
    return sweepAlpha == -1 ? alpha : sweepAlpha;
  }

  /** The decay epochs with −1 resolved to half of the epochs. */
  public int resolvedDecayEpochs() {
    return decayEpochs < 0 ? epochs / 2 : decayEpochs;
  }

  /** This configuration with another α. */
  public TaskAwareConfig withAlpha(double a) {
    return new TaskAwareConfig(
        epochs, decayEpochs, a, gamma, lr, baselineAlphaZero, sweepAlpha, batchSize, poolSize);
  }
}
