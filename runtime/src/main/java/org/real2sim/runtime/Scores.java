package org.real2sim.runtime;

/** The one check behind every result's {@code scores()}: scores exist only when requested. */
final class Scores {

  private Scores() {}

  /**
   * Returns {@code scores}.
   *
   * @throws IllegalStateException when they are null: the pipeline was opened without {@link
   *     Options#scores(boolean)}
   */
  static float[] requested(float[] scores) {
    if (scores == null) {
      throw new IllegalStateException(
          "scores were not requested: open the pipeline with Options.scores(true)");
    }
    return scores;
  }
}
