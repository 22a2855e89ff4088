package org.real2sim.runtime.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Hand-made image files for the decoder tests: PNG headers and bombs, JPEG frame headers. */
public final class CraftedImages {

  private CraftedImages() {}

  /** A PNG chunk: length, type, data, CRC over type and data. */
  static void chunk(OutputStream out, String type, byte[] data) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }

  static byte[] ihdr(long width, long height, int depth, int colour) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(13);
    b.putInt((int) width).putInt((int) height).put((byte) depth).put((byte) colour);
    b.put((byte) 0).put((byte) 0).put((byte) 0);
    return b.array();
  }

  /**
   * A PNG that claims {@code width × height} pixels but carries only a few bytes of image data: the
   * 153-byte kind of issue 10.
   */
  public static byte[] pngHeaderOnly(long width, long height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr(width, height, 8, 2));
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
      d.write(new byte[4]);
    }
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A complete, valid greyscale PNG of {@code side × side} zero pixels, compressed at the highest
   * level: a decompression bomb (15,000² pixels deflate to a few hundred KB).
   */
  public static byte[] pngBomb(int side) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr(side, side, 8, 0));
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream d =
        new DeflaterOutputStream(z, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
      byte[] row = new byte[side + 1];
      for (int y = 0; y < side; y++) {
        d.write(row);
      }
    }
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The first bytes of a baseline JPEG with {@code components} components of the given size. */
  public static byte[] jpegHeader(int width, int height, int components) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    // An APP0 (JFIF) segment to walk past.
    byte[] app = {0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    out.write(0xFF);
    out.write(0xE0);
    out.write(0);
    out.write(app.length + 2);
    out.write(app, 0, app.length);
    out.write(0xFF);
    out.write(0xC0);
    int len = 8 + 3 * components;
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.write(8);
    out.write(height >> 8);
    out.write(height & 0xFF);
    out.write(width >> 8);
    out.write(width & 0xFF);
    out.write(components);
    for (int c = 0; c < components; c++) {
      out.write(c + 1);
      out.write(0x11);
      out.write(0);
    }
    out.write(0xFF);
    out.write(0xD9);
    return out.toByteArray();
  }
}
