package org.real2sim.tools.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Which sweeps a {@code real2sim sweep} invocation runs. */
public enum SweepKind {
  /** The α sweep only. */
  ALPHA,
  /** The labeled-amount sweep only (ours and M3 at each amount). */
  LABELED,
  /** Both sweeps, the α sweep first. */
  BOTH;

  /** The names accepted by {@link #parse}, in help order. */
  public static final List<String> NAMES = Arrays.stream(values()).map(SweepKind::label).toList();

  /** The lower-case name used on the command line and in the results ({@code alpha}, ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this kind includes the α sweep. */
  public boolean alpha() {
    return this != LABELED;
  }

  /** Whether this kind includes the labeled-amount sweep. */
  public boolean labeled() {
    return this != ALPHA;
  }

  /**
   * The kind named {@code text} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the text and the valid choices
   */
  public static SweepKind parse(String text) {
    for (SweepKind k : values()) {
      if (k.label().equalsIgnoreCase(text.strip())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "Unknown sweep kind '" + text + "', expected one of " + NAMES);
  }
}
