package org.real2sim.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagesTest {

  @Test
  void bilinearUpsamplingUsesHalfPixelCentresAndClampsAtEdges() {
    // One row, two pixels (R = 0 and R = 100) -> four pixels. Output x samples input (x + 0.5) / 2
    // - 0.5:
    // -0.25 -> clamp 0 -> 0; 0.25 -> 25; 0.75 -> 75; 1.25 -> clamp 1 -> 100.
    RgbImage in = new RgbImage(1, 2, new byte[] {0, 0, 0, 100, 0, 0});
    RgbImage out = Images.resizeBilinear(in, 1, 4);
    assertEquals(0, out.pixels()[0]);
    assertEquals(25, out.pixels()[3]);
    assertEquals(75, out.pixels()[6]);
    assertEquals(100, out.pixels()[9]);
  }

  @Test
  void antialiasedDownsamplingByTwoWidensTheTriangle() {
    // 4 -> 2, scale 2: output 0 is centred at 1.0 with support 2, taps 0..2 weighted 0.75, 0.75,
    // 0.25 (normalised by 1.75); output 1 centred at 3.0, taps 1..3 weighted 0.25, 0.75, 0.75.
    RgbImage in =
        new RgbImage(1, 4, new byte[] {10, 0, 0, 20, 0, 0, (byte) 200, 0, 0, (byte) 250, 0, 0});
    RgbImage out = Images.resizeBilinear(in, 1, 2);
    assertEquals(Math.round((0.75 * 10 + 0.75 * 20 + 0.25 * 200) / 1.75), out.pixels()[0] & 0xFF);
    assertEquals(Math.round((0.25 * 20 + 0.75 * 200 + 0.75 * 250) / 1.75), out.pixels()[3] & 0xFF);
  }

  @Test
  void nearestResizeOfMasksSamplesHalfPixelCentres() {
    byte[] mask = {1, 2, 3, 4};
    // 2x2 -> 3x3: source index floor((i + 0.5) * 2 / 3) = 0, 1, 1.
    assertArrayEquals(
        new byte[] {1, 2, 2, 3, 4, 4, 3, 4, 4}, Images.resizeNearest(mask, 2, 2, 3, 3));
    // 2x2 -> 1x1 takes floor(0.5 * 2) = 1.
    assertArrayEquals(new byte[] {4}, Images.resizeNearest(mask, 2, 2, 1, 1));
  }

  @Test
  void colourMaskAndOverlayBlendByHand() {
    RgbImage img = new RgbImage(1, 2, new byte[] {(byte) 200, 0, 100, 0, 0, 0});
    byte[] mask = {0, 1};
    BufferedImage colour = Images.colourMask(mask, 1, 2, id -> id == 0 ? 0x0000FF : 0xFF0000);
    assertEquals(0x0000FF, colour.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(0xFF0000, colour.getRGB(1, 0) & 0xFFFFFF);
    BufferedImage over = Images.overlay(img, mask, id -> id == 0 ? 0x0000FF : 0xFF0000, 0.5);
    // (200, 0, 100) blended with (0, 0, 255): (100, 0, 178); 177.5 rounds to 178.
    assertEquals(100 << 16 | 178, over.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(128 << 16, over.getRGB(1, 0) & 0xFFFFFF);
    BufferedImage ids = Images.classIdImage(new byte[] {7, (byte) 200}, 1, 2);
    assertEquals(200, ids.getRaster().getSample(1, 0, 0));
  }
}
