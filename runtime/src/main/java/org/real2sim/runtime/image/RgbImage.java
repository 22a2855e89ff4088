package org.real2sim.runtime.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * An 8-bit RGB image as packed bytes: row-major, interleaved {@code R, G, B} per pixel (HWC), the
 * layout of the bundle's {@code image} input. The array is not copied: callers must not change it
 * while a pipeline reads it.
 *
 * @param height rows, positive
 * @param width columns, positive
 * @param pixels {@code height · width · 3} bytes
 */
public record RgbImage(int height, int width, byte[] pixels) {

  /** Checks the dimensions and that there are exactly three bytes per pixel. */
  public RgbImage {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, found " + height + "x" + width + " (HxW)");
    }
    if (pixels == null) {
      throw new IllegalArgumentException("pixels must not be null");
    }
    long expected = 3L * height * width;
    if (pixels.length != expected) {
      long perPixel = (long) height * width;
      String hint =
          pixels.length % perPixel == 0
              ? " (" + pixels.length / perPixel + " channels; expected 3: RGB)"
              : "";
      throw new IllegalArgumentException(
          "RGB image of "
              + height
              + "x"
              + width
              + " (HxW) needs "
              + expected
              + " bytes (3 per pixel), found "
              + pixels.length
              + hint);
    }
  }

  /**
   * Converts a decoded image, rejecting anything that is not three-channel colour.
   *
   * @throws IllegalArgumentException when the image has 1, 2 or 4 colour components (grey, grey +
   *     alpha, RGBA), naming the count
   */
  public static RgbImage of(BufferedImage image) {
    int channels = image.getColorModel().getNumComponents();
    if (channels != 3) {
      String kind =
          switch (channels) {
            case 1 -> "greyscale";
            case 2 -> "greyscale with alpha";
            case 4 -> "RGBA (colour with alpha)";
            default -> channels + "-channel";
          };
      throw new IllegalArgumentException(
          "image has "
              + channels
              + " channels ("
              + kind
              + "), expected 3 (RGB); convert it to RGB first");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] out = new byte[3 * h * w];
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1
        && image.getRaster().getParent() == null) {
      byte[] bgr = db.getData();
      for (int i = 0; i < h * w; i++) {
        out[3 * i] = bgr[3 * i + 2];
        out[3 * i + 1] = bgr[3 * i + 1];
        out[3 * i + 2] = bgr[3 * i];
      }
    } else {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          int p = row[x];
          int o = 3 * (y * w + x);
          out[o] = (byte) (p >> 16);
          out[o + 1] = (byte) (p >> 8);
          out[o + 2] = (byte) p;
        }
      }
    }
    return new RgbImage(h, w, out);
  }

  /** The pixel at row {@code y}, column {@code x} as {@code 0xRRGGBB}. */
  public int rgb(int y, int x) {
    int o = 3 * (y * width + x);
    return (pixels[o] & 0xFF) << 16 | (pixels[o + 1] & 0xFF) << 8 | (pixels[o + 2] & 0xFF);
  }

  /** A new {@link BufferedImage#TYPE_INT_RGB} image with these pixels. */
  public BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] data = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < height * width; i++) {
      data[i] =
          (pixels[3 * i] & 0xFF) << 16
              | (pixels[3 * i + 1] & 0xFF) << 8
              | (pixels[3 * i + 2] & 0xFF);
    }
    return img;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage r
        && r.height == height
        && r.width == width
        && Arrays.equals(r.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "x" + width + "]";
  }
}
