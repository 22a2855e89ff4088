package org.real2sim.exporter.parity;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.real2sim.exporter.ExportException;

/**
 * A batch of RGB images of one size as the bundle's input takes them: uint8 NHWC, row-major, {@code
 * count × height × width × 3} bytes.
 *
 * @param count the number of images N
 * @param height H
 * @param width W
 * @param rgb the bytes, length {@code N·H·W·3}
 */
public record SampleImages(int count, int height, int width, byte[] rgb) {

  /** Checks positive dimensions and the byte count. */
  public SampleImages {
    if (count < 1 || height < 1 || width < 1) {
      throw new ExportException(
          "sample images need N, H and W >= 1, found " + count + "x" + height + "x" + width);
    }
    long n = 3L * count * height * width;
    if (rgb == null || rgb.length != n) {
      throw new ExportException(
          "sample images "
              + count
              + "x"
              + height
              + "x"
              + width
              + "x3 need "
              + n
              + " bytes, found "
              + (rgb == null ? "none" : rgb.length));
    }
  }

  /** {@code count} images of uniformly random bytes from {@code seed}. */
  public static SampleImages seededRandom(int count, int height, int width, long seed) {
    byte[] b = new byte[3 * count * height * width];
    new SplittableRandom(seed).nextBytes(b);
    return new SampleImages(count, height, width, b);
  }

  /**
   * Stacks images of one size, each {@code height × width × 3} bytes.
   *
   * @throws ExportException naming the image whose byte count differs
   */
  public static SampleImages stack(List<byte[]> images, int height, int width) {
    if (images.isEmpty()) {
      throw new ExportException("no sample images to stack");
    }
    int per = 3 * height * width;
    byte[] all = new byte[per * images.size()];
    for (int i = 0; i < images.size(); i++) {
      byte[] im = images.get(i);
      if (im.length != per) {
        throw new ExportException(
            "sample image "
                + i
                + " has "
                + im.length
                + " bytes, expected "
                + per
                + " for "
                + height
                + "x"
                + width
                + " RGB");
      }
      System.arraycopy(im, 0, all, i * per, per);
    }
    return new SampleImages(images.size(), height, width, all);
  }

  /** Images {@code [from, to)} of this batch. */
  public SampleImages slice(int from, int to) {
    if (from < 0 || to > count || from >= to) {
      throw new ExportException(
          "slice [" + from + ", " + to + ") is outside the " + count + " sample images");
    }
    int per = 3 * height * width;
    return new SampleImages(
        to - from, height, width, Arrays.copyOfRange(rgb, from * per, to * per));
  }

  /** The shape [N, H, W, 3]. */
  public long[] shape() {
    return new long[] {count, height, width, 3};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SampleImages s
        && s.count == count
        && s.height == height
        && s.width == width
        && Arrays.equals(s.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * count + height) + width) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "SampleImages[" + count + "x" + height + "x" + width + "x3]";
  }
}
