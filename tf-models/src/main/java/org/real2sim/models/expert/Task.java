package org.real2sim.models.expert;

/** What an expert predicts. */
public enum Task {
  /** One class per image: logits {@code [N, K]}. */
  CLASSIFICATION,
  /** One class per pixel: logits {@code [N, H, W, K]}. */
  SEGMENTATION
}
