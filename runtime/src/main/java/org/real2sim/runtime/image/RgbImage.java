package org.real2sim.runtime.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
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
   * Converts a decoded image the way the trainer's decoder does: sample values as stored, without
   * colour management; greyscale (8 or 16 bits, with or without alpha) replicated to R, G and B;
   * alpha dropped; palette and 1-bit images looked up in their palette; 16-bit samples scaled to 8
   * bits with rounding.
   *
   * @throws IllegalArgumentException for a CMYK or other non-RGB, non-grey colour space (naming
   *     it), which cannot be converted without a colour profile
   */
  public static RgbImage of(BufferedImage image) {
    ColorModel cm = image.getColorModel();
    int space = cm.getColorSpace().getType();
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] out = new byte[Images.bytes(3, h, w)];
    if (!(cm instanceof IndexColorModel)
        && (space == ColorSpace.TYPE_CMYK || space == ColorSpace.TYPE_4CLR)) {
      throw new IllegalArgumentException(
          "image is CMYK (4 colour components, no alpha), expected RGB or greyscale; convert it to"
              + " RGB first (for example with an image editor's 'convert to sRGB')");
    }
    if (!(cm instanceof IndexColorModel) && space == ColorSpace.TYPE_GRAY) {
      Raster r = image.getRaster();
      int bits = cm.getComponentSize(0);
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        r.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          int v = row[x];
          if (bits > 8) {
            v = (int) Math.round(v * 255.0 / ((1 << bits) - 1));
          }
          byte g = (byte) v;
          int o = 3 * (y * w + x);
          out[o] = g;
          out[o + 1] = g;
          out[o + 2] = g;
        }
      }
      return new RgbImage(h, w, out);
    }
    if (!(cm instanceof IndexColorModel) && space != ColorSpace.TYPE_RGB) {
      throw new IllegalArgumentException(
          "image has colour space type "
              + space
              + " with "
              + cm.getNumColorComponents()
              + " colour components, expected RGB or greyscale; convert it to RGB first");
    }
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
