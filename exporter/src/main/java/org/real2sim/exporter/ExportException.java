package org.real2sim.exporter;

/**
 * A failure while exporting: an operator built with the wrong inputs or attributes, a missing or
 * misshapen weight, an unsupported opset, or an I/O error writing the bundle. The message names the
 * operator, weight, file or value and what was expected.
 */
public class ExportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message that names the problem. */
  public ExportException(String message) {
    super(message);
  }

  /** An error with a message that names the problem, caused by {@code cause}. */
  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
