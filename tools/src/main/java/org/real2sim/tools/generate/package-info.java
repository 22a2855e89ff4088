/**
 * The procedural domain-gap benchmarks and the input-pipeline benchmark.
 *
 * <p>{@link org.real2sim.tools.bench.BenchmarkGenerator} writes {@code shapes} ({@link
 * org.real2sim.tools.bench.ShapesBenchmark}: ten object classes, sketches vs photos, the paper's
 * real→sketch setup in miniature) or {@code streets} ({@link
 * org.real2sim.tools.bench.StreetsBenchmark}: street-scene segmentation, flat-shaded renders vs
 * textured, graded, noisy ones, the sim→real setup) from a seed, in the generic formats the trainer
 * reads (ImageFolder; paired folders with a class map), with a {@code benchmark.json}. {@link
 * org.real2sim.tools.bench.SeparabilityCheck} is a quick linear-model check of a generated
 * benchmark; {@link org.real2sim.tools.bench.PipelineBenchmark} measures decode + augment
 * throughput. The commands are {@code real2sim generate} and {@code real2sim bench-pipeline}.
 */
package org.real2sim.tools.bench;
