package org.real2sim.models.expert;

/**
 * What a data set's labels are and what an expert predicts: the one task vocabulary of the training
 * side (tf-models, trainer, tools). The runtime, which may depend on nothing of the training side,
 * keeps its own {@code org.real2sim.runtime.bundle.Task} with the same two predicting constants; a
 * test in the exporter (which sees both) checks that they agree.
 */
public enum Task {
  /** One class per image: labels {@code int[N]}, logits {@code [N, K]}. */
  CLASSIFICATION,
  /** One class per pixel, 255 = ignore: labels {@code int[N·H·W]}, logits {@code [N, H, W, K]}. */
  SEGMENTATION,
  /**
   * Images without labels (the CycleGAN {@code trainA/trainB} convention): a data set's task only;
   * no expert predicts it.
   */
  UNLABELED
}
