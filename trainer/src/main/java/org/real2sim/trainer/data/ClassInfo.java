package org.real2sim.trainer.data;

/**
 * One class of a label protocol: its name and display colour.
 *
 * @param name the class name, e.g. {@code "road"}
 * @param rgb the display colour packed as {@code 0xRRGGBB}
 */
public record ClassInfo(String name, int rgb) {

  /** Validates the fields. */
  public ClassInfo {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("class name must not be blank, found '" + name + "'");
    }
    if ((rgb & ~0xFFFFFF) != 0) {
      throw new IllegalArgumentException(
          "class '" + name + "': colour must be 0xRRGGBB, found 0x" + Integer.toHexString(rgb));
    }
  }

  /** A class with colour {@code (r, g, b)}, each 0..255. */
  public static ClassInfo of(String name, int r, int g, int b) {
    for (int c : new int[] {r, g, b}) {
      if (c < 0 || c > 255) {
        throw new IllegalArgumentException(
            "class '" + name + "': colour components must be 0..255, found " + c);
      }
    }
    return new ClassInfo(name, (r << 16) | (g << 8) | b);
  }

  /** The red component, 0..255. */
  public int red() {
    return (rgb >> 16) & 0xFF;
  }

  /** The green component, 0..255. */
  public int green() {
    return (rgb >> 8) & 0xFF;
  }

  /** The blue component, 0..255. */
  public int blue() {
    return rgb & 0xFF;
  }
}
