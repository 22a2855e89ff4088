package org.real2sim.runtime.bundle;

import java.nio.file.Path;

/**
 * A bundle that cannot be used: missing or unreadable files, an unsupported format version, a
 * checksum mismatch (a tampered or corrupted model), or a model whose inputs and outputs contradict
 * the manifest. The message names the file and what was expected.
 */
public class BundleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /** An error about {@code path} (a bundle directory or a file in it). */
  public BundleException(Path path, String message) {
    super(message);
    this.path = path;
  }

  /** An error about {@code path} caused by {@code cause}. */
  public BundleException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The bundle directory or file the error is about; may be null. */
  public Path path() {
    return path;
  }
}
