package org.real2sim.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crafted images of issue 10 and the colour formats: each refused from its header with the file
 * and the limit named, or converted as the trainer converts it. The runtime's tests run with {@code
 * -Xmx256m} (runtime/pom.xml), so an image decoded in full would fail here.
 */
class ImageFilesTest {

  @TempDir Path tmp;

  @Test
  void aTinyPngClaimingTwentyFiveThousandSquaredIsRefusedFromItsHeader() throws Exception {
    Path f = tmp.resolve("claim.png");
    Files.write(f, CraftedImages.pngHeaderOnly(25_000, 25_000));
    assertTrue(Files.size(f) < 200, "a small file: " + Files.size(f));
    ImageHeader h = ImageFiles.header(f);
    assertEquals(25_000, h.width());
    ImageException e =
        assertThrows(ImageException.class, () -> ImageFiles.read(f, ImageFiles.DEFAULT_MAX_PIXELS));
    assertTrue(
        e.getMessage().contains("claim.png")
            && e.getMessage().contains("25000x25000")
            && e.getMessage().contains("limit of 33554432"),
        e.getMessage());
  }

  @Test
  void aPngBombIsRefusedByTheLimitAndByTheHeapCheck() throws Exception {
    Path f = tmp.resolve("bomb.png");
    Files.write(f, CraftedImages.pngBomb(15_000));
    assertTrue(Files.size(f) < 1_000_000, "a bomb: " + Files.size(f) + " bytes");
    ImageException e =
        assertThrows(ImageException.class, () -> ImageFiles.read(f, ImageFiles.DEFAULT_MAX_PIXELS));
    assertTrue(e.getMessage().contains("15000x15000"), e.getMessage());
    // With the limit raised, the heap check refuses it before decoding (on a small heap).
    assumeTrue(Runtime.getRuntime().maxMemory() < (1L << 31), "needs a heap below 2 GiB");
    e = assertThrows(ImageException.class, () -> ImageFiles.read(f, 1L << 30));
    assertTrue(
        e.getMessage().contains("bomb.png") && e.getMessage().contains("MB of Java heap"),
        e.getMessage());
  }

  @Test
  void greyscalePalette1BitAnd16BitPngsAreConvertedAsTheTrainerDoes() throws Exception {
    BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage grey16 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
    for (int i = 0; i < 6; i++) {
      grey.getRaster().setSample(i % 3, i / 3, 0, 40 * i);
      grey16.getRaster().setSample(i % 3, i / 3, 0, 40 * i * 257);
    }
    byte[] expected = new byte[18];
    for (int i = 0; i < 6; i++) {
      expected[3 * i] = expected[3 * i + 1] = expected[3 * i + 2] = (byte) (40 * i);
    }
    for (BufferedImage img : new BufferedImage[] {grey, grey16}) {
      Path f = tmp.resolve("grey" + img.getType() + ".png");
      ImageIO.write(img, "png", f.toFile());
      assertArrayEquals(expected, ImageFiles.read(f, 100).pixels(), f.toString());
    }
    BufferedImage bits = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
    bits.getRaster().setSample(1, 0, 0, 1);
    Path b = tmp.resolve("bits.png");
    ImageIO.write(bits, "png", b.toFile());
    assertArrayEquals(
        new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255}, ImageFiles.read(b, 100).pixels());
    IndexColorModel icm =
        new IndexColorModel(
            8, 2, new byte[] {10, 20}, new byte[] {30, 40}, new byte[] {50, (byte) 200});
    BufferedImage pal = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
    pal.getRaster().setSample(1, 0, 0, 1);
    Path p = tmp.resolve("palette.png");
    ImageIO.write(pal, "png", p.toFile());
    assertArrayEquals(
        new byte[] {10, 30, 50, 20, 40, (byte) 200}, ImageFiles.read(p, 100).pixels());
  }

  @Test
  void cmykJpegsAreRefusedAsCmyk() throws Exception {
    Path f = tmp.resolve("print.jpg");
    Files.write(f, CraftedImages.jpegHeader(640, 480, 4));
    ImageHeader h = ImageFiles.header(f);
    assertEquals(4, h.components());
    assertEquals(640, h.width());
    assertEquals(480, h.height());
    ImageException e = assertThrows(ImageException.class, () -> ImageFiles.read(f, 1 << 20));
    assertTrue(
        e.getMessage().contains("print.jpg")
            && e.getMessage().contains("CMYK")
            && !e.getMessage().contains("RGBA"),
        e.getMessage());
    Path big = tmp.resolve("big.jpg");
    Files.write(big, CraftedImages.jpegHeader(65_000, 65_000, 3));
    e = assertThrows(ImageException.class, () -> ImageFiles.read(big, 1 << 20));
    assertTrue(e.getMessage().contains("65000x65000"), e.getMessage());
  }

  @Test
  void truncatedAndMalformedFilesAreNamed() throws Exception {
    byte[] png = CraftedImages.pngHeaderOnly(4, 4);
    Path cut = tmp.resolve("cut.png");
    Files.write(cut, java.util.Arrays.copyOf(png, 20));
    ImageException e = assertThrows(ImageException.class, () -> ImageFiles.read(cut, 100));
    assertTrue(
        e.getMessage().contains("cut.png") && e.getMessage().contains("truncated PNG"),
        e.getMessage());

    Path sos = tmp.resolve("sos.jpg");
    Files.write(sos, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2});
    e = assertThrows(ImageException.class, () -> ImageFiles.read(sos, 100));
    assertTrue(e.getMessage().contains("malformed JPEG"), e.getMessage());

    Path idat = tmp.resolve("idat.png");
    Files.write(idat, png);
    e = assertThrows(ImageException.class, () -> ImageFiles.read(idat, 100));
    assertTrue(e.getMessage().contains("idat.png"), e.getMessage());
    assertTrue(!e.getMessage().isBlank());

    Path text = tmp.resolve("text.png");
    Files.writeString(text, "hello");
    e = assertThrows(ImageException.class, () -> ImageFiles.read(text, 100));
    assertTrue(e.getMessage().contains("not a readable image"), e.getMessage());

    e = assertThrows(ImageException.class, () -> ImageFiles.read(tmp.resolve("none.png"), 100));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void bmpSizesComeFromTheImageIoReaderWithoutDecoding() throws Exception {
    BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_3BYTE_BGR);
    img.setRGB(4, 2, 0x123456);
    Path f = tmp.resolve("a.bmp");
    ImageIO.write(img, "bmp", f.toFile());
    ImageHeader h = ImageFiles.header(f);
    assertEquals(5, h.width());
    assertEquals(3, h.height());
    assertEquals(0x123456, ImageFiles.read(f, 15).rgb(2, 4));
    ImageException e = assertThrows(ImageException.class, () -> ImageFiles.read(f, 14));
    assertTrue(e.getMessage().contains("limit of 14"), e.getMessage());
  }
}
