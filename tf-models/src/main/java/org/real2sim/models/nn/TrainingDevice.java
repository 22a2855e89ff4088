package org.real2sim.models.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A training device in the one device grammar of real2sim, {@code cpu | cuda[:N[,M...]]}, which the
 * runtime's {@code Device} reads too (plus its other execution providers); the old training
 * spelling {@code gpu[:N]} is still accepted as {@code cuda[:N]}, with {@link #deprecation}. A test
 * in tools checks that both parsers agree.
 *
 * @param gpus the CUDA device indices, empty for the CPU
 */
public record TrainingDevice(List<Integer> gpus) {

  /** The CPU. */
  public static final TrainingDevice CPU = new TrainingDevice(List.of());

  /** The accepted forms, for messages. */
  public static final String FORMS = "cpu, cuda, cuda:N (gpu[:N] is the deprecated spelling)";

  /** Copies the list. */
  public TrainingDevice {
    gpus = List.copyOf(gpus);
  }

  /**
   * Parses {@code text} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static TrainingDevice parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return CPU;
    }
    String name = s;
    String indices = "0";
    int colon = s.indexOf(':');
    if (colon >= 0) {
      name = s.substring(0, colon);
      indices = s.substring(colon + 1);
    }
    if (name.equals("cuda") || name.equals("gpu")) {
      List<Integer> out = new ArrayList<>();
      boolean ok = true;
      for (String i : indices.split(",", -1)) {
        if (i.isEmpty() || i.length() > 9 || !i.chars().allMatch(Character::isDigit)) {
          ok = false;
          break;
        }
        int n = Integer.parseInt(i);
        if (out.contains(n)) {
          throw new IllegalArgumentException("device '" + text + "' names GPU " + n + " twice");
        }
        out.add(n);
      }
      if (ok) {
        return new TrainingDevice(out);
      }
    }
    throw new IllegalArgumentException(
        "device must be one of " + FORMS + " (cuda:N,M for a list), found '" + text + "'");
  }

  /** A note for the deprecated {@code gpu[:N]} spelling, to print once; empty otherwise. */
  public static Optional<String> deprecation(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("gpu") || s.startsWith("gpu:")) {
      return Optional.of("device '" + text + "' is deprecated, write 'cuda" + s.substring(3) + "'");
    }
    return Optional.empty();
  }

  /** Whether this is the CPU. */
  public boolean isCpu() {
    return gpus.isEmpty();
  }

  /** {@code cpu} or {@code cuda:N[,M...]}. */
  @Override
  public String toString() {
    if (gpus.isEmpty()) {
      return "cpu";
    }
    StringBuilder b = new StringBuilder("cuda:");
    for (int i = 0; i < gpus.size(); i++) {
      b.append(i == 0 ? "" : ",").append(gpus.get(i));
    }
    return b.toString();
  }
}
