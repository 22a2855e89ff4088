package org.real2sim.runtime;

import java.util.Optional;
import org.real2sim.runtime.image.RgbImage;

/**
 * The class of one image, optionally the softmax scores over the K classes and the translated
 * image, and the call's timing.
 */
public final class ClassificationResult {

  private final int classId;
  private final String className;
  private final float[] scores;
  private final RgbImage translated;
  private final Timing timing;

  ClassificationResult(
      int classId, String className, float[] scores, RgbImage translated, Timing timing) {
    this.classId = classId;
    this.className = className;
    this.scores = scores;
    this.translated = translated;
    this.timing = timing;
  }

  /** The predicted class id (the arg max of the logits). */
  public int classId() {
    return classId;
  }

  /** The predicted class's name from the bundle. */
  public String className() {
    return className;
  }

  /** Whether scores were requested ({@link Options#scores(boolean)}). */
  public boolean hasScores() {
    return scores != null;
  }

  /**
   * The softmax scores over the classes (length K).
   *
   * @throws IllegalStateException when scores were not requested
   */
  public float[] scores() {
    return Scores.requested(scores);
  }

  /** The score of the predicted class; requires scores. */
  public float confidence() {
    return scores()[classId];
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
