package org.real2sim.tools.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.real2sim.trainer.data.ClassInfo;
import org.real2sim.trainer.data.Protocol;
import org.real2sim.trainer.data.format.ClassMap;

/**
 * The {@code streets} benchmark: street scenes for semantic segmentation, the paper's sim→real
 * problem in miniature.
 *
 * <p>A scene is sampled from one generator in both domains: a pinhole camera over a ground plane, a
 * road (width, offset, gentle curve, lane markings) with sidewalks and grass verges, façade chunks
 * on both sides (buildings, walls, fences, hedges, gaps) up to a distant skyline, and objects
 * placed in perspective (poles with traffic signs or lights, trees, people on the sidewalks,
 * vehicles on the road). Labels are exact per pixel, written as Cityscapes label ids with a class
 * map to the 13 train ids of {@link #CLASSES} (the CARLA-protocol classes, Cityscapes colours). The
 * domains differ in rendering and camera statistics only:
 *
 * <ul>
 *   <li><b>synthetic</b>: flat shading from a saturated, game-like palette, a clean gradient sky,
 *       crisp edges, no noise, horizon at 38–50 % of the height.
 *   <li><b>real</b>: materials with texture (asphalt grain and patches, paving tiles, grass, brick
 *       and plaster with dirty windows, leafy crowns, cloudy skies), a muted natural palette,
 *       sun-side lighting and contact shadows, the ego vehicle's bonnet at the bottom (label 255,
 *       as in Cityscapes), a slightly different camera (horizon at 40–52 %, other focal lengths),
 *       then colour grading, vignetting, blur and sensor noise.
 * </ul>
 */
public final class StreetsBenchmark {

  /** The 13 classes (train ids 0..12) with Cityscapes colours. */
  public static final List<ClassInfo> CLASSES;

