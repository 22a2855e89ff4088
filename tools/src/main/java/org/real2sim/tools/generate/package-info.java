/**
 * The procedural domain-gap benchmark data generators.
 *
 * <p>{@link org.real2sim.tools.generate.BenchmarkGenerator} writes {@code shapes} ({@link
 * org.real2sim.tools.generate.ShapesBenchmark}: ten object classes, sketches vs photos, the paper's
 * real→sketch setup in miniature) or {@code streets} ({@link
 * org.real2sim.tools.generate.StreetsBenchmark}: street-scene segmentation, flat-shaded renders vs
 * textured, graded, noisy ones, the sim→real setup) from a seed, in the generic formats the trainer
 * reads (ImageFolder; paired folders with a class map), with a {@code benchmark.json}. {@link
 * org.real2sim.tools.generate.SeparabilityCheck} is a quick linear-model check of a generated
 * benchmark (its classifier is {@code SoftmaxRegression}). The command is {@code real2sim
 * generate}.
 */
package org.real2sim.tools.generate;
