package org.real2sim.trainer.data.image;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ImageOpsTest {

  /** A one-row image whose three channels all hold {@code values}. */
  private static RgbImage row(float... values) {
    float[] d = new float[values.length * 3];
    for (int i = 0; i < values.length; i++) {
      d[i * 3] = values[i];
      d[i * 3 + 1] = values[i];
      d[i * 3 + 2] = values[i];
    }
    return new RgbImage(1, values.length, d);
  }

  private static float[] red(RgbImage img) {
    float[] r = new float[img.width() * img.height()];
    for (int i = 0; i < r.length; i++) {
      r[i] = img.data()[i * 3];
    }
    return r;
  }

  @Test
  void bilinearUpsamplingUsesHalfPixelCentres() {
    // Output centres 0.25, 0.75, 1.25, 1.75 in input pixels: 0, 1/4, 3/4, 1 (edges repeated).
    RgbImage up = ImageOps.resizeBilinear(row(0f, 1f), 4, 1);
    assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, red(up), 1e-6f);
  }

  @Test
  void bilinearDownsamplingAveragesWithAWidenedTriangle() {
    // Factor 2: the triangle spans 2 input pixels each side of centre 1.0 (output pixel 0):
    // weights at input centres 0.5, 1.5, 2.5 are 1-0.25, 1-0.25, 1-0.75 -> 0.75, 0.75, 0.25.
    RgbImage down = ImageOps.resizeBilinear(row(0f, 4f, 8f, 12f), 2, 1);
    float first = (0.75f * 0 + 0.75f * 4 + 0.25f * 8) / 1.75f;
    float second = (0.25f * 4 + 0.75f * 8 + 0.75f * 12) / 1.75f;
    assertArrayEquals(new float[] {first, second}, red(down), 1e-5f);
  }

  @Test
  void bilinearResizeOfAConstantImageIsConstant() {
    float[] d = new float[7 * 5 * 3];
    java.util.Arrays.fill(d, 0.3f);
    RgbImage out = ImageOps.resizeBilinear(new RgbImage(5, 7, d), 3, 11);
    for (float v : out.data()) {
      assertEquals(0.3f, v, 1e-6f);
    }
  }

  @Test
  void nearestResizeKeepsIdsAndPicksCentres() {
    LabelImage l = new LabelImage(4, 1, new int[] {1, 2, 3, 4});
    // Output pixel i takes input floor((i + 0.5) * 2): 1 -> 3; and 0.5 scale doubles each.
    assertArrayEquals(new int[] {2, 4}, ImageOps.resizeNearest(l, 2, 1).data());
    assertArrayEquals(new int[] {1, 1, 2, 2, 3, 3, 4, 4}, ImageOps.resizeNearest(l, 8, 1).data());
  }

  @Test
  void windowIsCroppedFlippedAndScaled() {
    // 3x2 image, R = 10*y + x (in units of 1/100), G = 0.5, B = 1.
    float[] d = new float[3 * 2 * 3];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        d[(y * 3 + x) * 3] = (10 * y + x) / 100f;
        d[(y * 3 + x) * 3 + 1] = 0.5f;
        d[(y * 3 + x) * 3 + 2] = 1f;
      }
    }
    RgbImage img = new RgbImage(2, 3, d);
    float[] dst = new float[1 + 2 * 2 * 3];
    float[] scale = {2f, 2f, 2f};
    float[] shift = {-1f, -1f, -1f};
    // Window x in [1, 3), y in [0, 2), mirrored: row 0 reads x = 2, 1; row 1 the same.
    ImageOps.writeWindow(img, 1, 0, 2, 2, true, scale, shift, dst, 1);
    float[] expected = {
      0f, // untouched offset
      2 * 0.02f - 1,
      0f,
      1f,
      2 * 0.01f - 1,
      0f,
      1f,
      2 * 0.12f - 1,
      0f,
      1f,
      2 * 0.11f - 1,
      0f,
      1f
    };
    assertArrayEquals(expected, dst, 1e-6f);
  }

  @Test
  void labelWindowMatchesImageWindow() {
    LabelImage l = new LabelImage(3, 2, new int[] {0, 1, 2, 10, 11, 12});
    int[] dst = new int[4];
    ImageOps.writeWindow(l, 1, 0, 2, 2, true, dst, 0);
    assertArrayEquals(new int[] {2, 1, 12, 11}, dst);
    ImageOps.writeWindow(l, 0, 1, 2, 1, false, dst, 0);
    assertArrayEquals(new int[] {10, 11, 12, 11}, dst);
  }

  @Test
  void rejectsAWindowOutsideTheImage() {
    LabelImage l = new LabelImage(3, 2, new int[6]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageOps.writeWindow(l, 2, 0, 2, 2, false, new int[4], 0));
    assertTrue(e.getMessage().contains("outside a 3x2 image"), e.getMessage());
  }
}
