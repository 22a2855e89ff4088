package org.real2sim.spark;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.real2sim.runtime.image.ImageException;
import org.real2sim.runtime.image.ImageFiles;
import org.real2sim.runtime.image.ImageHeader;
import org.real2sim.runtime.image.RgbImage;

/**
 * Decodes image bytes (a {@code binaryFile} row's {@code content}) with the runtime's rules: the
 * size is read from the header and checked against the pixel limit before any pixel is decoded, a
 * decoder warning (truncated file) is an error, CMYK JPEGs are refused; {@link ImageFiles} does the
 * same for files on disk. Every failure is an {@link ImageException} naming the path.
 */
final class ImageBytes {

  private ImageBytes() {}

  /** The RGB image in {@code bytes}, named {@code path} in messages. */
  static RgbImage decode(String path, byte[] bytes, long maxPixels) {
    Path name = Path.of(path);
    BufferedImage img = read(name, bytes, maxPixels, true);
    try {
      return RgbImage.of(img);
    } catch (IllegalArgumentException e) {
      throw new ImageException(name, e.getMessage(), e);
    }
  }

  /**
   * A label image: the first band's value at every pixel, row-major (8- or 16-bit class ids).
   *
   * @throws ImageException naming the path when it cannot be decoded or is over the pixel limit
   */
  static int[] labels(String path, byte[] bytes, long maxPixels, int[] sizeOut) {
    BufferedImage img = read(Path.of(path), bytes, maxPixels, false);
    Raster r = img.getRaster();
    sizeOut[0] = r.getHeight();
    sizeOut[1] = r.getWidth();
    return r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
  }

  private static BufferedImage read(Path name, byte[] bytes, long maxPixels, boolean colour) {
    try {
      ImageHeader h = ImageHeader.read(new ByteArrayInputStream(bytes));
      if (h != null) {
        ImageFiles.checkPixels(name, h.width(), h.height(), maxPixels);
        if (colour && h.format().equals("jpeg") && h.components() == 4) {
          throw new ImageException(
              name,
              "is a CMYK (or YCCK) JPEG with 4 colour components; real2sim reads RGB, YCbCr and"
                  + " greyscale JPEGs: convert it to RGB (sRGB) first");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ImageException(name, e.getMessage(), e);
    } catch (IOException e) {
      throw new ImageException(name, "cannot read the image header: " + message(e), e);
    }
    // In memory: ImageIO.createImageInputStream would cache the stream in a temporary file.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> it = ImageIO.getImageReaders(in);
      if (!it.hasNext()) {
        throw new ImageException(
            name,
            "not a readable image (expected PNG, JPEG, BMP or GIF; no decoder recognises it)");
      }
      ImageReader reader = it.next();
      reader.setInput(in, true, true);
      List<String> warnings = ImageFiles.warnings(reader);
      try {
        ImageFiles.checkPixels(name, reader.getWidth(0), reader.getHeight(0), maxPixels);
        BufferedImage img = reader.read(0, reader.getDefaultReadParam());
        if (!warnings.isEmpty()) {
          throw new ImageException(
              name, "corrupt or truncated image (decoder warning: " + warnings.get(0) + ")");
        }
        if (img == null) {
          throw new ImageException(name, "the decoder returned no image");
        }
        return img;
      } finally {
        reader.dispose();
      }
    } catch (ImageException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      throw new ImageException(
          name,
          "ran out of Java heap while decoding (maximum heap "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MB); give the executors more memory or lower --max-pixels");
    } catch (IOException | RuntimeException e) {
      throw new ImageException(
          name, "corrupt, truncated or unsupported image (" + message(e) + ")", e);
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
