package org.real2sim.runtime.image;

import java.nio.file.Path;

/**
 * An image file that cannot be used: missing, not an image, malformed, over the pixel limit, in a
 * colour space the runtime does not convert, or too large for the Java heap. The message always
 * names the file and what was expected; it is never empty.
 */
public class ImageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** An error about {@code file}. */
  public ImageException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  /** An error about {@code file} caused by {@code cause}. */
  public ImageException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The image file. */
  public Path file() {
    return file;
  }
}
