package org.real2sim.trainer.run;

/**
 * A small random number generator (SplitMix64) whose whole state is one {@code long}, so training
 * can save it in a checkpoint and resume bit-exactly.
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
    state += 0x9E3779B97F4A7C15L;
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

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
