package org.real2sim.tools.generate;

import static org.real2sim.tools.generate.StreetObjects.*;
import static org.real2sim.tools.generate.StreetScene.*;
import static org.real2sim.tools.generate.StreetsBenchmark.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** The fixed parts of a {@code streets} scene: sky, ground and road, skyline and façades. */
final class StreetBackdrop {

  private StreetBackdrop() {}

  static void skyAndGround(StreetScene s) {
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

  /**
   * The depth of the facade plane {@code x} (lateral offset) seen in pixel column {@code px}, or
   * {@code fallback} where the column does not meet it.
   */
  private static double depth(StreetScene s, double x, double fallback, int px) {
    double zz = s.f * x / (px + 0.5 - s.xv);
    if (!(zz > 0)) {
      zz = fallback;
    }
    return zz;
  }

  /** A band of distant buildings and trees at the horizon. */
  static void skyline(StreetScene s) {
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

  record Chunk(boolean left, double z0, double z1, double line, int kind, double height) {}

  static void facades(StreetScene s) {
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

  static void facade(StreetScene s, Chunk c) {
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
              double zz = depth(s, x, zm, px);
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
              double zz = depth(s, x, zm, px);
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

  static void leaves(
      StreetScene s, Noise n, int px, int py, double[] base, double light, double[] out) {
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
}
