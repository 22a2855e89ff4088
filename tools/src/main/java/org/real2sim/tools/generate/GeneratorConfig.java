package org.real2sim.tools.generate;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link BenchmarkGenerator} writes.
 *
 * @param benchmark {@code shapes} or {@code streets}
 * @param out the output folder; {@code synthetic/}, {@code real/} and {@code benchmark.json} go in
 *     it
 * @param seed every image derives from it: the same seed gives byte-identical files
 * @param width image width in pixels (shapes: the square side)
 * @param height image height in pixels (shapes: equal to the width; streets: usually width / 2)
 * @param trainCount training images per domain
 * @param valCount validation images per domain
 * @param threads rendering threads (the output does not depend on it)
 */
public record GeneratorConfig(
    String benchmark,
    Path out,
    long seed,
    int width,
    int height,
    int trainCount,
    int valCount,
    int threads) {

  /** The benchmark names. */
  public static final List<String> BENCHMARKS = List.of("shapes", "streets");

  /** Validates every field, naming it and the value. */
  public GeneratorConfig {
    if (!BENCHMARKS.contains(benchmark)) {
      throw new IllegalArgumentException(
          "Unknown benchmark '" + benchmark + "', expected one of " + BENCHMARKS);
    }
    if (out == null) {
      throw new IllegalArgumentException("out must be given");
    }
    if (width < 8 || height < 8) {
      throw new IllegalArgumentException(
          "image size must be at least 8x8, found " + width + "x" + height);
    }
    if (benchmark.equals("shapes") && width != height) {
      throw new IllegalArgumentException("shapes images are square, found " + width + "x" + height);
    }
    if (trainCount < 1) {
      throw new IllegalArgumentException("trainCount must be positive, found " + trainCount);
    }
    if (valCount < 1) {
      throw new IllegalArgumentException("valCount must be positive, found " + valCount);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, found " + threads);
    }
  }

  /**
   * The defaults of a benchmark: shapes 32×32, 2000 + 500 per domain; streets 128×64, 500 + 100.
   */
  public static GeneratorConfig defaults(String benchmark, Path out) {
    return benchmark.equals("streets")
        ? new GeneratorConfig(benchmark, out, 0, 128, 64, 500, 100, 2)
        : new GeneratorConfig(benchmark, out, 0, 32, 32, 2000, 500, 2);
  }
}
