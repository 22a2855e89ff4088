package org.real2sim.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageSizeTest {

  @Test
  void readsHeightFirst() {
    ImageSize s = ImageSize.parse("--size", "480x640");
    assertEquals(480, s.height());
    assertEquals(640, s.width());
    assertEquals("480x640", s.toString());
    assertEquals(new ImageSize(128, 256), ImageSize.parse("--size", " 128 X 256 "));
    assertEquals(new ImageSize(32, 32), ImageSize.parse("--size", "32"));
    assertEquals(new ImageSize(3, 4), ImageSize.parse("--size", "3×4"));
    assertEquals(307_200L, ImageSize.parse("--size", "480x640").pixels());
  }

  @Test
  void refusesOtherFormsNamingTheOptionAndTheConvention() {
    for (String bad : new String[] {"8by8", "0x5", "5x-1", "x5", "1x2x3", "", "axb"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ImageSize.parse("--size", bad));
      assertEquals(
          "--size needs HxW (height x width, positive integers, e.g. 480x640) or N for NxN, found '"
              + bad
              + "'",
          e.getMessage());
    }
  }
}
