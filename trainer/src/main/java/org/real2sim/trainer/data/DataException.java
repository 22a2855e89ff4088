package org.real2sim.trainer.data;

/**
 * A data set, file or option is not what the loader expects.
 *
 * <p>Messages name the offending file, folder, option or value and say what was expected, e.g.
 * {@code "/data/cs/gtFine/train/aachen/x_gtFine_labelIds.png: label id 77 is not in the cityscapes
 * label table (expected 0..33 or 255)"}. Unchecked, so that it can cross the pipeline's worker
 * threads and lambdas unchanged.
 */
public class DataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message that names the thing and what was expected. */
  public DataException(String message) {
    super(message);
  }

  /** An error caused by {@code cause} (an I/O or decoder failure). */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
