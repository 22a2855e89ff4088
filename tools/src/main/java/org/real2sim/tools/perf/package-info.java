/**
 * Performance benchmarks run from the command line, never in timed tests: {@link
 * org.real2sim.tools.perf.InferenceBenchmark} measures the fused bundle in ONNX Runtime against the
 * same networks in TensorFlow Java.
 */
package org.real2sim.tools.perf;