  /** The Cityscapes label id written for each train id. */
  static final int[] LABEL_IDS = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 26};

  /** Cityscapes' "ego vehicle" label id, ignored. */
  static final int EGO_ID = 1;

  static final int ROAD = 0;
  static final int SIDEWALK = 1;
  static final int BUILDING = 2;
  static final int WALL = 3;
  static final int FENCE = 4;
  static final int POLE = 5;
  static final int LIGHT = 6;
  static final int SIGN = 7;
  static final int VEGETATION = 8;
  static final int TERRAIN = 9;
  static final int SKY = 10;
  static final int PERSON = 11;
  static final int VEHICLE = 12;
  static final int IGNORE = 255;

  static {
    List<ClassInfo> c = new ArrayList<>(Protocol.CARLA13.classes());
    c.set(PERSON, new ClassInfo("person", c.get(PERSON).rgb()));
    c.set(VEHICLE, new ClassInfo("vehicle", c.get(VEHICLE).rgb()));
    CLASSES = List.copyOf(c);
  }

  private StreetsBenchmark() {}

  /** The class map written next to the data: label ids → train ids, ego vehicle and 0 ignored. */
  public static ClassMap classMap() {
    List<ClassMap.Entry> e = new ArrayList<>();
    for (int t = 0; t < CLASSES.size(); t++) {
      e.add(new ClassMap.Entry(LABEL_IDS[t], CLASSES.get(t).name(), CLASSES.get(t).rgb(), t));
    }
    e.add(new ClassMap.Entry(0, "unlabeled", 0, IGNORE));
    e.add(new ClassMap.Entry(EGO_ID, "ego vehicle", 0, IGNORE));
    return new ClassMap(e);
  }

  /** An image and its label ids (Cityscapes ids, ready to write). */
  public record Rendered(Canvas image, int[] labelIds) {}

  /** Fills one pixel's colour. */
  @FunctionalInterface
  private interface Shader {
    void shade(int x, int y, double[] rgb);
  }

  /** The camera and road of one scene, and the target buffers. */
  private static final class Scene {
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

    Scene(int w, int h, boolean real, SplittableRandom rng) {
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
    void blob(
        double cx, double cy, double rx, double ry, double wobble, long seed, int c, Shader s) {
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
  }

  /** Sets {@code rgb} to {@code c} scaled by {@code k}. */
  private static void col(double[] rgb, double[] c, double k) {
    rgb[0] = c[0] * k;
    rgb[1] = c[1] * k;
    rgb[2] = c[2] * k;
  }

  private static double[] rgb(double r, double g, double b) {
    return new double[] {r, g, b};
  }

  /** A colour near {@code base}: each channel jittered by up to {@code j}. */
  private static double[] near(SplittableRandom rng, double[] base, double j) {
    return rgb(
        clamp(base[0] + rng.nextDouble(-j, j)),
        clamp(base[1] + rng.nextDouble(-j, j)),
        clamp(base[2] + rng.nextDouble(-j, j)));
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /**
   * Renders one scene of {@code w × h} pixels.
   *
   * @param real whether to render the real domain (else the synthetic one)
   * @param rng the image's random stream
   */
  public static Rendered render(int w, int h, boolean real, SplittableRandom rng) {
    Scene s = new Scene(w, h, real, rng);
    skyAndGround(s);
    skyline(s);
    facades(s);
    objects(s);
    if (real) {
      bonnet(s);
      camera(s);
    }
    int[] ids = new int[w * h];
    for (int i = 0; i < ids.length; i++) {
      int c = s.cls[i];
      ids[i] = c == IGNORE ? EGO_ID : LABEL_IDS[c];
    }
    return new Rendered(s.img, ids);
  }

  private static void skyAndGround(Scene s) {
    SplittableRandom rng = s.rng;
    double[] skyTop =
        s.real ? near(rng, rgb(0.62, 0.7, 0.8), 0.12) : near(rng, rgb(0.25, 0.5, 0.95), 0.05);
    double[] skyLow =
        s.real ? near(rng, rgb(0.85, 0.87, 0.9), 0.08) : near(rng, rgb(0.65, 0.8, 1.0), 0.05);
    double cloud = s.real ? rng.nextDouble(0.05, 0.3) : 0;
    double[] road =
        s.real ? near(rng, rgb(0.27, 0.27, 0.28), 0.06) : near(rng, rgb(0.36, 0.33, 0.42), 0.03);
    double[] walk =
        s.real ? near(rng, rgb(0.55, 0.53, 0.5), 0.07) : near(rng, rgb(0.78, 0.62, 0.66), 0.03);
    double[] grass =
        s.real ? near(rng, rgb(0.33, 0.4, 0.2), 0.06) : near(rng, rgb(0.45, 0.8, 0.3), 0.03);
    double[] paint = s.real ? near(rng, rgb(0.78, 0.78, 0.74), 0.08) : rgb(1, 1, 1);
    double dash = rng.nextDouble(2, 4);
    double[] rgb = new double[3];
    for (int y = 0; y < s.h; y++) {
      double z = s.groundZ(y + 0.5);
      for (int x = 0; x < s.w; x++) {
        if (Double.isInfinite(z) || z > 400) {
          double t = Math.min(1, (y + 0.5) / Math.max(1, s.yh));
          for (int k = 0; k < 3; k++) {
            rgb[k] = skyTop[k] + (skyLow[k] - skyTop[k]) * t;
          }
          if (cloud > 0) {
            double c = s.grain(x / (double) s.w * 4, y / (double) s.w * 10, 1, 4);
            for (int k = 0; k < 3; k++) {
              rgb[k] = clamp(rgb[k] + cloud * c * 1.5);
            }
          }
          s.put(x, y, SKY, rgb);
          continue;
        }
        double xw = (x + 0.5 - s.xv) * z / s.f;
        double lat = xw - s.centre(z);
        double a = Math.abs(lat);
        double edge = lat < 0 ? s.walkL : s.walkR;
        double verge = lat < 0 ? s.vergeL : s.vergeR;
        int c;
        if (a < s.roadHalf) {
          c = ROAD;
          col(rgb, road, 1);
          boolean centreLine = Math.abs(lat) < 0.08 && (z % (2 * dash)) < dash;
          boolean edgeLine = Math.abs(a - s.roadHalf + 0.25) < 0.08;
          if (centreLine || edgeLine) {
            col(rgb, paint, 1);
          }
          if (s.real) {
            double g = 0.12 * s.grain(xw * 2, z * 2, 6, 2) + 0.1 * s.grain(xw, z, 0.3, 3);
            for (int k = 0; k < 3; k++) {
              rgb[k] = clamp(rgb[k] * (1 + g));
            }
          }
        } else if (a < s.roadHalf + edge) {
          c = SIDEWALK;
          col(rgb, walk, 1);
          if (a < s.roadHalf + 0.2) {
            col(rgb, walk, s.real ? 0.8 : 0.9);
          }
          if (s.real) {
            double u = (a - s.roadHalf) / 0.5;
            double v = z / 0.5;
            boolean grout =
                u - Math.floor(u) < 0.08 || v - Math.floor(v) < 0.08 * Math.min(1, 4 / z);
            double g = 0.12 * s.grain(xw * 3, z * 3, 2, 2);
            for (int k = 0; k < 3; k++) {
              rgb[k] = clamp(rgb[k] * (1 + g) * (grout ? 0.82 : 1));
            }
          }
        } else {
          c = verge > 0 || a > s.roadHalf + edge + verge ? TERRAIN : SIDEWALK;
          if (c == SIDEWALK) {
            col(rgb, walk, 1);
          } else {
            col(rgb, grass, 1);
            if (s.real) {
              double g = 0.3 * s.grain(xw * 4, z * 4, 3, 3);
              for (int k = 0; k < 3; k++) {
                rgb[k] = clamp(rgb[k] * (1 + g));
              }
            }
          }
        }
        if (s.real) {
          double fog = 1 - Math.exp(-z / 250);
          for (int k = 0; k < 3; k++) {
            rgb[k] += (skyLow[k] - rgb[k]) * fog;
          }
        }
        s.put(x, y, c, rgb);
      }
    }
  }

  /** A band of distant buildings and trees at the horizon. */
  private static void skyline(Scene s) {
    SplittableRandom rng = s.rng;
    double z = 250;
    double x = -0.5 * s.w;
    double[] base =
        s.real ? near(rng, rgb(0.6, 0.62, 0.66), 0.08) : near(rng, rgb(0.55, 0.5, 0.75), 0.05);
    double[] trees =
        s.real ? near(rng, rgb(0.35, 0.42, 0.35), 0.05) : near(rng, rgb(0.3, 0.6, 0.25), 0.03);
    while (x < s.w * 1.5) {
      double width = rng.nextDouble(0.02, 0.08) * s.w;
      boolean tree = rng.nextDouble() < 0.3;
      double top = s.sy(tree ? rng.nextDouble(5, 12) : rng.nextDouble(8, 40), z);
      double[] c = tree ? trees : near(rng, base, 0.04);
      double bottom = s.sy(0, z) + 1;
      double x0 = x;
      s.rect(
          x0,
          top,
          x0 + width,
          bottom,
          tree ? VEGETATION : BUILDING,
          (px, py, out) -> col(out, c, 1));
      x += width;
    }
  }

  private record Chunk(boolean left, double z0, double z1, double line, int kind, double height) {}

  private static void facades(Scene s) {
    SplittableRandom rng = s.rng;
    List<Chunk> chunks = new ArrayList<>();
    for (boolean left : new boolean[] {true, false}) {
      double line =
          s.roadHalf + (left ? s.walkL + s.vergeL : s.walkR + s.vergeR) + rng.nextDouble(0, 2);
      double z = rng.nextDouble(1.5, 6);
      while (z < 160) {
        double len = rng.nextDouble(6, 25);
        double p = rng.nextDouble();
        int kind =
            p < 0.6 ? BUILDING : p < 0.72 ? VEGETATION : p < 0.82 ? WALL : p < 0.92 ? FENCE : -1;
        double height =
            switch (kind) {
              case BUILDING -> rng.nextDouble(6, 28);
              case VEGETATION -> rng.nextDouble(2, 9);
              case WALL -> rng.nextDouble(1, 2.5);
              case FENCE -> rng.nextDouble(1, 2.2);
              default -> 0;
            };
        if (kind == WALL || kind == FENCE || kind == -1) {
          // Something farther back shows above a low wall, fence or gap.
          double back = line + rng.nextDouble(4, 15);
          int behind = rng.nextDouble() < 0.7 ? BUILDING : VEGETATION;
          chunks.add(
              new Chunk(
                  left,
                  z,
                  z + len,
                  back,
                  behind,
                  behind == BUILDING ? rng.nextDouble(6, 25) : rng.nextDouble(3, 9)));
        }
        if (kind >= 0) {
          chunks.add(new Chunk(left, z, z + len, line, kind, height));
        }
        z += len;
      }
    }
    chunks.sort(Comparator.comparingDouble((Chunk c) -> -(c.z0 + (c.line / 100.0))));
    for (Chunk c : chunks) {
      facade(s, c);
    }
  }

  private static void facade(Scene s, Chunk c) {
    SplittableRandom rng = s.rng;
    double zm = (c.z0 + c.z1) / 2;
    double x = s.centre(zm) + (c.left ? -c.line : c.line);
    double z0 = Math.max(c.z0, 1.0);
    double z1 = c.z1;
    double[] xs = {s.sx(x, z0), s.sx(x, z1), s.sx(x, z1), s.sx(x, z0)};
    double[] ys = {s.sy(0, z0), s.sy(0, z1), s.sy(c.height, z1), s.sy(c.height, z0)};
    boolean lit = c.left == s.sunLeft;
    double light = lit ? 1 + s.sunStrength : 1 - s.sunStrength;
    long seed = rng.nextLong();
    Noise n = new Noise(seed);
    double[] base;
    switch (c.kind) {
      case BUILDING -> {
        base =
            s.real
                ? pick(
                    rng,
                    new double[][] {
                      {0.62, 0.58, 0.52},
                      {0.55, 0.35, 0.28},
                      {0.7, 0.7, 0.68},
                      {0.45, 0.45, 0.47},
                      {0.78, 0.72, 0.6}
                    },
                    0.05)
                : pick(
                    rng,
                    new double[][] {
                      {0.9, 0.75, 0.45},
                      {0.85, 0.4, 0.35},
                      {0.6, 0.65, 0.9},
                      {0.75, 0.75, 0.75},
                      {0.5, 0.8, 0.75}
                    },
                    0.03);
        double[] glass = s.real ? near(rng, rgb(0.25, 0.28, 0.3), 0.05) : rgb(0.35, 0.45, 0.75);
        double winW = rng.nextDouble(1.0, 2.0);
        double winH = rng.nextDouble(1.2, 2.0);
        double pitchX = winW + rng.nextDouble(1.0, 2.5);
        double pitchY = rng.nextDouble(3.0, 3.6);
        double floor0 = rng.nextDouble(0.5, 3.5);
        s.polygon(
            xs,
            ys,
            BUILDING,
            (px, py, out) -> {
              double zz = s.f * x / (px + 0.5 - s.xv);
              if (!(zz > 0)) {
                zz = zm;
              }
              double hh = s.camH + (s.yh - (py + 0.5)) * zz / s.f;
              double u = (zz - c.z0) / pitchX;
              double v = (hh - floor0) / pitchY;
              boolean window =
                  hh > floor0
                      && (u - Math.floor(u)) * pitchX < winW
                      && (v - Math.floor(v)) * pitchY < winH;
              double[] cc = window ? glass : base;
              col(out, cc, light);
              if (s.real) {
                double g = 0.15 * (n.fbm(zz * 0.8, hh * 0.8, 3) - 0.5);
                if (window) {
                  g += 0.25 * (v - Math.floor(v)) - 0.1;
                }
                for (int k = 0; k < 3; k++) {
                  out[k] = clamp(out[k] * (1 + g));
                }
              }
            });
      }
      case VEGETATION -> {
        base = s.real ? near(rng, rgb(0.2, 0.3, 0.12), 0.05) : near(rng, rgb(0.2, 0.62, 0.2), 0.04);
        s.polygon(xs, ys, VEGETATION, (px, py, out) -> leaves(s, n, px, py, base, light, out));
      }
      case WALL -> {
        base =
            s.real ? near(rng, rgb(0.6, 0.58, 0.55), 0.06) : near(rng, rgb(0.85, 0.8, 0.55), 0.03);
        s.polygon(
            xs,
            ys,
            WALL,
            (px, py, out) -> {
              col(out, base, light);
              if (s.real) {
                double g = 0.2 * (n.fbm(px * 0.3, py * 0.9, 3) - 0.5);
                for (int k = 0; k < 3; k++) {
                  out[k] = clamp(out[k] * (1 + g));
                }
              }
            });
      }
      default -> {
        base = s.real ? near(rng, rgb(0.4, 0.42, 0.42), 0.06) : near(rng, rgb(0.7, 0.5, 0.3), 0.03);
        double slat = rng.nextDouble(0.1, 0.3);
        s.polygon(
            xs,
            ys,
            FENCE,
            (px, py, out) -> {
              double zz = s.f * x / (px + 0.5 - s.xv);
              if (!(zz > 0)) {
                zz = zm;
              }
              double hh = s.camH + (s.yh - (py + 0.5)) * zz / s.f;
              boolean bar = (zz / slat) % 2 < 1 || Math.abs(hh - c.height * 0.8) < 0.08;
              int o = (py * s.w + px) * 3;
              if (bar) {
                col(out, base, light);
              } else {
                double k = s.real ? 0.7 : 0.5;
                out[0] = s.img.px[o] * (1 - k) + base[0] * k * 0.7;
                out[1] = s.img.px[o + 1] * (1 - k) + base[1] * k * 0.7;
                out[2] = s.img.px[o + 2] * (1 - k) + base[2] * k * 0.7;
              }
            });
      }
    }
  }

  private static void leaves(
      Scene s, Noise n, int px, int py, double[] base, double light, double[] out) {
    col(out, base, light);
    double scale = 16.0 / s.w;
    if (s.real) {
      double g = 0.9 * (n.fbm(px * scale * 6, py * scale * 6, 3) - 0.5);
      double hue = 0.15 * (n.at(px * scale, py * scale) - 0.5);
      out[0] = clamp(out[0] * (1 + g + hue));
      out[1] = clamp(out[1] * (1 + g));
      out[2] = clamp(out[2] * (1 + g - hue));
    } else if (n.at(px * scale * 2, py * scale * 2) > 0.6) {
      col(out, base, 0.8 * light);
    }
  }

  private static double[] pick(SplittableRandom rng, double[][] options, double jitter) {
    return near(rng, options[rng.nextInt(options.length)], jitter);
  }

  private record Thing(int kind, double lat, double z, long seed) {}

  private static void objects(Scene s) {
    SplittableRandom rng = s.rng;
    List<Thing> things = new ArrayList<>();
    for (boolean left : new boolean[] {true, false}) {
      double sign = left ? -1 : 1;
      double walk = left ? s.walkL : s.walkR;
      double z = rng.nextDouble(3, 20);
      while (z < 90) {
        things.add(new Thing(POLE, sign * (s.roadHalf + 0.4), z, rng.nextLong()));
        z += rng.nextDouble(12, 40);
      }
      int trees = rng.nextInt(0, 4);
      for (int i = 0; i < trees; i++) {
        double verge = left ? s.vergeL : s.vergeR;
        double lat = s.roadHalf + walk + (verge > 0 ? verge / 2 : -0.6);
        things.add(new Thing(VEGETATION, sign * lat, rng.nextDouble(4, 60), rng.nextLong()));
      }
      int people = rng.nextInt(0, 4);
      for (int i = 0; i < people; i++) {
        double lat = s.roadHalf + rng.nextDouble(0.4, Math.max(0.5, walk - 0.3));
        things.add(new Thing(PERSON, sign * lat, rng.nextDouble(3, 45), rng.nextLong()));
      }
    }
    int cars = rng.nextInt(0, 6);
    for (int i = 0; i < cars; i++) {
      double lat =
          rng.nextBoolean()
              ? rng.nextDouble(-s.roadHalf + 1, s.roadHalf - 1)
              : (rng.nextBoolean() ? -1 : 1) * (s.roadHalf - 1.1);
      things.add(new Thing(VEHICLE, lat, rng.nextDouble(5, 80), rng.nextLong()));
    }
    things.sort(Comparator.comparingDouble((Thing t) -> -t.z));
    for (Thing t : things) {
      SplittableRandom r = new SplittableRandom(t.seed);
      double x = s.centre(t.z) + t.lat;
      switch (t.kind) {
        case POLE -> pole(s, r, x, t.z);
        case VEGETATION -> tree(s, r, x, t.z);
        case PERSON -> person(s, r, x, t.z);
        default -> vehicle(s, r, x, t.z);
      }
    }
  }

  private static void shadow(Scene s, double x, double z, double halfW) {
    if (!s.real) {
      return;
    }
    double cx = s.sx(x, z);
    double cy = s.sy(0, z);
    double rx = s.f * halfW * 1.2 / z;
    double ry = Math.max(1, rx * 0.18);
    for (int y = (int) Math.max(0, cy - ry); y <= Math.min(s.h - 1, cy + ry); y++) {
      for (int px = (int) Math.max(0, cx - rx); px <= Math.min(s.w - 1, cx + rx); px++) {
        double dx = (px + 0.5 - cx) / rx;
        double dy = (y + 0.5 - cy) / ry;
        double d = dx * dx + dy * dy;
        if (d < 1) {
          s.img.scale(px, y, 0.55 + 0.45 * d);
        }
      }
    }
  }

  private static void pole(Scene s, SplittableRandom r, double x, double z) {
    double height = r.nextDouble(4, 8);
    double half = 0.1;
    double[] metal = s.real ? near(r, rgb(0.42, 0.43, 0.45), 0.05) : rgb(0.55, 0.55, 0.6);
    s.rect(
        s.sx(x - half, z),
        s.sy(height, z),
        Math.max(s.sx(x + half, z), s.sx(x - half, z) + 0.6),
        s.sy(0, z),
        POLE,
        (px, py, out) ->
            col(
                out,
                metal,
                s.real ? 0.9 + 0.2 * ((px + 0.5 - s.sx(x, z)) / Math.max(1, s.f * 0.2 / z)) : 1));
    double p = r.nextDouble();
    if (p < 0.45) {
      double sh = r.nextDouble(2.2, Math.max(2.3, height - 0.4));
      double size = r.nextDouble(0.5, 0.8);
      double[][] plates = {{0.85, 0.1, 0.1}, {0.1, 0.3, 0.8}, {0.95, 0.8, 0.1}, {0.95, 0.95, 0.95}};
      double[] plate = plates[r.nextInt(plates.length)];
      double[] plateC =
          s.real ? near(r, rgb(plate[0] * 0.8, plate[1] * 0.8, plate[2] * 0.8), 0.05) : plate;
      double cx = s.sx(x, z);
      double cy = s.sy(sh, z);
      double rad = s.f * size / 2 / z;
      Shader sign =
          (px, py, out) -> {
            double d = Math.hypot(px + 0.5 - cx, py + 0.5 - cy) / Math.max(rad, 0.5);
            col(out, d > 0.7 ? rgb(0.95, 0.95, 0.95) : plateC, s.real ? 0.85 : 1);
          };
      if (r.nextBoolean()) {
        s.blob(cx, cy, Math.max(rad, 0.5), Math.max(rad, 0.5), 0, 0, SIGN, sign);
      } else {
        s.polygon(
            new double[] {cx - rad, cx + rad, cx},
            new double[] {cy + rad * 0.8, cy + rad * 0.8, cy - rad},
            SIGN,
            sign);
      }
    } else if (p < 0.7) {
      double boxW = 0.35;
      double boxH = 1.0;
      double top = height;
      double cx = s.sx(x, z);
      double[] housing = s.real ? rgb(0.12, 0.12, 0.1) : rgb(0.15, 0.15, 0.2);
      int lit = r.nextInt(3);
      double[][] lamps = {{1, 0.15, 0.1}, {1, 0.75, 0.1}, {0.2, 1, 0.4}};
      double y0 = s.sy(top, z);
      double y1 = s.sy(top - boxH, z);
      s.rect(
          cx - s.f * boxW / 2 / z,
          y0,
          cx + Math.max(s.f * boxW / 2 / z, 0.5),
          y1,
          LIGHT,
          (px, py, out) -> {
            int slot =
                (int) Math.min(2, Math.max(0, 3 * (py + 0.5 - y0) / Math.max(1e-9, y1 - y0)));
            col(out, slot == lit ? lamps[lit] : housing, slot == lit && s.real ? 0.9 : 1);
          });
    }
  }

  private static void tree(Scene s, SplittableRandom r, double x, double z) {
    double trunkH = r.nextDouble(1.5, 3);
    double crown = r.nextDouble(1.5, 3.5);
    double[] bark = s.real ? near(r, rgb(0.3, 0.24, 0.18), 0.04) : rgb(0.5, 0.35, 0.2);
    double[] leaf =
        s.real ? near(r, rgb(0.2, 0.32, 0.12), 0.05) : near(r, rgb(0.2, 0.65, 0.2), 0.04);
    shadow(s, x, z, crown * 0.8);
    s.rect(
        s.sx(x - 0.15, z),
        s.sy(trunkH + crown * 0.5, z),
        Math.max(s.sx(x + 0.15, z), s.sx(x - 0.15, z) + 0.6),
        s.sy(0, z),
        VEGETATION,
        (px, py, out) -> col(out, bark, 1));
    Noise n = new Noise(r.nextLong());
    double light = 1;
    s.blob(
        s.sx(x, z),
        s.sy(trunkH + crown, z),
        s.f * crown / z,
        s.f * crown * r.nextDouble(0.8, 1.2) / z,
        0.25,
        r.nextLong(),
        VEGETATION,
        (px, py, out) -> leaves(s, n, px, py, leaf, light, out));
  }

  private static void person(Scene s, SplittableRandom r, double x, double z) {
    double height = r.nextDouble(1.55, 1.95);
    double half = 0.22;
    double[] top =
        s.real
            ? near(r, rgb(0.25, 0.25, 0.28), 0.15)
            : ShapesBenchmark.hsv(r.nextDouble(), 0.8, 0.9);
    double[] legs =
        s.real
            ? near(r, rgb(0.15, 0.15, 0.2), 0.08)
            : ShapesBenchmark.hsv(r.nextDouble(), 0.7, 0.6);
    double[] skin = near(r, rgb(0.85, 0.65, 0.5), 0.12);
    shadow(s, x, z, 0.35);
    double hip = height * 0.5;
    double shoulder = height * 0.82;
    double stride = r.nextDouble(-0.15, 0.15);
    s.polygon(
        new double[] {
          s.sx(x - half * 0.8, z),
          s.sx(x - 0.03 + stride, z),
          s.sx(x + 0.03 - stride, z),
          s.sx(x + half * 0.8, z)
        },
        new double[] {s.sy(hip, z), s.sy(0, z), s.sy(0, z), s.sy(hip, z)},
        PERSON,
        (px, py, out) -> col(out, legs, 1));
    s.rect(
        s.sx(x - half, z),
        s.sy(shoulder, z),
        Math.max(s.sx(x + half, z), s.sx(x - half, z) + 0.6),
        s.sy(hip - 0.05, z),
        PERSON,
        (px, py, out) ->
            col(
                out,
                top,
                s.real
                    ? 0.9 + 0.2 * (py + 0.5 - s.sy(shoulder, z)) / Math.max(1, s.f * 0.4 / z)
                    : 1));
    double headR = s.f * 0.11 / z;
    s.blob(
        s.sx(x, z),
        s.sy(height - 0.11, z),
        Math.max(headR, 0.5),
        Math.max(headR * 1.15, 0.5),
        0,
        0,
        PERSON,
        (px, py, out) -> col(out, skin, 1));
  }

  private static void vehicle(Scene s, SplittableRandom r, double x, double z) {
    double width = r.nextDouble(1.7, 2.1);
    double height = r.nextDouble(1.35, 1.8);
    double half = width / 2;
    double[] paint =
        s.real
            ? pick(
                r,
                new double[][] {
                  {0.9, 0.9, 0.9},
                  {0.1, 0.1, 0.12},
                  {0.5, 0.52, 0.55},
                  {0.7, 0.7, 0.72},
                  {0.45, 0.1, 0.1},
                  {0.12, 0.2, 0.4}
                },
                0.04)
            : ShapesBenchmark.hsv(r.nextDouble(), r.nextDouble(0.6, 1), r.nextDouble(0.6, 1));
    double[] glass = s.real ? rgb(0.15, 0.17, 0.2) : rgb(0.3, 0.4, 0.6);
    double[] tyre = rgb(0.04, 0.04, 0.04);
    shadow(s, x, z, half * 1.1);
    double belt = height * 0.62;
    double wheelH = 0.35;
    // Wheels, body, cabin (rear view), all labelled vehicle.
    for (double side : new double[] {-1, 1}) {
      double wx = x + side * (half - 0.3);
      s.rect(
          s.sx(wx - 0.22, z),
          s.sy(wheelH + 0.1, z),
          Math.max(s.sx(wx + 0.22, z), s.sx(wx - 0.22, z) + 0.6),
          s.sy(0, z),
          VEHICLE,
          (px, py, out) -> col(out, tyre, 1));
    }
    double bodyTop = s.sy(belt, z);
    double bodyBottom = s.sy(wheelH * 0.6, z);
    s.rect(
        s.sx(x - half, z),
        bodyTop,
        s.sx(x + half, z),
        bodyBottom,
        VEHICLE,
        (px, py, out) -> {
          double t = (py + 0.5 - bodyTop) / Math.max(1e-9, bodyBottom - bodyTop);
          col(out, paint, s.real ? 1.15 - 0.35 * t : 1);
          boolean lamp = t < 0.35 && Math.abs(px + 0.5 - s.sx(x, z)) > s.f * (half - 0.3) / z;
          if (lamp) {
            col(out, rgb(0.8, 0.1, 0.08), s.real ? 0.8 : 1);
          }
        });
    double inset = half * r.nextDouble(0.12, 0.25);
    double[] cx = {
      s.sx(x - half + 0.05, z),
      s.sx(x + half - 0.05, z),
      s.sx(x + half - inset, z),
      s.sx(x - half + inset, z)
    };
    double[] cy = {s.sy(belt, z), s.sy(belt, z), s.sy(height, z), s.sy(height, z)};
    double cabinTop = cy[2];
    s.polygon(
        cx,
        cy,
        VEHICLE,
        (px, py, out) -> {
          double t = (py + 0.5 - cabinTop) / Math.max(1e-9, bodyTop - cabinTop);
          boolean window =
              t > 0.15
                  && t < 0.9
                  && Math.abs(px + 0.5 - s.sx(x, z)) < s.f * (half - inset - 0.05) / z;
          col(out, window ? glass : paint, window && s.real ? 0.8 + 0.5 * (1 - t) : 1);
        });
  }

  /** The ego vehicle's bonnet along the bottom edge (label ignore), real domain only. */
  private static void bonnet(Scene s) {
    SplittableRandom rng = s.rng;
    double depth = rng.nextDouble(0.05, 0.1) * s.h;
    double bulge = rng.nextDouble(0.02, 0.05) * s.h;
    double[] paint = near(rng, rgb(0.15, 0.15, 0.17), 0.05);
    for (int y = 0; y < s.h; y++) {
      for (int x = 0; x < s.w; x++) {
        double t = (x + 0.5) / s.w - 0.5;
        double top = s.h - depth - bulge * (1 - 4 * t * t);
        if (y + 0.5 > top) {
          double refl = 0.25 * Math.max(0, 1 - (y + 0.5 - top) / depth);
          int o = (y * s.w + x) * 3;
          double[] rgb = {
            paint[0] + refl * s.img.px[o],
            paint[1] + refl * s.img.px[o + 1],
            paint[2] + refl * s.img.px[o + 2]
          };
          s.put(x, y, IGNORE, rgb);
        }
      }
    }
  }

  /** Colour grading, vignetting, blur and sensor noise of the real camera. */
  private static void camera(Scene s) {
    SplittableRandom rng = s.rng;
    double[] gain = {
      rng.nextDouble(0.85, 1.15), rng.nextDouble(0.9, 1.1), rng.nextDouble(0.85, 1.15)
    };
    double exposure = rng.nextDouble(0.7, 1.2);
    double saturation = rng.nextDouble(0.55, 1.05);
    double contrast = rng.nextDouble(0.8, 1.2);
    double gamma = rng.nextDouble(0.8, 1.25);
    double vignette = rng.nextDouble(0.0, 0.35);
    double sigma = rng.nextDouble(0.015, 0.05);
    int radius = Math.max(1, s.w / 256);
    int passes = rng.nextDouble() < 0.6 ? 1 : 2;
    s.img.blur(radius, s.w < 128 ? 1 : passes); // below 128 px one 3-tap pass is blur enough
    float[] p = s.img.px;
    for (int y = 0; y < s.h; y++) {
      for (int x = 0; x < s.w; x++) {
        double dx = (x + 0.5) / s.w - 0.5;
        double dy = (y + 0.5) / s.h - 0.5;
        double v = 1 - vignette * (dx * dx + dy * dy) * 2;
        int o = (y * s.w + x) * 3;
        double lum = 0.299 * p[o] + 0.587 * p[o + 1] + 0.114 * p[o + 2];
        for (int k = 0; k < 3; k++) {
          double c = lum + (p[o + k] - lum) * saturation;
          c = (c - 0.5) * contrast + 0.5;
          c = Math.max(0, c * gain[k] * exposure * v);
          c = Math.pow(Math.min(1, c), gamma);
          p[o + k] = (float) (c + sigma * ShapesBenchmark.gaussian(rng));
        }
      }
    }
  }
}
