package org.real2sim.runtime.bundle;

import java.util.ArrayList;
import java.util.List;

/** Class colours of a bundle's palette: {@code #rrggbb} strings, and a generated fallback. */
public final class Palette {

  private Palette() {}

  /** Parses {@code #rrggbb} into {@code 0xRRGGBB}. */
  public static int parseColour(String colour) {
    if (colour == null || !colour.matches("#[0-9a-fA-F]{6}")) {
      throw new IllegalArgumentException(
          "palette colours must be written #rrggbb, found " + colour);
    }
    return Integer.parseInt(colour.substring(1), 16);
  }

  /** Formats {@code 0xRRGGBB} as {@code #rrggbb}. */
  public static String formatColour(int rgb) {
    return String.format("#%06x", rgb & 0xFFFFFF);
  }

  /** Parses a palette given as {@code 0xRRGGBB} integers into {@code #rrggbb} strings. */
  public static List<String> of(int... rgb) {
    List<String> out = new ArrayList<>(rgb.length);
    for (int c : rgb) {
      out.add(formatColour(c));
    }
    return out;
  }

  /**
   * The colour of class {@code id} of {@code numClasses} as {@code 0xRRGGBB}: the palette's entry,
   * or a generated colour when {@code palette} is empty; black for an id outside the classes.
   */
  static int colour(List<String> palette, int numClasses, int id) {
    if (id < 0 || id >= numClasses) {
      return 0;
    }
    if (!palette.isEmpty()) {
      return parseColour(palette.get(id));
    }
    return generatedColour(id);
  }

  /**
   * A colour for class {@code id} when the bundle has no palette: hues spaced by the golden angle
   * at full saturation, so neighbouring ids differ clearly. Deterministic.
   */
  static int generatedColour(int id) {
    float hue = (float) ((id * 0.618033988749895) % 1.0);
    return java.awt.Color.HSBtoRGB(hue, 0.75f, 0.95f) & 0xFFFFFF;
  }
}
