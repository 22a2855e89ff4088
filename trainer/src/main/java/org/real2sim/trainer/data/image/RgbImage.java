package org.real2sim.trainer.data.image;

/**
 * An RGB image in memory: interleaved {@code [height][width][3]} floats in [0, 1], row-major.
 *
 * <p>Components in the order of the runtime's {@code RgbImage} (height, then width), as the layout
 * reads.
 *
 * @param height the height in pixels
 * @param width the width in pixels
 * @param data {@code width·height·3} values; element {@code (y·width + x)·3 + c}
 */
public record RgbImage(int height, int width, float[] data) {

  /** Validates the array length. */
  public RgbImage {
    if (width <= 0 || height <= 0 || data.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "RGB image "
              + width
              + "x"
              + height
              + " needs "
              + (long) width * height * 3
              + " values, found "
              + data.length);
    }
  }

  /** The value of channel {@code c} at {@code (x, y)}. */
  public float get(int x, int y, int c) {
    return data[(y * width + x) * 3 + c];
  }
}
