package org.real2sim.models.optim;

/**
 * Learning-rate schedules as pure functions; the trainer evaluates them and feeds the result to
 * {@link Adam#learningRate()}.
 */
public final class Schedules {

  /** The power of the expert's polynomial decay (DeepLab's "poly" policy). */
  public static final double POLY_POWER = 0.9;

  private Schedules() {}

  /**
   * The reference CycleGAN's "linear" policy: the base rate for the first {@code nEpochs} epochs,
   * then a linear decay over {@code nEpochsDecay} epochs.
   *
   * <p>For the 0-based epoch {@code e} the factor is {@code 1 − max(0, e + 1 − n) / (n_decay + 1)},
   * which is the reference's {@code lambda_rule} ({@code 1 − max(0, epoch + epoch_count − n_epochs)
   * / (n_epochs_decay + 1)} with {@code epoch_count = 1}) evaluated at the scheduler's epoch
   * counter when that counter equals the number of completed epochs, i.e. with the scheduler
   * stepped at the end of every epoch as the reference originally did. So epochs {@code 0 … n−1}
   * run at the base rate exactly, as the paper states, and epochs {@code n … n+n_decay−1} at {@code
   * base·(n_decay − k)/(n_decay + 1)}, {@code k = e − n + 1}: the last epoch runs at {@code
   * base/(n_decay + 1)} and the rate reaches 0 only after training. (Later versions of the
   * reference step the scheduler at the start of each epoch; with {@code epoch_count = 1} that
   * shifts the schedule one epoch earlier, so epoch {@code n−1} is already decayed and the last
   * epoch runs at 0. We do not copy that shift.) Epochs past the end give 0.
   *
   * @param base the base learning rate (CycleGAN: 2e-4)
   * @param epoch the 0-based epoch, non-negative
   * @param nEpochs epochs at the base rate, non-negative
   * @param nEpochsDecay epochs of linear decay, non-negative
   * @return the learning rate for that epoch
   */
  public static double linearDecay(double base, long epoch, long nEpochs, long nEpochsDecay) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, found " + epoch);
    }
    if (nEpochs < 0) {
      throw new IllegalArgumentException("nEpochs must be >= 0, found " + nEpochs);
    }
    if (nEpochsDecay < 0) {
      throw new IllegalArgumentException("nEpochsDecay must be >= 0, found " + nEpochsDecay);
    }
    double factor = 1.0 - Math.max(0, epoch + 1 - nEpochs) / (double) (nEpochsDecay + 1);
    return base * Math.max(0.0, factor);
  }

  /**
   * Polynomial decay {@code base·(1 − step/total)^power}, as DeepLab trains its networks; 0 from
   * {@code step = total} on.
   *
   * @param base the base learning rate
   * @param step the 0-based step (or epoch), non-negative
   * @param total the number of steps of the whole run, positive
   * @param power the exponent, non-negative (usually {@link #POLY_POWER})
   * @return the learning rate at that step
   */
  public static double polynomial(double base, long step, long total, double power) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, found " + step);
    }
    if (total <= 0) {
      throw new IllegalArgumentException("total must be > 0, found " + total);
    }
    if (!(power >= 0) || Double.isInfinite(power)) {
      throw new IllegalArgumentException("power must be finite and >= 0, found " + power);
    }
    if (step >= total) {
      return 0.0;
    }
    return base * Math.pow(1.0 - (double) step / total, power);
  }
}
