package org.real2sim.runtime.image;

import java.util.Locale;

/**
 * An image size, always written height × width ({@code 480x640} is 480 rows of 640 pixels), the one
 * convention of every {@code --size} option ({@code real2sim-run}, {@code soak}, {@code
 * bench-inference}, {@code bench-pipeline}) and of every size real2sim prints.
 *
 * @param height rows, positive
 * @param width columns, positive
 */
public record ImageSize(int height, int width) {

  /** Checks that both sides are positive. */
  public ImageSize {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, found " + height + "x" + width + " (height x width)");
    }
  }

  /**
   * Parses {@code HxW} (also {@code H×W}, any case) or {@code N} for a square N×N.
   *
   * @param option the option being parsed, named in the error (e.g. {@code --size})
   * @throws IllegalArgumentException naming the option, the text and the expected form
   */
  public static ImageSize parse(String option, String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('×', 'x');
    String[] p = s.split("x", -1);
    try {
      if (p.length == 1 && !p[0].isEmpty()) {
        int n = Integer.parseInt(p[0].trim());
        if (n > 0) {
          return new ImageSize(n, n);
        }
      } else if (p.length == 2) {
        int h = Integer.parseInt(p[0].trim());
        int w = Integer.parseInt(p[1].trim());
        if (h > 0 && w > 0) {
          return new ImageSize(h, w);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        option
            + " needs HxW (height x width, positive integers, e.g. 480x640) or N for NxN, found '"
            + text
            + "'");
  }

  /** The number of pixels, without overflow. */
  public long pixels() {
    return (long) height * width;
  }

  /** {@code HxW}. */
  @Override
  public String toString() {
    return height + "x" + width;
  }
}
