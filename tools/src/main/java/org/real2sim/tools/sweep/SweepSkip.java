package org.real2sim.tools.sweep;

/**
 * A sweep point that could not run, such as a labeled fraction that selects no image.
 *
 * @param kind {@code alpha} or {@code labeled}
 * @param value the α or the fraction that was skipped
 * @param reason why, in words
 */
public record SweepSkip(String kind, double value, String reason) {

  /** What identifies the skipped point: kind and value. */
  public String key() {
    return kind + "/" + SweepPlan.label(value, 3);
  }
}
