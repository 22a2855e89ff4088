package org.real2sim.runtime.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" for mistyped names (subcommands, options): the closest candidate by
 * Damerau–Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
 * transpositions of neighbours each cost one), case-insensitive. Shared by {@code real2sim} and
 * {@code real2sim-run}.
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code typed}, if one is close enough to be a typo: at most one edit
   * for names up to four characters, two up to eight, three beyond; or a candidate that starts with
   * what was typed (at least three characters). Ties go to the earlier candidate.
   */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    if (typed == null || typed.isEmpty()) {
      return Optional.empty();
    }
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(t, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best != null && bestDistance > 0 && bestDistance <= allowed(t.length())) {
      return Optional.of(best);
    }
    if (t.length() >= 3) {
      for (String c : candidates) {
        if (c.toLowerCase(Locale.ROOT).startsWith(t) && !c.equalsIgnoreCase(t)) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code " (did you mean 'X'?)"} when there is a close candidate, else the empty string. */
  public static String didYouMean(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  private static int allowed(int length) {
    return length <= 4 ? 1 : length <= 8 ? 2 : 3;
  }

  /** The optimal-string-alignment distance between {@code a} and {@code b}. */
  static int distance(String a, String b) {
    int n = a.length();
    int m = b.length();
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[n][m];
  }
}
