package org.real2sim.trainer.run;

import static org.real2sim.trainer.util.Seeds.mix;

import org.real2sim.trainer.util.Seeds;

/**
 * A small random number generator (SplitMix64, mixing with {@link Seeds#mix}) whose whole state is
 * one {@code long}, so training can save it in a checkpoint and resume bit-exactly.
 */
public final class Rng {

  private long state;

  /** A generator starting from {@code seed}. */
  public Rng(long seed) {
    this.state = seed;
  }

  /** A generator for a named stream derived from a seed and a stream number (e.g. an epoch). */
  public static Rng derive(long seed, String stream, long index) {
    long h = seed;
    for (int i = 0; i < stream.length(); i++) {
      h = mix(h ^ stream.charAt(i));
    }
    return new Rng(mix(h ^ mix(index)));
  }

  /** The current state; {@code new Rng(state())} continues the same sequence. */
  public long state() {
    return state;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    state += Seeds.GOLDEN;
    return mix(state);
  }

  /** A uniform double in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A uniform int in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, found " + bound);
    }
    long r = nextLong() >>> 1;
    return (int) (r % bound);
  }

  /** Shuffles {@code a} in place (Fisher–Yates). */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
