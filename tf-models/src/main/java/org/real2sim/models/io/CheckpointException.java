package org.real2sim.models.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint could not be written, found, verified or restored; the message names the file or
 * variable concerned and what was expected.
 *
 * <p>Native TensorFlow errors raised while saving or restoring are wrapped into this exception,
 * with the original as the cause.
 */
public final class CheckpointException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /** An error about {@code path} (a checkpoint directory or one of its files). */
  public CheckpointException(Path path, String message) {
    super(message);
    this.path = path;
  }

  /** An error about {@code path} caused by {@code cause}. */
  public CheckpointException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The checkpoint directory or file the error is about. */
  public Path path() {
    return path;
  }
}
