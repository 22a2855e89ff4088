/**
 * Checkpoints and the weight reader: {@link org.real2sim.models.io.Saver} builds the save/restore
 * ops for a chosen variable list once; {@link org.real2sim.models.io.Checkpoints} writes checkpoint
 * directories atomically with a plain-text {@link org.real2sim.models.io.CheckpointManifest},
 * maintains the {@code latest}/{@code best} pointers, prunes, and reads weights back without the
 * original graph (what the exporter uses).
 */
package org.real2sim.models.io;
