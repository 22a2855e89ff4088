package org.real2sim.runtime.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.function.IntUnaryOperator;

/** Resizing, colour masks and overlays on packed images and class-id masks. */
public final class Images {

  private Images() {}

  /**
   * Resizes bilinearly with half-pixel centres and edge clamping, the sampling of ONNX {@code
   * Resize} (linear, half_pixel) and TensorFlow's {@code ResizeBilinear(half_pixel_centers=true)};
   * no antialiasing. Values are rounded to the nearest integer.
   */
  public static RgbImage resizeBilinear(RgbImage image, int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "target size must be positive, found " + height + "x" + width);
    }
    if (height == image.height() && width == image.width()) {
      return image;
    }
    int ih = image.height();
    int iw = image.width();
    byte[] src = image.pixels();
    byte[] out = new byte[3 * height * width];
    int[] x0 = new int[width];
    int[] x1 = new int[width];
    float[] fx = new float[width];
    axis(iw, width, x0, x1, fx);
    int[] y0 = new int[height];
    int[] y1 = new int[height];
    float[] fy = new float[height];
    axis(ih, height, y0, y1, fy);
    for (int y = 0; y < height; y++) {
      int r0 = y0[y] * iw;
      int r1 = y1[y] * iw;
      float wy = fy[y];
      for (int x = 0; x < width; x++) {
        float wx = fx[x];
        for (int c = 0; c < 3; c++) {
          float a = src[3 * (r0 + x0[x]) + c] & 0xFF;
          float b = src[3 * (r0 + x1[x]) + c] & 0xFF;
          float d = src[3 * (r1 + x0[x]) + c] & 0xFF;
          float e = src[3 * (r1 + x1[x]) + c] & 0xFF;
          float top = a + (b - a) * wx;
          float bottom = d + (e - d) * wx;
          out[3 * (y * width + x) + c] = (byte) Math.round(top + (bottom - top) * wy);
        }
      }
    }
    return new RgbImage(height, width, out);
  }

  private static void axis(int in, int out, int[] lo, int[] hi, float[] frac) {
    double scale = in / (double) out;
    for (int i = 0; i < out; i++) {
      double src = (i + 0.5) * scale - 0.5;
      double f = Math.floor(src);
      lo[i] = (int) Math.max(0, Math.min(in - 1, f));
      hi[i] = (int) Math.max(0, Math.min(in - 1, f + 1));
      frac[i] = src < 0 ? 0f : (float) (src - f);
    }
  }

  /**
   * Resizes a class-id mask ({@code height × width} bytes, row-major) by nearest-neighbour sampling
   * at half-pixel centres: output pixel {@code (y, x)} takes input pixel {@code (floor((y + 0.5) ·
   * ih / h), floor((x + 0.5) · iw / w))}.
   */
  public static byte[] resizeNearest(
      byte[] mask, int height, int width, int newHeight, int newWidth) {
    if (mask.length != height * width) {
      throw new IllegalArgumentException(
          "mask of "
              + height
              + "x"
              + width
              + " needs "
              + height * width
              + " bytes, found "
              + mask.length);
    }
    if (newHeight == height && newWidth == width) {
      return mask.clone();
    }
    byte[] out = new byte[newHeight * newWidth];
    int[] xs = new int[newWidth];
    for (int x = 0; x < newWidth; x++) {
      xs[x] = Math.min(width - 1, (int) Math.floor((x + 0.5) * width / newWidth));
    }
    for (int y = 0; y < newHeight; y++) {
      int sy = Math.min(height - 1, (int) Math.floor((y + 0.5) * height / newHeight));
      for (int x = 0; x < newWidth; x++) {
        out[y * newWidth + x] = mask[sy * width + xs[x]];
      }
    }
    return out;
  }

  /**
   * A colour image of a class-id mask; {@code colour} maps a class id (0–255) to {@code 0xRRGGBB}.
   */
  public static BufferedImage colourMask(
      byte[] mask, int height, int width, IntUnaryOperator colour) {
    int[] lut = lut(colour);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] data = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < height * width; i++) {
      data[i] = lut[mask[i] & 0xFF];
    }
    return img;
  }

  /**
   * The image with the colour mask blended over it: {@code round((1 − alpha) · pixel + alpha ·
   * colour)} per channel.
   */
  public static BufferedImage overlay(
      RgbImage image, byte[] mask, IntUnaryOperator colour, double alpha) {
    if (mask.length != image.height() * image.width()) {
      throw new IllegalArgumentException(
          "mask has " + mask.length + " pixels, the image " + image.height() * image.width());
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be within [0, 1], found " + alpha);
    }
    int[] lut = lut(colour);
    BufferedImage img =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    int[] data = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    byte[] px = image.pixels();
    for (int i = 0; i < mask.length; i++) {
      int c = lut[mask[i] & 0xFF];
      int v = 0;
      for (int ch = 0; ch < 3; ch++) {
        int p = px[3 * i + ch] & 0xFF;
        int m = (c >> (16 - 8 * ch)) & 0xFF;
        v = (v << 8) | (int) Math.round((1 - alpha) * p + alpha * m);
      }
      data[i] = v;
    }
    return img;
  }

  /** A single-channel 8-bit image whose grey values are the class ids (a lossless mask file). */
  public static BufferedImage classIdImage(byte[] mask, int height, int width) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, width, height, mask);
    return img;
  }

  private static int[] lut(IntUnaryOperator colour) {
    int[] lut = new int[256];
    for (int i = 0; i < 256; i++) {
      lut[i] = colour.applyAsInt(i) & 0xFFFFFF;
    }
    return lut;
  }
}
