/**
 * Evaluation: {@link org.real2sim.trainer.eval.ConfusionMatrix} (accuracy, per-class IoU, mIoU),
 * {@link org.real2sim.trainer.eval.Metric} (the metric names as a type), {@link
 * org.real2sim.trainer.eval.Evaluator} (runs a prediction op over validation images and scores it)
 * and {@link org.real2sim.trainer.eval.Evaluation} (the final evaluation of every method of a run:
 * the methods table and {@code results.json}).
 */
package org.real2sim.trainer.eval;
