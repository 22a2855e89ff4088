package org.real2sim.tools.generate;

import static org.real2sim.tools.generate.StreetBackdrop.*;
import static org.real2sim.tools.generate.StreetObjects.*;
import static org.real2sim.tools.generate.StreetScene.*;

import java.util.ArrayList;
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

  /**
   * Renders one scene of {@code w × h} pixels.
   *
   * @param real whether to render the real domain (else the synthetic one)
   * @param rng the image's random stream
   */
  public static Rendered render(int w, int h, boolean real, SplittableRandom rng) {
    StreetScene s = new StreetScene(w, h, real, rng);
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

  /** Colour grading, vignetting, blur and sensor noise of the real camera. */
  private static void camera(StreetScene s) {
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
