package org.real2sim.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * An image's format, size and colour components, read from its first bytes without decoding a
 * pixel: the PNG {@code IHDR} chunk, or the JPEG start-of-frame segment (found by walking the
 * segment lengths). This is what the pixel limit is checked against before any pixel memory is
 * allocated.
 *
 * @param format {@code png} or {@code jpeg}
 * @param width columns, positive
 * @param height rows, positive
 * @param components colour components: PNG 1 (grey), 2 (grey + alpha), 3 (RGB), 4 (RGBA) or 1 for a
 *     palette; JPEG 1 (grey), 3 (YCbCr or RGB) or 4 (CMYK or YCCK)
 * @param detail the PNG colour type and bit depth, or the JPEG frame type, for messages
 */
public record ImageHeader(String format, int width, int height, int components, String detail) {

  /** The number of pixels. */
  public long pixels() {
    return (long) width * height;
  }

  /** Whether {@code start} begins with the PNG signature. */
  static boolean isPng(byte[] start, int n) {
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if (start[i] != sig[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code start} begins with the JPEG start-of-image marker. */
  static boolean isJpeg(byte[] start, int n) {
    return n >= 3 && (start[0] & 0xFF) == 0xFF && (start[1] & 0xFF) == 0xD8;
  }

  /**
   * Reads the header of a PNG or JPEG stream positioned at its first byte; returns null for any
   * other format (the caller asks ImageIO's readers for the size).
   *
   * @throws IllegalArgumentException when a PNG or JPEG header is malformed, naming what is wrong
   * @throws IOException when reading fails
   */
  public static ImageHeader read(InputStream in) throws IOException {
    byte[] start = in.readNBytes(8);
    if (isPng(start, start.length)) {
      return png(in);
    }
    if (isJpeg(start, start.length)) {
      return jpeg(in, start);
    }
    return null;
  }

  private static ImageHeader png(InputStream in) throws IOException {
    byte[] b = in.readNBytes(25);
    if (b.length < 25) {
      throw new IllegalArgumentException(
          "truncated PNG: the file ends inside its IHDR header (" + (8 + b.length) + " bytes)");
    }
    long length = u32(b, 0);
    String type = new String(b, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!type.equals("IHDR") || length != 13) {
      throw new IllegalArgumentException(
          "malformed PNG: the first chunk is '"
              + printable(type)
              + "' of "
              + length
              + " bytes, expected IHDR of 13");
    }
    long width = u32(b, 8);
    long height = u32(b, 12);
    int depth = b[16] & 0xFF;
    int colour = b[17] & 0xFF;
    if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "malformed PNG: IHDR gives size " + width + "x" + height + " (WxH)");
    }
    int components =
        switch (colour) {
          case 0 -> 1;
          case 2 -> 3;
          case 3 -> 1;
          case 4 -> 2;
          case 6 -> 4;
          default -> -1;
        };
    boolean depthOk =
        switch (colour) {
          case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
          case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
          case 2, 4, 6 -> depth == 8 || depth == 16;
          default -> false;
        };
    if (components < 0 || !depthOk) {
      throw new IllegalArgumentException(
          "malformed PNG: colour type " + colour + " with bit depth " + depth + " is not defined");
    }
    String kind =
        switch (colour) {
          case 0 -> "greyscale";
          case 2 -> "RGB";
          case 3 -> "palette";
          case 4 -> "greyscale with alpha";
          default -> "RGBA";
        };
    return new ImageHeader(
        "png", (int) width, (int) height, components, kind + ", " + depth + "-bit");
  }

  private static ImageHeader jpeg(InputStream in, byte[] start) throws IOException {
    // The 8 bytes read so far: FF D8, then the first marker and part of its segment.
    java.io.PushbackInputStream p = new java.io.PushbackInputStream(in, 8);
    p.unread(start, 2, start.length - 2);
    while (true) {
      int b = p.read();
      if (b < 0) {
        throw new IllegalArgumentException("truncated JPEG: no start-of-frame segment");
      }
      if (b != 0xFF) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "malformed JPEG: expected a marker (0xFF), found 0x%02X before the frame header",
                b));
      }
      int m = p.read();
      while (m == 0xFF) {
        m = p.read();
      }
      if (m < 0) {
        throw new IllegalArgumentException("truncated JPEG: the file ends at a marker");
      }
      if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
        continue;
      }
      if (m == 0xD9 || m == 0xDA || m == 0xD8) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "malformed JPEG: marker 0x%02X comes before any start-of-frame segment",
                m));
      }
      int len = u16(p);
      if (len < 2) {
        throw new IllegalArgumentException(
            "malformed JPEG: a segment claims length " + len + " (at least 2)");
      }
      boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
      if (sof) {
        if (len < 8) {
          throw new IllegalArgumentException(
              "malformed JPEG: the frame header has length " + len + ", expected at least 8");
        }
        int precision = p.read();
        int height = u16(p);
        int width = u16(p);
        int components = p.read();
        if (precision < 0 || components < 0) {
          throw new IllegalArgumentException("truncated JPEG: the file ends in its frame header");
        }
        if (width < 1 || height < 1) {
          throw new IllegalArgumentException(
              "JPEG frame header gives size "
                  + width
                  + "x"
                  + height
                  + " (WxH); a height defined later (DNL) is not supported");
        }
        if (components != 1 && components != 3 && components != 4) {
          throw new IllegalArgumentException(
              "malformed JPEG: " + components + " colour components (expected 1, 3 or 4)");
        }
        String kind = String.format(Locale.ROOT, "SOF%d, %d-bit", m - 0xC0, precision);
        return new ImageHeader("jpeg", width, height, components, kind);
      }
      long skip = len - 2L;
      while (skip > 0) {
        long s = p.skip(skip);
        if (s <= 0) {
          if (p.read() < 0) {
            throw new IllegalArgumentException("truncated JPEG: the file ends inside a segment");
          }
          s = 1;
        }
        skip -= s;
      }
    }
  }

  private static int u16(InputStream in) throws IOException {
    int a = in.read();
    int b = in.read();
    if (a < 0 || b < 0) {
      throw new IllegalArgumentException("truncated JPEG: the file ends inside a segment header");
    }
    return a << 8 | b;
  }

  private static long u32(byte[] b, int o) {
    return (b[o] & 0xFFL) << 24
        | (b[o + 1] & 0xFFL) << 16
        | (b[o + 2] & 0xFFL) << 8
        | b[o + 3] & 0xFFL;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
