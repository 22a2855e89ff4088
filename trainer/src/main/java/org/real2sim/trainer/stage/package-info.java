/**
 * The method's stages: the supervised trainer (stage a, M3, oracle), the GAN trainer (stages b and
 * c), evaluation of every method, and the orchestration of a whole run.
 */
package org.real2sim.trainer.stage;
