package org.real2sim.trainer.data.image;

/**
 * A label image in memory: one integer per pixel, row-major (raw ids after decoding, class ids
 * after mapping).
 *
 * @param width the width in pixels
 * @param height the height in pixels
 * @param data {@code width·height} values; element {@code y·width + x}
 */
public record LabelImage(int width, int height, int[] data) {

  /** Validates the array length. */
  public LabelImage {
    if (width <= 0 || height <= 0 || data.length != (long) width * height) {
      throw new IllegalArgumentException(
          "label image "
              + width
              + "x"
              + height
              + " needs "
              + (long) width * height
              + " values, found "
              + data.length);
    }
  }

  /** The value at {@code (x, y)}. */
  public int get(int x, int y) {
    return data[y * width + x];
  }
}
