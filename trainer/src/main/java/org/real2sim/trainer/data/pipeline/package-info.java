/**
 * The input pipeline: from a {@link org.real2sim.trainer.data.Dataset} to ready NHWC batches.
 *
 * <p>{@link org.real2sim.trainer.data.pipeline.BatchLoader} decodes, maps labels, resizes, crops,
 * flips and scales samples on background threads into a bounded queue of {@link
 * org.real2sim.trainer.data.pipeline.Batch}es whose {@code float[]} images and {@code int[]} labels
 * the trainer wraps as tensors with {@code TFloat32.tensorOf(batch.imageShape(),
 * DataBuffers.of(batch.images(), true, false))} — no per-element copies. Every random decision is
 * drawn from {@code (seed, epoch, position)}, so a seed gives the same batches whatever the thread
 * count. The order of samples per epoch is a {@link
 * org.real2sim.trainer.data.pipeline.SampleOrder}; {@link
 * org.real2sim.trainer.data.pipeline.UnpairedSampler} gives the two orders of CycleGAN training (an
 * epoch is max(|R|, |S|) iterations, the smaller domain drawn at random).
 *
 * <p>{@link org.real2sim.trainer.data.pipeline.DatasetValidator} reads every file once before
 * training (with a progress bar) and reports each bad one — corrupt or truncated, over the pixel
 * limit, image/label size mismatch, label id outside the class map — in a {@link
 * org.real2sim.trainer.data.pipeline.ValidationReport}, which either stops the run or, with {@code
 * --skip-bad}, removes them and lists them in the run directory.
 */
package org.real2sim.trainer.data.pipeline;
