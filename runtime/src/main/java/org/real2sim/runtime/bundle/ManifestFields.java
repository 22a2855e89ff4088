package org.real2sim.runtime.bundle;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.real2sim.runtime.io.Sha256;

/**
 * Validation of {@link BundleManifest} fields: integer lower bounds, the input policy, and the
 * collections, each checked and returned as its immutable, normalised value; messages name the
 * field, the value found and what was expected.
 */
final class ManifestFields {

  private ManifestFields() {}

  /** Fails unless the integer field {@code name} is at least {@code min}. */
  static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", found " + value);
    }
  }

  /** An input policy, required; mode {@code any} needs the preprocessing that resizes. */
  static void requirePolicy(InputPolicy inputPolicy, Preprocessing preprocessing) {
    if (inputPolicy == null) {
      throw new IllegalArgumentException("inputPolicy is required");
    }
    if (inputPolicy.mode() == InputPolicy.Mode.ANY && preprocessing == null) {
      throw new IllegalArgumentException(
          "inputPolicy mode any needs preprocessing (the network size the graph resizes to)");
    }
  }

  /** Class names: at least one, none blank, no repeats. */
  static List<String> classNames(List<String> classes) {
    if (classes == null || classes.isEmpty()) {
      throw new IllegalArgumentException(
          "classes must list at least one class name, found " + classes);
    }
    Set<String> seen = new HashSet<>();
    for (String c : classes) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException(
            "classes must not contain blank names, found " + classes);
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException("classes must be unique, '" + c + "' appears twice");
      }
    }
    return List.copyOf(classes);
  }

  /** The palette: empty (generated colours) or one {@code #rrggbb} colour per class. */
  static List<String> palette(List<String> palette, int numClasses) {
    palette = palette == null ? List.of() : List.copyOf(palette);
    if (!palette.isEmpty() && palette.size() != numClasses) {
      throw new IllegalArgumentException(
          "palette has "
              + palette.size()
              + " colours, expected one per class ("
              + numClasses
              + ")");
    }
    for (String colour : palette) {
      Palette.parseColour(colour);
    }
    return palette;
  }

  /** External-data file names (plain names inside the bundle) → SHA-256. */
  static Map<String, String> externalData(Map<String, String> externalData) {
    Map<String, String> ext = new LinkedHashMap<>();
    if (externalData != null) {
      for (Map.Entry<String, String> e : externalData.entrySet()) {
        BundleSource.requirePlainName("externalData", e.getKey());
        if (!Sha256.isWellFormed(e.getValue())) {
          throw new IllegalArgumentException(
              "externalData."
                  + e.getKey()
                  + " must be a SHA-256 (64 hex digits), found "
                  + e.getValue());
        }
        ext.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(ext);
  }
}
