package org.real2sim.trainer.data;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which data set to read: a format name, a root folder and format options.
 *
 * <p>A Jackson-bindable record (training configurations embed it) with a short text form for
 * command lines: {@code FORMAT:ROOT[,KEY=VALUE...]}, e.g. {@code carla:/data/carla,version=0.9.13}
 * or {@code cityscapes:/data/cityscapes,protocol=synthia16}. Each format documents its options; an
 * option it does not know is an error (a typo must not pass silently).
 *
 * @param format the format name: {@code imagefolder, paired, unpaired, cityscapes, synthia, carla,
 *     sketchy}
 * @param root the data set's root folder
 * @param options format options (protocol, CARLA version, Sketchy classes, …); never null
 */
public record DatasetSpec(String format, Path root, Map<String, String> options) {

  /** Validates the fields and copies the options. */
  public DatasetSpec {
    if (format == null || format.isBlank()) {
      throw new IllegalArgumentException(
          "dataset format must not be blank, found '" + format + "'");
    }
    if (root == null) {
      throw new IllegalArgumentException("dataset root must be given (format " + format + ")");
    }
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  /** A spec with options given as alternating keys and values. */
  public static DatasetSpec of(String format, Path root, String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("options must be key/value pairs, found an odd count");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return new DatasetSpec(format, root, m);
  }

  /**
   * Parses {@code FORMAT:ROOT[,KEY=VALUE...]}.
   *
   * @throws DataException naming the text and the expected form
   */
  public static DatasetSpec parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new DataException(
          "Dataset '" + text + "' must read FORMAT:ROOT[,KEY=VALUE...], e.g. cityscapes:/data/cs");
    }
    String format = text.substring(0, colon);
    String[] parts = text.substring(colon + 1).split(",");
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new DataException(
            "Dataset '" + text + "': option '" + parts[i] + "' must read KEY=VALUE");
      }
      options.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
    }
    return new DatasetSpec(format, Path.of(parts[0]), options);
  }

  /** The option {@code key}, or {@code fallback} when it is absent. */
  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  /**
   * The integer option {@code key}, or {@code fallback} when absent.
   *
   * @throws DataException naming the option and value if it is not an integer
   */
  public int intOption(String key, int fallback) {
    String v = options.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new DataException(
          format + " option '" + key + "' must be an integer, found '" + v + "'");
    }
  }

  /**
   * Checks that every option is one of {@code allowed}.
   *
   * @throws DataException naming the unknown option and listing the allowed ones
   */
  public void requireKnownOptions(Collection<String> allowed) {
    for (String k : options.keySet()) {
      if (!allowed.contains(k)) {
        throw new DataException(
            "Unknown option '"
                + k
                + "' for dataset format "
                + format
                + ", expected one of "
                + new TreeSet<>(allowed));
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(format).append(':').append(root);
    options.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> b.append(',').append(e.getKey()).append('=').append(e.getValue()));
    return b.toString();
  }
}
