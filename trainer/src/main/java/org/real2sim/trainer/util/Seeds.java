package org.real2sim.trainer.util;

/**
 * Derives independent seeds from a base seed and a few coordinates (epoch, position, stream name).
 *
 * <p>Every random decision in the data pipeline is drawn from a generator seeded by {@code
 * Seeds.of(seed, epoch, position)}, never from a shared generator, so results do not depend on
 * which thread makes the decision or in which order. The mixing function is the finaliser of
 * SplitMix64 (Steele, Lea, Flood 2014), applied after each coordinate.
 */
public final class Seeds {

  /** SplitMix64's increment, 2^64 divided by the golden ratio. */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** Mixes {@code z} into a well-distributed 64-bit value (SplitMix64's finaliser). */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A seed derived from {@code base} and the coordinates, in order; different order, different
   * seed.
   */
  public static long of(long base, long... coordinates) {
    long h = mix(base + GOLDEN);
    for (long c : coordinates) {
      h = mix(h + GOLDEN + c);
    }
    return h;
  }

  /**
   * A random permutation of {@code 0..n-1} drawn from {@code seed} (Fisher–Yates with {@link
   * java.util.SplittableRandom}, whose output for a seed is fixed by its specification).
   */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * A seed derived from {@code base} and a stream name, e.g. {@code "crop"} or {@code "subset"}.
   */
  public static long of(long base, String stream) {
    long h = mix(base + GOLDEN);
    for (int i = 0; i < stream.length(); i++) {
      h = mix(h + GOLDEN + stream.charAt(i));
    }
    return h;
  }
}
