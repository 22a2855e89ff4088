package org.real2sim.tools.generate;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** A float RGB image being painted: interleaved {@code [h][w][3]}, nominally in [0, 1]. */
public final class Canvas {

  final int w;
  final int h;
  final float[] px;

  Canvas(int w, int h) {
    this.w = w;
    this.h = h;
    this.px = new float[w * h * 3];
  }

  void set(int x, int y, double r, double g, double b) {
    int o = (y * w + x) * 3;
    px[o] = (float) r;
    px[o + 1] = (float) g;
    px[o + 2] = (float) b;
  }

  /** Blends {@code (r, g, b)} over pixel {@code (x, y)} with opacity {@code a} in [0, 1]. */
  void blend(int x, int y, double r, double g, double b, double a) {
    if (a <= 0) {
      return;
    }
    int o = (y * w + x) * 3;
    px[o] += (float) ((r - px[o]) * a);
    px[o + 1] += (float) ((g - px[o + 1]) * a);
    px[o + 2] += (float) ((b - px[o + 2]) * a);
  }

  /** Multiplies pixel {@code (x, y)} by {@code f}. */
  void scale(int x, int y, double f) {
    int o = (y * w + x) * 3;
    px[o] *= (float) f;
    px[o + 1] *= (float) f;
    px[o + 2] *= (float) f;
  }

  float get(int x, int y, int c) {
    return px[(y * w + x) * 3 + c];
  }

  /**
   * A separable box blur of radius {@code r} pixels (edges clamped), applied {@code passes} times.
   */
  void blur(int r, int passes) {
    if (r <= 0) {
      return;
    }
    float[] tmp = new float[px.length];
    for (int p = 0; p < passes; p++) {
      boxPass(px, tmp, r, true);
      boxPass(tmp, px, r, false);
    }
  }

  private void boxPass(float[] in, float[] out, int r, boolean horizontal) {
    int len = horizontal ? w : h;
    int lines = horizontal ? h : w;
    int stride = horizontal ? 3 : w * 3;
    for (int line = 0; line < lines; line++) {
      int base = horizontal ? line * w * 3 : line * 3;
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        for (int i = -r; i <= r; i++) {
          sum += in[base + Math.min(len - 1, Math.max(0, i)) * stride + c];
        }
        for (int i = 0; i < len; i++) {
          out[base + i * stride + c] = (float) (sum / (2 * r + 1));
          int add = Math.min(len - 1, i + r + 1);
          int rem = Math.max(0, i - r);
          sum += in[base + add * stride + c] - in[base + rem * stride + c];
        }
      }
    }
  }

  /** The image as 8-bit RGB, values clamped to [0, 1] and rounded. */
  BufferedImage toImage() {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int p = 0; p < w * h; p++) {
      for (int c = 0; c < 3; c++) {
        float v = px[p * 3 + c];
        int q = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
        dst[p * 3 + (2 - c)] = (byte) q;
      }
    }
    return img;
  }

  /** Writes PNG (lossless) or, for a {@code .jpg} path, JPEG at {@code quality}. */
  public void write(Path file, float quality) throws IOException {
    writeImage(toImage(), file, quality);
  }

  /** Writes an 8-bit single-channel PNG of {@code ids} (each 0..255). */
  public static void writeLabels(int[] ids, int w, int h, Path file) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < ids.length; i++) {
      dst[i] = (byte) ids[i];
    }
    writeImage(img, file, 1f);
  }

  static void writeImage(BufferedImage img, Path file, float quality) throws IOException {
    Files.createDirectories(file.getParent());
    String name = file.getFileName().toString();
    if (name.endsWith(".jpg")) {
      Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
      ImageWriter writer = it.next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      Files.deleteIfExists(file);
      try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(img, null, null), param);
      } finally {
        writer.dispose();
      }
    } else {
      Files.deleteIfExists(file);
      if (!ImageIO.write(img, "png", file.toFile())) {
        throw new IOException("no PNG writer for " + file);
      }
    }
  }
}
