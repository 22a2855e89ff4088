package org.real2sim.trainer.data;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;

/** Writes small image fixtures in the encodings the loaders must read. */
public final class TestImages {

  private TestImages() {}

  /** An 8-bit RGB image whose pixel {@code (x, y)} is {@code rgb.applyAsInt(x, y)} = 0xRRGGBB. */
  public static Path rgb(Path file, int w, int h, IntBinaryOperator rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb.applyAsInt(x, y));
      }
    }
    return write(img, file, "png");
  }

  /** A JPEG (quality default) of a constant colour. */
  public static Path jpeg(Path file, int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return write(img, file, "jpg");
  }

  /** An 8-bit single-channel PNG with the given values (row-major). */
  public static Path gray8(Path file, int w, int h, int... values) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSamples(0, 0, w, h, 0, values);
    return write(img, file, "png");
  }

  /** A 16-bit single-channel PNG with the given values (row-major). */
  public static Path gray16(Path file, int w, int h, int... values) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSamples(0, 0, w, h, 0, values);
    return write(img, file, "png");
  }

  /** A 16-bit three-channel PNG; {@code channels[c]} holds channel c's values (row-major). */
  public static Path rgb16(Path file, int w, int h, int[][] channels) {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            new int[] {16, 16, 16},
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    for (int c = 0; c < 3; c++) {
      r.setSamples(0, 0, w, h, c, channels[c]);
    }
    return write(new BufferedImage(cm, r, false, null), file, "png");
  }

  /** An 8-bit three-channel PNG; {@code channels[c]} holds channel c's values (R, G, B). */
  public static Path rgb8(Path file, int w, int h, int[][] channels) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster r = img.getRaster();
    for (int c = 0; c < 3; c++) {
      r.setSamples(0, 0, w, h, c, channels[c]);
    }
    return write(img, file, "png");
  }

  /** A palette PNG with indices {@code values} into a palette of {@code colours} (0xRRGGBB). */
  public static Path palette(Path file, int w, int h, int[] colours, int... values) {
    byte[] r = new byte[colours.length];
    byte[] g = new byte[colours.length];
    byte[] b = new byte[colours.length];
    for (int i = 0; i < colours.length; i++) {
      r[i] = (byte) (colours[i] >> 16);
      g[i] = (byte) (colours[i] >> 8);
      b[i] = (byte) colours[i];
    }
    IndexColorModel cm = new IndexColorModel(8, colours.length, r, g, b);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
    img.getRaster().setSamples(0, 0, w, h, 0, values);
    return write(img, file, "png");
  }

  /** A constant array of {@code n} values. */
  public static int[] fill(int n, int v) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** Keeps the first {@code keep} bytes of {@code file}. */
  public static Path truncate(Path file, int keep) {
    try {
      byte[] all = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(all, keep));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(BufferedImage img, Path file, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(img, format, file.toFile())) {
        throw new IllegalStateException("no " + format + " writer for " + img);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
