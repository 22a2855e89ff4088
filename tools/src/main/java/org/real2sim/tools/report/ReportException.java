package org.real2sim.tools.report;

/** A report that cannot be written: the run directory is not one, or a file cannot be written. */
public final class ReportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message that names the file and what was expected. */
  public ReportException(String message) {
    super(message);
  }

  /** An exception with a message and its cause. */
  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
