package org.real2sim.exporter.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.exporter.ExportException;

class SampleImagesTest {

  @Test
  void seededImagesAreReproducibleAndSlicesKeepTheirBytes() {
    SampleImages a = SampleImages.seededRandom(3, 2, 4, 42);
    SampleImages b = SampleImages.seededRandom(3, 2, 4, 42);

    assertEquals(a, b);
    assertNotEquals(a, SampleImages.seededRandom(3, 2, 4, 43));
    SampleImages mid = a.slice(1, 2);
    assertEquals(1, mid.count());
    for (int i = 0; i < 24; i++) {
      assertEquals(a.rgb()[24 + i], mid.rgb()[i]);
    }
    assertArrayEquals(new long[] {3, 2, 4, 3}, a.shape());
  }

  @Test
  void stackingChecksEachImagesSize() {
    SampleImages s = SampleImages.stack(List.of(new byte[12], new byte[12]), 2, 2);
    assertEquals(2, s.count());

    ExportException e =
        assertThrows(
            ExportException.class,
            () -> SampleImages.stack(List.of(new byte[12], new byte[11]), 2, 2));
    assertTrue(e.getMessage().contains("sample image 1 has 11 bytes, expected 12"), e.getMessage());
    assertThrows(ExportException.class, () -> new SampleImages(1, 2, 2, new byte[5]));
  }
}
