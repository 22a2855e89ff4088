/**
 * Run bookkeeping: the run directory, the checkpoint policy of a stage folder ({@link
 * org.real2sim.trainer.run.CheckpointFolder}: atomic publication, {@code latest}/{@code best}
 * pointers, pruning), the metrics log, TensorBoard events, sample grids, atomic file writes, random
 * state and provenance.
 */
package org.real2sim.trainer.run;
