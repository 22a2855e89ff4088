package org.real2sim.trainer.data.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.DatasetSpec;

/** File listing shared by the format readers: stable order, clear errors. */
final class Scan {

  /** Extensions of image files (lower case). */
  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg");

  private Scan() {}

  /** Fails unless {@code dir} is a directory; {@code what} says what it should hold. */
  static Path requireDir(Path dir, String what) {
    if (!Files.isDirectory(dir)) {
      throw new DataException(what + " folder " + dir + " does not exist");
    }
    return dir;
  }

  /** The sub-directories of {@code dir}, sorted by name. */
  static List<Path> subdirs(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted(byName()).toList();
    } catch (IOException e) {
      throw new DataException("Cannot list folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The image files directly in {@code dir} (or below it when {@code recursive}), sorted by path.
   */
  static List<Path> images(Path dir, boolean recursive) {
    try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(Scan::isImage)
          .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new DataException("Cannot list folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether the file name ends in an image extension. */
  static boolean isImage(Path p) {
    return IMAGE_EXTENSIONS.contains(extension(p));
  }

  /** The lower-case extension without the dot, or "" if none. */
  static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The file name without its extension. */
  static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }

  /** The stable sample id of {@code file}: its path relative to {@code root}, no extension. */
  static String id(Path root, Path file) {
    String rel = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    int dot = rel.lastIndexOf('.');
    return dot > rel.lastIndexOf('/') ? rel.substring(0, dot) : rel;
  }

  static Comparator<Path> byName() {
    return Comparator.comparing(p -> p.getFileName().toString());
  }

  /** A comma-separated option as a list of trimmed, non-empty entries; null if absent. */
  static List<String> listOption(DatasetSpec spec, String key) {
    String v = spec.options().get(key);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : v.split("[,;]")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    if (out.isEmpty() || new LinkedHashSet<>(out).size() != out.size()) {
      throw new DataException(
          spec.format() + " option '" + key + "' must list distinct names, found '" + v + "'");
    }
    return out;
  }

  /** The {@code coarsen} option: 0 (off) or an odd window side of at least 3. */
  static int coarsen(DatasetSpec spec) {
    int k = spec.intOption("coarsen", 0);
    if (k == 1) {
      return 0;
    }
    if (k != 0 && (k < 3 || k % 2 == 0)) {
      throw new DataException(
          spec.format() + " option 'coarsen' must be 0 (off) or an odd size >= 3, found " + k);
    }
    return k;
  }

  /** Checks that every split named in the {@code splits} option exists. */
  static void requireSplits(DatasetSpec spec, Set<String> found, Path where) {
    List<String> wanted = listOption(spec, "splits");
    if (wanted == null) {
      return;
    }
    for (String s : wanted) {
      if (!found.contains(s)) {
        throw new DataException(
            spec.format()
                + " data set at "
                + where
                + " has no split '"
                + s
                + "' (found "
                + found
                + ")");
      }
    }
  }

  /** A root that must exist. */
  static Path root(DatasetSpec spec) {
    return requireDir(spec.root(), spec.format() + " data set root");
  }

  /** Distinct colours for classes without official ones (evenly spaced hues). */
  static int[] palette(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      float hue = (i * 0.618034f) % 1f;
      p[i] = java.awt.Color.HSBtoRGB(hue, 0.65f, 0.9f) & 0xFFFFFF;
    }
    return p;
  }
}
