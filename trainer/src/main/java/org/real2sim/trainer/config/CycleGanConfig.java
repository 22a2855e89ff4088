package org.real2sim.trainer.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Stage b: the task-agnostic CycleGAN between R and S, with the reference implementation's
 * defaults.
 *
 * @param ngf generator base channels
 * @param nBlocks generator residual blocks (9 at 256 px, 6 below)
 * @param ndf discriminator base channels
 * @param nLayers discriminator stride-2 layers (3 = 70×70 PatchGAN)
 * @param epochs total epochs; the learning rate is constant for epochs − decayEpochs, then decays
 *     linearly
 * @param decayEpochs epochs of linear decay to 0; −1 = half of epochs
 * @param lr Adam learning rate
 * @param beta1 Adam β1
 * @param beta2 Adam β2
 * @param lambdaCyc weight of the cycle-consistency L1 losses
 * @param lambdaId identity loss weight, relative to lambdaCyc
 * @param poolSize images kept in each discriminator's image pool (stage c's too unless {@code
 *     stageC.poolSize} is set)
 * @param iterationsPerEpoch iterations per epoch of stage b and of M1's continuation (stage c's
 *     epochs are one pass over the labeled subset); 0 = max(|R|, |S|) / batchSize
 * @param continueEpochs M1: epochs stage b is continued on all the unlabeled data after it ends
 *     (paper, Synthia: 125); 0 = M1 is stage b alone
 * @param batchSize images per domain per iteration (1 in the paper; stage c's too unless {@code
 *     stageC.batchSize} is set)
 */
public record CycleGanConfig(
    @JsonPropertyDescription("Generator base channels (ngf).") int ngf,
    @JsonPropertyDescription("Generator residual blocks (9 at 256 px, 6 below).") int nBlocks,
    @JsonPropertyDescription("Discriminator base channels (ndf).") int ndf,
    @JsonPropertyDescription("Discriminator stride-2 layers (3 = 70x70 PatchGAN).") int nLayers,
    @JsonPropertyDescription("Total epochs (constant learning rate, then linear decay).")
        int epochs,
    @JsonPropertyDescription("Epochs of linear decay to 0 at the end; -1 = half of epochs.")
        int decayEpochs,
    @JsonPropertyDescription("Adam learning rate.") double lr,
    @JsonPropertyDescription("Adam beta1.") double beta1,
    @JsonPropertyDescription("Adam beta2.") double beta2,
    @JsonPropertyDescription("Weight of the cycle-consistency L1 losses.") double lambdaCyc,
    @JsonPropertyDescription("Identity loss weight, relative to lambdaCyc.") double lambdaId,
    @JsonPropertyDescription("Images kept in each discriminator's image pool.") int poolSize,
    @JsonPropertyDescription(
            "Iterations per epoch of stage b and of M1's continuation (>= 0); 0 = max(|R|, |S|)"
                + " / batchSize. Stage c's epoch is one pass over the labeled subset.")
        int iterationsPerEpoch,
    @JsonPropertyDescription(
            "M1 as in the paper: epochs stage b is continued on all unlabeled data after it ends"
                + " (>= 0; paper, Synthia: 125); 0 = M1 is stage b alone.")
        int continueEpochs,
    @JsonPropertyDescription(
            "Images per domain per iteration (paper: 1); stage c's too unless stageC.batchSize is"
                + " set.")
        int batchSize) {

  /** Validates every field. */
  public CycleGanConfig {
    Check.positive("stageB.ngf", ngf);
    Check.nonNegative("stageB.nBlocks", nBlocks);
    Check.positive("stageB.ndf", ndf);
    Check.positive("stageB.nLayers", nLayers);
    Check.nonNegative("stageB.epochs", epochs);
    if (decayEpochs < -1 || decayEpochs > epochs) {
      throw new ConfigException(
          "stageB.decayEpochs must be -1 or in [0, epochs=" + epochs + "], found " + decayEpochs);
    }
    Check.positive("stageB.lr", lr);
    Check.range("stageB.beta1", beta1, 0, 0.999999);
    Check.range("stageB.beta2", beta2, 0, 0.999999);
    Check.nonNegative("stageB.lambdaCyc", lambdaCyc);
    Check.nonNegative("stageB.lambdaId", lambdaId);
    Check.nonNegative("stageB.poolSize", poolSize);
    Check.nonNegative("stageB.iterationsPerEpoch", iterationsPerEpoch);
    Check.nonNegative("stageB.continueEpochs", continueEpochs);
    Check.positive("stageB.batchSize", batchSize);
    if (batchSize > 8) {
      throw new ConfigException("stageB.batchSize must be at most 8, found " + batchSize);
    }
  }

  /** The decay epochs with −1 resolved to half of the epochs. */
  public int resolvedDecayEpochs() {
    return decayEpochs < 0 ? epochs / 2 : decayEpochs;
  }
}
