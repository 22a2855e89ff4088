/**
 * The method's stages: {@link org.real2sim.trainer.stage.StageRunner}, the one stage loop (skip,
 * resume, epochs, validation and best-keeping, checkpoints, metrics and events, the divergence
 * guard), and the two steps it runs — {@link org.real2sim.trainer.stage.SupervisedTrainer} (stage
 * a, M3, oracle; its step in {@code SupervisedLoop}) and {@link
 * org.real2sim.trainer.stage.GanTrainer} (stages b and c; its step in {@code GanLoop}); the stage
 * folders ({@link org.real2sim.trainer.stage.Stage}), each stage's resumable state, the
 * orchestration of a whole run ({@link org.real2sim.trainer.stage.Stages}) and its methods table
 * ({@link org.real2sim.trainer.stage.MethodsTable}). Scoring lives in {@code trainer.eval}.
 */
package org.real2sim.trainer.stage;
