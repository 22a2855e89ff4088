/**
 * Performance benchmarks run from the command line, never in timed tests: {@link
 * org.real2sim.tools.perf.CycleGanBenchmark} times full CycleGAN training iterations as the trainer
 * runs them (one iteration at a time through {@code CycleGanIterations}), counts their FLOPs with
 * {@link org.real2sim.models.cyclegan.CycleGanFlops}, compares them with the PyTorch reference and,
 * on request, breaks the time down per op type with {@link org.real2sim.tools.perf.OpProfile};
 * {@link org.real2sim.tools.perf.InferenceBenchmark} measures the fused bundle in ONNX Runtime
 * against the same networks in TensorFlow Java, and {@link
 * org.real2sim.tools.perf.PipelineBenchmark} measures the input pipeline's decode + augment
 * throughput. Their commands are in {@code tools.cli}.
 */
package org.real2sim.tools.perf;
