package org.real2sim.tools.generate;

import static org.real2sim.tools.generate.StreetBackdrop.*;
import static org.real2sim.tools.generate.StreetScene.*;
import static org.real2sim.tools.generate.StreetsBenchmark.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The objects of a {@code streets} scene, placed in perspective: poles with signs or lights, trees,
 * people, vehicles with their contact shadows, and the ego vehicle's bonnet.
 */
final class StreetObjects {

  private StreetObjects() {}

  private record Thing(int kind, double lat, double z, long seed) {}

  static void objects(StreetScene s) {
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

  static void shadow(StreetScene s, double x, double z, double halfW) {
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

  static void pole(StreetScene s, SplittableRandom r, double x, double z) {
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

  static void tree(StreetScene s, SplittableRandom r, double x, double z) {
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

  static void person(StreetScene s, SplittableRandom r, double x, double z) {
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

  static void vehicle(StreetScene s, SplittableRandom r, double x, double z) {
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
  static void bonnet(StreetScene s) {
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
}
