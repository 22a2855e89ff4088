/**
 * The method's stages: the supervised trainer (stage a, M3, oracle), the GAN trainer (stages b and
 * c), the stage folders ({@link org.real2sim.trainer.stage.Stage}), each stage's resumable state,
 * and the orchestration of a whole run ({@link org.real2sim.trainer.stage.Stages}). Evaluation
 * lives in {@code trainer.eval}.
 */
package org.real2sim.trainer.stage;
