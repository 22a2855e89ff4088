package org.real2sim.trainer.data.pipeline;

import java.util.SplittableRandom;
import org.real2sim.trainer.util.Seeds;

/**
 * Pairs two unpaired domains for GAN training: the orders of a domain-A loader and a domain-B
 * loader that run in lock step.
 *
 * <p>{@link #maxOfBoth} is the CycleGAN epoch: {@code max(|A|, |B|)} iterations; the larger domain
 * (A when equal) is visited once each in a fresh random order, the other domain is drawn uniformly
 * at random with replacement. {@link #drivenByA} is stage c's epoch: each labeled real image (A)
 * once, each paired with a random synthetic image (B). Give both loaders the same batch size so
 * that their batches stay aligned.
 */
public final class UnpairedSampler {

  private final int sizeA;
  private final int sizeB;
  private final long seed;
  private final boolean aIterated;
  private final int length;

  private UnpairedSampler(int sizeA, int sizeB, long seed, boolean aIterated) {
    if (sizeA <= 0 || sizeB <= 0) {
      throw new IllegalArgumentException(
          "both domains need samples, found |A|=" + sizeA + " |B|=" + sizeB);
    }
    this.sizeA = sizeA;
    this.sizeB = sizeB;
    this.seed = seed;
    this.aIterated = aIterated;
    this.length = aIterated ? sizeA : sizeB;
  }

  /** The CycleGAN epoch: max(|A|, |B|) iterations, the other domain at random. */
  public static UnpairedSampler maxOfBoth(int sizeA, int sizeB, long seed) {
    return new UnpairedSampler(sizeA, sizeB, seed, sizeA >= sizeB);
  }

  /** An epoch of |A| iterations: each A once in random order, B at random (stage c). */
  public static UnpairedSampler drivenByA(int sizeA, int sizeB, long seed) {
    return new UnpairedSampler(sizeA, sizeB, seed, true);
  }

  /** The number of iterations (samples per domain) in an epoch. */
  public int epochLength() {
    return length;
  }

  /** The order of domain A's loader. */
  public SampleOrder orderA() {
    return epoch -> aIterated ? permutation(sizeA, epoch, 'A') : draws(sizeA, epoch, 'A');
  }

  /** The order of domain B's loader. */
  public SampleOrder orderB() {
    return epoch -> aIterated ? draws(sizeB, epoch, 'B') : permutation(sizeB, epoch, 'B');
  }

  private int[] permutation(int n, int epoch, char domain) {
    return Seeds.permutation(n, Seeds.of(seed, domain, epoch, 1));
  }

  private int[] draws(int n, int epoch, char domain) {
    SplittableRandom rng = new SplittableRandom(Seeds.of(seed, domain, epoch, 2));
    int[] a = new int[length];
    for (int i = 0; i < length; i++) {
      a[i] = rng.nextInt(n);
    }
    return a;
  }
}
