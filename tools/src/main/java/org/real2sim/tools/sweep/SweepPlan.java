package org.real2sim.tools.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sweep covers: the kind, the α values and the labeled fractions.
 *
 * <p>Each value becomes a stage folder whose name holds the value ({@link #alphaFolder}, {@link
 * #labeledFolder}); two values that would share a folder are rejected.
 *
 * @param kind which sweeps run
 * @param alphas α values in [0, 1], in the order they are trained
 * @param fractions labeled fractions of the real training split in (0, 1], in the order they are
 *     trained
 */
public record SweepPlan(SweepKind kind, List<Double> alphas, List<Double> fractions) {

  /** The paper's α grid: 0, 0.1, ..., 1.0. */
  public static final List<Double> DEFAULT_ALPHAS =
      List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);

  /** The paper's labeled amounts: 0.5 %, 1 %, 2 %, 5 %, 10 %. */
  public static final List<Double> DEFAULT_FRACTIONS = List.of(0.005, 0.01, 0.02, 0.05, 0.1);

  /** The folder under the run directory that holds the sweep points and results. */
  public static final String FOLDER = "sweep";

  /** Validates the values; the lists are copied. */
  public SweepPlan {
    if (kind == null) {
      throw new IllegalArgumentException(
          "sweep kind must be set, expected one of " + SweepKind.NAMES);
    }
    alphas = List.copyOf(alphas);
    fractions = List.copyOf(fractions);
    if (kind.alpha()) {
      check("--alphas", alphas, 0, true);
    }
    if (kind.labeled()) {
      check("--fractions", fractions, 0, false);
    }
  }

  /** The plan with the paper's defaults for {@code kind}. */
  public static SweepPlan defaults(SweepKind kind) {
    return new SweepPlan(kind, DEFAULT_ALPHAS, DEFAULT_FRACTIONS);
  }

  /**
   * Parses a comma-separated list of numbers such as {@code 0,0.1,0.5}.
   *
   * @param option the option name, for messages
   * @throws IllegalArgumentException naming the option and the entry that is not a number
   */
  public static List<Double> parseList(String option, String text) {
    List<Double> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException(
            option
                + " holds an empty entry in '"
                + text
                + "', expected numbers separated by commas");
      }
      try {
        out.add(Double.parseDouble(p));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " entry '" + p + "' is not a number (in '" + text + "')");
      }
    }
    return out;
  }

  /** The stage folder of the α point {@code alpha}: {@code sweep/alpha-0.30}. */
  public static String alphaFolder(double alpha) {
    return FOLDER + "/alpha-" + alphaLabel(alpha);
  }

  /** α as folder names and tables show it: at least two decimals, never rounded (0.3 → "0.30"). */
  public static String alphaLabel(double alpha) {
    return label(alpha, 2);
  }

  /** A fraction as folder names show it: at least three decimals, never rounded ("0.050"). */
  public static String fractionLabel(double fraction) {
    return label(fraction, 3);
  }

  /**
   * The folder of the labeled amount {@code fraction}: {@code sweep/labeled-0.050}, holding {@code
   * labeled_subset.txt}, {@code taskaware/} and {@code supervised/}.
   */
  public static String labeledFolder(double fraction) {
    return FOLDER + "/labeled-" + fractionLabel(fraction);
  }

  /** {@code value} with at least {@code minDecimals} decimals and no rounding: 0.3 → "0.30". */
  static String label(double value, int minDecimals) {
    BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
    return d.setScale(Math.max(minDecimals, d.scale())).toPlainString();
  }

  private static void check(String option, List<Double> values, double min, boolean closed) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(option + " must list at least one value");
    }
    Set<String> seen = new HashSet<>();
    for (double v : values) {
      boolean ok = closed ? v >= min && v <= 1 : v > min && v <= 1;
      if (!ok || !Double.isFinite(v)) {
        throw new IllegalArgumentException(
            option + " values must be in " + (closed ? "[0, 1]" : "(0, 1]") + ", found " + v);
      }
      if (!seen.add(label(v, 3))) {
        throw new IllegalArgumentException(option + " lists " + v + " twice");
      }
    }
  }
}
