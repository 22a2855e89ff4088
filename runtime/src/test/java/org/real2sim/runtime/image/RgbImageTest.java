package org.real2sim.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void bgrFastPathAndGenericPathGiveTheSamePackedRgb() {
    BufferedImage intRgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    intRgb.setRGB(0, 0, 0x102030);
    intRgb.setRGB(2, 1, 0xA0B0C0);
    BufferedImage bgr = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
    bgr.getGraphics().drawImage(intRgb, 0, 0, null);
    RgbImage a = RgbImage.of(intRgb);
    RgbImage b = RgbImage.of(bgr);
    assertEquals(a, b);
    assertEquals(0x10, a.pixels()[0] & 0xFF);
    assertEquals(0x20, a.pixels()[1] & 0xFF);
    assertEquals(0x30, a.pixels()[2] & 0xFF);
    assertEquals(0xA0B0C0, a.rgb(1, 2));
    assertEquals(a, RgbImage.of(a.toBufferedImage()));
  }

  @Test
  void rejectsWrongChannelCountsByName() {
    // Alpha is dropped, as the trainer's decoder does.
    BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x80102030);
    assertArrayEquals(new byte[] {0x10, 0x20, 0x30}, RgbImage.of(argb).pixels());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 3, new byte[6]));
    assertTrue(
        e.getMessage().contains("needs 18 bytes") && e.getMessage().contains("1 channels"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 3, new byte[7]));
    assertTrue(e.getMessage().contains("found 7"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 3, new byte[0]));
    assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    assertArrayEquals(new byte[3], new RgbImage(1, 1, new byte[3]).pixels());
  }
}
