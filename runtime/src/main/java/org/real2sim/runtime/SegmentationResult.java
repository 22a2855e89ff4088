package org.real2sim.runtime;

import java.util.Optional;
import org.real2sim.runtime.image.RgbImage;

/**
 * A segmentation of one image: a class id per pixel at the image's own size, optionally the softmax
 * scores and the translated image, and the call's timing.
 *
 * <p>Scores are laid out [K, H', W'] (class-major, the graph's NCHW order) at the network's input
 * size H' × W', which equals the image size unless the bundle's input policy resized the image.
 */
public final class SegmentationResult {

  private final int height;
  private final int width;
  private final byte[] mask;
  private final int numClasses;
  private final float[] scores;
  private final int scoresHeight;
  private final int scoresWidth;
  private final RgbImage translated;
  private final Timing timing;

  SegmentationResult(
      int height,
      int width,
      byte[] mask,
      int numClasses,
      float[] scores,
      int scoresHeight,
      int scoresWidth,
      RgbImage translated,
      Timing timing) {
    this.height = height;
    this.width = width;
    this.mask = mask;
    this.numClasses = numClasses;
    this.scores = scores;
    this.scoresHeight = scoresHeight;
    this.scoresWidth = scoresWidth;
    this.translated = translated;
    this.timing = timing;
  }

  /** The image's height in pixels (the mask's height). */
  public int height() {
    return height;
  }

  /** The image's width in pixels (the mask's width). */
  public int width() {
    return width;
  }

  /**
   * The class ids, row-major [H, W], one unsigned byte per pixel; the array is the result's own.
   */
  public byte[] mask() {
    return mask;
  }

  /** The class id at row {@code y}, column {@code x}. */
  public int classAt(int y, int x) {
    return mask[y * width + x] & 0xFF;
  }

  /** The number of pixels of each class, indexed by class id (length K). */
  public long[] pixelCounts() {
    long[] counts = new long[numClasses];
    for (byte b : mask) {
      int c = b & 0xFF;
      if (c < numClasses) {
        counts[c]++;
      }
    }
    return counts;
  }

  /** Whether scores were requested ({@link Options#scores(boolean)}). */
  public boolean hasScores() {
    return scores != null;
  }

  /**
   * The softmax scores, [K, H', W'] row-major.
   *
   * @throws IllegalStateException when scores were not requested
   */
  public float[] scores() {
    return Scores.requested(scores);
  }

  /** The score of class {@code classId} at row {@code y}, column {@code x} of the scores grid. */
  public float score(int classId, int y, int x) {
    return scores()[(classId * scoresHeight + y) * scoresWidth + x];
  }

  /** The height H' of the scores grid (the network's input height). */
  public int scoresHeight() {
    return scoresHeight;
  }

  /** The width W' of the scores grid (the network's input width). */
  public int scoresWidth() {
    return scoresWidth;
  }

  /** The generator's output at the network's input size, when requested. */
  public Optional<RgbImage> translated() {
    return Optional.ofNullable(translated);
  }

  /** The time the call took. */
  public Timing timing() {
    return timing;
  }
}
