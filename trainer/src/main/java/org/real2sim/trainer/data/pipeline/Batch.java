package org.real2sim.trainer.data.pipeline;

import java.util.List;
import org.real2sim.trainer.data.Sample;

/**
 * One batch, ready to feed: NHWC float images and int labels in fresh arrays the consumer owns.
 *
 * <p>Wrap without per-element copies: {@code TFloat32.tensorOf(Shape.of(batch.imageShape()),
 * DataBuffers.of(batch.images(), true, false))}, and likewise {@code TInt32} for the labels. The
 * record's equality compares arrays by identity, as records do.
 *
 * @param size the number of samples N
 * @param height image height H
 * @param width image width W
 * @param images {@code N·H·W·3} values, NHWC, scaled as configured
 * @param labels classification: {@code N} class ids; segmentation: {@code N·H·W} class ids with 255
 *     = ignore; null for unlabeled data or when labels were not requested
 * @param pixelLabels whether {@code labels} has one id per pixel (segmentation) or per image
 * @param samples the samples in batch order (ids for logs, sample grids and metrics)
 * @param epoch the epoch the batch belongs to (0-based)
 * @param index the batch's position in the whole stream (0-based, across epochs)
 */
public record Batch(
    int size,
    int height,
    int width,
    float[] images,
    int[] labels,
    boolean pixelLabels,
    List<Sample> samples,
    int epoch,
    long index) {

  /** The image tensor shape {@code [N, H, W, 3]}. */
  public long[] imageShape() {
    return new long[] {size, height, width, 3};
  }

  /** The label tensor shape: {@code [N]} or {@code [N, H, W]}; null without labels. */
  public long[] labelShape() {
    if (labels == null) {
      return null;
    }
    return pixelLabels ? new long[] {size, height, width} : new long[] {size};
  }
}
