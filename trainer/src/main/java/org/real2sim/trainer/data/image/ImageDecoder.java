package org.real2sim.trainer.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.real2sim.trainer.data.DataException;

/**
 * Decodes PNG and JPEG files into {@link RgbImage}s and {@link LabelImage}s.
 *
 * <p>Every read first looks at the header only and refuses an image with more than {@link
 * #maxPixels()} pixels before any pixel memory is allocated (a 100-byte PNG can claim 50000×50000
 * pixels). A decoder warning (javax.imageio reports a truncated JPEG as a warning and returns a
 * partly grey image) is an error. All failures are {@link DataException}s that name the file.
 *
 * <p>Sample values are taken as stored, without colour management: 8-bit values are divided by 255,
 * 16-bit values by 65535; grey is replicated to RGB; alpha is dropped; palette images are looked up
 * in their palette. Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {

  /**
   * The default pixel limit: 2^26 = 67,108,864 pixels (8192×8192), far above any paper data set.
   */
  public static final long DEFAULT_MAX_PIXELS = 1L << 26;

  private final long maxPixels;

  /** A decoder that refuses images with more than {@code maxPixels} pixels. */
  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, found " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  /** A decoder with {@link #DEFAULT_MAX_PIXELS}. */
  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  /** The pixel limit. */
  public long maxPixels() {
    return maxPixels;
  }

  /**
   * Reads the image size from the header, without decoding pixels.
   *
   * @return {@code {width, height}}
   * @throws DataException if the file is missing, not an image, or over the pixel limit
   */
  public int[] size(Path file) {
    try (ImageInputStream in = open(file)) {
      ImageReader reader = reader(in, file);
      try {
        return checkedSize(reader, file);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw wrap(file, e);
    }
  }

  /**
   * Decodes {@code file} to RGB in [0, 1].
   *
   * @throws DataException naming the file if it is missing, corrupt, truncated or too large
   */
  public RgbImage readRgb(Path file) {
    return toRgb(decode(file), file);
  }

  /**
   * Decodes channel {@code channel} of {@code file} as raw integer samples (label ids); for a
   * palette image, channel 0 is the palette index.
   *
   * @throws DataException naming the file if it cannot be decoded or has no such channel
   */
  public LabelImage readChannel(Path file, int channel) {
    return toChannel(decode(file), channel, file);
  }

  private BufferedImage decode(Path file) {
    try (ImageInputStream in = open(file)) {
      ImageReader reader = reader(in, file);
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener(
          new IIOReadWarningListener() {
            @Override
            public void warningOccurred(ImageReader source, String warning) {
              warnings.add(warning);
            }
          });
      try {
        checkedSize(reader, file);
        BufferedImage img = reader.read(0, reader.getDefaultReadParam());
        if (!warnings.isEmpty()) {
          throw new DataException(
              file + ": corrupt or truncated image (decoder warning: " + warnings.get(0) + ")");
        }
        return img;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw wrap(file, e);
    }
  }

  private static ImageInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": image file does not exist");
    }
    ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
    if (in == null) {
      throw new DataException(file + ": cannot open image file");
    }
    return in;
  }

  private static ImageReader reader(ImageInputStream in, Path file) {
    Iterator<ImageReader> it = ImageIO.getImageReaders(in);
    if (!it.hasNext()) {
      throw new DataException(file + ": not a readable image (expected PNG or JPEG)");
    }
    ImageReader reader = it.next();
    reader.setInput(in, true, true);
    return reader;
  }

  private int[] checkedSize(ImageReader reader, Path file) throws IOException {
    int w = reader.getWidth(0);
    int h = reader.getHeight(0);
    if (w <= 0 || h <= 0) {
      throw new DataException(file + ": image header gives size " + w + "x" + h);
    }
    if ((long) w * h > maxPixels) {
      throw new DataException(
          file
              + ": image is "
              + w
              + "x"
              + h
              + " = "
              + (long) w * h
              + " pixels, over the limit of "
              + maxPixels
              + " (raise maxPixels if the file is genuine)");
    }
    return new int[] {w, h};
  }

  private static DataException wrap(Path file, Exception e) {
    if (e instanceof DataException d) {
      return d;
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new DataException(file + ": corrupt, truncated or unsupported image (" + msg + ")", e);
  }

  static RgbImage toRgb(BufferedImage img, Path file) {
    int w = img.getWidth();
    int h = img.getHeight();
    float[] out = new float[w * h * 3];
    Raster r = img.getRaster();
    ColorModel cm = img.getColorModel();
    int type = img.getType();
    boolean direct = r.getParent() == null && r.getMinX() == 0 && r.getMinY() == 0;
    if (direct && (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR)) {
      byte[] src = ((DataBufferByte) r.getDataBuffer()).getData();
      int step = type == BufferedImage.TYPE_3BYTE_BGR ? 3 : 4;
      int off = step == 3 ? 0 : 1;
      for (int p = 0, s = 0; p < w * h; p++, s += step) {
        out[p * 3] = (src[s + off + 2] & 0xFF) * (1f / 255f);
        out[p * 3 + 1] = (src[s + off + 1] & 0xFF) * (1f / 255f);
        out[p * 3 + 2] = (src[s + off] & 0xFF) * (1f / 255f);
      }
      return new RgbImage(h, w, out);
    }
    if (direct && type == BufferedImage.TYPE_BYTE_GRAY) {
      byte[] src = ((DataBufferByte) r.getDataBuffer()).getData();
      for (int p = 0; p < w * h; p++) {
        float v = (src[p] & 0xFF) * (1f / 255f);
        out[p * 3] = v;
        out[p * 3 + 1] = v;
        out[p * 3 + 2] = v;
      }
      return new RgbImage(h, w, out);
    }
    if (cm instanceof IndexColorModel icm) {
      int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
      for (int p = 0; p < idx.length; p++) {
        out[p * 3] = icm.getRed(idx[p]) * (1f / 255f);
        out[p * 3 + 1] = icm.getGreen(idx[p]) * (1f / 255f);
        out[p * 3 + 2] = icm.getBlue(idx[p]) * (1f / 255f);
      }
      return new RgbImage(h, w, out);
    }
    int colour = cm.getNumColorComponents();
    int bands = r.getNumBands();
    if (colour != 1 && colour != 3) {
      throw new DataException(
          file
              + ": unsupported colour model with "
              + colour
              + " components (expected grey or RGB)");
    }
    int[] band = new int[3];
    float[] inv = new float[3];
    for (int c = 0; c < 3; c++) {
      band[c] = colour == 1 ? 0 : c;
      inv[c] = 1f / ((1 << r.getSampleModel().getSampleSize(band[c])) - 1);
    }
    int[] row = new int[w * bands];
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          out[(y * w + x) * 3 + c] = row[x * bands + band[c]] * inv[c];
        }
      }
    }
    return new RgbImage(h, w, out);
  }

  static LabelImage toChannel(BufferedImage img, int channel, Path file) {
    int w = img.getWidth();
    int h = img.getHeight();
    Raster r = img.getRaster();
    int bands = r.getNumBands();
    if (channel < 0 || channel >= bands) {
      throw new DataException(
          file
              + ": label image has "
              + bands
              + " channel(s), expected the id in channel "
              + channel);
    }
    int[] out = new int[w * h];
    boolean direct = r.getParent() == null && r.getMinX() == 0 && r.getMinY() == 0;
    if (direct && bands == 1 && img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      byte[] src = ((DataBufferByte) r.getDataBuffer()).getData();
      for (int p = 0; p < out.length; p++) {
        out[p] = src[p] & 0xFF;
      }
    } else if (direct && bands == 1 && img.getType() == BufferedImage.TYPE_USHORT_GRAY) {
      short[] src = ((DataBufferUShort) r.getDataBuffer()).getData();
      for (int p = 0; p < out.length; p++) {
        out[p] = src[p] & 0xFFFF;
      }
    } else {
      r.getSamples(0, 0, w, h, channel, out);
    }
    return new LabelImage(w, h, out);
  }
}
