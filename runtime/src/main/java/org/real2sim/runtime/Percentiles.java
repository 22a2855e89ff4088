package org.real2sim.runtime;

import java.util.Arrays;

/**
 * Percentiles of a sample with linear interpolation between order statistics (NumPy's default,
 * Hyndman and Fan's definition 7): the one definition every latency and timing figure of real2sim
 * uses ({@code real2sim-run --benchmark}, the quick start's deploy check, the tools' benchmarks),
 * so their p50 / p90 agree on the same data. It lives in the runtime because the runtime may depend
 * on nothing else and every other module can see it.
 */
public final class Percentiles {

  private Percentiles() {}

  /**
   * The {@code q}-th percentile of {@code values}: with the sorted values {@code v[0..n−1]} and
   * {@code r = q/100·(n − 1)}, {@code v[⌊r⌋] + (r − ⌊r⌋)·(v[⌊r⌋+1] − v[⌊r⌋])}.
   *
   * @param q in [0, 100]
   * @throws IllegalArgumentException if {@code values} is empty or {@code q} is out of range
   */
  public static double of(double[] values, double q) {
    if (values.length == 0) {
      throw new IllegalArgumentException("percentile of an empty sample");
    }
    if (!(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100], found " + q);
    }
    double[] v = values.clone();
    Arrays.sort(v);
    double r = q / 100.0 * (v.length - 1);
    int lo = (int) Math.floor(r);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (r - lo) * (v[hi] - v[lo]);
  }

  /** {@link #of(double[], double)} of {@code long} values (nanoseconds, say). */
  public static double of(long[] values, double q) {
    double[] v = new double[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i];
    }
    return of(v, q);
  }

  /** The median, {@link #of(double[], double) of(values, 50)}. */
  public static double median(double[] values) {
    return of(values, 50);
  }
}
