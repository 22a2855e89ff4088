package org.real2sim.tools.generate;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.trainer.data.image.ImageDecoder;
import org.real2sim.trainer.data.image.RgbImage;

class NoiseAndCanvasTest {

  @TempDir Path dir;

  @Test
  void noiseIsAPureBoundedSmoothFunctionOfItsSeed() {
    Noise a = new Noise(3);
    Noise b = new Noise(3);
    Noise c = new Noise(4);
    double max = 0;
    for (int i = 0; i < 1000; i++) {
      double x = i * 0.137;
      double y = i * 0.071;
      double v = a.at(x, y);
      assertTrue(v >= 0 && v <= 1, "value " + v);
      assertEquals(v, b.at(x, y));
      max = Math.max(max, Math.abs(v - c.at(x, y)));
      // Smooth: a step of 1e-4 changes the value by little (the gradient is bounded).
      assertEquals(v, a.at(x + 1e-4, y), 1e-3);
    }
    assertTrue(max > 0.3, "different seeds should give different fields");
    // On the lattice the value is the lattice value itself, between lattice points it interpolates.
    double mid = a.at(0.5, 0);
    assertTrue(mid >= Math.min(a.at(0, 0), a.at(1, 0)) && mid <= Math.max(a.at(0, 0), a.at(1, 0)));
  }

  @Test
  void blurKeepsAConstantAndSpreadsAnImpulse() {
    Canvas c = new Canvas(5, 1);
    c.set(2, 0, 3, 3, 3);
    c.blur(1, 1);
    // Box of radius 1 horizontally (3 taps), and vertically on a 1-row image (edge clamped).
    assertEquals(1f, c.get(1, 0, 0), 1e-6f);
    assertEquals(1f, c.get(2, 0, 1), 1e-6f);
    assertEquals(1f, c.get(3, 0, 2), 1e-6f);
    assertEquals(0f, c.get(0, 0, 0), 1e-6f);
  }

  @Test
  void writtenPngAndLabelsReadBackThroughTheTrainersDecoder() throws Exception {
    Canvas c = new Canvas(3, 2);
    c.set(0, 0, 1, 0, 0.5);
    c.set(2, 1, 0.2, 1.7, -1); // out of range values are clamped
    Path png = dir.resolve("a.png");
    c.write(png, 1f);
    RgbImage img = new ImageDecoder().readRgb(png);
    assertEquals(128 / 255f, img.get(0, 0, 2), 1e-6f);
    assertEquals(1f, img.get(2, 1, 1), 1e-6f);
    assertEquals(0f, img.get(2, 1, 2), 1e-6f);
    assertEquals(51 / 255f, img.get(2, 1, 0), 1e-6f);
    Path labels = dir.resolve("l.png");
    Canvas.writeLabels(new int[] {7, 8, 26, 1, 0, 255}, 3, 2, labels);
    assertArrayEquals(
        new int[] {7, 8, 26, 1, 0, 255}, new ImageDecoder().readChannel(labels, 0).data());
  }
}
