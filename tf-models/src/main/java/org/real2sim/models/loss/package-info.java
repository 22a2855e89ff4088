/**
 * The training losses of real2sim as TensorFlow graph ops: LSGAN, L1 cycle and identity,
 * (pixel-wise) cross entropy with class weights and the ignore label, the task-aware generator loss
 * of Mütze et al. (VISAPP 2023), and the assembly of the generators' joint objective with the loss
 * names used in logs and reports.
 */
package org.real2sim.models.loss;
