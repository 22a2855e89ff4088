package org.real2sim.trainer.config;

/**
 * A configuration that cannot be used; the message names the field, the value and what was
 * expected.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message naming field and value. */
  public ConfigException(String message) {
    super(message);
  }

  /** An error with a message and its cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
