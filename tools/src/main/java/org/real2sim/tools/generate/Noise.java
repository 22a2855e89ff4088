package org.real2sim.tools.generate;

import org.real2sim.trainer.util.Seeds;

/**
 * Deterministic 2-D value noise: random values on an integer lattice, smoothly interpolated.
 *
 * <p>The lattice value at {@code (i, j)} is a hash of the noise's seed and the coordinates, so the
 * field is a pure function of the seed (no state, thread-safe) and needs no tables.
 */
final class Noise {

  private final long seed;

  Noise(long seed) {
    this.seed = seed;
  }

  private double lattice(long i, long j) {
    long h = Seeds.mix(seed ^ Seeds.mix(i * 0x632BE59BD9B4E019L + j * 0x8CB92BA72F3D8DD7L));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Value noise in [0, 1] at {@code (x, y)}, lattice spacing 1. */
  double at(double x, double y) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    long i = (long) fx;
    long j = (long) fy;
    double tx = x - fx;
    double ty = y - fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    double a = lattice(i, j);
    double b = lattice(i + 1, j);
    double c = lattice(i, j + 1);
    double d = lattice(i + 1, j + 1);
    return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
  }

  /**
   * Fractal noise: {@code octaves} octaves, each twice the frequency and half the amplitude; [0,
   * 1].
   */
  double fbm(double x, double y, int octaves) {
    double sum = 0;
    double amp = 0.5;
    double norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += amp * at(x, y);
      norm += amp;
      x = x * 2 + 17.3;
      y = y * 2 + 5.1;
      amp *= 0.5;
    }
    return sum / norm;
  }
}
