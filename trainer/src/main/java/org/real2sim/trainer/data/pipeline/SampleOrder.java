package org.real2sim.trainer.data.pipeline;

import org.real2sim.trainer.util.Seeds;

/**
 * Which sample indices an epoch visits, in order; indices may repeat (random draws).
 *
 * <p>Must be a pure function of the epoch (same epoch, same array) and return the same length for
 * every epoch: the pipeline relies on both for determinism across thread counts.
 */
@FunctionalInterface
public interface SampleOrder {

  /** The indices visited in {@code epoch} (0-based), each in {@code [0, n)}. */
  int[] indices(int epoch);

  /** {@code 0, 1, …, n-1} every epoch (evaluation). */
  static SampleOrder sequential(int n) {
    return epoch -> {
      int[] a = new int[n];
      for (int i = 0; i < n; i++) {
        a[i] = i;
      }
      return a;
    };
  }

  /** A fresh random permutation of {@code 0..n-1} each epoch, drawn from {@code (seed, epoch)}. */
  static SampleOrder shuffled(int n, long seed) {
    return epoch -> Seeds.permutation(n, Seeds.of(seed, 0x5A11L, epoch));
  }
}
