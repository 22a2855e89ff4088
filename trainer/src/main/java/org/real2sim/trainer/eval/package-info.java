/** Evaluation: confusion matrices, accuracy, per-class IoU and mIoU, and the methods table. */
package org.real2sim.trainer.eval;
