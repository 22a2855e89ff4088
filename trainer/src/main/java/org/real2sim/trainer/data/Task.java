package org.real2sim.trainer.data;

/** What a data set's labels are. */
public enum Task {
  /** One class id per image; labels are {@code int[N]}. */
  CLASSIFICATION,
  /** One class id per pixel, 255 = ignore; labels are {@code int[N·H·W]}. */
  SEGMENTATION,
  /** Images without labels (the CycleGAN {@code trainA/trainB} convention). */
  UNLABELED
}
