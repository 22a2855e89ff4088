package org.real2sim.runtime.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.function.IntUnaryOperator;

/**
 * Resizing, colour masks and overlays on packed images and class-id masks. Every size product is
 * computed in {@code long} and checked before an array is allocated.
 */
public final class Images {

  private Images() {}

  /**
   * Resizes with the filter of training and of the bundles' in-graph preprocessing: ONNX {@code
   * Resize} with {@code mode=linear}, {@code antialias=1}, {@code exclude_outside=1} and {@code
   * coordinate_transformation_mode=half_pixel}. Per axis, output pixel {@code i} has its centre at
   * {@code c = (i + 0.5) · s} in input coordinates ({@code s = in / out}); when shrinking ({@code s
   * > 1}) the triangle filter is widened by {@code s}, so the taps {@code j} in {@code [floor(c − s
   * + 0.5), floor(c + s + 0.5))} inside the image get weights {@code 1 − |j + 0.5 − c| / s},
   * normalised to sum 1 (Pillow's bilinear); when enlarging it is plain bilinear interpolation with
   * edge pixels repeated. Separable: rows first, then columns, in float; values are rounded to the
   * nearest byte at the end. Used only when a bundle without in-graph preprocessing asks the
   * runtime to resize ({@code onMismatch: resize}).
   *
   * @throws IllegalArgumentException when the target size is not positive or over 2^31 bytes
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
    int outBytes = bytes(3, height, width);
    int midLength = bytes(3, ih, width);
    byte[] src = image.pixels();
    Taps tx = taps(iw, width);
    float[] mid = new float[midLength];
    for (int y = 0; y < ih; y++) {
      int rowIn = y * iw * 3;
      int rowOut = y * width * 3;
      for (int x = 0; x < width; x++) {
        float[] w = tx.weights[x];
        int base = rowIn + tx.start[x] * 3;
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < w.length; k++) {
          int o = base + k * 3;
          r += w[k] * (src[o] & 0xFF);
          g += w[k] * (src[o + 1] & 0xFF);
          b += w[k] * (src[o + 2] & 0xFF);
        }
        int o = rowOut + x * 3;
        mid[o] = r;
        mid[o + 1] = g;
        mid[o + 2] = b;
      }
    }
    Taps ty = taps(ih, height);
    byte[] out = new byte[outBytes];
    int rowLen = width * 3;
    float[] acc = new float[rowLen];
    for (int y = 0; y < height; y++) {
      java.util.Arrays.fill(acc, 0f);
      float[] w = ty.weights[y];
      for (int k = 0; k < w.length; k++) {
        float wk = w[k];
        int inRow = (ty.start[y] + k) * rowLen;
        for (int i = 0; i < rowLen; i++) {
          acc[i] += wk * mid[inRow + i];
        }
      }
      int outRow = y * rowLen;
      for (int i = 0; i < rowLen; i++) {
        out[outRow + i] = (byte) Math.max(0, Math.min(255, Math.round(acc[i])));
      }
    }
    return new RgbImage(height, width, out);
  }

  /** One output position's taps per axis: the first source index and the normalised weights. */
  private record Taps(int[] start, float[][] weights) {}

  private static Taps taps(int in, int out) {
    double scale = (double) in / out;
    double support = Math.max(scale, 1.0);
    int[] start = new int[out];
    float[][] weights = new float[out][];
    for (int i = 0; i < out; i++) {
      double centre = (i + 0.5) * scale;
      int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
      int hi = Math.min(in, (int) Math.floor(centre + support + 0.5));
      double[] w = new double[Math.max(hi - lo, 0)];
      double sum = 0;
      for (int k = 0; k < w.length; k++) {
        double d = Math.abs((lo + k + 0.5 - centre) / support);
        w[k] = d < 1 ? 1 - d : 0;
        sum += w[k];
      }
      float[] wf = new float[w.length];
      for (int k = 0; k < w.length; k++) {
        wf[k] = (float) (sum == 0 ? 0 : w[k] / sum);
      }
      start[i] = lo;
      weights[i] = wf;
    }
    return new Taps(start, weights);
  }

  /**
   * {@code channels · height · width} as an array length.
   *
   * @throws IllegalArgumentException when it does not fit an array
   */
  static int bytes(int channels, int height, int width) {
    long n = (long) channels * height * width;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "an image of "
              + height
              + "x"
              + width
              + " with "
              + channels
              + " channel(s) needs "
              + n
              + " bytes, more than a Java array holds");
    }
    return (int) n;
  }

  /**
   * Resizes a class-id mask ({@code height × width} bytes, row-major) by nearest-neighbour sampling
   * at half-pixel centres: output pixel {@code (y, x)} takes input pixel {@code (floor((y + 0.5) ·
   * ih / h), floor((x + 0.5) · iw / w))}.
   */
  public static byte[] resizeNearest(
      byte[] mask, int height, int width, int newHeight, int newWidth) {
    if (mask.length != (long) height * width) {
      throw new IllegalArgumentException(
          "mask of "
              + height
              + "x"
              + width
              + " needs "
              + (long) height * width
              + " bytes, found "
              + mask.length);
    }
    if (newHeight == height && newWidth == width) {
      return mask.clone();
    }
    byte[] out = new byte[bytes(1, newHeight, newWidth)];
    int[] xs = new int[newWidth];
    for (int x = 0; x < newWidth; x++) {
      xs[x] = (int) Math.min(width - 1, (long) Math.floor((x + 0.5) * width / newWidth));
    }
    for (int y = 0; y < newHeight; y++) {
      int sy = (int) Math.min(height - 1, (long) Math.floor((y + 0.5) * height / newHeight));
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
    if (mask.length != (long) image.height() * image.width()) {
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
