package org.real2sim.runtime;

/**
 * A failure while opening or running a pipeline that is not the bundle's fault: a required device
 * that cannot be used, an options/bundle mismatch, or an ONNX Runtime error during inference
 * (wrapped with the batch size and image size). Bundle problems are {@link
 * org.real2sim.runtime.bundle.BundleException}; bad caller input is {@link
 * IllegalArgumentException}.
 */
public class PipelineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message that names the problem. */
  public PipelineException(String message) {
    super(message);
  }

  /** An error with a message that names the problem, caused by {@code cause}. */
  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
