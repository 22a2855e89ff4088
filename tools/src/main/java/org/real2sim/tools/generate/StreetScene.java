package org.real2sim.tools.generate;

import static org.real2sim.tools.generate.StreetBackdrop.*;
import static org.real2sim.tools.generate.StreetObjects.*;
import static org.real2sim.tools.generate.StreetsBenchmark.*;

import java.util.SplittableRandom;

/**
 * One {@code streets} scene being rendered: the camera and road, the target image and label
 * buffers, the painting primitives, and the colour helpers the scene's parts share.
 */
final class StreetScene {
  final int w;
  final int h;
  final boolean real;
  final SplittableRandom rng;
  final Canvas img;
  final int[] cls;
  final double f;
  final double camH;
  final double xv;
  final double yh;
  final double roadHalf;
  final double c0;
  final double curve;
  final double walkL;
  final double walkR;
  final double vergeL;
  final double vergeR;
  final boolean sunLeft;
  final double sunStrength;
  final Noise noise;

  StreetScene(int w, int h, boolean real, SplittableRandom rng) {
    this.w = w;
    this.h = h;
    this.real = real;
    this.rng = rng;
    img = new Canvas(w, h);
    cls = new int[w * h];
    f = w * (real ? rng.nextDouble(0.7, 0.95) : rng.nextDouble(0.8, 1.0));
    camH = real ? rng.nextDouble(1.3, 1.6) : 1.5;
    xv = w * rng.nextDouble(0.4, 0.6);
    yh = h * (real ? rng.nextDouble(0.40, 0.52) : rng.nextDouble(0.38, 0.50));
    roadHalf = rng.nextDouble(3.5, 7);
    c0 = rng.nextDouble(-2, 2);
    curve = rng.nextDouble(-0.0008, 0.0008);
    walkL = rng.nextDouble(1.5, 4);
    walkR = rng.nextDouble(1.5, 4);
    vergeL = rng.nextDouble() < 0.5 ? rng.nextDouble(0.5, 3) : 0;
    vergeR = rng.nextDouble() < 0.5 ? rng.nextDouble(0.5, 3) : 0;
    sunLeft = rng.nextBoolean();
    sunStrength = real ? rng.nextDouble(0.1, 0.35) : 0.1;
    noise = new Noise(rng.nextLong());
  }

  double centre(double z) {
    return c0 + curve * z * z;
  }

  double sx(double x, double z) {
    return xv + f * x / z;
  }

  double sy(double height, double z) {
    return yh + f * (camH - height) / z;
  }

  /** Depth of a ground pixel row (pixel centre), or +inf at and above the horizon. */
  double groundZ(double y) {
    return y > yh ? f * camH / (y - yh) : Double.POSITIVE_INFINITY;
  }

  void put(int x, int y, int c, double[] rgb) {
    cls[y * w + x] = c;
    img.set(x, y, rgb[0], rgb[1], rgb[2]);
  }

  /** Fills a polygon in screen coordinates (pixel centres inside, even-odd). */
  void polygon(double[] xs, double[] ys, int c, Shader s) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < xs.length; i++) {
      minX = Math.min(minX, xs[i]);
      maxX = Math.max(maxX, xs[i]);
      minY = Math.min(minY, ys[i]);
      maxY = Math.max(maxY, ys[i]);
    }
    int x0 = Math.max(0, (int) Math.floor(minX));
    int x1 = Math.min(w - 1, (int) Math.ceil(maxX));
    int y0 = Math.max(0, (int) Math.floor(minY));
    int y1 = Math.min(h - 1, (int) Math.ceil(maxY));
    double[] rgb = new double[3];
    for (int y = y0; y <= y1; y++) {
      double py = y + 0.5;
      for (int x = x0; x <= x1; x++) {
        double px = x + 0.5;
        boolean in = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
          if ((ys[i] > py) != (ys[j] > py)
              && px < (xs[j] - xs[i]) * (py - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
            in = !in;
          }
        }
        if (in) {
          s.shade(x, y, rgb);
          put(x, y, c, rgb);
        }
      }
    }
  }

  void rect(double x0, double y0, double x1, double y1, int c, Shader s) {
    polygon(new double[] {x0, x1, x1, x0}, new double[] {y0, y0, y1, y1}, c, s);
  }

  /** An ellipse whose radius is modulated by {@code wobble} (0 = exact) around its outline. */
  void blob(double cx, double cy, double rx, double ry, double wobble, long seed, int c, Shader s) {
    Noise n = new Noise(seed);
    int x0 = Math.max(0, (int) Math.floor(cx - rx * (1 + wobble)));
    int x1 = Math.min(w - 1, (int) Math.ceil(cx + rx * (1 + wobble)));
    int y0 = Math.max(0, (int) Math.floor(cy - ry * (1 + wobble)));
    int y1 = Math.min(h - 1, (int) Math.ceil(cy + ry * (1 + wobble)));
    double[] rgb = new double[3];
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double dx = (x + 0.5 - cx) / rx;
        double dy = (y + 0.5 - cy) / ry;
        double a = Math.atan2(dy, dx);
        double r = 1 + wobble * (2 * n.at(Math.cos(a) * 2 + 3, Math.sin(a) * 2 + 3) - 1);
        if (dx * dx + dy * dy < r * r) {
          s.shade(x, y, rgb);
          put(x, y, c, rgb);
        }
      }
    }
  }

  double grain(double x, double y, double freq, int octaves) {
    return noise.fbm(x * freq, y * freq, octaves) - 0.5;
  }

  /** Fills one pixel's colour. */
  @FunctionalInterface
  interface Shader {
    void shade(int x, int y, double[] rgb);
  }

  /** Sets {@code rgb} to {@code c} scaled by {@code k}. */
  static void col(double[] rgb, double[] c, double k) {
    rgb[0] = c[0] * k;
    rgb[1] = c[1] * k;
    rgb[2] = c[2] * k;
  }

  static double[] rgb(double r, double g, double b) {
    return new double[] {r, g, b};
  }

  /** A colour near {@code base}: each channel jittered by up to {@code j}. */
  static double[] near(SplittableRandom rng, double[] base, double j) {
    return rgb(
        clamp(base[0] + rng.nextDouble(-j, j)),
        clamp(base[1] + rng.nextDouble(-j, j)),
        clamp(base[2] + rng.nextDouble(-j, j)));
  }

  static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  static double[] pick(SplittableRandom rng, double[][] options, double jitter) {
    return near(rng, options[rng.nextInt(options.length)], jitter);
  }
}
