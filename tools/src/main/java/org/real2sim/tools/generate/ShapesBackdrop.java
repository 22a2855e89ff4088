package org.real2sim.tools.generate;

import java.util.SplittableRandom;

/**
 * What surrounds a shape in a {@link ShapesBenchmark} photo: the cluttered background behind it and
 * the camera that takes the picture.
 */
final class ShapesBackdrop {

  private ShapesBackdrop() {}

  /** A cluttered background: gradient, soft blobs, straight bands and grain. */
  static void background(Canvas c, SplittableRandom rng) {
    int size = c.w;
    double[] c1 =
        ShapesBenchmark.hsv(
            rng.nextDouble(), rng.nextDouble(0.05, 0.7), rng.nextDouble(0.25, 0.95));
    double[] c2 =
        ShapesBenchmark.hsv(
            rng.nextDouble(), rng.nextDouble(0.05, 0.7), rng.nextDouble(0.25, 0.95));
    double ga = rng.nextDouble(2 * Math.PI);
    double gx = Math.cos(ga);
    double gy = Math.sin(ga);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double t = 0.5 + ((x / (double) size - 0.5) * gx + (y / (double) size - 0.5) * gy);
        t = Math.max(0, Math.min(1, t));
        c.set(
            x,
            y,
            c1[0] + (c2[0] - c1[0]) * t,
            c1[1] + (c2[1] - c1[1]) * t,
            c1[2] + (c2[2] - c1[2]) * t);
      }
    }
    int blobs = rng.nextInt(3, 10);
    for (int k = 0; k < blobs; k++) {
      double[] col =
          ShapesBenchmark.hsv(rng.nextDouble(), rng.nextDouble(0.1, 0.9), rng.nextDouble(0.15, 1));
      double bx = rng.nextDouble(size);
      double by = rng.nextDouble(size);
      double rx = rng.nextDouble(0.08, 0.4) * size;
      double ry = rx * rng.nextDouble(0.4, 1.6);
      double alpha = rng.nextDouble(0.3, 0.85);
      double edge = rng.nextDouble(0.1, 0.6);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double e = Math.hypot((x + 0.5 - bx) / rx, (y + 0.5 - by) / ry);
          double a = Math.min(1, Math.max(0, (1 - e) / edge));
          c.blend(x, y, col[0], col[1], col[2], a * alpha);
        }
      }
    }
    int bands = rng.nextInt(0, 3);
    for (int k = 0; k < bands; k++) {
      double[] col =
          ShapesBenchmark.hsv(rng.nextDouble(), rng.nextDouble(0.0, 0.6), rng.nextDouble(0.2, 1));
      double ang = rng.nextDouble(Math.PI);
      double off = rng.nextDouble(-0.5, 0.5) * size;
      double half = rng.nextDouble(0.02, 0.12) * size;
      double nx = Math.cos(ang);
      double ny = Math.sin(ang);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double d = (x + 0.5 - size / 2.0) * nx + (y + 0.5 - size / 2.0) * ny - off;
          double a = Math.min(1, Math.max(0, half + 0.5 - Math.abs(d)));
          c.blend(x, y, col[0], col[1], col[2], a * 0.8);
        }
      }
    }
    Noise n = new Noise(rng.nextLong());
    double amp = rng.nextDouble(0.03, 0.15);
    double freq = rng.nextDouble(0.1, 0.4) * 32.0 / size;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        c.scale(x, y, 1 + amp * (2 * n.fbm(x * freq, y * freq, 3) - 1));
      }
    }
  }

  /** The camera: exposure, colour cast, gamma, optional blur and sensor noise. */
  static void camera(Canvas c, SplittableRandom rng) {
    double exposure = rng.nextDouble(0.75, 1.25);
    double[] cast = {
      rng.nextDouble(0.85, 1.15), rng.nextDouble(0.9, 1.1), rng.nextDouble(0.85, 1.15)
    };
    double gamma = rng.nextDouble(0.8, 1.25);
    double sigma = rng.nextDouble(0.01, 0.05);
    if (rng.nextDouble() < 0.4) {
      c.blur(Math.max(1, c.w / 64), 1);
    }
    for (int i = 0; i < c.px.length; i++) {
      double v = Math.max(0, c.px[i] * exposure * cast[i % 3]);
      v = Math.pow(Math.min(1, v), gamma);
      c.px[i] = (float) (v + sigma * ShapesBenchmark.gaussian(rng));
    }
  }
}
