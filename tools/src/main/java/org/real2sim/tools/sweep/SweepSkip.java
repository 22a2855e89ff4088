package org.real2sim.tools.sweep;

/**
 * A sweep point that did not run or did not finish: a labeled fraction that selects no image, or a
 * point whose training failed.
 *
 * @param kind {@code alpha} or {@code labeled}
 * @param value the α or the fraction of the point
 * @param stage the stage folder of the point (for an amount that selects no image, the amount's
 *     folder)
 * @param reason why, in words
 */
public record SweepSkip(String kind, double value, String stage, String reason) {

  /** What identifies the skipped point: kind, value and stage folder. */
  public String key() {
    return kind + "/" + SweepPlan.label(value, 3) + "/" + stage;
  }

  /** Whether the finished point {@code p} is this point or lies inside its folder. */
  boolean coveredBy(SweepPoint p) {
    return p.stage().equals(stage) || p.stage().startsWith(stage + "/");
  }
}
