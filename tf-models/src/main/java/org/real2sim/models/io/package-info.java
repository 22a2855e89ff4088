/**
 * The checkpoint format and the weight reader: {@link org.real2sim.models.io.Saver} builds the
 * save/restore ops for a chosen variable list once; {@link org.real2sim.models.io.Checkpoints}
 * writes one checkpoint directory (bundle, caller files, a plain-text {@link
 * org.real2sim.models.io.CheckpointManifest}), restores it into a graph after verifying it, and
 * reads weights back without the original graph (what the exporter uses). Where checkpoints live,
 * their publication, pointers, pruning and best-keeping are the trainer's policy ({@code
 * org.real2sim.trainer.run.CheckpointFolder}).
 */
package org.real2sim.models.io;
