package org.real2sim.tools.sweep;

import org.real2sim.trainer.stage.Method;

/**
 * One finished sweep point: a stage trained (or reused) at one α or one labeled amount.
 *
 * @param kind {@code alpha} or {@code labeled}
 * @param alpha α of a task-aware point; NaN for M3, which has none
 * @param fraction the labeled amount as a fraction of the real training split: the sweep's value
 *     for labeled points; for α points the run's {@code data.labeledFraction}, or N_L / n when the
 *     run's subset was given by count or file
 * @param count N_L, the number of labeled real images the point was trained with
 * @param method {@code ours} (f(G_RS(x)) after stage c) or {@code M3} (f_R on the same images)
 * @param metric {@code accuracy} or {@code miou}
 * @param value the best validation value during training, in [0, 1]
 * @param bestEpoch the epoch (1-based) of the best value
 * @param stage the stage folder, relative to the run directory
 */
public record SweepPoint(
    String kind,
    double alpha,
    double fraction,
    int count,
    String method,
    String metric,
    double value,
    int bestEpoch,
    String stage) {

  /** The kind of an α point. */
  public static final String ALPHA = "alpha";

  /** The kind of a labeled-amount point. */
  public static final String LABELED = "labeled";

  /** The method of a task-aware point. */
  public static final String OURS = Method.OURS.id();

  /** The method of a supervised point. */
  public static final String M3 = Method.M3.id();

  /**
   * What identifies a point across invocations: kind, method and its α (α points) or fraction
   * (labeled points).
   */
  public String key() {
    return kind
        + "/"
        + method
        + "/"
        + (kind.equals(ALPHA) ? SweepPlan.label(alpha, 2) : SweepPlan.label(fraction, 3));
  }
}
