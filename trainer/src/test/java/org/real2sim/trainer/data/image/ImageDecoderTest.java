package org.real2sim.trainer.data.image;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.TestImages;

class ImageDecoderTest {

  @TempDir Path dir;

  private final ImageDecoder decoder = new ImageDecoder();

  @Test
  void eightBitRgbPngDecodesToUnitRangeInRgbOrder() {
    Path f = TestImages.rgb(dir.resolve("a.png"), 2, 1, (x, y) -> x == 0 ? 0xFF0080 : 0x00FF33);
    RgbImage img = decoder.readRgb(f);
    assertEquals(2, img.width());
    assertEquals(1, img.height());
    assertArrayEquals(new float[] {1f, 0f, 128 / 255f, 0f, 1f, 0x33 / 255f}, img.data(), 1e-7f);
  }

  @Test
  void sixteenBitGreyLabelKeepsFullValues() {
    Path f = TestImages.gray16(dir.resolve("l.png"), 3, 1, 0, 300, 65535);
    assertArrayEquals(new int[] {0, 300, 65535}, decoder.readChannel(f, 0).data());
    // As an image, 16-bit grey is divided by 65535 and replicated to RGB.
    RgbImage img = decoder.readRgb(f);
    assertEquals(300 / 65535f, img.get(1, 0, 0), 1e-7f);
    assertEquals(300 / 65535f, img.get(1, 0, 2), 1e-7f);
  }

  @Test
  void sixteenBitMultiChannelPngReadsEachChannel() {
    int[][] ch = {{21, 1000}, {7, 8}, {40000, 5}};
    Path f = TestImages.rgb16(dir.resolve("synthia.png"), 2, 1, ch);
    assertArrayEquals(new int[] {21, 1000}, decoder.readChannel(f, 0).data());
    assertArrayEquals(new int[] {7, 8}, decoder.readChannel(f, 1).data());
    assertArrayEquals(new int[] {40000, 5}, decoder.readChannel(f, 2).data());
    assertEquals(40000 / 65535f, decoder.readRgb(f).get(0, 0, 2), 1e-7f);
  }

  @Test
  void paletteLabelReadsIndicesAndPaletteImageReadsColours() {
    Path f = TestImages.palette(dir.resolve("p.png"), 2, 1, new int[] {0x000000, 0xFF8000}, 1, 0);
    assertArrayEquals(new int[] {1, 0}, decoder.readChannel(f, 0).data());
    RgbImage img = decoder.readRgb(f);
    assertArrayEquals(new float[] {1f, 128 / 255f, 0f, 0f, 0f, 0f}, img.data(), 1e-7f);
  }

  @Test
  void jpegDecodesCloseToItsColour() {
    Path f = TestImages.jpeg(dir.resolve("a.jpg"), 16, 16, 0x3080C0);
    RgbImage img = decoder.readRgb(f);
    assertEquals(0x30 / 255f, img.get(5, 5, 0), 3 / 255f);
    assertEquals(0x80 / 255f, img.get(5, 5, 1), 3 / 255f);
    assertEquals(0xC0 / 255f, img.get(5, 5, 2), 3 / 255f);
  }

  @Test
  void missingChannelIsAnErrorNamingTheFile() {
    Path f = TestImages.gray8(dir.resolve("g.png"), 1, 1, 3);
    DataException e = assertThrows(DataException.class, () -> decoder.readChannel(f, 2));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("1 channel(s)"), e.getMessage());
  }

  @Test
  void rejectsTruncatedPng() {
    Path f = TestImages.rgb(dir.resolve("t.png"), 32, 32, (x, y) -> x * 7919 + y * 104729);
    long size = f.toFile().length();
    TestImages.truncate(f, (int) size / 2);
    DataException e = assertThrows(DataException.class, () -> decoder.readRgb(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt, truncated or unsupported image"), e.getMessage());
  }

  @Test
  void rejectsTruncatedJpegThatTheDecoderOnlyWarnsAbout() {
    Path f = TestImages.jpeg(dir.resolve("t.jpg"), 64, 64, 0x808080);
    long size = f.toFile().length();
    TestImages.truncate(f, (int) size - 40);
    DataException e = assertThrows(DataException.class, () -> decoder.readRgb(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void rejectsBytesThatAreNoImage() throws Exception {
    Path f = dir.resolve("junk.png");
    Files.writeString(f, "this is not an image");
    DataException e = assertThrows(DataException.class, () -> decoder.readRgb(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("expected PNG or JPEG"), e.getMessage());
  }

  @Test
  void rejectsMissingFile() {
    Path f = dir.resolve("nope.png");
    DataException e = assertThrows(DataException.class, () -> decoder.readRgb(f));
    assertEquals(f + ": image file does not exist", e.getMessage());
  }

  @Test
  void refusesADecompressionBombFromItsHeaderAlone() throws Exception {
    Path f = TestImages.gray8(dir.resolve("bomb.png"), 4, 4, new int[16]);
    byte[] png = Files.readAllBytes(f);
    // IHDR data starts at byte 16: width, height (big-endian); its CRC covers bytes 12..28.
    ByteBuffer.wrap(png).putInt(16, 60000).putInt(20, 50000);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    Files.write(f, png);
    DataException e = assertThrows(DataException.class, () -> decoder.readRgb(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("60000x50000 = 3000000000 pixels"), e.getMessage());
    assertTrue(e.getMessage().contains("over the limit of " + ImageDecoder.DEFAULT_MAX_PIXELS));
    // A configurable limit: a genuine 4x4 image over a 15-pixel limit.
    Path small = TestImages.gray8(dir.resolve("s.png"), 4, 4, new int[16]);
    assertThrows(DataException.class, () -> new ImageDecoder(15).size(small));
    assertArrayEquals(new int[] {4, 4}, new ImageDecoder(16).size(small));
  }
}
