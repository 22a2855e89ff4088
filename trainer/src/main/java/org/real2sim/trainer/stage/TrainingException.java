package org.real2sim.trainer.stage;

/**
 * Training cannot go on: a NaN or infinite loss, a missing or mismatched checkpoint, unusable data.
 * The message names the stage, step and value, and what to do.
 */
public final class TrainingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message naming stage, step and value. */
  public TrainingException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
