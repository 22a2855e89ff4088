package org.real2sim.runtime.image;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads image files into {@link RgbImage}s with bounded memory.
 *
 * <p>Before a pixel is decoded the size is read from the header ({@link ImageHeader} for PNG and
 * JPEG; for BMP and GIF the ImageIO reader's {@code getWidth}/{@code getHeight}, which read the
 * header only) and checked against a pixel limit, and the memory the decode needs is checked
 * against the Java heap: a 153-byte PNG claiming 25,000 × 25,000 pixels or a small PNG bomb is
 * refused before any pixel memory is allocated. A decoder warning (a truncated JPEG decodes as a
 * partly grey image with a warning) is an error, a decoder's own exception becomes a message, and
 * an {@link OutOfMemoryError} during decoding becomes an {@link ImageException} that names the
 * file, its size and the heap. CMYK JPEGs are refused with a message saying so (there is no colour
 * profile to convert them with); greyscale, palette and 1-bit images are converted to RGB (see
 * {@link RgbImage#of}).
 *
 * <p>Thread-safe: each call uses its own reader.
 */
public final class ImageFiles {

  /**
   * The default pixel limit: 2^25 = 33,554,432 pixels, enough for 8K UHD camera frames (7680 × 4320
   * = 33.2 MP) and 6000 × 4000 still images.
   */
  public static final long DEFAULT_MAX_PIXELS = 1L << 25;

  /**
   * Bytes of Java heap a decode needs per pixel: the decoded raster (≤ 4) plus the RGB copy (3).
   */
  static final long HEAP_BYTES_PER_PIXEL = 8;

  private ImageFiles() {}

  /**
   * The header of {@code file}: format, size and colour components, without decoding pixels.
   *
   * @throws ImageException naming the file when it is missing, unreadable, not an image or has a
   *     malformed header
   */
  public static ImageHeader header(Path file) {
    requireFile(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ImageHeader h = ImageHeader.read(in);
      if (h != null) {
        return h;
      }
    } catch (IllegalArgumentException e) {
      throw new ImageException(file, e.getMessage(), e);
    } catch (IOException e) {
      throw new ImageException(file, "cannot read the file: " + message(e), e);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = reader(in, file);
      try {
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w < 1 || h < 1) {
          throw new ImageException(file, "the image header gives size " + w + "x" + h + " (WxH)");
        }
        return new ImageHeader(
            reader.getFormatName().toLowerCase(java.util.Locale.ROOT), w, h, 3, "");
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw wrap(file, e);
    }
  }

  /**
   * Decodes {@code file} after checking its header against {@code maxPixels}.
   *
   * @throws ImageException naming the file and the limit when the image is too large, and the file
   *     and the problem when it cannot be decoded
   */
  public static RgbImage read(Path file, long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, found " + maxPixels);
    }
    ImageHeader h = header(file);
    checkPixels(file, h.width(), h.height(), maxPixels);
    if (h.format().equals("jpeg") && h.components() == 4) {
      throw new ImageException(
          file,
          "is a CMYK (or YCCK) JPEG with 4 colour components; real2sim reads RGB, YCbCr and"
              + " greyscale JPEGs: convert it to RGB (sRGB) first");
    }
    long need = h.pixels() * HEAP_BYTES_PER_PIXEL;
    Runtime rt = Runtime.getRuntime();
    long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (need > available) {
      System.gc();
      available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
    if (need > available) {
      throw new ImageException(
          file,
          String.format(
              java.util.Locale.ROOT,
              "decoding this %dx%d (WxH) image needs about %d MB of Java heap, but only %d MB of"
                  + " the %d MB maximum (-Xmx) are free; give the JVM more memory or use smaller"
                  + " images",
              h.width(),
              h.height(),
              need >> 20,
              Math.max(0, available) >> 20,
              rt.maxMemory() >> 20));
    }
    BufferedImage img;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new ImageException(file, "cannot open the file");
      }
      ImageReader reader = reader(in, file);
      List<String> warnings = warnings(reader);
      try {
        int w = reader.getWidth(0);
        int hh = reader.getHeight(0);
        checkPixels(file, w, hh, maxPixels);
        img = reader.read(0, reader.getDefaultReadParam());
        if (!warnings.isEmpty()) {
          throw new ImageException(
              file, "corrupt or truncated image (decoder warning: " + warnings.get(0) + ")");
        }
      } finally {
        reader.dispose();
      }
    } catch (OutOfMemoryError e) {
      throw new ImageException(
          file,
          String.format(
              java.util.Locale.ROOT,
              "ran out of Java heap while decoding this %dx%d (WxH) image (maximum heap %d MB);"
                  + " give the JVM more memory (-Xmx) or lower the pixel limit",
              h.width(),
              h.height(),
              Runtime.getRuntime().maxMemory() >> 20));
    } catch (IOException | RuntimeException e) {
      throw wrap(file, e);
    }
    if (img == null) {
      throw new ImageException(file, "the decoder returned no image");
    }
    try {
      return RgbImage.of(img);
    } catch (IllegalArgumentException e) {
      throw new ImageException(file, e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      img = null;
      throw new ImageException(
          file,
          "ran out of Java heap converting the decoded image to RGB (maximum heap "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MB); give the JVM more memory (-Xmx)");
    }
  }

  /**
   * Checks {@code width × height} against {@code maxPixels}.
   *
   * @throws ImageException naming the file, the size and the limit
   */
  public static void checkPixels(Path file, long width, long height, long maxPixels) {
    long pixels = width * height;
    if (width < 1 || height < 1 || pixels > maxPixels) {
      throw new ImageException(
          file,
          "image is "
              + width
              + "x"
              + height
              + " (WxH) = "
              + pixels
              + " pixels, over the limit of "
              + maxPixels
              + " pixels (raise it with --max-pixels / Options.maxPixels if the file is genuine)");
    }
  }

  private static void requireFile(Path file) {
    if (!Files.exists(file)) {
      throw new ImageException(
          file, "image file does not exist", new NoSuchFileException(file.toString()));
    }
    if (!Files.isRegularFile(file)) {
      throw new ImageException(file, "is not a regular file");
    }
  }

  private static ImageReader reader(ImageInputStream in, Path file) {
    if (in == null) {
      throw new ImageException(file, "cannot open the file");
    }
    Iterator<ImageReader> it = ImageIO.getImageReaders(in);
    if (!it.hasNext()) {
      throw new ImageException(
          file, "not a readable image (expected PNG, JPEG, BMP or GIF; no decoder recognises it)");
    }
    ImageReader reader = it.next();
    reader.setInput(in, true, true);
    return reader;
  }

  private static ImageException wrap(Path file, Exception e) {
    if (e instanceof ImageException i) {
      return i;
    }
    return new ImageException(
        file, "corrupt, truncated or unsupported image (" + message(e) + ")", e);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /**
   * The list that collects {@code reader}'s warnings from now on; a decoder reports a truncated or
   * corrupt file as a warning, not an exception, so a caller checks the list after {@code read}.
   */
  public static List<String> warnings(ImageReader reader) {
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener(
        new IIOReadWarningListener() {
          @Override
          public void warningOccurred(ImageReader source, String warning) {
            warnings.add(warning);
          }
        });
    return warnings;
  }
}
