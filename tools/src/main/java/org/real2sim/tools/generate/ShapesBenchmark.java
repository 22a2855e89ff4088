package org.real2sim.tools.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code shapes} benchmark: ten object classes, the paper's real→sketch problem in miniature.
 *
 * <p>Each class is a shape built from signed distance fields (outline, parts) in a unit frame. Both
 * domains draw the pose from the same distributions — rotation ±30°, size 55–85 % of the frame,
 * aspect ratio 0.82–1.22, offset ±12 % — so the class-defining geometry is shared and a translator
 * can map one domain onto the other. They differ only in appearance:
 *
 * <ul>
 *   <li><b>synthetic</b> ({@link #sketch}): a hand-drawn look — dark strokes of varying width and
 *       pressure along a wobbling outline, with gaps and sometimes a second, offset retrace, on
 *       near-white paper. No fill, no colour, no background.
 *   <li><b>real</b> ({@link #photo}): a filled object of random colour and texture (solid, stripes,
 *       checks, spots, grain), lit from a random direction with bevelled edges, a highlight and a
 *       cast shadow, on a cluttered background (colour gradient, soft blobs, bands, grain), then a
 *       camera: exposure, colour cast, gamma, optional blur, sensor noise (and JPEG when written).
 * </ul>
 */
public final class ShapesBenchmark {

  /**
   * The class names, in id order; alphabetical, so that the ImageFolder reader's default (sorted
   * folder names) gives the same ids.
   */
  public static final List<String> CLASSES =
      List.of(
          "arrow",
          "crescent",
          "cross",
          "disc",
          "heart",
          "house",
          "ring",
          "square",
          "star",
          "triangle");

  private static final Sdf[] SHAPES = {
    Sdf.box(-0.3, 0, 0.55, 0.17).union(Sdf.polygon(0.15, 0.5, 0.9, 0, 0.15, -0.5)),
    Sdf.circle(0, 0, 0.82).minus(Sdf.circle(0.38, 0.12, 0.64)),
    Sdf.box(0, 0, 0.85, 0.24).union(Sdf.box(0, 0, 0.24, 0.85)),
    Sdf.circle(0, 0, 0.8),
    Sdf.circle(-0.34, 0.3, 0.4)
        .union(Sdf.circle(0.34, 0.3, 0.4))
        .union(Sdf.polygon(-0.72, 0.14, 0.72, 0.14, 0, -0.85)),
    Sdf.box(0, -0.3, 0.6, 0.5).union(Sdf.polygon(-0.8, 0.15, 0.8, 0.15, 0, 0.9)),
    Sdf.circle(0, 0, 0.66).shell(0.21),
    Sdf.box(0, 0, 0.68, 0.68),
    Sdf.star(5, 0.95, 0.4, Math.PI / 2),
    Sdf.polygon(0, 0.9, -0.85, -0.62, 0.85, -0.62)
  };

  private ShapesBenchmark() {}

  /** Where the shape sits in the image: rotation, size, aspect ratio and offset. */
  record Pose(double theta, double scale, double aspect, double dx, double dy) {

    /** Draws a pose from the distributions shared by both domains. */
    static Pose draw(SplittableRandom rng) {
      return new Pose(
          Math.toRadians(rng.nextDouble(-30, 30)),
          rng.nextDouble(0.55, 0.85),
          Math.exp(rng.nextDouble(-0.2, 0.2)),
          rng.nextDouble(-0.12, 0.12),
          rng.nextDouble(-0.12, 0.12));
    }
  }

  /** Shape-frame coordinates of pixel centres and the pixel size of one shape unit. */
  private static final class Frame {
    final double unit;
    final double cx;
    final double cy;
    final double cos;
    final double sin;
    final double aspect;

    Frame(Pose p, int size) {
      unit = p.scale() * size / 2;
      cx = size / 2.0 + p.dx() * size;
      cy = size / 2.0 + p.dy() * size;
      cos = Math.cos(p.theta());
      sin = Math.sin(p.theta());
      aspect = p.aspect();
    }

    /** Local {u, v} of image point (x, y) (pixel units, y down). */
    void local(double x, double y, double[] uv) {
      double u = (x - cx) / unit;
      double v = -(y - cy) / unit;
      double ru = cos * u + sin * v;
      double rv = -sin * u + cos * v;
      uv[0] = ru / aspect;
      uv[1] = rv * aspect;
    }
  }

  /**
   * Renders a sketch (the synthetic domain) of class {@code cls}.
   *
   * @param size the image side in pixels
   * @param rng the image's random stream
   */
  static Canvas sketch(int cls, int size, SplittableRandom rng) {
    Sdf shape = SHAPES[cls];
    Frame f = new Frame(Pose.draw(rng), size);
    double paper = rng.nextDouble(0.94, 1.0);
    double ink = rng.nextDouble(0.0, 0.3);
    double px = size / 32.0;
    int strokes = rng.nextDouble() < 0.5 ? 2 : 1;
    Canvas c = new Canvas(size, size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        c.set(x, y, paper, paper, paper);
      }
    }
    double[] uv = new double[2];
    for (int s = 0; s < strokes; s++) {
      Noise wobble = new Noise(rng.nextLong());
      Noise pressure = new Noise(rng.nextLong());
      double amp = rng.nextDouble(0.02, 0.07) * (s == 0 ? 1 : 1.6);
      double freq = rng.nextDouble(1.2, 2.8);
      double width = rng.nextDouble(0.8, 1.7) * px;
      double gaps = rng.nextDouble(0.0, 0.3);
      double shiftU = s == 0 ? 0 : rng.nextDouble(-0.04, 0.04);
      double shiftV = s == 0 ? 0 : rng.nextDouble(-0.04, 0.04);
      double strength = s == 0 ? 1 : rng.nextDouble(0.4, 0.8);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          f.local(x + 0.5, y + 0.5, uv);
          double u = uv[0] + shiftU;
          double v = uv[1] + shiftV;
          double d = shape.at(u, v) + amp * (2 * wobble.at(u * freq + 7, v * freq + 3) - 1);
          double dist = Math.abs(d) * f.unit;
          double a = Math.min(1, Math.max(0, width / 2 + 0.5 - dist));
          if (a <= 0) {
            continue;
          }
          double p = pressure.at(u * 2.5, v * 2.5);
          if (p < gaps) {
            continue;
          }
          a *= strength * (0.55 + 0.45 * p);
          c.blend(x, y, ink, ink, ink, a);
        }
      }
    }
    return c;
  }

  /**
   * Renders a photo (the real domain) of class {@code cls}.
   *
   * @param size the image side in pixels
   * @param rng the image's random stream
   */
  static Canvas photo(int cls, int size, SplittableRandom rng) {
    Sdf shape = SHAPES[cls];
    Pose pose = Pose.draw(rng);
    Frame f = new Frame(pose, size);
    Canvas c = new Canvas(size, size);
    ShapesBackdrop.background(c, rng);

    // Object colour: random hue, pushed away from the background's brightness under it.
    double[] bgMean = mean(c);
    double lumBg = luminance(bgMean);
    double hue = rng.nextDouble();
    double sat = rng.nextDouble(0.25, 1.0);
    double val = rng.nextDouble(0.3, 0.95);
    double[] obj = hsv(hue, sat, val);
    if (Math.abs(luminance(obj) - lumBg) < 0.18) {
      double push = lumBg > 0.5 ? -0.35 : 0.35;
      obj = hsv(hue, sat, Math.max(0.1, Math.min(1, val + push)));
    }
    int texture = rng.nextInt(5);
    double texFreq = rng.nextDouble(2.5, 6);
    double texAngle = rng.nextDouble(Math.PI);
    double texAmp = rng.nextDouble(0.08, 0.22);
    double[] tex2 = hsv(rng.nextDouble(), rng.nextDouble(0.2, 0.9), rng.nextDouble(0.3, 1));
    Noise grain = new Noise(rng.nextLong());

    double light = rng.nextDouble(2 * Math.PI);
    double lx = Math.cos(light);
    double ly = -Math.sin(light);
    double bevel = rng.nextDouble(1.5, 3.5) * size / 32.0;
    double shadowDist = rng.nextDouble(0.8, 2.5) * size / 32.0;
    double shadowDark = rng.nextDouble(0.45, 0.8);
    double gloss = rng.nextDouble(0.0, 0.35);

    double[] uv = new double[2];
    double soft = Math.max(1.0, size / 32.0);
    // Cast shadow first (on the background), then the object.
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        f.local(x + 0.5 + lx * shadowDist, y + 0.5 + ly * shadowDist, uv);
        double ds = shape.at(uv[0], uv[1]) * f.unit;
        double a = Math.min(1, Math.max(0, 0.5 - ds / (1.5 * soft)));
        if (a > 0) {
          c.scale(x, y, 1 - (1 - shadowDark) * a);
        }
      }
    }
    double eps = 0.5 / f.unit;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        f.local(x + 0.5, y + 0.5, uv);
        double u = uv[0];
        double v = uv[1];
        double d = shape.at(u, v);
        double dpx = d * f.unit;
        double cover = Math.min(1, Math.max(0, 0.5 - dpx));
        if (cover <= 0) {
          continue;
        }
        double t = texture(texture, u, v, texFreq, texAngle, grain);
        double r = obj[0] + (tex2[0] - obj[0]) * t * texAmp * 2.5;
        double g = obj[1] + (tex2[1] - obj[1]) * t * texAmp * 2.5;
        double b = obj[2] + (tex2[2] - obj[2]) * t * texAmp * 2.5;
        // Lighting: a gradient across the object plus a bevel near the outline.
        double shade =
            0.85 + 0.2 * ((x + 0.5 - size / 2.0) * -lx + (y + 0.5 - size / 2.0) * -ly) / size;
        double depth = -dpx;
        if (depth < bevel) {
          double gx = (shape.at(u + eps, v) - shape.at(u - eps, v));
          double gy = (shape.at(u, v + eps) - shape.at(u, v - eps));
          double n = Math.hypot(gx, gy);
          if (n > 0) {
            // Outline normal in image space (v grows upwards): facing the light -> brighter.
            double facing = (gx * -lx + -gy * -ly) / n;
            shade += 0.35 * facing * (1 - Math.max(0, depth) / bevel);
          }
        }
        double hl =
            gloss * Math.exp(-Math.pow(u + 0.35 * lx, 2) * 6 - Math.pow(v - 0.35 * ly, 2) * 6);
        c.blend(
            x,
            y,
            Math.min(1, r * shade + hl),
            Math.min(1, g * shade + hl),
            Math.min(1, b * shade + hl),
            cover);
      }
    }
    ShapesBackdrop.camera(c, rng);
    return c;
  }

  private static double texture(int kind, double u, double v, double freq, double angle, Noise n) {
    double a = u * Math.cos(angle) + v * Math.sin(angle);
    switch (kind) {
      case 0:
        return 0.3 * (n.at(u * 3, v * 3) - 0.5);
      case 1:
        return Math.sin(a * freq * Math.PI) > 0 ? 1 : 0;
      case 2:
        return ((int) Math.floor(u * freq) + (int) Math.floor(v * freq)) % 2 == 0 ? 1 : 0;
      case 3:
        return n.at(u * freq, v * freq) > 0.62 ? 1 : 0;
      default:
        return n.fbm(u * freq * 2, v * freq * 2, 3);
    }
  }

  static double gaussian(SplittableRandom rng) {
    double u1;
    do {
      u1 = rng.nextDouble();
    } while (u1 <= 0);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  static double[] hsv(double h, double s, double v) {
    int rgb = java.awt.Color.HSBtoRGB((float) h, (float) s, (float) v);
    return new double[] {
      ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0
    };
  }

  static double luminance(double[] rgb) {
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
  }

  private static double[] mean(Canvas c) {
    double[] m = new double[3];
    for (int i = 0; i < c.px.length; i++) {
      m[i % 3] += c.px[i];
    }
    for (int k = 0; k < 3; k++) {
      m[k] /= c.w * c.h;
    }
    return m;
  }
}
